import { and, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.js';
import { auditLog } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import type { AuditPage, AuditQuery } from './schemas.js';

export interface AuditChange {
  action: 'create' | 'update' | 'delete' | (string & {});
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
}

/** JSON round trip so dates become ISO strings and undefined fields vanish, as they will read back. */
function snapshot(value: unknown): unknown {
  return value === undefined || value === null ? null : JSON.parse(JSON.stringify(value));
}

const auditRow = (actor: Actor, change: AuditChange) => ({
  actorId: actor.userId,
  actorUsername: actor.username,
  action: change.action,
  entityType: change.entityType,
  entityId: String(change.entityId),
  before: snapshot(change.before),
  after: snapshot(change.after),
});

/** Takes only the transaction that makes the change (a `Tx` from `inTransaction`): no change without its record. */
export async function recordAudit(tx: Tx, actor: Actor, change: AuditChange): Promise<void> {
  await tx.insert(auditLog).values(auditRow(actor, change));
}

/** The same for many changes at once (a file import), in batches. */
export async function recordAuditMany(tx: Tx, actor: Actor, changes: readonly AuditChange[]): Promise<void> {
  for (let i = 0; i < changes.length; i += 1000) {
    await tx.insert(auditLog).values(changes.slice(i, i + 1000).map((change) => auditRow(actor, change)));
  }
}

export async function listAudit(db: Db, filter: AuditQuery): Promise<AuditPage> {
  const conditions: SQL[] = [];
  if (filter.entityType) conditions.push(eq(auditLog.entityType, filter.entityType));
  if (filter.entityId) conditions.push(eq(auditLog.entityId, filter.entityId));
  if (filter.actor) conditions.push(eq(auditLog.actorUsername, filter.actor));
  if (filter.action) conditions.push(eq(auditLog.action, filter.action));
  if (filter.from) conditions.push(gte(auditLog.at, filter.from));
  if (filter.to) conditions.push(lte(auditLog.at, filter.to));
  const where = conditions.length ? and(...conditions) : undefined;
  const [items, totals] = await Promise.all([
    db.select().from(auditLog).where(where).orderBy(desc(auditLog.id)).limit(filter.limit).offset(filter.offset),
    db.select({ total: count() }).from(auditLog).where(where),
  ]);
  return {
    items: items.map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actorUsername: row.actorUsername,
      action: row.action,
      entityType: row.entityType,
      entityId: row.entityId,
      before: row.before ?? null,
      after: row.after ?? null,
    })),
    total: totals[0]?.total ?? 0,
  };
}
