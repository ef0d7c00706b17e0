import type { Config } from './config.js';
import type { Database } from './db/client.js';
import { openConfiguredDatabase } from './db/open.js';
import { isDatabaseUnavailable } from './db/unavailable.js';
import { buildApp } from './http/app.js';
import { purgeExpiredSessions } from './modules/auth/service.js';
import { systemActor } from './modules/auth/actor.js';
import { LocalFileStore } from './modules/files/storage.js';
import { countUsers, createUser } from './modules/users/service.js';
import { ensureShippedTemplates } from './modules/survey-templates/service.js';
import { createSmtpMailer } from './modules/reminders/mailer.js';
import { startDigestScheduler } from './modules/reminders/scheduler.js';

/** On a database with no users, creates `admin` with a temporary password, returned to be printed once. */
export async function ensureInitialAdmin(database: Database, config: Config): Promise<string | null> {
  if ((await countUsers(database.db)) > 0) return null;
  const { temporaryPassword } = await createUser(database.db, systemActor('system:first-start'), {
    username: 'admin',
    displayName: 'Quản trị hệ thống',
    role: 'admin',
    password: config.initialAdminPassword,
    mustChangePassword: true,
  });
  return temporaryPassword ?? config.initialAdminPassword ?? null;
}

/**
 * The last net under the pool's own handling (src/db/client.ts): an error that says the database went away and
 * still reaches the process (an 'error' event or a rejected promise nobody took) is logged, and the server goes
 * on serving; the pool has dropped the connection. Any other uncaught error still ends the process, as Node would.
 */
function surviveLostDatabase(log: { error(obj: unknown, msg: string): void; fatal(obj: unknown, msg: string): void }) {
  process.on('uncaughtException', (err, origin) => {
    if (isDatabaseUnavailable(err)) {
      log.error({ err, origin }, 'lost database connection reached the process; the server goes on');
      return;
    }
    log.fatal({ err, origin }, 'uncaught error; stopping');
    process.exitCode = 1;
    // Let the log line out, then stop as Node would have.
    setImmediate(() => process.exit(1));
  });
}

export async function startServer(config: Config) {
  const opened = await openConfiguredDatabase(config);
  const fileStore = LocalFileStore.inDataDir(config.dataDir);
  const app = await buildApp({ config, database: opened.database, fileStore, reads: opened.reads });
  surviveLostDatabase(app.log);
  await fileStore.removeStaleTemp().catch((err) => app.log.warn({ err }, 'could not clean the file store temp folder'));
  const initialPassword = await ensureInitialAdmin(opened.database, config);
  await purgeExpiredSessions(opened.database.db);
  await ensureShippedTemplates(opened.database.db);
  const purge = setInterval(() => purgeExpiredSessions(opened.database.db).catch((err) => app.log.error(err)), 3600_000);
  purge.unref();
  // The daily reminder digest (docs/reminders.md), only with a mail server configured.
  const digests = config.smtp
    ? startDigestScheduler({
        db: opened.database.db,
        mailer: createSmtpMailer(config.smtp),
        hour: config.reminderDigestHour,
        publicUrl: config.publicUrl,
        log: app.log,
      })
    : null;
  if (digests) app.addHook('onClose', async () => digests.stop());
  await app.listen({ port: config.port, host: config.host });
  if (initialPassword) {
    const line = '='.repeat(72);
    process.stdout.write(
      `\n${line}\nFirst start: created the administrator account.\n  username: admin\n  password: ${initialPassword}\n` +
        `This password is shown only once; you will be asked to change it at first sign-in.\n${line}\n\n`,
    );
  }
  const where =
    config.database.kind === 'pglite'
      ? `embedded PGlite in ${config.database.dataDir}`
      : `PostgreSQL (DATABASE_URL${config.replica ? ', reports read from DATABASE_REPLICA_URL' : ''})`;
  process.stdout.write(`parindex is serving http://localhost:${config.port} on ${where}\n`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearInterval(purge);
    await app.close();
    await opened.close();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  return app;
}
