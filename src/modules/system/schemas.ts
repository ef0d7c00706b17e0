import { z } from 'zod';

/** The contract of the health check. */

export const DatabaseKind = z.enum(['pglite', 'postgres']);

/** The streaming replica of DATABASE_REPLICA_URL, as last checked (at most a second ago); all null without one. */
export const ReplicaHealth = z.object({
  configured: z.boolean(),
  reachable: z.boolean().nullable(),
  lagSeconds: z.number().nullable(),
  lagBytes: z.number().nullable(),
  usedForReads: z.boolean(),
  checkedAt: z.string().nullable(),
});

/** 200: the database answers. */
export const Health = z.object({
  status: z.literal('ok'),
  database: DatabaseKind,
  databaseStatus: z.literal('up'),
  migration: z.object({ version: z.string().nullable(), count: z.number() }),
  demo: z.boolean(),
  replica: ReplicaHealth,
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
