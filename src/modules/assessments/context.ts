import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx, Tx } from '../../db/client.js';
import { scores, unitAssessments, type RoundStage } from '../../db/schema.js';
import { localDate, missedSubmission, stageWindow } from '../../domain/deadlines.js';
import { normalizeCode } from '../../domain/codes.js';
import { formatPoints, parsePoints, PointsFormatError } from '../../domain/points.js';
import { invalidWith } from '../../errors.js';
import { reasons as domainReasons } from '../../domain/reasons.js';
import { assertVersion } from '../../http/if-match.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { type CriterionNode, flattenCriteria, getFramework } from '../frameworks/service.js';
import type { Round } from '../rounds/schemas.js';
import { extensionUntil, getRound } from '../rounds/service.js';
import { findUnitIdByCode } from '../units/service.js';
import { getUser } from '../users/service.js';
import { fail, invalid } from './reasons.js';
import type { Score } from './schemas.js';

/**
 * What the commands and queries of a unit's assessment share: the request context, the round, unit and criteria a
 * request works on, the stage windows, points within a criterion's maximum, and one score row read and written
 * with its audit row.
 */

const invalidPoints = invalidWith(domainReasons);

export interface Context {
  db: Db;
  actor: Actor;
  now: Date;
  /** The score versions the caller's If-Match accepts; absent: not checked. */
  ifMatch?: Expected;
}

type Expected = readonly number[] | null | undefined;

export interface Scope {
  round: Round;
  unitId: number;
  unitCode: string;
  submittedAt: Date | null;
  criteria: CriterionNode[];
}

/**
 * The round, unit and criteria a request works on. `lock` (writes, inside their transaction): first wait for the unit's
 * lock in this round (lock_score_unit, migration 0007), held until commit, so that one transaction at a time reads and
 * writes the unit's scores: the submission state, the row's "before" for the audit and its version are then current.
 */
export async function loadScope(db: DbOrTx, roundId: number, unitCode: string, options: { lock?: boolean } = {}): Promise<Scope> {
  const round = await getRound(db, roundId);
  const unitId = await findUnitIdByCode(db, unitCode);
  if (options.lock && unitId !== null) await db.execute(sql`select lock_score_unit(${roundId}, ${unitId})`);
  const [participant] =
    unitId === null
      ? []
      : await db
          .select()
          .from(unitAssessments)
          .where(and(eq(unitAssessments.roundId, roundId), eq(unitAssessments.unitId, unitId)));
  if (!participant || unitId === null) throw fail('sheet_unit_not_in_round', { unit: normalizeCode(unitCode), round: roundId });
  const framework = await getFramework(db, round.frameworkId);
  return { round, unitId, unitCode: normalizeCode(unitCode), submittedAt: participant.submittedAt, criteria: flattenCriteria(framework.criteria) };
}

export function leaf(scope: Scope, code: string): CriterionNode {
  const criterion = scope.criteria.find((c) => c.code === code);
  if (!criterion) throw fail('sheet_criterion_not_found', { criterion: code });
  if (!criterion.leaf)
    throw invalid('criterionCode', 'score_on_parent_criterion', { criterion: code }, `Criterion ${code} has sub-criteria; score its sub-criteria`);
  return criterion;
}

/** The code of the caller's own unit (an appraiser's department), or null. */
export async function actorUnitCode(db: DbOrTx, actor: Actor): Promise<string | null> {
  const me = actor.userId === null ? null : await getUser(db, actor.userId);
  return me?.unitCode ?? null;
}

const DEADLINE_REASON = {
  self_assessment: 'self_assessment_deadline_passed',
  appraisal: 'appraisal_deadline_passed',
  explanation: 'explanation_deadline_passed',
  council: 'council_deadline_passed',
} as const;

/**
 * Refuses a write outside the stage's window for this unit (extensions included): reason `<stage>_deadline_passed`
 * { stage, until } or `self_assessment_not_started` { stage, from }; details { stage, deadline }.
 */
