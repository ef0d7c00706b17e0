import { and, eq, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, inTransaction, type Tx } from '../../db/client.js';
import { blocks, criteria, frameworks, rounds } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import type { ClassBand, CriterionDraft } from '../../domain/framework.js';
import { formatPoints } from '../../domain/points.js';
import { assertVersion } from '../../http/if-match.js';
import type { AppError } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { findBlockIdByCode } from '../blocks/service.js';
import { checkContent, invalidContent, nameForYear } from './content.js';
import { type FrameworkContent, toFileCriterion } from './file-format.js';
import { fail, invalid } from './reasons.js';
import type { CloneBody, FrameworkDetail } from './schemas.js';
import { getFramework, loadCriteria, storedBands } from './service.js';
import type { z } from 'zod';

/** Writing frameworks: each change in one transaction with its audit row. */

interface FrameworkRow {
  id: number;
  year: number;
  blockId: number;
  blockCode: string;
  revision: number;
  name: string;
  classes: ClassBand[];
  version: number;
}

/** Loads and locks a framework row, so no round can start using it while it changes. */
async function lockFramework(tx: DbOrTx, id: number): Promise<FrameworkRow> {
  const [row] = await tx
    .select({
      id: frameworks.id,
      year: frameworks.year,
      blockId: frameworks.blockId,
      revision: frameworks.revision,
      name: frameworks.name,
      classes: frameworks.classes,
      version: frameworks.version,
    })
    .from(frameworks)
    .where(eq(frameworks.id, id))
    .for('update');
  if (!row) throw fail('framework_not_found', { id });
  const [block] = await tx.select({ code: blocks.code }).from(blocks).where(eq(blocks.id, row.blockId));
  return { ...row, classes: storedBands(row.classes), blockCode: block!.code };
}

async function isInUse(tx: DbOrTx, id: number): Promise<boolean> {
  const [row] = await tx.select({ id: rounds.id }).from(rounds).where(eq(rounds.frameworkId, id)).limit(1);
  return row !== undefined;
}

function refuseInUse(row: FrameworkRow, what: 'changed' | 'deleted'): AppError {
  const params = { block: row.blockCode, year: row.year, revision: row.revision, id: row.id };
  return fail(what === 'changed' ? 'framework_in_use_change' : 'framework_in_use_delete', params);
}

/** What the audit log keeps of a framework: which one, and its whole content as the JSON file writes it. */
function auditSnapshot(row: { year: number; blockCode: string; revision: number }, content: FrameworkContent) {
  return {
    year: row.year,
    block: row.blockCode,
    revision: row.revision,
    name: content.name,
    classes: content.classes,
    criteria: content.criteria.map(toFileCriterion),
  };
}

const contentOf = (row: FrameworkRow, list: CriterionDraft[]): FrameworkContent => ({ name: row.name, classes: row.classes, criteria: list });

async function nextRevision(tx: DbOrTx, year: number, blockId: number): Promise<number> {
  const [row] = await tx
    .select({ last: sql<number | null>`max(${frameworks.revision})` })
    .from(frameworks)
    .where(and(eq(frameworks.year, year), eq(frameworks.blockId, blockId)));
  return Number(row?.last ?? 0) + 1;
}

/** Inserts criteria at their positions in the framework's list. */
async function insertCriteria(tx: DbOrTx, frameworkId: number, list: readonly { c: CriterionDraft; position: number }[], appraiserIds: Map<string, number>) {
  if (list.length === 0) return;
  await tx.insert(criteria).values(list.map(({ c, position }) => ({ frameworkId, code: c.code, position, ...criterionValues(c, appraiserIds) })));
}

function criterionValues(c: CriterionDraft, appraiserIds: Map<string, number>) {
  return {
    title: c.title,
    maxPoints: formatPoints(c.maxPoints),
    method: c.method,
    guidance: c.guidance,
    evidenceRequired: c.evidenceRequired,
    appraiserUnitId: c.appraiser === null ? null : appraiserIds.get(c.appraiser)!,
    formula: c.formula,
    survey: c.survey ?? null,
  };
}

interface NewFramework {
  year: number;
  blockId: number;
  blockCode: string;
  content: FrameworkContent;
}

/** Inserts the next revision of a year and block (content already checked) and audits it. */
export async function insertFramework(
  tx: Tx,
  actor: Actor,
  input: NewFramework,
  appraiserIds: Map<string, number>,
  audit: { action: string; source?: { id: number; year: number; block: string; revision: number } },
): Promise<number> {
  const revision = await nextRevision(tx, input.year, input.blockId);
  const [row] = await tx
    .insert(frameworks)
    .values({ year: input.year, blockId: input.blockId, revision, name: input.content.name, classes: input.content.classes })
    .returning({ id: frameworks.id });
  await insertCriteria(
    tx,
    row!.id,
    input.content.criteria.map((c, position) => ({ c, position })),
    appraiserIds,
  );
  await recordAudit(tx, actor, {
    action: audit.action,
    entityType: 'framework',
    entityId: row!.id,
    after: { ...auditSnapshot({ year: input.year, blockCode: input.blockCode, revision }, input.content), ...(audit.source ? { source: audit.source } : {}) },
  });
  return row!.id;
}

export async function requireBlock(tx: DbOrTx, code: string, path = 'blockCode'): Promise<{ id: number; code: string }> {
  const id = await findBlockIdByCode(tx, code);
  if (id === null) throw invalid(path, 'framework_unknown_block', { block: normalizeCode(code) });
  return { id, code: normalizeCode(code) };
}

