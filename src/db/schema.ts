import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  bigserial,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  unique,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { STAGES, type Stage } from '../domain/deadlines.js';
import { METHODS, type Method } from '../domain/framework.js';
import { REPORT_PERIODS, type ReportPeriod } from '../domain/periodic-reports.js';
import { REGISTER_KINDS, type RegisterData, type RegisterKind } from '../domain/registers.js';
import type { Answers, PointsMapping, Ratings, SurveyMeasure, SurveyQuestion } from '../domain/surveys.js';
import {
  UNIT_STATUSES,
  LINEAGE_KINDS,
  ROLES,
  ROUND_STATUSES,
  CALENDAR_DAY_KINDS,
  ONLINE_LEVELS,
  DOSSIER_CHANNELS,
  DOSSIER_STATUSES,
  TIMELINESS,
} from '../domain/vocabulary.js';
export {
  UNIT_STATUSES,
  LINEAGE_KINDS,
  ROLES,
  ROUND_STATUSES,
  CALENDAR_DAY_KINDS,
  ONLINE_LEVELS,
  DOSSIER_CHANNELS,
  DOSSIER_STATUSES,
  TIMELINESS,
} from '../domain/vocabulary.js';
export type {
  UnitStatus,
  LineageKind,
  Role,
  RoundStatus,
  CalendarDayKind,
  OnlineLevel,
  DossierChannel,
  DossierStatus,
  Timeliness,
} from '../domain/vocabulary.js';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
/**
 * Optimistic concurrency: 1 on insert, raised by one on every UPDATE that changes the row (trigger `bump_version`,
 * migration 0007). Reads return it (body and ETag), writes may send it back in If-Match (src/http/if-match.ts).
 */
const version = () => integer('version').notNull().default(1);

export const blocks = pgTable('blocks', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const units = pgTable(
  'units',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** foldVietnamese(code + ' ' + name), kept by the service for diacritic-insensitive search. */
    searchKey: text('search_key').notNull(),
    parentId: integer('parent_id').references((): AnyPgColumn => units.id, { onDelete: 'restrict' }),
    status: text('status', { enum: UNIT_STATUSES }).notNull().default('active'),
    validFromYear: integer('valid_from_year'),
    validToYear: integer('valid_to_year'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('units_parent_idx').on(t.parentId), check('units_status_check', sql`${t.status} in ('active', 'merged', 'split', 'dissolved')`)],
);

/** A unit's name from a year on; past years keep the name they had. */
export const unitNames = pgTable(
  'unit_names',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    fromYear: integer('from_year').notNull(),
    name: text('name').notNull(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.fromYear] })],
);

/** Membership of a block is per year. */
export const unitMemberships = pgTable(
  'unit_memberships',
  {
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    year: integer('year').notNull(),
    blockId: integer('block_id')
      .notNull()
      .references(() => blocks.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.year] }), index('unit_memberships_block_year_idx').on(t.blockId, t.year)],
);

/** Successor links created by merges and splits, so past years stay attributed to the old units. */
export const unitLineage = pgTable(
  'unit_lineage',
  {
    fromUnitId: integer('from_unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    toUnitId: integer('to_unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: LINEAGE_KINDS }).notNull(),
    year: integer('year').notNull(),
  },
  (t) => [primaryKey({ columns: [t.fromUnitId, t.toUnitId] })],
);

export const users = pgTable(
  'users',
  {
    id: serial('id').primaryKey(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    passwordHash: text('password_hash').notNull(),
    role: text('role', { enum: ROLES }).notNull(),
    unitId: integer('unit_id').references(() => units.id, { onDelete: 'restrict' }),
    mustChangePassword: boolean('must_change_password').notNull().default(true),
    disabled: boolean('disabled').notNull().default(false),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    /** Where the daily reminder digest goes (SMTP_URL); none, no digest. */
    email: text('email'),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check('users_role_check', sql`${t.role} in ('admin', 'unit_officer', 'unit_leader', 'appraiser', 'council', 'viewer')`),
    check('users_unit_scope_check', sql`(${t.role} in ('unit_officer', 'unit_leader', 'appraiser')) = (${t.unitId} is not null)`),
  ],
);

export const sessions = pgTable(
  'sessions',
  {
    /** sha256 of the cookie value: a leaked table does not leak live cookies. */
    idHash: text('id_hash').primaryKey(),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    csrfToken: text('csrf_token').notNull(),
    createdAt: createdAt(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    ip: text('ip'),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user_idx').on(t.userId), index('sessions_expires_idx').on(t.expiresAt)],
);

export const loginAttempts = pgTable(
  'login_attempts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: text('username').notNull(),
    ip: text('ip').notNull(),
    succeeded: boolean('succeeded').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_attempts_username_at_idx').on(t.username, t.at), index('login_attempts_ip_at_idx').on(t.ip, t.at)],
);

/** Append-only: a trigger (migration 0001) refuses UPDATE and DELETE. */
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorId: integer('actor_id'),
    actorUsername: text('actor_username'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id').notNull(),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_log_entity_idx').on(t.entityType, t.entityId), index('audit_log_at_idx').on(t.at), index('audit_log_actor_idx').on(t.actorUsername)],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  version: version(),
  updatedAt: updatedAt(),
});

// ---------------------------------------------------------------------------------------------
// The PAR Index cycle (issue 3)

export const CRITERION_METHODS = METHODS;
export type CriterionMethod = Method;

