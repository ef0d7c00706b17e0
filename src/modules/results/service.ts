import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { blocks, publications, rounds, scores, unitAssessments, unitMemberships } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { type ClassBand, isOutsideMaximum, type Method, parentCodeOf } from '../../domain/framework.js';
import { type DecidingStage, FormulaEvaluationError, formulaLeaf } from '../../domain/indicators.js';
import { formatPoints, parsePoints, PointsFormatError, pointsToNumber } from '../../domain/points.js';
import { quote, shortText } from '../../domain/text.js';
import {
  classOf,
  criterionResult,
  type LeafScore,
  NoApplicableCriteriaError,
  prepareScoring,
  rankByIndex,
  ScoreOutOfRangeError,
  scoreUnit,
} from '../../domain/results.js';
import { assertVersion } from '../../http/if-match.js';
import { AppError, reasonText } from '../../errors.js';
import { fail as failRound } from '../rounds/reasons.js';
import { fail, invalid, reasons } from './reasons.js';
import { readTable, RowErrors, type TableFormat, writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { type AuditChange, recordAudit, recordAuditMany } from '../audit/service.js';
import { findBlockIdByCode } from '../blocks/service.js';
import { findUnitIdByCode } from '../units/service.js';
import {
  findRound,
  getRound,
  loadRoundScores,
  loadRoundScoreVectors,
  roundParticipants,
  type RoundRow,
} from './queries.js';
import { findFrameworkId, flattenCriteria, getFramework } from '../frameworks/service.js';
import { evaluateFormulas, type FormulaDetail, formulaDetail } from '../indicators/service.js';

/** A field's result for one unit; its title is in BlockResults.fields (not repeated per unit). */
/** What scoring needs of a framework revision: its criteria flat, points in hundredths, and class bands. */
interface ScoringFramework {
  id: number;
  name: string;
  classes: ClassBand[];
  criteria: { id: number; code: string; title: string; method: Method; maxPoints: number; formula: string | null }[];
}

async function loadScoringFramework(db: DbOrTx, frameworkId: number): Promise<ScoringFramework> {
  const framework = await getFramework(db, frameworkId);
  // Framework points have at most two decimals, so the hundredths are exact.
  const flat = flattenCriteria(framework.criteria).map((c) => ({
    id: c.id,
    code: c.code,
    title: c.title,
    method: c.method,
    maxPoints: Math.round(c.maxPoints * 100),
    formula: c.formula,
  }));
  return { id: framework.id, name: framework.name, classes: framework.classes, criteria: flat };
}

/** The latest framework revision of a year and block, or null. */
async function latestFrameworkId(db: DbOrTx, year: number, block: string): Promise<number | null> {
  try {
    return await findFrameworkId(db, { year, block });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

export interface FieldResult {
  code: string;
  score: number;
  maxScore: number;
  /** Index with two decimals, null for bonus/penalty fields or when nothing in the field applies. */
  index: number | null;
}

export interface UnitRanking {
  unitCode: string;
  unitName: string;
  /** Total of the self-assessed scores alone (what the unit claimed). */
  selfScore: number | null;
  score: number | null;
  maxScore: number | null;
  index: number | null;
  rank: number | null;
  class: string | null;
  previousRank: number | null;
  fields: FieldResult[];
  /** Why a unit has no index (e.g. every criterion not applicable). */
  problem: string | null;
}

/** One criterion of one unit: where points were earned and lost. */
export interface CriterionDetail {
  code: string;
  title: string;
  method: Method;
  applicable: boolean;
  score: number;
  maxScore: number;
  /** Points missed against the applicable maximum (0 for bonus and penalty). */
  lost: number;
  index: number | null;
  /**
   * Formula criteria only: the formula, its inputs for this unit and the computed value, and which stage gives the
   * final score (an appraisal or council score overrides the computed value). Frozen with each publication.
   */
  formula?: FormulaDetail & { decidedBy: DecidingStage };
}

export interface BlockResults {
  roundId: number;
  year: number;
  blockCode: string;
  blockName: string;
  status: RoundRow['status'];
  frameworkName: string;
  classes: { label: string; min: number }[];
  fields: { code: string; title: string; method: Method; maxPoints: number }[];
  /** Ranked units first (by rank, then code), then units without an index. */
  units: UnitRanking[];
}

/** Computes a round's results from its scores through the domain rules; nothing is stored by hand. */
export async function computeRoundResults(db: DbOrTx, round: RoundRow): Promise<BlockResults>;
export async function computeRoundResults(
  db: DbOrTx,
  round: RoundRow,
  options: { details: true },
): Promise<BlockResults & { details: Record<string, CriterionDetail[]> }>;
export async function computeRoundResults(db: DbOrTx, round: RoundRow, options: { details?: boolean } = {}) {
  const fw = await loadScoringFramework(db, round.frameworkId);
  const prepared = prepareScoring(fw.criteria);
  const idByCode = new Map(fw.criteria.map((c) => [c.code, c.id]));
  const positionOf = new Map(prepared.leaves.map((leaf, at) => [idByCode.get(leaf.code)!, at]));
  const participants = await roundParticipants(db, round.id, round.year);
  const vectors = await loadRoundScoreVectors(db, round.id, positionOf, prepared.leaves.length);
  const titleOf = new Map(fw.criteria.map((c) => [c.code, c.title]));
  const fieldPositions = prepared.criteria.flatMap((c, at) => (parentCodeOf(c.code) === null ? [at] : []));
  // Formula leaves: their value is computed from the platform's data of the round's year (docs/formula-criteria.md).
  const formulaLeaves = fw.criteria.filter((c) => c.method === 'formula' && positionOf.has(c.id));
  const outcomes = await evaluateFormulas(db, round.year, formulaLeaves, participants.map((p) => p.id));
  const computed = participants.map((unit) => {
    const leaves = vectors.get(unit.id) ?? new Array(prepared.leaves.length);
    const formulas = new Map<string, FormulaDetail & { decidedBy: DecidingStage }>();
    try {
      for (const c of formulaLeaves) {
        const at = positionOf.get(c.id)!;
        const outcome = outcomes.get(unit.id)!.get(c.id)!;
        const applied = formulaLeaf(c.code, leaves[at], outcome);
        leaves[at] = applied.leaf;
        formulas.set(c.code, { ...formulaDetail(c.formula ?? '', outcome), decidedBy: applied.stage });
      }
      return { unit, scored: scoreUnit(prepared, leaves), problem: null, formulas };
    } catch (error) {
      if (error instanceof NoApplicableCriteriaError || error instanceof ScoreOutOfRangeError || error instanceof FormulaEvaluationError) {
        return { unit, scored: null, problem: error.message, formulas };
      }
      throw error;
    }
  });
  const ranked = rankByIndex(
    computed.filter((c) => c.scored !== null),
    (c) => c.scored!.index,
    (a, b) => a.unit.code.localeCompare(b.unit.code),
  );
  const previous = await previousRanks(db, round);
  const present = (c: (typeof computed)[number], rank: number | null): UnitRanking => {
    const s = c.scored;
    return {
      unitCode: c.unit.code,
      unitName: c.unit.name,
      selfScore: s && s.selfScore !== null ? pointsToNumber(s.selfScore) : null,
      score: s ? pointsToNumber(s.score) : null,
      maxScore: s ? pointsToNumber(s.maxScore) : null,
      index: s ? s.index / 100 : null,
      rank,
      class: s ? classOf(s.index, fw.classes) : null,
      previousRank: previous.get(c.unit.code) ?? null,
      fields: fieldPositions.map((at) => {
        const code = prepared.criteria[at]!.code;
        const r = s ? criterionResult(prepared, s, at) : null;
        return {
          code,
          score: r ? pointsToNumber(r.score) : 0,
          maxScore: r ? pointsToNumber(r.maxScore) : 0,
          index: r && r.index !== null ? r.index / 100 : null,
        };
      }),
      problem: c.problem,
    };
  };
  const results: BlockResults = {
    roundId: round.id,
    year: round.year,
    blockCode: round.blockCode,
    blockName: round.blockName,
    status: round.status,
    frameworkName: fw.name,
    classes: fw.classes,
    fields: fieldPositions.map((at) => {
      const c = prepared.criteria[at]!;
      return { code: c.code, title: titleOf.get(c.code) ?? '', method: c.method, maxPoints: pointsToNumber(c.maxPoints) };
    }),
    units: [...ranked.map((r) => present(r.item, r.rank)), ...computed.filter((c) => c.scored === null).map((c) => present(c, null))],
  };
  if (!options.details) return results;
  const details: Record<string, CriterionDetail[]> = {};
  for (const c of computed) {
    if (!c.scored) continue;
    details[c.unit.code] = prepared.criteria.map((criterion, at) => {
      const r = criterionResult(prepared, c.scored!, at);
      return {
        code: r.code,
        title: titleOf.get(r.code) ?? '',
        method: r.method,
        applicable: r.applicable,
        score: pointsToNumber(r.score),
        maxScore: pointsToNumber(r.maxScore),
        lost: isOutsideMaximum(criterion.method) ? 0 : pointsToNumber(r.maxScore - r.score),
        index: r.index === null ? null : r.index / 100,
        ...(c.formulas.has(r.code) ? { formula: c.formulas.get(r.code)! } : {}),
      };
    });
  }
  return { ...results, details };
}

/**
 * One unit's criteria as published (latest revision) for everyone, or computed now for the organizer and council
 * before publication.
 */
export async function unitCriteriaResults(db: DbOrTx, year: number, blockCode: string, unitCode: string, mayPreview: boolean) {
  const round = await requireRound(db, year, blockCode);
  const published = await latestPublication(db, round.id);
  const code = normalizeCode(unitCode);
  let details: Record<string, CriterionDetail[]> | null;
  if (published) details = published.details as Record<string, CriterionDetail[]> | null;
  else if (mayPreview) details = (await computeRoundResults(db, round, { details: true })).details;
  else throw fail('published_results_not_found', { year, block: round.blockCode });
  const criteria = details?.[code];
  if (!criteria) throw fail('unit_results_not_found', { unit: code, year, block: round.blockCode });
  return { year, blockCode: round.blockCode, unitCode: code, revision: published?.revision ?? null, criteria };
}

/** Ranks of the same block's previous year: from its latest publication, else computed when approved. */
async function previousRanks(db: DbOrTx, round: RoundRow): Promise<Map<string, number>> {
  const before = await findRound(db, round.year - 1, round.blockCode);
  if (!before || before.status === 'open') return new Map();
  const published = await latestPublication(db, before.id);
  const results = published ? (published.results as BlockResults) : await computeRoundResults(db, before);
  return new Map(results.units.filter((u) => u.rank !== null).map((u) => [u.unitCode, u.rank!]));
}

export async function latestPublication(db: DbOrTx, roundId: number) {
  const [row] = await db.select().from(publications).where(eq(publications.roundId, roundId)).orderBy(desc(publications.revision)).limit(1);
  return row ?? null;
}

/** Years and blocks that have published results, newest year first. */
export async function publishedRounds(db: DbOrTx) {
  return db
    .selectDistinct({ year: rounds.year, blockCode: blocks.code, blockName: blocks.name })
    .from(publications)
    .innerJoin(rounds, eq(rounds.id, publications.roundId))
    .innerJoin(blocks, eq(blocks.id, rounds.blockId))
    .orderBy(desc(rounds.year), blocks.code);
}

export async function publicationHistory(db: DbOrTx, roundId: number) {
  return db
    .select({ revision: publications.revision, reason: publications.reason, publishedAt: publications.publishedAt })
    .from(publications)
    .where(eq(publications.roundId, roundId))
    .orderBy(desc(publications.revision));
}

/**
 * Published revisions never change, so their answer is serialized once per process and kept (a few hundred
 * kilobytes per block at most); the key is the publication's id.
 */
const publishedJsonCache = new Map<number, string>();
const PUBLISHED_CACHE_LIMIT = 200;

/**
 * The latest publication of a year and block, remembered for LATEST_PUBLICATION_TTL_MS: the ranking API is read far
 * more often than results are published. Publishing through this server forgets it at once; another app server
 * sees a new revision within that time.
 */
const LATEST_PUBLICATION_TTL_MS = 1_000;
const latestPublicationIds = new Map<string, { id: number | null; at: number }>();

async function latestPublicationId(db: DbOrTx, year: number, blockCode: string): Promise<{ id: number } | undefined> {
  const key = `${year}/${blockCode}`;
  const now = Date.now();
  const known = latestPublicationIds.get(key);
  if (known && now - known.at < LATEST_PUBLICATION_TTL_MS) return known.id === null ? undefined : { id: known.id };
  const [latest] = await db
    .select({ id: publications.id })
    .from(publications)
    .innerJoin(rounds, eq(rounds.id, publications.roundId))
    .innerJoin(blocks, eq(blocks.id, rounds.blockId))
    .where(and(eq(rounds.year, year), eq(blocks.code, blockCode)))
    .orderBy(desc(publications.revision))
    .limit(1);
  if (latestPublicationIds.size >= PUBLISHED_CACHE_LIMIT) latestPublicationIds.clear();
  latestPublicationIds.set(key, { id: latest?.id ?? null, at: now });
  return latest;
}

/** The answer of the results API as JSON text: the cached published revision, else computed now. */
export async function visibleResultsJson(db: DbOrTx, year: number, blockCode: string, mayPreview: boolean): Promise<string> {
  const latest = await latestPublicationId(db, year, normalizeCode(blockCode));
  const cached = latest && publishedJsonCache.get(latest.id);
  if (cached) return cached;
  const json = JSON.stringify(await visibleResults(db, year, blockCode, mayPreview));
  if (latest) {
    if (publishedJsonCache.size >= PUBLISHED_CACHE_LIMIT) publishedJsonCache.delete(publishedJsonCache.keys().next().value!);
    publishedJsonCache.set(latest.id, json);
  }
  return json;
}

export async function requireRound(db: DbOrTx, year: number, blockCode: string): Promise<RoundRow> {
  const round = await findRound(db, year, normalizeCode(blockCode));
  if (!round) throw fail('assessment_round_not_found', { year, block: normalizeCode(blockCode) });
  return round;
}

/**
 * The results a caller may see: published results (the latest revision, frozen) for everyone; the live
 * computation of an unpublished round only when `mayPreview` (organizer, council).
 */
export async function visibleResults(db: DbOrTx, year: number, blockCode: string, mayPreview: boolean) {
  const round = await requireRound(db, year, blockCode);
  // Once published, everyone sees the frozen revision; until then only the organizer and the council.
  const published = await latestPublication(db, round.id);
  if (published) return { results: published.results as BlockResults, revision: published.revision, publishedAt: published.publishedAt.toISOString() };
  if (!mayPreview) throw fail('published_results_not_found', { year, block: round.blockCode });
  return { results: await computeRoundResults(db, round), revision: null, publishedAt: null };
}

/**
 * Publishes an approved round: its results as computed now are frozen in a new revision. Publishing again
 * is a correction and needs a reason; earlier revisions stay readable.
 * Publications of one round take turns on the round's row lock, so the next revision is computed from the latest
 * committed one: concurrent corrections each become their own revision. `expected` (If-Match: the revision the
 * caller corrects, 0 for none) refuses a correction made on a revision that is no longer the latest.
 */
export async function publishRound(db: Db, actor: Actor, roundId: number, reason: string | null, expected?: readonly number[] | null) {
  const published = await db.transaction(async (tx) => {
    await tx.select({ id: rounds.id }).from(rounds).where(eq(rounds.id, roundId)).for('update');
    const round = await getRound(tx, roundId);
    if (!round) throw failRound('round_not_found', { round: roundId });
    if (round.status === 'open') throw fail('publish_not_approved');
    const previous = await latestPublication(tx, roundId);
    await assertVersion(expected, previous?.revision ?? 0, () => (previous ? { revision: previous.revision, reason: previous.reason, publishedAt: previous.publishedAt.toISOString() } : null));
    if (previous && !reason?.trim()) {
      throw invalid('reason', 'correction_reason_required', undefined, 'A correction of published results needs a reason');
    }
    const { details, ...results } = await computeRoundResults(tx, { ...round, status: 'published' }, { details: true });
    const revision = (previous?.revision ?? 0) + 1;
    await tx.insert(publications).values({ roundId, revision, reason: reason?.trim() || null, results, details, publishedBy: actor.userId });
    await tx.update(rounds).set({ status: 'published', updatedAt: new Date() }).where(eq(rounds.id, roundId));
    const summary = (r: BlockResults) => r.units.map((u) => ({ unit: u.unitCode, index: u.index, rank: u.rank, class: u.class }));
    await recordAudit(tx, actor, {
      action: previous ? 'correct' : 'publish',
      entityType: 'results',
      entityId: `${round.year}/${round.blockCode}`,
      before: previous ? { revision: previous.revision, units: summary(previous.results as BlockResults) } : null,
      after: { revision, reason: reason?.trim() || null, units: summary(results) },
    });
    return { revision, results };
  });
  // After the commit, so that no request can remember the previous revision again.
  latestPublicationIds.clear();
  return published;
}

/** A row error of the scores import: the reason with its parameters. */
const rowError = (reason: keyof typeof reasons & string, params?: Parameters<typeof reasonText>[2]) => reasonText(reasons, reason, params);

export const SCORE_FILE_COLUMNS = ['unit_code', 'criterion_code', 'self_score', 'appraised_score', 'council_score', 'not_applicable'] as const;
const TRUE_WORDS = new Set(['yes', 'true', '1', 'x', 'có', 'co']);
const FALSE_WORDS = new Set(['', 'no', 'false', '0', 'không', 'khong']);

/**
 * Loads a past year's scores from a file (`unit_code,criterion_code,self_score,appraised_score,council_score,
 * not_applicable`; an empty cell is no value). They count as approved: the round of that year and block is
 * created as a historical, approved round on the latest framework revision. All rows are checked first;
 * any error rejects the whole file with its line numbers.
 */
export async function importScores(db: Db, actor: Actor, file: Buffer, year: number, blockCode: string) {
  const block = normalizeCode(blockCode);
  const blockId = await findBlockIdByCode(db, block);
  if (blockId === null) throw invalid('block', 'scores_import_unknown_block', { block }, `Unknown block ${block}`);
  const existingRound = await findRound(db, year, block);
  if (existingRound && !existingRound.historical) {
    throw fail('scores_import_round_in_app', { year, block });
  }
  if (existingRound?.status === 'published') {
    throw fail('scores_import_published', { year, block });
  }
  const frameworkId = existingRound?.frameworkId ?? (await latestFrameworkId(db, year, block));
  if (frameworkId === null) {
    throw invalid('year', 'scores_import_no_framework', { year, block }, `There is no ${year} framework for block ${block}; import the framework first`);
  }
  const framework = await loadScoringFramework(db, frameworkId);
  const rows = await readTable(file, { required: SCORE_FILE_COLUMNS });

  const members = new Map(
    (
      await db
        .select({ unitId: unitMemberships.unitId, code: sql<string>`(select code from units where id = ${unitMemberships.unitId})` })
        .from(unitMemberships)
        .where(and(eq(unitMemberships.year, year), eq(unitMemberships.blockId, blockId)))
    ).map((m) => [m.code, m.unitId]),
  );
  const parents = new Set(framework.criteria.map((c) => parentCodeOf(c.code)).filter((c): c is string => c !== null));
  const criterionByCode = new Map(framework.criteria.map((c) => [c.code, c]));
  const errors = new RowErrors();
  const seen = new Map<string, number>();
  const parsed: { unitId: number; criterionId: number; notApplicable: boolean; self: number | null; appraised: number | null; council: number | null }[] = [];
  for (const { row, values } of rows) {
    const unitCode = normalizeCode(values.unit_code ?? '');
    const criterionCode = (values.criterion_code ?? '').trim();
    const unitId = members.get(unitCode);
    if (!unitCode) errors.add(row, rowError('scores_unit_code_empty'), 'unit_code');
    else if (unitId === undefined) {
      const known = await findUnitIdByCode(db, unitCode);
      errors.add(row, known === null ? rowError('scores_unknown_unit', { unit: shortText(unitCode) }) : rowError('scores_unit_not_in_block', { unit: unitCode, block, year }), 'unit_code');
    }
    const criterion = criterionByCode.get(criterionCode);
    if (!criterionCode) errors.add(row, rowError('scores_criterion_code_empty'), 'criterion_code');
    else if (!criterion) errors.add(row, rowError('scores_unknown_criterion', { criterion: shortText(criterionCode), year, block }), 'criterion_code');
    else if (parents.has(criterionCode)) errors.add(row, rowError('scores_parent_criterion', { criterion: criterionCode }), 'criterion_code');
    const key = `${unitCode}|${criterionCode}`;
    if (seen.has(key)) errors.add(row, rowError('scores_duplicate_row', { unit: shortText(unitCode), criterion: shortText(criterionCode), first: seen.get(key)! }));
    else seen.set(key, row);
    const stage = (column: 'self_score' | 'appraised_score' | 'council_score'): number | null => {
      const text = (values[column] ?? '').trim();
      if (!text) return null;
      try {
        const value = parsePoints(text);
        if (criterion && (value < 0 || value > criterion.maxPoints)) {
          errors.add(row, rowError('scores_points_out_of_range', { value: shortText(text), max: formatPoints(criterion.maxPoints), criterion: criterion.code }), column);
        }
        return value;
      } catch (error) {
        if (!(error instanceof PointsFormatError)) throw error;
        errors.add(row, rowError('scores_not_points', { value: quote(text) }), column);
        return null;
      }
    };
    const self = stage('self_score');
    const appraised = stage('appraised_score');
    const council = stage('council_score');
    const naText = (values.not_applicable ?? '').trim().toLowerCase();
    if (!TRUE_WORDS.has(naText) && !FALSE_WORDS.has(naText)) errors.add(row, rowError('scores_not_yes_no', { value: quote(values.not_applicable ?? '') }), 'not_applicable');
    if (unitId !== undefined && criterion) parsed.push({ unitId, criterionId: criterion.id, notApplicable: TRUE_WORDS.has(naText), self, appraised, council });
  }
  errors.throwIfAny('Score import rejected');

  return db.transaction(async (tx) => {
    let roundId = existingRound?.id;
    if (!roundId) {
      const [created] = await tx
        .insert(rounds)
        .values({ frameworkId, year, blockId, status: 'approved', historical: true, approvedAt: new Date(), approvedBy: actor.userId })
        .returning({ id: rounds.id });
      roundId = created!.id;
      await recordAudit(tx, actor, { action: 'create', entityType: 'round', entityId: `${year}/${block}`, after: { year, block, frameworkId, status: 'approved', historical: true } });
    }
    const before = await loadRoundScores(tx, roundId);
    const unitIds = [...new Set(parsed.map((p) => p.unitId))];
    await tx.insert(unitAssessments).values(unitIds.map((unitId) => ({ roundId: roundId!, unitId }))).onConflictDoNothing();
    const codeOfUnit = new Map([...members].map(([code, id]) => [id, code]));
    const codeOfCriterion = new Map(framework.criteria.map((c) => [c.id, c.code]));
    const stageView = (s: LeafScore | undefined) =>
      s ? { notApplicable: !!s.notApplicable, self: s.self ?? null, appraised: s.appraised ?? null, council: s.council ?? null } : null;
    const changes: AuditChange[] = [];
    const values = [];
    for (const p of parsed) {
      const old = before.get(p.unitId)?.get(p.criterionId);
      const next = { notApplicable: p.notApplicable, self: p.self, appraised: p.appraised, council: p.council };
      const oldView = stageView(old);
      if (oldView && JSON.stringify(oldView) === JSON.stringify(next)) continue;
      const points = (v: number | null) => (v === null ? null : formatPoints(v));
      values.push({
        roundId,
        unitId: p.unitId,
        criterionId: p.criterionId,
        notApplicable: p.notApplicable,
        selfScore: points(p.self),
        appraisedScore: points(p.appraised),
        councilScore: points(p.council),
      });
      const asPoints = (v: ReturnType<typeof stageView>) =>
        v && { ...v, self: v.self === null ? null : pointsToNumber(v.self), appraised: v.appraised === null ? null : pointsToNumber(v.appraised), council: v.council === null ? null : pointsToNumber(v.council) };
      changes.push({
        action: oldView ? 'update' : 'create',
        entityType: 'score',
        entityId: `${year}/${block}/${codeOfUnit.get(p.unitId)}/${codeOfCriterion.get(p.criterionId)}`,
        before: asPoints(oldView),
        after: asPoints(next),
      });
    }
    for (let i = 0; i < values.length; i += 1000) {
      await tx
        .insert(scores)
        .values(values.slice(i, i + 1000))
        .onConflictDoUpdate({
          target: [scores.roundId, scores.unitId, scores.criterionId],
          set: {
            notApplicable: sql`excluded.not_applicable`,
            selfScore: sql`excluded.self_score`,
            appraisedScore: sql`excluded.appraised_score`,
            councilScore: sql`excluded.council_score`,
            updatedAt: new Date(),
          },
        });
    }
    await recordAuditMany(tx, actor, changes);
    return { roundId, units: unitIds.length, rows: parsed.length, changed: changes.length };
  });
}

export const RESULT_FILE_COLUMNS = ['unit_code', 'unit_name', 'block', 'score', 'max_score', 'index', 'rank', 'class'] as const;

const two = (value: number | null) => (value === null ? '' : value.toFixed(2));

/** Results as CSV (machine columns), XLSX (the table officials print) or JSON. */
export async function exportResults(results: BlockResults, format: TableFormat | 'json'): Promise<Buffer> {
  if (format === 'json') return Buffer.from(JSON.stringify(results, null, 2), 'utf8');
  if (format === 'csv') {
    const fieldColumns = results.fields.map((f) => `field_${f.code}`);
    return writeTable('csv', [...RESULT_FILE_COLUMNS, 'self_score', ...fieldColumns], results.units.map((u) => ({
      unit_code: u.unitCode,
      unit_name: u.unitName,
      block: results.blockCode,
      score: two(u.score),
      max_score: two(u.maxScore),
      index: two(u.index),
      rank: u.rank ?? '',
      class: u.class ?? '',
      self_score: two(u.selfScore),
      ...Object.fromEntries(u.fields.map((f) => [`field_${f.code}`, two(f.index)])),
    })));
  }
  const fieldTitle = new Map(results.fields.map((f) => [f.code, `${f.code}. ${f.title}`]));
  const headers = ['STT', 'Đơn vị', 'Điểm tự đánh giá', 'Điểm thẩm định', 'Chỉ số (%)', 'Xếp hạng', 'Xếp loại', ...fieldTitle.values()];
  // Numbers stay numbers so officials can sort and sum in Excel.
  return writeTable('xlsx', headers, results.units.map((u, i) => ({
    STT: i + 1,
    'Đơn vị': u.unitName,
    'Điểm tự đánh giá': u.selfScore,
    'Điểm thẩm định': u.score,
    'Chỉ số (%)': u.index,
    'Xếp hạng': u.rank,
    'Xếp loại': u.class,
    ...Object.fromEntries(u.fields.map((f) => [fieldTitle.get(f.code)!, f.index])),
  })), `${results.blockCode}-${results.year}`);
}
