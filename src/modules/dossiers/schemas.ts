import { z } from 'zod';
import { dateRefusal } from '../../domain/calendar.js';
import { DOSSIER_CHANNELS, DOSSIER_STATUSES } from '../../domain/vocabulary.js';
import { IssuedLetter } from '../apology/schemas.js';

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

// The dossier list and one dossier (issue 11 item 7): search requests and answers.

/**
 * A dossier's standing at the report date (today), by the rules of src/domain/timeliness.ts: early / on_time / late
 * once resolved; overdue while awaiting its result past its due date (isOverdueUnresolved); pending while awaiting
 * its result with its due date today or later. A dossier withdrawn or rejected without a result has none (null).
 */
export const DOSSIER_STANDINGS = ['early', 'on_time', 'late', 'overdue', 'pending'] as const;
export type DossierStanding = (typeof DOSSIER_STANDINGS)[number];

/** The most dossiers one page holds, and the deepest row offset paging reaches (narrow the filters beyond it). */
export const MAX_SEARCH_PAGE_SIZE = 100;
export const MAX_SEARCH_OFFSET = 10_000;
/** Totals are counted exactly up to this many; beyond it the answer says "more than". */
export const MAX_SEARCH_COUNT = 10_000;

const LocalDay = z
  .string()
  .trim()
  .refine((text) => dateRefusal(text) === null, 'must be a date YYYY-MM-DD');

/** GET /dossiers: every filter optional; dates are local days, both ends included. */
export const DossierSearchQuery = z.object({
  /** The whole code (found at once) or part of it. */
  code: z.string().trim().max(DOSSIER_TEXT_LIMITS.code).optional(),
  unit: z.string().trim().min(1).max(DOSSIER_TEXT_LIMITS.unit_code).optional(),
  procedure: z.string().trim().min(1).max(DOSSIER_TEXT_LIMITS.procedure_code).optional(),
  field: z.string().trim().min(1).max(DOSSIER_TEXT_LIMITS.field).optional(),
  channel: z.enum(DOSSIER_CHANNELS).optional(),
  status: z.enum(DOSSIER_STATUSES).optional(),
  timeliness: z.enum(DOSSIER_STANDINGS).optional(),
  receivedFrom: LocalDay.optional(),
  receivedTo: LocalDay.optional(),
  resolvedFrom: LocalDay.optional(),
  resolvedTo: LocalDay.optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(MAX_SEARCH_PAGE_SIZE).default(20),
});
/** The filter as the service takes it (defaults applied). */
export type DossierSearchFilter = z.infer<typeof DossierSearchQuery>;
/** The filter as a client sends it. */
export type DossierSearchQuery = Partial<z.input<typeof DossierSearchQuery>>;

/** GET /dossiers/:code. */
export const DossierCodeParam = z.object({ code: z.string().trim().min(1).max(DOSSIER_TEXT_LIMITS.code) });

/** One dossier in the list. Times are ISO instants; dates are local days 'YYYY-MM-DD'. */
export const DossierListItem = z.object({
  code: z.string(),
  unitCode: z.string(),
  unitName: z.string(),
  procedureCode: z.string(),
  procedureName: z.string(),
  field: z.string(),
  channel: z.enum(DOSSIER_CHANNELS),
  status: z.enum(DOSSIER_STATUSES),
  receivedAt: z.string(),
  dueDate: z.string(),
  resolvedAt: z.string().nullable(),
  timeliness: z.enum(DOSSIER_STANDINGS).nullable(),
  hasLetter: z.boolean(),
});
export type DossierListItem = z.infer<typeof DossierListItem>;

export const DossierSearchResult = z.object({
  items: z.array(DossierListItem),
  page: z.number(),
  pageSize: z.number(),
  /** Matching dossiers, counted exactly up to MAX_SEARCH_COUNT (then `totalIsLowerBound`). */
  total: z.number(),
  totalIsLowerBound: z.boolean(),
  /** The report date the timeliness is judged at (today, local). */
  asOf: z.string(),
  /** The unit the caller is limited to (unit staff), or null for the province. */
  scopeUnitCode: z.string().nullable(),
  scopeUnitName: z.string().nullable(),
});
export type DossierSearchResult = z.infer<typeof DossierSearchResult>;

/** The apology letter of a dossier, as the apology module keeps it. */
export const DossierLetter = IssuedLetter.extend({
  /** The letter as DOCX (GET /api/v1/apology-letters/dossiers/:code/letter.docx), for those who may print letters; else null. */
  downloadUrl: z.string().nullable(),
});
export type DossierLetter = z.infer<typeof DossierLetter>;

/** One dossier with every field, its unit and procedure, its working-day due date, timeliness and letter. */
export const DossierDetail = DossierListItem.extend({
  procedureLegalDays: z.number(),
  procedureInternalDays: z.number(),
  dueAt: z.string(),
  /** True when the file gave no due time and it was computed from the procedure's internal limit in working days. */
  dueComputed: z.boolean(),
  returnedAt: z.string().nullable(),
  receivedDate: z.string(),
  resolvedDate: z.string().nullable(),
  /** Working days from the day of receipt to the due date (the day of receipt not counted). */
  workingDaysAllowed: z.number(),
  /** Working days past the due date: until the resolution (late) or until today (overdue); 0 otherwise. */
  workingDaysLate: z.number(),
  updatedAt: z.string(),
  asOf: z.string(),
  letter: DossierLetter.nullable(),
  /** Whether a late or overdue dossier still needs its letter. */
  needsLetter: z.boolean(),
});
export type DossierDetail = z.infer<typeof DossierDetail>;