/** Points have at most two decimals (0.25, 1.75): numeric keeps them exact. */
const points = (name: string) => numeric(name, { precision: 8, scale: 2 });

/**
 * A framework (bộ tiêu chí) of a year and block. Editing one that a round uses means a new revision:
 * `revision` counts up per year and block, and the round keeps pointing at the one it used.
 */
export const frameworks = pgTable(
  'frameworks',
  {
    id: serial('id').primaryKey(),
    year: integer('year').notNull(),
    blockId: integer('block_id')
      .notNull()
      .references(() => blocks.id, { onDelete: 'restrict' }),
    revision: integer('revision').notNull().default(1),
    name: text('name').notNull(),
    /** Class bands, highest first: [{ label, min }] with min an index 0–100 (two decimals). */
    classes: jsonb('classes').$type<{ label: string; min: number }[]>().notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('frameworks_year_block_revision_idx').on(t.year, t.blockId, t.revision)],
);

export const criteria = pgTable(
  'criteria',
  {
    id: serial('id').primaryKey(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => frameworks.id, { onDelete: 'cascade' }),
    /** Dotted code (`1`, `1.2`, `1.2.3`): the tree comes from it. */
    code: text('code').notNull(),
    /** Order of the criterion in the framework (file order). */
    position: integer('position').notNull(),
    title: text('title').notNull(),
    maxPoints: points('max_points').notNull(),
    method: text('method', { enum: CRITERION_METHODS }).notNull(),
    guidance: text('guidance'),
    evidenceRequired: boolean('evidence_required').notNull().default(false),
    /** Appraising department as set on this criterion; children inherit it. */
    appraiserUnitId: integer('appraiser_unit_id').references(() => units.id, { onDelete: 'restrict' }),
    formula: text('formula'),
    /** A survey criterion's link to a campaign: { campaign, measure, mapping } (src/domain/surveys.ts); none = entered by hand. */
    survey: jsonb('survey').$type<SurveyLink>(),
  },
  (t) => [
    uniqueIndex('criteria_framework_code_idx').on(t.frameworkId, t.code),
    check('criteria_method_check', sql`${t.method} in ('manual', 'survey', 'formula', 'bonus', 'penalty')`),
    check('criteria_max_points_check', sql`${t.maxPoints} >= 0`),
  ],
);

/** An assessment round (đợt đánh giá) of a year and block on one framework revision. */
export const rounds = pgTable(
  'rounds',
  {
    id: serial('id').primaryKey(),
    frameworkId: integer('framework_id')
      .notNull()
      .references(() => frameworks.id, { onDelete: 'restrict' }),
    year: integer('year').notNull(),
    blockId: integer('block_id')
      .notNull()
      .references(() => blocks.id, { onDelete: 'restrict' }),
    status: text('status', { enum: ROUND_STATUSES }).notNull().default('open'),
    /** Local calendar dates (Asia/Ho_Chi_Minh), inclusive. Null on rounds loaded from history. */
    selfAssessmentFrom: date('self_assessment_from'),
    selfAssessmentTo: date('self_assessment_to'),
    appraisalTo: date('appraisal_to'),
    explanationTo: date('explanation_to'),
    councilTo: date('council_to'),
    /** True for a past year loaded from files: its scores count as approved. */
    historical: boolean('historical').notNull().default(false),
    approvedAt: timestamp('approved_at', { withTimezone: true }),
    approvedBy: integer('approved_by').references(() => users.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('rounds_year_block_idx').on(t.year, t.blockId), check('rounds_status_check', sql`${t.status} in ('open', 'approved', 'published')`)],
);

export const ROUND_STAGES = STAGES;
export type RoundStage = Stage;

/** A later deadline for one unit and stage, granted by the organizer with a reason (audited). */
export const roundExtensions = pgTable(
  'round_extensions',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    stage: text('stage', { enum: ROUND_STAGES }).notNull(),
    until: date('until').notNull(),
    reason: text('reason').notNull(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.unitId, t.stage] })],
);

/** A unit taking part in a round: its submission locks the self-assessment. */
export const unitAssessments = pgTable(
  'unit_assessments',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: integer('submitted_by').references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.unitId] })],
);

/**
 * One unit's score on one criterion in a round, with every stage side by side: self, appraised, council.
 * The final score is the latest stage with a value. Who changed what and when is in the audit log.
 * Triggers (migration 0005_score_vectors, hand-written SQL) keep `score_vectors`: a round's scores packed per unit,
 * which the results read instead of the rows. Since 0007 they pack under the unit's lock (`lock_score_unit`), which
 * the score writers of src/modules/assessments take too: one transaction at a time writes a unit's scores.
 */
export const scores = pgTable(
  'scores',
  {
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    criterionId: integer('criterion_id')
      .notNull()
      .references(() => criteria.id, { onDelete: 'restrict' }),
    notApplicable: boolean('not_applicable').notNull().default(false),
    notApplicableReason: text('not_applicable_reason'),
    selfScore: points('self_score'),
    selfNote: text('self_note'),
    /** Why evidence is missing where the criterion requires it. */
    missingEvidenceReason: text('missing_evidence_reason'),
    appraisedScore: points('appraised_score'),
    appraisalReason: text('appraisal_reason'),
    appraisedBy: integer('appraised_by').references(() => users.id, { onDelete: 'restrict' }),
    appraisedAt: timestamp('appraised_at', { withTimezone: true }),
    explanationRequest: text('explanation_request'),
    explanationAnswer: text('explanation_answer'),
    explanationAnsweredAt: timestamp('explanation_answered_at', { withTimezone: true }),
    appraisalFinal: boolean('appraisal_final').notNull().default(false),
    councilScore: points('council_score'),
    councilReason: text('council_reason'),
    councilBy: integer('council_by').references(() => users.id, { onDelete: 'restrict' }),
    councilAt: timestamp('council_at', { withTimezone: true }),
    version: version(),
    updatedAt: updatedAt(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.unitId, t.criterionId] }), index('scores_round_criterion_idx').on(t.roundId, t.criterionId)],
);

