import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { actorFromSession } from '../../http/request-context.js';
import { UNIT_STAFF_ROLES } from '../auth/scope.js';
import { UnitHome } from './schemas.js';
import { unitHome } from './service.js';

export async function homeRoutes(app: App, { clock }: AppDeps) {
  app.get(
    '/api/v1/home',
    {
      config: { access: access.roles(UNIT_STAFF_ROLES), reads: 'replica' },
      schema: {
        tags: ['home'],
        summary: "The caller's unit home (unit staff): its sheets in the open rounds with deadlines and extensions, and its timeliness of the year",
        response: { 200: UnitHome },
      },
    },
    async (request) => unitHome(request.readDb, actorFromSession(request.session), clock()),
  );
}
