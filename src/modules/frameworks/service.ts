import { and, asc, desc, eq, sql, type SQL } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { blocks, criteria, frameworks, rounds, units } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import {
  type ClassBand,
  type CriterionDraft,
  effectiveAppraisers,
  type FrameworkIssue,
  type Method,
  parentCodeOf,
  validateFramework,
} from '../../domain/framework.js';
import { formatPoints, parsePoints, pointsToNumber } from '../../domain/points.js';
import { assertVersion } from '../../http/if-match.js';
import { AppError, issuesRejected, type MessageParams } from '../../errors.js';
import { fail, invalid } from './reasons.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { findBlockIdByCode } from '../blocks/service.js';
import { findUnitIdByCode } from '../units/service.js';
import {
  type FrameworkContent,
  type FrameworkFileFormat,
  frameworkText,
  normalizeDraft,
  readFrameworkFile,
  readPoints,
  toFileCriterion,
  writeFrameworkFile,
} from './file-format.js';

/** The class bands a framework gets when its file has none and no earlier revision of its year and block exists. */
export const DEFAULT_CLASSES: readonly ClassBand[] = [
  { label: 'Tốt', min: 90 },
  { label: 'Khá', min: 80 },
  { label: 'Trung bình', min: 70 },
  { label: 'Yếu', min: 0 },
];

export interface FrameworkSummary {
  id: number;
  year: number;
  blockCode: string;
  blockName: string;
  revision: number;
  name: string;
  classes: ClassBand[];
  criterionCount: number;
  /** Σ max points of the top-level criteria that are not bonus or penalty (the framework's maximum). */
  totalMax: number;
  /** A round uses this revision: its content can no longer change. */
  inUse: boolean;
  createdAt: string;
  updatedAt: string;
  /** Optimistic concurrency: the ETag of the draft; the editor sends it back in If-Match. */
  version: number;
}

export interface CriterionNode {
  id: number;
  code: string;
  parentCode: string | null;
  position: number;
  title: string;
  maxPoints: number;
  method: Method;
  evidenceRequired: boolean;
  /** The appraising unit set on this criterion. */
  appraiser: string | null;
  /** Its own appraiser, else the nearest ancestor's. */
  effectiveAppraiser: string | null;
  guidance: string | null;
  formula: string | null;
  leaf: boolean;
  children: CriterionNode[];
}

export interface FrameworkDetail extends FrameworkSummary {
  criteria: CriterionNode[];
}

/** A criterion as the API takes it: points as a number or a text ("1,25"). */
export interface CriterionInput {
  code: string;
  title: string;
  maxPoints: number | string;
  method: Method;
  evidenceRequired?: boolean;
  appraiser?: string | null;
  guidance?: string | null;
  formula?: string | null;
}

export interface ContentInput {
  name: string;
  classes: ClassBand[];
  criteria: CriterionInput[];
}

// ---------------------------------------------------------------------------------------------
// Reading

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
const storedBands = (classes: readonly ClassBand[]): ClassBand[] => classes.map((band) => ({ label: band.label, min: band.min }));

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

async function getSummary(db: DbOrTx, id: number): Promise<FrameworkSummary> {
  const [row] = await summaryQuery(db, eq(frameworks.id, id));
  if (!row) throw fail('framework_not_found', { id });
  return presentSummary(row);
}

interface StoredCriterion extends CriterionDraft {
  id: number;
  position: number;
}

async function loadCriteria(db: DbOrTx, frameworkId: number): Promise<StoredCriterion[]> {
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
    })
    .from(criteria)
    .leftJoin(units, eq(units.id, criteria.appraiserUnitId))
    .where(eq(criteria.frameworkId, frameworkId))
    .orderBy(asc(criteria.position));
  return rows.map((r) => ({ ...r, maxPoints: parsePoints(r.maxPoints) }));
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
    throw query.revision !== undefined ? fail('framework_revision_not_found', { ...where, revision: query.revision }) : fail('framework_of_block_not_found', where);
  }
  return row.id;
}

// ---------------------------------------------------------------------------------------------
// Checking content