/** An uploaded evidence document, stored once by content (sha256) in the storage folder. */
export const files = pgTable('files', {
  sha256: text('sha256').primaryKey(),
  size: integer('size').notNull(),
  mediaType: text('media_type').notNull(),
  createdAt: createdAt(),
});

export const evidence = pgTable(
  'evidence',
  {
    id: serial('id').primaryKey(),
    roundId: integer('round_id').notNull(),
    unitId: integer('unit_id').notNull(),
    criterionId: integer('criterion_id').notNull(),
    fileSha256: text('file_sha256')
      .notNull()
      .references(() => files.sha256, { onDelete: 'restrict' }),
    fileName: text('file_name').notNull(),
    uploadedBy: integer('uploaded_by').references(() => users.id, { onDelete: 'restrict' }),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('evidence_score_idx').on(t.roundId, t.unitId, t.criterionId)],
);

/**
 * Published results of a round, frozen as computed at publication. A correction is a new revision with a
 * reason; earlier revisions stay readable.
 */
export const publications = pgTable(
  'publications',
  {
    id: serial('id').primaryKey(),
    roundId: integer('round_id')
      .notNull()
      .references(() => rounds.id, { onDelete: 'restrict' }),
    revision: integer('revision').notNull(),
    reason: text('reason'),
    results: jsonb('results').notNull(),
    /** Per unit, every criterion's score, maximum and index as published: the drill-down behind the ranking. */
    details: jsonb('details'),
    publishedAt: timestamp('published_at', { withTimezone: true }).notNull().defaultNow(),
    publishedBy: integer('published_by').references(() => users.id, { onDelete: 'restrict' }),
  },
  (t) => [uniqueIndex('publications_round_revision_idx').on(t.roundId, t.revision)],
);

// ---------------------------------------------------------------------------------------------
// One-stop-shop data (issue 4): working-day calendar, procedures, dossiers, timeliness rollups,
// apology letters, machine-client tokens.

/** A day that differs from the Monday–Friday rule: a holiday, or a make-up working day (usually a Saturday). */
export const calendarDays = pgTable(
  'calendar_days',
  {
    day: date('day').primaryKey(),
    kind: text('kind', { enum: CALENDAR_DAY_KINDS }).notNull(),
    name: text('name').notNull(),
    updatedAt: updatedAt(),
  },
  (t) => [check('calendar_days_kind_check', sql`${t.kind} in ('holiday', 'workday')`)],
);