/** Creates a framework for a year and block from a full definition; it becomes that year and block's next revision. */
export async function createFramework(db: Db, actor: Actor, input: { year: number; blockCode: string; content: FrameworkContent }): Promise<FrameworkDetail> {
  return inTransaction(db, async (tx) => {
    const block = await requireBlock(tx, input.blockCode);
    const { issues, appraiserIds } = await checkContent(tx, input.content);
    if (issues.length) throw invalidContent(issues);
    const id = await insertFramework(tx, actor, { year: input.year, blockId: block.id, blockCode: block.code, content: input.content }, appraiserIds, {
      action: 'create',
    });
    return getFramework(tx, id);
  });
}

/**
 * Replaces name, classes and criteria of a framework that no round uses. Criteria keep their ids by code (a tree
 * editor can rely on them); codes that disappear are deleted.
 */
/** `expected`: the versions If-Match accepts (absent: not checked); checked under the row lock, before anything else. */
export async function replaceFramework(
  db: Db,
  actor: Actor,
  id: number,
  content: FrameworkContent,
  expected?: readonly number[] | null,
): Promise<FrameworkDetail> {
  return inTransaction(db, async (tx) => {
    const row = await lockFramework(tx, id);
    await assertVersion(expected, row.version, () => getFramework(tx, id));
    if (await isInUse(tx, id)) throw refuseInUse(row, 'changed');
    const stored = await loadCriteria(tx, id);
    const before = contentOf(row, stored);
    const { issues, appraiserIds } = await checkContent(tx, content);
    if (issues.length) throw invalidContent(issues);
    // The same content again changes nothing and writes no audit row.
    if (JSON.stringify(auditSnapshot(row, before)) === JSON.stringify(auditSnapshot(row, content))) return getFramework(tx, id);
    const idByCode = new Map(stored.map((c) => [c.code, c.id]));
    const keep = new Set(content.criteria.map((c) => c.code));
    for (const old of stored) if (!keep.has(old.code)) await tx.delete(criteria).where(eq(criteria.id, old.id));
    const fresh: { c: CriterionDraft; position: number }[] = [];
    for (const [position, c] of content.criteria.entries()) {
      const existing = idByCode.get(c.code);
      if (existing === undefined) fresh.push({ c, position });
      else
        await tx
          .update(criteria)
          .set({ position, ...criterionValues(c, appraiserIds) })
          .where(eq(criteria.id, existing));
    }
    await insertCriteria(tx, id, fresh, appraiserIds);
    await tx.update(frameworks).set({ name: content.name, classes: content.classes, updatedAt: new Date() }).where(eq(frameworks.id, id));
    await recordAudit(tx, actor, {
      action: 'update',
      entityType: 'framework',
      entityId: id,
      before: auditSnapshot(row, before),
      after: auditSnapshot(row, content),
    });
    return getFramework(tx, id);
  });
}

/** A new revision of the same year and block, copied from `id` with any part of the content replaced. */
export async function createRevision(db: Db, actor: Actor, id: number, patch: Partial<FrameworkContent>): Promise<FrameworkDetail> {
  return inTransaction(db, async (tx) => {
    const row = await lockFramework(tx, id);
    const source = contentOf(row, await loadCriteria(tx, id));
    const content: FrameworkContent = {
      name: patch.name ?? source.name,
      classes: patch.classes ?? source.classes,
      criteria: patch.criteria ?? source.criteria,
    };
    const { issues, appraiserIds } = await checkContent(tx, content);
    if (issues.length) throw invalidContent(issues);
    const newId = await insertFramework(tx, actor, { year: row.year, blockId: row.blockId, blockCode: row.blockCode, content }, appraiserIds, {
      action: 'revise',
      source: { id: row.id, year: row.year, block: row.blockCode, revision: row.revision },
    });
    return getFramework(tx, newId);
  });
}

/** Copies a framework to another year (and block): revision 1 there, or the next one when that year already has some. */
export async function cloneFramework(db: Db, actor: Actor, id: number, target: z.infer<typeof CloneBody>): Promise<FrameworkDetail> {
  return inTransaction(db, async (tx) => {
    const row = await lockFramework(tx, id);
    const block = target.blockCode ? await requireBlock(tx, target.blockCode) : { id: row.blockId, code: row.blockCode };
    // The name given, else the source's with its year moved to the target year.
    const name = target.name?.trim() || nameForYear(row.name, row.year, target.year);
    // A survey link follows the year too: campaign SIPAS-2025 becomes SIPAS-2026 (a code without the year stays).
    const list = (await loadCriteria(tx, id)).map((c) =>
      c.survey ? { ...c, survey: { ...c.survey, campaign: nameForYear(c.survey.campaign, row.year, target.year) } } : c,
    );
    const content = { ...contentOf(row, list), name };
    // Units may have changed since: the appraisers must still exist.
    const { issues, appraiserIds } = await checkContent(tx, content);
    if (issues.length) throw invalidContent(issues);
    const newId = await insertFramework(tx, actor, { year: target.year, blockId: block.id, blockCode: block.code, content }, appraiserIds, {
      action: 'clone',
      source: { id: row.id, year: row.year, block: row.blockCode, revision: row.revision },
    });
    return getFramework(tx, newId);
  });
}

export async function deleteFramework(db: Db, actor: Actor, id: number): Promise<void> {
  await inTransaction(db, async (tx) => {
    const row = await lockFramework(tx, id);
    if (await isInUse(tx, id)) throw refuseInUse(row, 'deleted');
    const before = contentOf(row, await loadCriteria(tx, id));
    await tx.delete(frameworks).where(eq(frameworks.id, id));
    await recordAudit(tx, actor, { action: 'delete', entityType: 'framework', entityId: id, before: auditSnapshot(row, before) });
  });
}