/** Turns API criteria into drafts; a value that cannot be read is a validation error on its path. */
export function criteriaFromInput(list: readonly CriterionInput[]): CriterionDraft[] {
  const issues: ContentIssue[] = [];
  const drafts = list.map((c, i) => {
    const maxPoints = readPoints(c.maxPoints);
    if (typeof maxPoints !== 'number') issues.push({ path: `criteria.${i}.maxPoints`, ...maxPoints });
    return normalizeDraft({
      code: c.code,
      title: c.title,
      maxPoints: typeof maxPoints === 'number' ? maxPoints : 0,
      method: c.method,
      evidenceRequired: c.evidenceRequired ?? false,
      appraiser: c.appraiser ?? null,
      guidance: c.guidance ?? null,
      formula: c.formula ?? null,
    });
  });
  if (issues.length) throw invalidIssues(issues);
  return drafts;
}

export const classesFromInput = (classes: readonly ClassBand[]): ClassBand[] => classes.map((b) => ({ label: b.label.trim(), min: b.min }));

export function contentFromInput(input: ContentInput): FrameworkContent {
  return { name: input.name.trim(), classes: classesFromInput(input.classes), criteria: criteriaFromInput(input.criteria) };
}

const API_FIELD: Record<string, string> = { max_points: 'maxPoints', evidence_required: 'evidenceRequired' };

export interface ContentIssue {
  /** Body path: `criteria.3.maxPoints`, `classes.1.min`, `name`. */
  path: string;
  /** The reason (errors.<code> in the web's catalogue) and its parameters. */
  code?: string;
  params?: MessageParams;
  /** In English. */
  message: string;
}

/**
 * Framework rule issues with body paths; a criterion's English message starts with its code, and its parameters
 * name it (`criterion`), as the editor shows the translated reason beside the criterion's row.
 */
function apiIssues(issues: readonly FrameworkIssue[]): ContentIssue[] {
  return issues.map((issue) => {
    const ofCriterion = Boolean(issue.code) && issue.index !== null;
    const params = ofCriterion ? { ...issue.params, criterion: issue.code } : issue.params;
    return {
      path: issue.index === null ? issue.field : `criteria.${issue.index}.${API_FIELD[issue.field] ?? issue.field}`,
      code: issue.reason,
      ...(params ? { params } : {}),
      message: ofCriterion ? `${issue.code}: ${issue.message}` : issue.message,
    };
  });
}

/** Issues as a 400 validation_failed whose reason is the first issue's. */
const invalidIssues = (list: ContentIssue[]): AppError => issuesRejected(list);

/** Framework rule issues as a 400 validation_failed with body paths (`criteria.3.maxPoints`, `classes.1.min`). */
function invalidContent(issues: FrameworkIssue[]): AppError {
  return invalidIssues(apiIssues(issues));
}

/**
 * Checks content against the framework rules with the appraisers the database knows; returns the issues and, when
 * there are none, the unit id of each appraiser code.
 */
async function checkContent(tx: DbOrTx, content: FrameworkContent): Promise<{ issues: FrameworkIssue[]; appraiserIds: Map<string, number> }> {
  const appraiserIds = new Map<string, number>();
  for (const code of new Set(content.criteria.map((c) => c.appraiser).filter((a): a is string => a !== null))) {
    const id = await findUnitIdByCode(tx, code);
    if (id !== null) appraiserIds.set(code, id);
  }
  const issues = validateFramework(content.criteria, content.classes, { appraisers: new Set(appraiserIds.keys()) });
  return { issues, appraiserIds };
}

/**
 * Checks content exactly as a create or replace would, without writing anything: every problem, by body path
 * (the tree editor shows them beside their criteria while the organizer edits). No issues: the content would save.
 */
export async function checkFrameworkContent(db: DbOrTx, input: ContentInput): Promise<{ issues: ContentIssue[] }> {
  let content: FrameworkContent;
  try {
    content = contentFromInput(input);
  } catch (error) {
    // Unreadable points: reported by path like the rules below.
    if (error instanceof AppError && error.code === 'validation_failed') return { issues: (error.details as { issues: ContentIssue[] }).issues };
    throw error;
  }
  const issues: ContentIssue[] = content.name ? [] : [{ path: 'name', ...frameworkText('framework_name_empty') }];
  return { issues: [...issues, ...apiIssues((await checkContent(db, content)).issues)] };
}