/** A calendar year that was set up: the fixed-date holidays pre-filled; movable ones confirmed or not yet. */
export const calendarYears = pgTable('calendar_years', {
  year: integer('year').primaryKey(),
  movableConfirmed: boolean('movable_confirmed').notNull().default(false),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

/** An administrative procedure (thủ tục hành chính) of the public catalogue, resolved by one unit. */
export const procedures = pgTable(
  'procedures',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    /** foldVietnamese(code + ' ' + name + ' ' + field), for diacritic-insensitive search. */
    searchKey: text('search_key').notNull(),
    field: text('field').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    legalDays: integer('legal_days').notNull(),
    internalDays: integer('internal_days').notNull(),
    onlineLevel: text('online_level', { enum: ONLINE_LEVELS }).notNull(),
    fee: numeric('fee', { precision: 14, scale: 0 }),
    published: boolean('published').notNull().default(true),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('procedures_unit_idx').on(t.unitId),
    check('procedures_online_level_check', sql`${t.onlineLevel} in ('full', 'partial', 'none')`),
    check('procedures_days_check', sql`${t.legalDays} >= 0 and ${t.internalDays} >= 0`),
  ],
);

/**
 * One dossier (hồ sơ) from a one-stop-shop system, keyed by its code. The local (Asia/Ho_Chi_Minh) dates
 * and the timeliness are derived once at import by the domain rules, so rollups and reports never recompute them.
 */
export const dossiers = pgTable(
  'dossiers',
  {
    // Unique in every partition (by year of receipt, migration 0015; dossiers/partitions.ts), and across them by
    // the import, the only writer, which looks every code up in all partitions under the dossier write lock.
    code: text('code').notNull(),
    // No foreign keys on unit_id and procedure_id: per-row FK triggers were 60 % of a million-row merge. The
    // import is the only writer and checks both sets of ids at once under its lock; units are never deleted and
    // a procedure delete checks for dossiers under the same lock (docs/dossiers.md "Integrity without FKs").
    unitId: integer('unit_id').notNull(),
    procedureId: integer('procedure_id').notNull(),
    field: text('field').notNull(),
    channel: text('channel', { enum: DOSSIER_CHANNELS }).notNull(),
    status: text('status', { enum: DOSSIER_STATUSES }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    /** True when the file gave no due time and it was computed from the procedure's internal limit. */
    dueComputed: boolean('due_computed').notNull().default(false),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    returnedAt: timestamp('returned_at', { withTimezone: true }),
    receivedDate: date('received_date').notNull(),
    dueDate: date('due_date').notNull(),
    resolvedDate: date('resolved_date'),
    /** early / on_time / late for a resolved dossier, null while unresolved. */
    timeliness: text('timeliness', { enum: TIMELINESS }),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('dossiers_late_idx')
      .on(t.unitId)
      .where(sql`${t.timeliness} = 'late'`),
    // Unresolved dossiers by due date: the overdue ones of a unit (apology letters) without scanning the resolved.
    index('dossiers_open_due_idx')
      .on(t.unitId, t.dueDate)
      .where(sql`${t.resolvedDate} is null`),
    // The dossier list (dossiers/search.ts), newest received first: a page of the province or of one unit reads
    // about a page of index entries, and a received-date range is a range of the same index (migration 0008).
    index('dossiers_received_idx').on(t.receivedAt, t.code),
    index('dossiers_unit_received_idx').on(t.unitId, t.receivedAt, t.code),
    check('dossiers_channel_check', sql`${t.channel} in ('direct', 'online', 'postal')`),
    check(
      'dossiers_status_check',
      sql`${t.status} in ('received', 'processing', 'needs_supplement', 'suspended', 'withdrawn', 'resolved', 'returned', 'rejected')`,
    ),
    check('dossiers_timeliness_check', sql`${t.timeliness} is null or ${t.timeliness} in ('early', 'on_time', 'late')`),
  ],
);

/** The five counts every dossier rollup keeps (received by the period of receipt, the rest by that of resolution). */
const rollupCounts = () => ({
  received: integer('received').notNull().default(0),
  resolved: integer('resolved').notNull().default(0),
  early: integer('early').notNull().default(0),
  onTime: integer('on_time').notNull().default(0),
  late: integer('late').notNull().default(0),
});

/**
 * Dossier counts per unit × field × procedure × channel × month, refreshed by every import so that reports and
 * dashboards never scan raw dossiers. `received` counts by the month of receipt; resolved, early, on_time and
 * late by the month of resolution.
 */
export const dossierMonthlyRollups = pgTable(
  'dossier_monthly_rollups',
  {
    unitId: integer('unit_id').notNull(),
    field: text('field').notNull(),
    procedureId: integer('procedure_id').notNull(),
    channel: text('channel', { enum: DOSSIER_CHANNELS }).notNull(),
    /** The first day of the local month. */
    month: date('month').notNull(),
    ...rollupCounts(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.field, t.procedureId, t.channel, t.month] })],
);

/**
 * The monthly rollups summed per unit × field × channel × year (no procedure, no month): what the reports and the
 * dashboard's breakdowns read, since they always cover whole years — ~30 times fewer rows than the monthly table
 * (bench/timeliness-report.ts). `received` counts by the year of receipt, the rest by the year of resolution, so a
 * row is exactly the sum of that year's monthly rows; kept by the same deltas as the monthly rollups.
 */
export const dossierYearlyRollups = pgTable(
  'dossier_yearly_rollups',
  {
    unitId: integer('unit_id').notNull(),
    field: text('field').notNull(),
    channel: text('channel', { enum: DOSSIER_CHANNELS }).notNull(),
    year: integer('year').notNull(),
    ...rollupCounts(),
  },
  (t) => [primaryKey({ columns: [t.unitId, t.field, t.channel, t.year] })],
);

/**
 * The monthly rollups per unit alone (unit × month): the report by unit and the month trend without a field or channel
 * filter — a year is a few rows per unit. Kept by the same deltas (migration 0016).
 */
export const dossierUnitMonthlyRollups = pgTable(
  'dossier_unit_monthly_rollups',
  {
    unitId: integer('unit_id').notNull(),
    /** The first day of the local month. */
    month: date('month').notNull(),
    ...rollupCounts(),
  },
  (t) => [primaryKey({ name: 'dossier_unit_monthly_rollups_pk', columns: [t.unitId, t.month] })],
);

/**
 * The monthly rollups without the procedure (unit × field × channel × month): the month trend with a field or channel
 * filter, ~3 times fewer rows than the monthly table. Kept by the same deltas (migration 0016).
 */
export const dossierFieldMonthlyRollups = pgTable(
  'dossier_field_monthly_rollups',
  {
    unitId: integer('unit_id').notNull(),
    field: text('field').notNull(),
    channel: text('channel', { enum: DOSSIER_CHANNELS }).notNull(),
    /** The first day of the local month. */
    month: date('month').notNull(),
    ...rollupCounts(),
  },
  (t) => [primaryKey({ name: 'dossier_field_monthly_rollups_pk', columns: [t.unitId, t.field, t.channel, t.month] })],
);

/**
 * The monthly rollups summed per procedure and year (unit × field × procedure × channel × year): the dashboard's
 * worst procedures, ~10 times fewer rows than a year of the monthly table. Kept by the same deltas (migration 0016).
 */
export const dossierProcedureYearlyRollups = pgTable(
  'dossier_procedure_yearly_rollups',
  {
    unitId: integer('unit_id').notNull(),
    field: text('field').notNull(),
    procedureId: integer('procedure_id').notNull(),
    channel: text('channel', { enum: DOSSIER_CHANNELS }).notNull(),
    year: integer('year').notNull(),
    ...rollupCounts(),
  },
  (t) => [
    primaryKey({ name: 'dossier_procedure_yearly_rollups_pk', columns: [t.unitId, t.field, t.procedureId, t.channel, t.year] }),
    // Whether any dossier refers to a procedure (deleteProcedure), without reading every year's dossiers (migration 0018).
    index('dossier_procedure_yearly_rollups_procedure_idx').on(t.procedureId),
  ],
);

