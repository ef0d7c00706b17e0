import path from 'node:path';
import { z } from 'zod';

const booleanFromEnv = z.enum(['true', 'false', '1', '0', 'yes', 'no']).transform((value) => value === 'true' || value === '1' || value === 'yes');

const EnvSchema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** A streaming replica of DATABASE_URL's database for reports, dashboards, public pages and exports (docs/scale.md). */
  DATABASE_REPLICA_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  /** A replica further behind than this is left aside (reads go to the primary) until it catches up. */
  REPLICA_MAX_LAG_SECONDS: z.coerce.number().min(0).max(3600).default(30),
  /** How long after a client's own write its reads still go to the primary (read-your-writes). */
  READ_YOUR_WRITES_SECONDS: z.coerce.number().int().min(1).max(3600).default(5),
  PARINDEX_DATA_DIR: z.string().min(1).default('./data'),
  PARINDEX_INITIAL_ADMIN_PASSWORD: z.string().min(10).optional(),
  COOKIE_SECURE: booleanFromEnv.default(false),
  SESSION_IDLE_MINUTES: z.coerce
    .number()
    .int()
    .min(5)
    .max(24 * 60)
    .default(8 * 60),
  BODY_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024),
  UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(20 * 1024 * 1024),
  DOSSIER_UPLOAD_LIMIT_BYTES: z.coerce
    .number()
    .int()
    .min(1024)
    .default(1024 * 1024 * 1024),
  MACHINE_CALLS_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRUST_PROXY: booleanFromEnv.default(false),
  /** Where the built web app is served from (web/dist by default; a test can point at its own build). */
  PARINDEX_WEB_DIST: z.string().min(1).optional(),
  /** The address the public reaches the app at (e.g. https://cchc.tinh.gov.vn), printed under survey QR codes; else the request's host. */
  PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/?#\s]+(\/[^?#\s]*)?$/, 'must be an http(s) address such as https://cchc.example.gov.vn')
    .optional(),
  /** Where the daily reminder digest is sent through (docs/reminders.md); none, no e-mail. */
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/\S+$/, 'must be an smtp:// or smtps:// address such as smtp://user:pass@mail.example.gov.vn:587')
    .optional(),
  SMTP_FROM: z.string().trim().min(3).default('parindex <no-reply@localhost>'),
  REMINDER_DIGEST_HOUR: z.coerce.number().int().min(0).max(23).default(7),
});

export interface Config {
  port: number;
  host: string;
  database: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };
  /** DATABASE_REPLICA_URL and its routing (src/db/replica.ts); only with DATABASE_URL. */
  replica?: { url: string; maxLagSeconds: number; readYourWritesSeconds: number };
  dataDir: string;
  initialAdminPassword?: string;
  cookieSecure: boolean;
  sessionIdleMinutes: number;
  bodyLimitBytes: number;
  uploadLimitBytes: number;
  /** The largest dossier file accepted by `POST /api/v1/dossiers/imports` (streamed, never held in memory). */
  dossierUploadLimitBytes: number;
  /** Calls a machine token may make per minute on one app server (the batch push); more are answered 429. */
  machineCallsPerMinute: number;
  logLevel: string;
  trustProxy: boolean;
  webDistDir: string;
  /** PUBLIC_URL without a trailing slash, if configured. */
  publicUrl?: string;
  /** The SMTP server of the daily reminder digest (SMTP_URL) and its sender (SMTP_FROM); none, no e-mail. */
  smtp?: { url: string; from: string };
  /** The local (Asia/Ho_Chi_Minh) hour from which the day's digest is sent (REMINDER_DIGEST_HOUR). */
  reminderDigestHour: number;
}

export class ConfigError extends Error {}

/** The one place that reads process.env; everything else receives a Config. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  if (e.DATABASE_REPLICA_URL && !e.DATABASE_URL) {
    throw new ConfigError('Invalid configuration:\n  DATABASE_REPLICA_URL: needs DATABASE_URL (a replica of which primary?); PGlite has no replicas');
  }
  const dataDir = path.resolve(e.PARINDEX_DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir: path.join(dataDir, 'pglite') },
    ...(e.DATABASE_REPLICA_URL
      ? { replica: { url: e.DATABASE_REPLICA_URL, maxLagSeconds: e.REPLICA_MAX_LAG_SECONDS, readYourWritesSeconds: e.READ_YOUR_WRITES_SECONDS } }
      : {}),
    dataDir,
    initialAdminPassword: e.PARINDEX_INITIAL_ADMIN_PASSWORD,
    cookieSecure: e.COOKIE_SECURE,
    sessionIdleMinutes: e.SESSION_IDLE_MINUTES,
    bodyLimitBytes: e.BODY_LIMIT_BYTES,
    uploadLimitBytes: e.UPLOAD_LIMIT_BYTES,
    dossierUploadLimitBytes: e.DOSSIER_UPLOAD_LIMIT_BYTES,
    machineCallsPerMinute: e.MACHINE_CALLS_PER_MINUTE,
    logLevel: e.LOG_LEVEL,
    trustProxy: e.TRUST_PROXY,
    webDistDir: e.PARINDEX_WEB_DIST ? path.resolve(e.PARINDEX_WEB_DIST) : path.resolve(import.meta.dirname, '..', 'web', 'dist'),
    ...(e.PUBLIC_URL ? { publicUrl: e.PUBLIC_URL.replace(/\/+$/, '') } : {}),
    ...(e.SMTP_URL ? { smtp: { url: e.SMTP_URL, from: e.SMTP_FROM } } : {}),
    reminderDigestHour: e.REMINDER_DIGEST_HOUR,
  };
}