/**
 * The name of a copy for another year: the source's year, written as a whole number in the name, becomes the
 * target's ("Bộ chỉ số CCHC khối sở 2025" → "… 2026"); a name without that year stays as it is.
 */
export function nameForYear(name: string, fromYear: number, toYear: number): string {
  if (fromYear === toYear) return name;
  return name.replace(new RegExp(`(?<!\\d)${fromYear}(?!\\d)`, 'g'), String(toYear));
}

// ---------------------------------------------------------------------------------------------
// Writing

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
    .select({ id: frameworks.id, year: frameworks.year, blockId: frameworks.blockId, revision: frameworks.revision, name: frameworks.name, classes: frameworks.classes, version: frameworks.version })
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
  };
}

interface NewFramework {
  year: number;
  blockId: number;
  blockCode: string;
  content: FrameworkContent;
}

/** Inserts the next revision of a year and block (content already checked) and audits it. */
async function insertFramework(
  tx: DbOrTx,
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
  await insertCriteria(tx, row!.id, input.content.criteria.map((c, position) => ({ c, position })), appraiserIds);
  await recordAudit(tx, actor, {
    action: audit.action,
    entityType: 'framework',
    entityId: row!.id,
    after: { ...auditSnapshot({ year: input.year, blockCode: input.blockCode, revision }, input.content), ...(audit.source ? { source: audit.source } : {}) },
  });
  return row!.id;
}

async function requireBlock(tx: DbOrTx, code: string, path = 'blockCode'): Promise<{ id: number; code: string }> {
  const id = await findBlockIdByCode(tx, code);
  if (id === null) throw invalid(path, 'framework_unknown_block', { block: normalizeCode(code) });
  return { id, code: normalizeCode(code) };
}

/** Creates a framework for a year and block from a full definition; it becomes that year and block's next revision. */
export async function createFramework(db: Db, actor: Actor, input: { year: number; blockCode: string; content: FrameworkContent }): Promise<FrameworkDetail> {
  return db.transaction(async (tx) => {
    const block = await requireBlock(tx, input.blockCode);
    const { issues, appraiserIds } = await checkContent(tx, input.content);
    if (issues.length) throw invalidContent(issues);
    const id = await insertFramework(tx, actor, { year: input.year, blockId: block.id, blockCode: block.code, content: input.content }, appraiserIds, { action: 'create' });
    return getFramework(tx, id);
  });
}

/**
 * Replaces name, classes and criteria of a framework that no round uses. Criteria keep their ids by code (a tree
 * editor can rely on them); codes that disappear are deleted.
 */
