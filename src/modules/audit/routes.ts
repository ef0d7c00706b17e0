import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { AuditPage, AuditQuery } from './schemas.js';
import { listAudit } from './service.js';

export async function auditRoutes(app: App, { database }: AppDeps) {
  app.get(
    '/api/v1/audit',
    {
      config: { access: access.admin },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: AuditQuery,
        response: { 200: AuditPage },
      },
    },
    async (request) => listAudit(database.db, request.query),
  );
}
