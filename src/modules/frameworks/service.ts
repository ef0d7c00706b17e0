import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { blocks, criteria, frameworks, rounds, units } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { canonicalSurveyLink, type ClassBand, type CriterionDraft, effectiveAppraisers, parentCodeOf } from '../../domain/framework.js';
import { parsePoints, pointsToNumber } from '../../domain/points.js';
import { fail } from './reasons.js';
import type { CriterionNode, FrameworkDetail, FrameworkSummary } from './schemas.js';

/**
 * Reading frameworks: the list, one framework with its criteria as a tree, the revision of a year and block. Writes
 * are in commands.ts, content checks in content.ts, files in transfer.ts.
 */

export type { CriterionNode, FrameworkDetail, FrameworkSummary } from './schemas.js';

function summaryQuery(db: DbOrTx, where: SQL | undefined) {
  return db
    .select({
      id: frameworks.id,
      year: frameworks.year,
      blockCode: blocks.code,
      blockName: blocks.name,
      revision: frameworks.revision,
      name: frameworks.name,
      classes: frameworks.classes,
      criterionCount: sql<number>`(select count(*)::int from ${criteria} c where c.framework_id = ${frameworks.id})`,
      totalMax: sql<string>`(select coalesce(sum(c.max_points), 0)::text from ${criteria} c
        where c.framework_id = ${frameworks.id} and position('.' in c.code) = 0 and c.method not in ('bonus', 'penalty'))`,
      inUse: sql<boolean>`exists (select 1 from ${rounds} r where r.framework_id = ${frameworks.id})`,
      createdAt: frameworks.createdAt,
      updatedAt: frameworks.updatedAt,
      version: frameworks.version,
    })
    .from(frameworks)
    .innerJoin(blocks, eq(blocks.id, frameworks.blockId))
    .where(where)
    .orderBy(desc(frameworks.year), asc(blocks.code), desc(frameworks.revision));
}

type SummaryRow = Awaited<ReturnType<typeof summaryQuery>>[number];

/** Class bands as stored: jsonb reorders object keys (`min` before `label`), so rebuild them in file order. */
export const storedBands = (classes: readonly ClassBand[]): ClassBand[] => classes.map((band) => ({ label: band.label, min: band.min }));

function presentSummary(row: SummaryRow): FrameworkSummary {
  return {
    ...row,
    classes: storedBands(row.classes),
    totalMax: pointsToNumber(parsePoints(row.totalMax)),
    inUse: Boolean(row.inUse),
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  };
}

export async function listFrameworks(db: DbOrTx, filter: { year?: number; block?: string }): Promise<FrameworkSummary[]> {
  const conditions: SQL[] = [];
  if (filter.year !== undefined) conditions.push(eq(frameworks.year, filter.year));
  if (filter.block) conditions.push(eq(blocks.code, normalizeCode(filter.block)));
  const rows = await summaryQuery(db, conditions.length ? and(...conditions) : undefined);
  return rows.map(presentSummary);
}

export async function getSummary(db: DbOrTx, id: number): Promise<FrameworkSummary> {
  const [row] = await summaryQuery(db, eq(frameworks.id, id));
  if (!row) throw fail('framework_not_found', { id });
  return presentSummary(row);
}

export interface StoredCriterion extends CriterionDraft {
  id: number;
  position: number;
}

export async function loadCriteria(db: DbOrTx, frameworkId: number): Promise<StoredCriterion[]> {
  const rows = await db
    .select({
      id: criteria.id,
      code: criteria.code,
      position: criteria.position,
      title: criteria.title,
      maxPoints: criteria.maxPoints,
      method: criteria.method,
      evidenceRequired: criteria.evidenceRequired,
      appraiser: units.code,
      guidance: criteria.guidance,
      formula: criteria.formula,
      survey: criteria.survey,
    })
    .from(criteria)
    .leftJoin(units, eq(units.id, criteria.appraiserUnitId))
    .where(eq(criteria.frameworkId, frameworkId))
    .orderBy(asc(criteria.position));
  return rows.map((r) => ({ ...r, maxPoints: parsePoints(r.maxPoints), survey: r.survey ? canonicalSurveyLink(r.survey) : null }));
}

function buildTree(list: readonly StoredCriterion[]): CriterionNode[] {
  const effective = effectiveAppraisers(list);
  const nodes = new Map<string, CriterionNode>();
  for (const c of list) {
    nodes.set(c.code, {
      id: c.id,
      code: c.code,
      parentCode: parentCodeOf(c.code),
      position: c.position,
      title: c.title,
      maxPoints: pointsToNumber(c.maxPoints),
      method: c.method,
      evidenceRequired: c.evidenceRequired,
      appraiser: c.appraiser,
      effectiveAppraiser: effective.get(c.code) ?? null,
      guidance: c.guidance,
      formula: c.formula,
      survey: c.survey ?? null,
      leaf: true,
      children: [],
    });
  }
  const roots: CriterionNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.parentCode === null ? undefined : nodes.get(node.parentCode);
    if (parent) {
      parent.children.push(node);
      parent.leaf = false;
    } else {
      roots.push(node);
    }
  }
  return roots;
}

/** The tree as a list in framework order (parents before their children). */
export function flattenCriteria(nodes: readonly CriterionNode[]): CriterionNode[] {
  return nodes.flatMap((node) => [node, ...flattenCriteria(node.children)]);
}

export async function getFramework(db: DbOrTx, id: number): Promise<FrameworkDetail> {
  const summary = await getSummary(db, id);
  return { ...summary, criteria: buildTree(await loadCriteria(db, id)) };
}

/** The revision of a year and block: the given one, else the latest. */
export async function findFrameworkId(db: DbOrTx, query: { year: number; block: string; revision?: number }): Promise<number> {
  const conditions = [eq(frameworks.year, query.year), eq(blocks.code, normalizeCode(query.block))];
  if (query.revision !== undefined) conditions.push(eq(frameworks.revision, query.revision));
  const [row] = await db
    .select({ id: frameworks.id })
    .from(frameworks)
    .innerJoin(blocks, eq(blocks.id, frameworks.blockId))
    .where(and(...conditions))
    .orderBy(desc(frameworks.revision))
    .limit(1);
  if (!row) {
    const where = { block: normalizeCode(query.block), year: query.year };
    throw query.revision !== undefined
      ? fail('framework_revision_not_found', { ...where, revision: query.revision })
      : fail('framework_of_block_not_found', where);
  }
  return row.id;
}