/** `expected`: the versions If-Match accepts (absent: not checked); checked under the row lock, before anything else. */
export async function replaceFramework(db: Db, actor: Actor, id: number, content: FrameworkContent, expected?: readonly number[] | null): Promise<FrameworkDetail> {
  return db.transaction(async (tx) => {
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
      else await tx.update(criteria).set({ position, ...criterionValues(c, appraiserIds) }).where(eq(criteria.id, existing));
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
  return db.transaction(async (tx) => {
    const row = await lockFramework(tx, id);
    const source = contentOf(row, await loadCriteria(tx, id));
    const content: FrameworkContent = { name: patch.name ?? source.name, classes: patch.classes ?? source.classes, criteria: patch.criteria ?? source.criteria };
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
export async function cloneFramework(
  db: Db,
  actor: Actor,
  id: number,
  target: { year: number; blockCode?: string | null; name?: string | null },
): Promise<FrameworkDetail> {
  return db.transaction(async (tx) => {
    const row = await lockFramework(tx, id);
    const block = target.blockCode ? await requireBlock(tx, target.blockCode) : { id: row.blockId, code: row.blockCode };
    // The name given, else the source's with its year moved to the target year.
    const name = target.name?.trim() || nameForYear(row.name, row.year, target.year);
    const content = { ...contentOf(row, await loadCriteria(tx, id)), name };
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
  await db.transaction(async (tx) => {
    const row = await lockFramework(tx, id);
    if (await isInUse(tx, id)) throw refuseInUse(row, 'deleted');
    const before = contentOf(row, await loadCriteria(tx, id));
    await tx.delete(frameworks).where(eq(frameworks.id, id));
    await recordAudit(tx, actor, { action: 'delete', entityType: 'framework', entityId: id, before: auditSnapshot(row, before) });
  });
}

// ---------------------------------------------------------------------------------------------
// Files

export type ClassesSource = 'file' | 'previous_revision' | 'default';

export interface ImportOptions {
  year?: number;
  block?: string;
  format?: FrameworkFileFormat;
  /** Name for a CSV/XLSX file (which has none); default: the previous revision's, else one made from block and year. */
  name?: string;
}

/**
 * Imports a framework file as the next revision of its year and block, all or nothing: any unreadable value or
 * broken framework rule rejects the file with its rows (400 import_rejected) and nothing is written.
 * A JSON file's own year and block must agree with the options when both are given.
 */
export async function importFramework(db: Db, actor: Actor, buffer: Buffer, options: ImportOptions) {
  const file = await readFrameworkFile(buffer, options.format);
  // The file's own year or block against the one imported into: the file's row says which, in both words.
  if (file.year !== null && options.year !== undefined && file.year !== options.year) {
    const params = { year: file.year, expected: options.year };
    const { column, row } = file.locateField('year');
    throw fail('framework_file_for_year', params, { rows: [{ row, ...(column ? { column } : {}), ...frameworkText('framework_file_year_mismatch', params) }] });
  }
  if (file.block !== null && options.block !== undefined && file.block !== normalizeCode(options.block)) {
    const params = { block: file.block, expected: normalizeCode(options.block) };
    const { column, row } = file.locateField('block');
    throw fail('framework_file_for_block', params, { rows: [{ row, ...(column ? { column } : {}), ...frameworkText('framework_file_block_mismatch', params) }] });
  }
  const year = options.year ?? file.year;
  const blockCode = options.block ?? file.block;
  if (year === null || blockCode === null) {
    const format = { format: file.format.toUpperCase() };
    if (blockCode !== null) throw invalid('year', 'framework_file_needs_year', format);
    if (year !== null) throw invalid('block', 'framework_file_needs_block', format);
    throw fail('framework_file_needs_year_block', format, {
      issues: [
        { path: 'year', ...frameworkText('framework_file_needs_year', format) },
        { path: 'block', ...frameworkText('framework_file_needs_block', format) },
      ],
    });
  }
  return db.transaction(async (tx) => {
    const block = await requireBlock(tx, blockCode, 'block');
    const [previous] = await tx
      .select({ name: frameworks.name, classes: frameworks.classes })
      .from(frameworks)
      .where(and(eq(frameworks.year, year), eq(frameworks.blockId, block.id)))
      .orderBy(desc(frameworks.revision))
      .limit(1);
    const classesSource: ClassesSource = file.classes ? 'file' : previous ? 'previous_revision' : 'default';
    const content: FrameworkContent = {
      name: options.name?.trim() || file.name || previous?.name || `Bộ tiêu chí Chỉ số CCHC ${block.code} năm ${year}`,
      classes: file.classes ?? (previous ? storedBands(previous.classes) : null) ?? DEFAULT_CLASSES.map((band) => ({ ...band })),
      criteria: file.criteria,
    };
    const { issues, appraiserIds } = await checkContent(tx, content);
    if (issues.length) {
      throw fail('framework_file_rejected', { count: issues.length }, { rows: issues.slice(0, 200).map((issue) => file.locate(issue)) });
    }
    const id = await insertFramework(tx, actor, { year, blockId: block.id, blockCode: block.code, content }, appraiserIds, { action: 'import' });
    return { framework: await getSummary(tx, id), classesSource };
  });
}

/** A framework as a file of the given format, and the file name to give it. */
export async function exportFramework(db: DbOrTx, id: number, format: FrameworkFileFormat): Promise<{ buffer: Buffer; filename: string }> {
  const summary = await getSummary(db, id);
  const list = await loadCriteria(db, id);
  const buffer = await writeFrameworkFile(
    { year: summary.year, block: summary.blockCode, name: summary.name, classes: summary.classes, criteria: list },
    format,
  );
  return { buffer, filename: `framework-${summary.blockCode}-${summary.year}-r${summary.revision}.${format}` };
}
