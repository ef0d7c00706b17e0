import { z } from 'zod';

/** The contract of the health check. */

export const DatabaseKind = z.enum(['pglite', 'postgres']);

/** 200: the database answers. */
export const Health = z.object({
  status: z.literal('ok'),
  database: DatabaseKind,
  databaseStatus: z.literal('up'),
  migration: z.object({ version: z.string().nullable(), count: z.number() }),
  demo: z.boolean(),
});
export type Health = z.infer<typeof Health>;

/** 503: the server runs, its database does not answer. */
export const HealthDown = z.object({
  status: z.literal('unavailable'),
  database: DatabaseKind,
  databaseStatus: z.literal('down'),
  error: z.object({ code: z.literal('database_unavailable'), message: z.string(), details: z.object({ retryAfterSeconds: z.number() }) }),
});
export type HealthDown = z.infer<typeof HealthDown>;