export async function assertWindow(db: DbOrTx, scope: Scope, stage: RoundStage, now: Date) {
  if (scope.round.status !== 'open' || !scope.round.dates) {
    throw fail(scope.round.status === 'published' ? 'scores_locked_round_published' : 'scores_locked_round_approved', { year: scope.round.year });
  }
  const window = stageWindow(scope.round.dates, stage, localDate(now), await extensionUntil(db, scope.round.id, scope.unitId, stage));
  if (window.open) return;
  const details = { stage, deadline: window.deadline };
  if (window.reason === 'not_started') throw fail('self_assessment_not_started', { stage, from: window.opensOn ?? null }, details);
  throw fail(DEADLINE_REASON[stage], { stage, until: window.deadline }, details);
}

/** Whether the unit let its self-assessment window close without submitting (deadlines.ts missedSubmission). */
export async function missedBy(db: DbOrTx, scope: Scope, now: Date): Promise<boolean> {
  if (scope.submittedAt || !scope.round.dates) return false;
  return missedSubmission(scope.round.dates, localDate(now), false, await extensionUntil(db, scope.round.id, scope.unitId, 'self_assessment'));
}

/** A score entered on `path`, 0 – max: reason `not_points` { value } or `score_out_of_range` { min, max }. */
export function points(path: string, value: number | string, max: number): number {
  let parsed: number;
  try {
    parsed = parsePoints(value);
  } catch (error) {
    if (error instanceof PointsFormatError) throw invalidPoints(path, error.reason, error.params);
    throw error;
  }
  const maxHundredths = Math.round(max * 100);
  if (parsed < 0 || parsed > maxHundredths) throw invalid(path, 'score_out_of_range', { min: 0, max: formatPoints(maxHundredths) });
  return parsed;
}

export async function scoreRow(db: DbOrTx, scope: Scope, criterionId: number, options: { forUpdate?: boolean } = {}) {
  const query = db
    .select()
    .from(scores)
    .where(and(eq(scores.roundId, scope.round.id), eq(scores.unitId, scope.unitId), eq(scores.criterionId, criterionId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

type ScoreRow = typeof scores.$inferSelect;

export function scoreView(row: ScoreRow | null): Score {
  const num = (v: string | null) => (v === null ? null : Number(v));
  return {
    notApplicable: row?.notApplicable ?? false,
    notApplicableReason: row?.notApplicableReason ?? null,
    selfScore: num(row?.selfScore ?? null),
    selfNote: row?.selfNote ?? null,
    missingEvidenceReason: row?.missingEvidenceReason ?? null,
    appraisedScore: num(row?.appraisedScore ?? null),
    appraisalReason: row?.appraisalReason ?? null,
    explanationRequest: row?.explanationRequest ?? null,
    explanationAnswer: row?.explanationAnswer ?? null,
    appraisalFinal: row?.appraisalFinal ?? false,
    councilScore: num(row?.councilScore ?? null),
    councilReason: row?.councilReason ?? null,
    /** 0 while the score has no row yet; the ETag a write sends back in If-Match. */
    version: row?.version ?? 0,
  };
}

/**
 * Writes one score row's changed columns in the caller's transaction and audits before/after. The scope was loaded
 * with `lock`; "before" is read under the row's lock too, so each audit row's "before" is the previous row's "after".
 * `expected` (If-Match) refuses a write made on a version that is no longer current.
 */
export async function writeScore(
  tx: Tx,
  actor: Actor,
  scope: Scope,
  criterion: CriterionNode,
  action: string,
  set: Partial<typeof scores.$inferInsert>,
  expected: Expected,
): Promise<Score> {
  const before = await scoreRow(tx, scope, criterion.id, { forUpdate: true });
  await assertVersion(expected, before?.version ?? 0, () => scoreView(before));
  await tx
    .insert(scores)
    .values({ roundId: scope.round.id, unitId: scope.unitId, criterionId: criterion.id, ...set })
    .onConflictDoUpdate({ target: [scores.roundId, scores.unitId, scores.criterionId], set: { ...set, updatedAt: new Date() } });
  const after = await scoreRow(tx, scope, criterion.id);
  await recordAudit(tx, actor, {
    action,
    entityType: 'score',
    entityId: `${scope.round.year}/${scope.round.blockCode}/${scope.unitCode}/${criterion.code}`,
    before: before ? scoreView(before) : null,
    after: scoreView(after),
  });
  return scoreView(after);
}