/**
 * Dossiers that are, or were at some date, overdue in processing: unresolved or resolved late, counted per unit,
 * field, channel, due date and resolution date (null = unresolved; no procedure since migration 0018: nothing reads
 * overdue per procedure). Overdue at a report date D = due_date < D and (resolved_date is null or resolved_date > D):
 * answered from this table for any D.
 */
export const dossierOverdueRollups = pgTable(
  'dossier_overdue_rollups',
  {
    unitId: integer('unit_id').notNull(),
    field: text('field').notNull(),
    channel: text('channel', { enum: DOSSIER_CHANNELS }).notNull(),
    dueDate: date('due_date').notNull(),
    resolvedDate: date('resolved_date'),
    count: integer('count').notNull(),
  },
  (t) => [
    unique('dossier_overdue_rollups_key').on(t.unitId, t.field, t.channel, t.dueDate, t.resolvedDate).nullsNotDistinct(),
    // Overdue at D reads two ranges of this index, the unresolved rows due before D and the rows resolved after D,
    // and nothing of the heap: migration 0016 makes it cover unit_id, field, channel and count (INCLUDE, which
    // drizzle cannot declare) — 7.6 ms instead of 23 ms at 10M dossiers (docs/performance.md).
    index('dossier_overdue_rollups_dates_idx').on(t.resolvedDate, t.dueDate),
    // The rows resolved more than MONTH_END_SPREAD_MAX_DAYS late, which the month-end rollup leaves out (migration
    // 0019, with INCLUDE (due_date, unit_id, count)).
    index('dossier_overdue_rollups_long_idx')
      .on(t.resolvedDate)
      .where(sql`${t.resolvedDate} - ${t.dueDate} > 400`),
  ],
);

/**
 * Overdue in processing at each month end, per unit, of the dossiers resolved late (at most MONTH_END_SPREAD_MAX_DAYS
 * after their due date): a late dossier counts at every month end E with due < E < resolution
 * (src/domain/timeliness.ts overdueMonthEnds). A report at a month end and per unit (a past year at 31 December, a
 * quarter) reads one row per unit here, plus the unresolved and the far later rows of the overdue rollup, instead of
 * every late dossier straddling the date. Kept by the same deltas as the overdue rollup (migration 0019).
 */
export const dossierOverdueMonthEndRollups = pgTable(
  'dossier_overdue_month_end_rollups',
  {
    monthEnd: date('month_end').notNull(),
    unitId: integer('unit_id').notNull(),
    count: integer('count').notNull(),
  },
  (t) => [primaryKey({ name: 'dossier_overdue_month_end_rollups_pk', columns: [t.monthEnd, t.unitId] })],
);

/**
 * The version of the reference data a dossier import reads (units, procedures, calendar_days): one row, given a new
 * random value by statement triggers on those tables (migration 0017), so that a process can cache them.
 */
export const referenceDataVersion = pgTable(
  'reference_data_version',
  {
    id: boolean('id').primaryKey().default(true),
    version: uuid('version').notNull().defaultRandom(),
  },
  (t) => [check('reference_data_version_one_row', sql`${t.id}`)],
);

/** One run of a dossier import (file, upload or batch push): its progress while running and its outcome. */
/** Years of dossiers detached from `dossiers` and kept as their own table (parindex dossiers archive, migration 0015). */
export const dossierArchives = pgTable('dossier_archives', {
  year: integer('year').primaryKey(),
  tableName: text('table_name').notNull(),
  rows: integer('rows').notNull(),
  archivedAt: timestamp('archived_at', { withTimezone: true }).notNull().defaultNow(),
  archivedBy: text('archived_by').notNull(),
});

