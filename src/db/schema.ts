import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigserial,
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
} from 'drizzle-orm/pg-core';

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export const blocks = pgTable('blocks', {
  id: serial('id').primaryKey(),
  code: text('code').notNull().unique(),
  name: text('name').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
});

export const UNIT_STATUSES = ['active', 'merged', 'split', 'dissolved'] as const;
export type UnitStatus = (typeof UNIT_STATUSES)[number];

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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    index('units_parent_idx').on(t.parentId),
    check('units_status_check', sql`${t.status} in ('active', 'merged', 'split', 'dissolved')`),
  ],
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

export const LINEAGE_KINDS = ['merge', 'split'] as const;
export type LineageKind = (typeof LINEAGE_KINDS)[number];

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

export const ROLES = ['admin', 'unit_officer', 'unit_leader', 'appraiser', 'council', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

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
    createdAt: createdAt(),
    updatedAt: updatedAt(),
  },
  (t) => [
    check(
      'users_role_check',
      sql`${t.role} in ('admin', 'unit_officer', 'unit_leader', 'appraiser', 'council', 'viewer')`,
    ),
    check(
      'users_unit_scope_check',
      sql`(${t.role} in ('unit_officer', 'unit_leader', 'appraiser')) = (${t.unitId} is not null)`,
    ),
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
  (t) => [
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_at_idx').on(t.at),
    index('audit_log_actor_idx').on(t.actorUsername),
  ],
);

export const settings = pgTable('settings', {
  key: text('key').primaryKey(),
  value: jsonb('value').notNull(),
  updatedAt: updatedAt(),
});

