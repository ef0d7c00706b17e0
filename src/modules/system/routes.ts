import { z } from 'zod';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { isDemoLoaded } from '../demo/service.js';

export async function systemRoutes(app: App, { database }: AppDeps) {
  app.get(
    '/api/health',
    {
      config: { access: access.public },
      schema: {
        tags: ['system'],
        summary: 'Liveness, database kind and migration version',
        response: {
          200: z.object({
            status: z.literal('ok'),
            database: z.enum(['pglite', 'postgres']),
            migration: z.object({ version: z.string().nullable(), count: z.number() }),
            demo: z.boolean(),
          }),
        },
      },
    },
    async () => ({
      status: 'ok' as const,
      database: database.kind,
      migration: await database.migrationStatus(),
      demo: await isDemoLoaded(database.db),
    }),
  );
}
