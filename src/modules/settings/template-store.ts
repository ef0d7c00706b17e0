/**
 * A document template the organizer edits (the apology letter, the periodic report), stored as one row of `settings`:
 * the built-in template until a save, versioned for If-Match, every save and reset audited in its transaction.
 */
import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { type Db, type DbOrTx, inTransaction } from '../../db/client.js';
import { settings } from '../../db/schema.js';
import { type FieldIssue, issuesRejected } from '../../errors.js';
import { assertVersion } from '../../http/if-match.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';

export interface StoredTemplate<T> {
  template: T;
  isDefault: boolean;
  updatedAt: string | null;
  version: number;
}

export interface TemplateStore<T> {
  get(db: DbOrTx): Promise<StoredTemplate<T>>;
  /** Refuses a template whose `issues` are not empty, naming each field. */
  assertValid(template: T): void;
  save(db: Db, actor: Actor, template: T, expected?: readonly number[] | null): Promise<StoredTemplate<T>>;
  /** Back to the built-in template (the stored one is removed; the audit log keeps it). */
  reset(db: Db, actor: Actor, expected?: readonly number[] | null): Promise<StoredTemplate<T>>;
}

export function templateStore<T extends object>(options: {
  /** The `settings` key. */
  key: string;
  /** Saves and resets take turns on this transaction-level advisory lock (the row may not exist yet). */
  lockKey: number;
  schema: z.ZodType<T>;
  defaults: T;
  issues: (template: T) => FieldIssue[];
}): TemplateStore<T> {
  const { key, lockKey, schema, defaults } = options;
  const get = async (db: DbOrTx): Promise<StoredTemplate<T>> => {
    const [row] = await db.select().from(settings).where(eq(settings.key, key));
    if (!row) return { template: defaults, isDefault: true, updatedAt: null, version: 0 };
    // A stored template missing a newer field takes that field's default.
    const parsed = schema.safeParse({ ...defaults, ...(row.value as object) });
    if (!parsed.success) return { template: defaults, isDefault: true, updatedAt: row.updatedAt.toISOString(), version: row.version };
    return { template: parsed.data, isDefault: false, updatedAt: row.updatedAt.toISOString(), version: row.version };
  };
  const lock = async (tx: DbOrTx, expected: readonly number[] | null | undefined) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${lockKey})`);
    const current = await get(tx);
    await assertVersion(expected, current.version, () => current);
    return current;
  };
  const assertValid = (template: T) => {
    const issues = options.issues(template);
    if (issues.length) throw issuesRejected(issues);
  };
  return {
    get,
    assertValid,
    async save(db, actor, template, expected) {
      assertValid(template);
      return inTransaction(db, async (tx) => {
        const before = await lock(tx, expected);
        await tx
          .insert(settings)
          .values({ key, value: template })
          .onConflictDoUpdate({ target: settings.key, set: { value: template, updatedAt: sql`now()` } });
        await recordAudit(tx, actor, { action: 'update', entityType: 'setting', entityId: key, before: before.template, after: template });
        return get(tx);
      });
    },
    async reset(db, actor, expected) {
      return inTransaction(db, async (tx) => {
        const before = await lock(tx, expected);
        if (!before.isDefault) {
          await tx.delete(settings).where(eq(settings.key, key));
          await recordAudit(tx, actor, { action: 'delete', entityType: 'setting', entityId: key, before: before.template, after: defaults });
        }
        return get(tx);
      });
    },
  };
}