export const dossierImports = pgTable('dossier_imports', {
  id: serial('id').primaryKey(),
  source: text('source', { enum: ['cli', 'upload', 'batch'] }).notNull(),
  fileName: text('file_name'),
  status: text('status', { enum: ['running', 'done', 'rejected', 'failed'] }).notNull(),
  skipInvalid: boolean('skip_invalid').notNull().default(false),
  rowsRead: integer('rows_read').notNull().default(0),
  inserted: integer('inserted').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  rejected: integer('rejected').notNull().default(0),
  /** Rejected rows `{ row, column?, message }` (the first thousands), kept for the UI and the API answer. */
  errors: jsonb('errors'),
  bytesTotal: bigint('bytes_total', { mode: 'number' }),
  bytesRead: bigint('bytes_read', { mode: 'number' }).notNull().default(0),
  startedBy: text('started_by').notNull(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

/** An apology letter (phiếu xin lỗi và hẹn lại ngày trả kết quả) issued for a late dossier. */
export const apologyLetters = pgTable(
  'apology_letters',
  {
    id: serial('id').primaryKey(),
    // No foreign key since dossiers are partitioned (a code is unique per partition only): a letter is issued for a
    // dossier read in the same transaction, and dossiers are never deleted (an archived year keeps its letters).
    dossierCode: text('dossier_code').notNull(),
    reason: text('reason').notNull(),
    newAppointmentDate: date('new_appointment_date').notNull(),
    issuedOn: date('issued_on').notNull(),
    issuedBy: integer('issued_by').references(() => users.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('apology_letters_dossier_idx').on(t.dossierCode)],
);

/** A token with which a one-stop-shop system pushes dossiers (Authorization: Bearer); only its SHA-256 is kept. */
export const apiTokens = pgTable('api_tokens', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  tokenHash: text('token_hash').notNull().unique(),
  createdBy: integer('created_by').references(() => users.id, { onDelete: 'restrict' }),
  createdAt: createdAt(),
  lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
  revokedAt: timestamp('revoked_at', { withTimezone: true }),
});

/** What a survey criterion reads: a campaign (by code), a measure of it, and how the measure becomes points. */
export interface SurveyLink {
  campaign: string;
  measure: SurveyMeasure;
  mapping: PointsMapping;
}

/** A survey template (mẫu phiếu): the questions, edited by the organizer; a campaign takes a copy when it opens. */
export const surveyTemplates = pgTable(
  'survey_templates',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['sipas', 'officials', 'custom'] }).notNull(),
    questions: jsonb('questions').$type<SurveyQuestion[]>().notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [check('survey_templates_kind_check', sql`${t.kind} in ('sipas', 'officials', 'custom')`)],
);

/**
 * A survey campaign (đợt khảo sát): a template run for a year over chosen units, between two local dates. Its questions
 * are the template's as they were when it opened, so editing the template later changes no running campaign.
 */
export const surveyCampaigns = pgTable(
  'survey_campaigns',
  {
    id: serial('id').primaryKey(),
    code: text('code').notNull().unique(),
    name: text('name').notNull(),
    templateId: integer('template_id')
      .notNull()
      .references(() => surveyTemplates.id, { onDelete: 'restrict' }),
    kind: text('kind', { enum: ['sipas', 'officials', 'custom'] }).notNull(),
    questions: jsonb('questions').$type<SurveyQuestion[]>().notNull(),
    year: integer('year').notNull(),
    /** Local dates, both included. */
    opensOn: date('opens_on').notNull(),
    closesOn: date('closes_on').notNull(),
    /** Closed early by the organizer (else it closes after closesOn). */
    closedAt: timestamp('closed_at', { withTimezone: true }),
    channels: jsonb('channels').$type<string[]>().notNull(),
    /** Paper forms are entered twice by two clerks and compared. */
    doubleEntry: boolean('double_entry').notNull().default(false),
    /** Raised with every change to the campaign's responses, so computed results can be reused until it moves. */
    responsesRevision: integer('responses_revision').notNull().default(0),
    createdBy: integer('created_by').references(() => users.id, { onDelete: 'restrict' }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [index('survey_campaigns_year_idx').on(t.year), check('survey_campaigns_dates_check', sql`${t.opensOn} <= ${t.closesOn}`)],
);

/** A unit a campaign surveys: its short public link, its transactions N and the target sample (suggested, editable). */
export const surveyCampaignUnits = pgTable(
  'survey_campaign_units',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    /** The short link's key: /s/<slug>. */
    slug: text('slug').notNull().unique(),
    transactions: integer('transactions').notNull().default(0),
    target: integer('target').notNull().default(0),
    /** SHA-256 of the kiosk key of this unit's counter tablet (a kiosk link), if one was issued. */
    kioskKeyHash: text('kiosk_key_hash'),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.unitId] }), check('survey_campaign_units_target_check', sql`${t.target} >= 0 and ${t.transactions} >= 0`)],
);

/** An officials' survey's respondent group (e.g. provincial council delegates) and the units it rates. */
export const surveyGroups = pgTable(
  'survey_groups',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    name: text('name').notNull(),
  },
  (t) => [uniqueIndex('survey_groups_campaign_code_idx').on(t.campaignId, t.code)],
);

export const surveyGroupUnits = pgTable(
  'survey_group_units',
  {
    groupId: integer('group_id')
      .notNull()
      .references(() => surveyGroups.id, { onDelete: 'cascade' }),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
  },
  (t) => [primaryKey({ columns: [t.groupId, t.unitId] })],
);

/**
 * A single-use personal link (/s/t/<token>): for an officials' group or a unit's respondent. Only its SHA-256 is kept.
 * The server alone decides "once": a token's response, once submitted, is never replaced from the link.
 */
export const surveyTokens = pgTable(
  'survey_tokens',
  {
    id: serial('id').primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id, { onDelete: 'cascade' }),
    tokenHash: text('token_hash').notNull().unique(),
    unitId: integer('unit_id').references(() => units.id, { onDelete: 'restrict' }),
    groupId: integer('group_id').references(() => surveyGroups.id, { onDelete: 'cascade' }),
    /** Who it was sent to (name, e-mail or phone), for the organizer's list; never shown on the form. */
    label: text('label'),
    createdAt: createdAt(),
    usedAt: timestamp('used_at', { withTimezone: true }),
  },
  (t) => [index('survey_tokens_campaign_idx').on(t.campaignId)],
);

/**
 * One response (phiếu). Drafts are saved as the respondent goes (`draft`), then `submitted`. A public response is found
 * again by the SHA-256 of its resume key (or of its token); a paper or imported one by its form number / response_id.
 */
