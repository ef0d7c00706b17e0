import { z } from 'zod';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { listAudit } from './service.js';

const AuditEntrySchema = z.object({
  id: z.number(),
  at: z.string(),
  actorUsername: z.string().nullable(),
  action: z.string(),
  entityType: z.string(),
  entityId: z.string(),
  before: z.unknown(),
  after: z.unknown(),
});

export async function auditRoutes(app: App, { database }: AppDeps) {
  app.get(
    '/api/v1/audit',
    {
      config: { access: access.admin },
      schema: {
        tags: ['audit'],
        summary: 'The audit log, newest first',
        querystring: z.object({
          entityType: z.string().max(50).optional(),
          entityId: z.string().max(100).optional(),
          actor: z.string().max(100).optional(),
          action: z.string().max(50).optional(),
          from: z.coerce.date().optional(),
          to: z.coerce.date().optional(),
          limit: z.coerce.number().int().min(1).max(500).default(50),
          offset: z.coerce.number().int().min(0).default(0),
        }),
        response: { 200: z.object({ items: z.array(AuditEntrySchema), total: z.number() }) },
      },
    },
    async (request) => listAudit(database.db, request.query),
  );
}
