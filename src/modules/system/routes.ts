import { sql } from 'drizzle-orm';
import type { App, AppDeps } from '../../http/app.js';
import { access } from '../../http/access.js';
import { DATABASE_RETRY_AFTER_SECONDS, isDatabaseUnavailable } from '../../db/unavailable.js';
import { isDemoLoaded } from '../demo/service.js';
import { Health, HealthDown } from './schemas.js';

/** The longest the health check waits for the database before it says "down". */
export const HEALTH_DATABASE_TIMEOUT_MS = 2000;

class HealthTimeout extends Error {}

/** Rejects with HealthTimeout when `work` takes longer than `ms` (the work itself goes on and is ignored). */
function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HealthTimeout(`the database did not answer within ${ms} ms`)), ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export async function systemRoutes(app: App, { database, reads }: AppDeps) {
  app.get(
    '/api/health',
    {
      config: { access: access.public },
      schema: {
        tags: ['system'],
        summary: 'Liveness, database kind and state, migration version',
        description:
          '200 when the database answers a `select 1` within 2 s; 503 database_unavailable (with Retry-After) when it does not. ' +
          'A load balancer can use it as a readiness check. `replica`: the streaming replica (DATABASE_REPLICA_URL), its lag in seconds and ' +
          'in bytes of WAL, and whether reports read from it now (a replica that is down or lags too far does not make the server unhealthy).',
        response: { 200: Health, 503: HealthDown },
      },
    },
    async (request, reply) => {
      try {
        const [migration, demo, replica] = await within(
          (async () => {
            await database.db.execute(sql`select 1`);
            return Promise.all([database.migrationStatus(), isDemoLoaded(database.db), reads.current()]);
          })(),
          HEALTH_DATABASE_TIMEOUT_MS,
        );
        return reply.status(200).send({ status: 'ok' as const, database: database.kind, databaseStatus: 'up' as const, migration, demo, replica });
      } catch (error) {
        if (!(error instanceof HealthTimeout) && !isDatabaseUnavailable(error)) throw error;
        request.log.warn({ err: error }, 'health: database down');
        reply.header('retry-after', String(DATABASE_RETRY_AFTER_SECONDS));
        return reply.status(503).send({
          status: 'unavailable' as const,
          database: database.kind,
          databaseStatus: 'down' as const,
          error: {
            code: 'database_unavailable' as const,
            message: 'The database is not reachable right now; try again in a few seconds',
            details: { retryAfterSeconds: DATABASE_RETRY_AFTER_SECONDS },
          },
        });
      }
    },
  );
}