export const surveyResponses = pgTable(
  'survey_responses',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id, { onDelete: 'cascade' }),
    /** The unit a SIPAS or custom response is about; none for an officials' response (its ratings name units). */
    unitId: integer('unit_id').references(() => units.id, { onDelete: 'restrict' }),
    groupId: integer('group_id').references(() => surveyGroups.id, { onDelete: 'set null' }),
    tokenId: integer('token_id').references(() => surveyTokens.id, { onDelete: 'set null' }),
    source: text('source', { enum: ['qr', 'link', 'kiosk', 'paper', 'import'] }).notNull(),
    keyHash: text('key_hash').unique(),
    /** response_id of an imported file, or the number of a paper form. */
    externalId: text('external_id'),
    status: text('status', { enum: ['draft', 'submitted'] })
      .notNull()
      .default('draft'),
    answers: jsonb('answers').$type<Answers>().notNull().default({}),
    ratings: jsonb('ratings').$type<Ratings>(),
    /** The client's last save number: an older save arriving late never overwrites a newer one. */
    saveSeq: integer('save_seq').notNull().default(0),
    /** SHA-256 of the client address (with a server secret), for the anonymous rate limit; never the address itself. */
    clientHash: text('client_hash'),
    recheck: boolean('recheck').notNull().default(false),
    recheckNote: text('recheck_note'),
    enteredBy: integer('entered_by').references(() => users.id, { onDelete: 'restrict' }),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
  },
  (t) => [
    index('survey_responses_campaign_idx').on(t.campaignId, t.status, t.unitId),
    uniqueIndex('survey_responses_external_idx').on(t.campaignId, t.externalId),
    index('survey_responses_client_idx').on(t.clientHash, t.createdAt),
    uniqueIndex('survey_responses_token_idx').on(t.tokenId),
    check('survey_responses_status_check', sql`${t.status} in ('draft', 'submitted')`),
    check('survey_responses_source_check', sql`${t.source} in ('qr', 'link', 'kiosk', 'paper', 'import')`),
  ],
);

/** A paper form as one clerk typed it (entry 1 or 2); with double entry the response is made when two entries agree. */
export const surveyPaperEntries = pgTable(
  'survey_paper_entries',
  {
    campaignId: integer('campaign_id')
      .notNull()
      .references(() => surveyCampaigns.id, { onDelete: 'cascade' }),
    formNo: text('form_no').notNull(),
    entryNo: integer('entry_no').notNull(),
    unitId: integer('unit_id').references(() => units.id, { onDelete: 'restrict' }),
    /** An officials' form: the respondent group it was written for. */
    groupId: integer('group_id').references(() => surveyGroups.id, { onDelete: 'set null' }),
    answers: jsonb('answers').$type<Answers>().notNull(),
    ratings: jsonb('ratings').$type<Ratings>(),
    enteredBy: integer('entered_by')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    enteredAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.formNo, t.entryNo] }), check('survey_paper_entries_entry_check', sql`${t.entryNo} in (1, 2)`)],
);

/** The plans a unit of a block must issue in a year (kế hoạch bắt buộc), configured by the organizer. */
export const requiredPlans = pgTable(
  'required_plans',
  {
    year: integer('year').notNull(),
    blockId: integer('block_id')
      .notNull()
      .references(() => blocks.id, { onDelete: 'restrict' }),
    /** The kind of plan (reform, procedure_control, communication, it, training, …): what a unit's plan says it is. */
    kind: text('kind').notNull(),
    name: text('name').notNull(),
    /** Local date by which it must be issued. */
    dueOn: date('due_on'),
  },
  (t) => [primaryKey({ columns: [t.year, t.blockId, t.kind] })],
);

