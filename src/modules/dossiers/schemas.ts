import { z } from 'zod';

/**
 * The contract of dossier imports (issue 4): the file upload, the JSON batch push of machine clients, the record of
 * import runs and the machine tokens — requests and responses. A file row and a batch item are held to the same text
 * limits (DOSSIER_TEXT_LIMITS, also applied by rules.ts row by row), so a file and a batch refuse the same values.
 */

/**
 * The longest value of each column, in characters: one constant for the file rules (rules.ts) and the batch API's
 * schema below. Codes of units (32) and procedures (64) are as long as those modules allow; a channel or status word
 * is short; a time in ISO 8601 fits in 64.
 */
export const DOSSIER_TEXT_LIMITS = {
  code: 100,
  unit_code: 32,
  procedure_code: 64,
  field: 300,
  channel: 100,
  status: 100,
  instant: 64,
} as const;

/** The most dossiers one batch push may carry. */
export const MAX_BATCH_DOSSIERS = 10_000;
/** The JSON body limit of the batch route alone: 10,000 dossiers take 3–4 MB, pretty-printed up to ~7 MB. */
export const BATCH_BODY_LIMIT_BYTES = 16 * 1024 * 1024;

export const IMPORT_SOURCES = ['cli', 'upload', 'batch'] as const;
export const IMPORT_STATUSES = ['running', 'done', 'rejected', 'failed'] as const;
export type ImportSource = (typeof IMPORT_SOURCES)[number];
export type ImportStatus = (typeof IMPORT_STATUSES)[number];

// Requests.

/** `true`/`false` (also 1/0, yes/no, on/off) in a query string or a form field. */
export const Flag = z.enum(['true', 'false', '1', '0', 'yes', 'no', 'on', 'off']).transform((v) => v === 'true' || v === '1' || v === 'yes' || v === 'on');

/** POST /dossiers/imports: skipInvalid, and the file size for the progress of the run. */
export const DossierUploadQuery = z.object({ skipInvalid: Flag.optional(), size: z.coerce.number().int().min(0).optional() });

/** GET /dossiers/imports. */
export const ImportRunsQuery = z.object({
  status: z.enum(IMPORT_STATUSES).optional(),
  source: z.enum(IMPORT_SOURCES).optional(),
  mine: Flag.optional(),
  fileName: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** The filter of the run list as the service takes it (`mine` resolved to a user name). */
export type ImportRunFilter = Omit<z.infer<typeof ImportRunsQuery>, 'mine'> & { startedBy?: string; startedSince?: Date };

const Text = (max: number) => z.string().max(max);
const OptionalText = (max: number) => z.string().max(max).nullish();

/**
 * One dossier as a one-stop-shop system sends it. The edge checks the shape and the lengths (DOSSIER_TEXT_LIMITS);
 * the import applies the dossier rules (codes known, channel, status, instants) row by row, so skipInvalid can leave
 * a bad row out.
 */
export const DossierInput = z.object({
  code: Text(DOSSIER_TEXT_LIMITS.code),
  unitCode: Text(DOSSIER_TEXT_LIMITS.unit_code),
  procedureCode: Text(DOSSIER_TEXT_LIMITS.procedure_code),
  field: OptionalText(DOSSIER_TEXT_LIMITS.field),
  channel: Text(DOSSIER_TEXT_LIMITS.channel),
  receivedAt: Text(DOSSIER_TEXT_LIMITS.instant),
  dueAt: OptionalText(DOSSIER_TEXT_LIMITS.instant),
  resolvedAt: OptionalText(DOSSIER_TEXT_LIMITS.instant),
  returnedAt: OptionalText(DOSSIER_TEXT_LIMITS.instant),
  status: Text(DOSSIER_TEXT_LIMITS.status),
});
export type DossierInput = z.infer<typeof DossierInput>;

/** POST /dossiers:batch. */
export const DossierBatchBody = z.object({
  dossiers: z.array(DossierInput).min(1).max(MAX_BATCH_DOSSIERS),
  skipInvalid: z.boolean().default(false),
});

/** POST /api-tokens. */
export const NewApiTokenBody = z.object({ name: z.string().trim().min(1).max(100) });
export type NewApiTokenBody = z.infer<typeof NewApiTokenBody>;

// Responses.

/** A rejected row: where, the reason (catalogue code) with its parameters, and the English message. */
export const DossierRowError = z.object({
  row: z.number(),
  column: z.string().optional(),
  code: z.string().optional(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  message: z.string(),
});
export type DossierRowError = z.infer<typeof DossierRowError>;

/** What an import did (200), or — status 'rejected' — the details of its 400 import_rejected answer. */
export const DossierImportResult = z.object({
  importId: z.number(),
  status: z.enum(['done', 'rejected']),
  rowsRead: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  errors: z.array(DossierRowError),
});
export type DossierImportResult = z.infer<typeof DossierImportResult>;

/** One import run: who, when, counts, status and progress. */
export const ImportRun = z.object({
  id: z.number(),
  source: z.enum(IMPORT_SOURCES),
  fileName: z.string().nullable(),
  status: z.enum(IMPORT_STATUSES),
  skipInvalid: z.boolean(),
  rowsRead: z.number(),
  inserted: z.number(),
  updated: z.number(),
  unchanged: z.number(),
  rejected: z.number(),
  bytesRead: z.number(),
  bytesTotal: z.number().nullable(),
  startedBy: z.string(),
  startedAt: z.string(),
  finishedAt: z.string().nullable(),
});
export type ImportRun = z.infer<typeof ImportRun>;

export const ImportRunList = z.object({ items: z.array(ImportRun), total: z.number() });
export type ImportRunList = z.infer<typeof ImportRunList>;

/** A run with the rejected rows kept with it (the first thousands), line by line. */
export const ImportRunDetail = ImportRun.extend({ errors: z.array(DossierRowError) });
export type ImportRunDetail = z.infer<typeof ImportRunDetail>;

/** A machine token as listed (the token itself is never shown again). */
export const ApiToken = z.object({
  id: z.number(),
  name: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  lastUsedAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
});
export type ApiToken = z.infer<typeof ApiToken>;

export const ApiTokenList = z.object({ items: z.array(ApiToken) });
export type ApiTokenList = z.infer<typeof ApiTokenList>;

/** A new token: `token` is in this answer only. */
export const ApiTokenCreated = z.object({ token: z.string(), item: ApiToken });
export type ApiTokenCreated = z.infer<typeof ApiTokenCreated>;