/** A reform plan (kế hoạch CCHC) of a unit, or of the province when no unit is set. */
export const plans = pgTable(
  'plans',
  {
    id: serial('id').primaryKey(),
    unitId: integer('unit_id').references(() => units.id, { onDelete: 'restrict' }),
    year: integer('year').notNull(),
    code: text('code').notNull(),
    kind: text('kind'),
    title: text('title').notNull(),
    documentNo: text('document_no'),
    issuedOn: date('issued_on'),
    dueOn: date('due_on'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [unique('plans_unit_year_code_key').on(t.unitId, t.year, t.code).nullsNotDistinct(), index('plans_year_idx').on(t.year)],
);

/** A task of a plan: owner, expected output, deadline, status and completion. */
export const planTasks = pgTable(
  'plan_tasks',
  {
    id: serial('id').primaryKey(),
    planId: integer('plan_id')
      .notNull()
      .references(() => plans.id, { onDelete: 'cascade' }),
    code: text('code').notNull(),
    title: text('title').notNull(),
    area: text('area'),
    owner: text('owner'),
    output: text('output'),
    deadline: date('deadline'),
    status: text('status', { enum: ['todo', 'in_progress', 'done', 'cancelled'] }).notNull(),
    completedOn: date('completed_on'),
    /** What proves the task done: a note, a document number or a link. */
    evidence: text('evidence'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    uniqueIndex('plan_tasks_plan_code_idx').on(t.planId, t.code),
    check('plan_tasks_status_check', sql`${t.status} in ('todo', 'in_progress', 'done', 'cancelled')`),
    check('plan_tasks_done_check', sql`${t.status} <> 'done' or ${t.completedOn} is not null`),
  ],
);

/** An inspection of a unit in a year (kiểm tra CCHC): planned, then conducted, then concluded with its record. */
export const inspections = pgTable(
  'inspections',
  {
    id: serial('id').primaryKey(),
    year: integer('year').notNull(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    /** Local dates the team plans to be at the unit, then was. */
    plannedFrom: date('planned_from'),
    plannedTo: date('planned_to'),
    conductedOn: date('conducted_on'),
    status: text('status', { enum: ['planned', 'conducted', 'concluded'] })
      .notNull()
      .default('planned'),
    /** The reform areas reviewed (the framework's field codes or names). */
    areas: jsonb('areas').$type<string[]>().notNull().default([]),
    /** The decision that set up the team (số quyết định thành lập đoàn). */
    decisionNo: text('decision_no'),
    conclusion: text('conclusion'),
    concludedOn: date('concluded_on'),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('inspections_year_idx').on(t.year, t.unitId),
    check('inspections_status_check', sql`${t.status} in ('planned', 'conducted', 'concluded')`),
    check('inspections_conducted_check', sql`${t.status} = 'planned' or ${t.conductedOn} is not null`),
  ],
);

/** The team of an inspection: its inspectors (one lead); only they (and the organizer) edit the inspection. */
export const inspectionMembers = pgTable(
  'inspection_members',
  {
    inspectionId: integer('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'restrict' }),
    lead: boolean('lead').notNull().default(false),
  },
  (t) => [primaryKey({ columns: [t.inspectionId, t.userId] }), index('inspection_members_user_idx').on(t.userId)],
);

/** What an inspection found: strengths, shortcomings, and recommendations (kiến nghị). */
export const inspectionFindings = pgTable(
  'inspection_findings',
  {
    id: serial('id').primaryKey(),
    inspectionId: integer('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['strength', 'shortcoming', 'recommendation'] }).notNull(),
    area: text('area'),
    text: text('text').notNull(),
    position: integer('position').notNull().default(0),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('inspection_findings_inspection_idx').on(t.inspectionId),
    check('inspection_findings_kind_check', sql`${t.kind} in ('strength', 'shortcoming', 'recommendation')`),
  ],
);

/** A remediation item (việc khắc phục) with owner and deadline, closed by the unit with evidence. */
export const remediationItems = pgTable(
  'remediation_items',
  {
    id: serial('id').primaryKey(),
    inspectionId: integer('inspection_id')
      .notNull()
      .references(() => inspections.id, { onDelete: 'cascade' }),
    /** The recommendation it answers, if any. */
    findingId: integer('finding_id').references(() => inspectionFindings.id, { onDelete: 'set null' }),
    title: text('title').notNull(),
    owner: text('owner'),
    deadline: date('deadline'),
    closedOn: date('closed_on'),
    evidence: text('evidence'),
    closedBy: integer('closed_by').references(() => users.id, { onDelete: 'restrict' }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('remediation_items_inspection_idx').on(t.inspectionId),
    check('remediation_items_closed_check', sql`${t.closedOn} is null or (${t.evidence} is not null and length(trim(${t.evidence})) > 0)`),
  ],
);

/** When each period's report of a year is due (organizer); a period without a row is not asked for. */
export const reportDeadlines = pgTable(
  'report_deadlines',
  {
    year: integer('year').notNull(),
    period: text('period', { enum: REPORT_PERIODS }).$type<ReportPeriod>().notNull(),
    dueOn: date('due_on').notNull(),
  },
  (t) => [primaryKey({ columns: [t.year, t.period] })],
);

/** A unit's periodic report (báo cáo định kỳ CCHC): the free-text sections it writes; figures are assembled when read. */
export const periodicReports = pgTable(
  'periodic_reports',
  {
    id: serial('id').primaryKey(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    year: integer('year').notNull(),
    period: text('period', { enum: REPORT_PERIODS }).$type<ReportPeriod>().notNull(),
    /** The unit's texts by the template's section key. */
    sections: jsonb('sections').$type<Record<string, string>>().notNull().default({}),
    documentNo: text('document_no'),
    submittedAt: timestamp('submitted_at', { withTimezone: true }),
    submittedBy: integer('submitted_by').references(() => users.id, { onDelete: 'restrict' }),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('periodic_reports_unit_period_idx').on(t.unitId, t.year, t.period)],
);

/** One entry of a unit's register of a year (domain/registers.ts), keyed by its code. */
export const registerEntries = pgTable(
  'register_entries',
  {
    id: serial('id').primaryKey(),
    unitId: integer('unit_id')
      .notNull()
      .references(() => units.id, { onDelete: 'restrict' }),
    year: integer('year').notNull(),
    register: text('register', { enum: REGISTER_KINDS }).$type<RegisterKind>().notNull(),
    code: text('code').notNull(),
    title: text('title').notNull(),
    entryDate: date('entry_date'),
    data: jsonb('data').$type<RegisterData>().notNull(),
    version: version(),
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [uniqueIndex('register_entries_key_idx').on(t.unitId, t.year, t.register, t.code), index('register_entries_year_idx').on(t.year, t.register)],
);

/** The reminder digests sent: one per user and local day, whichever server sends it first. */
export const reminderDigests = pgTable(
  'reminder_digests',
  {
    userId: integer('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    day: date('day').notNull(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    items: integer('items').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.userId, t.day] })],
);

/**
 * The calls a machine token made in the last minute (one row per accepted call), so that every app server counts
 * the same calls against MACHINE_CALLS_PER_MINUTE (src/http/rate-window.ts). Rows older than a minute are deleted
 * as the token calls again.
 */
export const apiTokenCalls = pgTable(
  'api_token_calls',
  {
    tokenId: integer('token_id')
      .notNull()
      .references(() => apiTokens.id, { onDelete: 'cascade' }),
    calledAt: timestamp('called_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('api_token_calls_token_idx').on(t.tokenId, t.calledAt)],
);
