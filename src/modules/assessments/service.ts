import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { scores, unitAssessments, type RoundStage } from '../../db/schema.js';
import { localDate, stageWindow } from '../../domain/deadlines.js';
import { normalizeCode } from '../../domain/codes.js';
import { formatPoints, parsePoints, PointsFormatError } from '../../domain/points.js';
import { invalidWith, reasonText } from '../../errors.js';
import { reasons as domainReasons } from '../../domain/reasons.js';
import { assertVersion } from '../../http/if-match.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { attachEvidence, countEvidenceByCriterion, detachEvidence, getEvidence, listEvidence, storeUpload, type UploadInput } from '../files/service.js';
import type { FileStore } from '../files/storage.js';
import { type CriterionNode, flattenCriteria, getFramework } from '../frameworks/service.js';
import { unitFormulaDetails } from '../indicators/service.js';
import { extensionUntil, getRoundView, type RoundView } from '../rounds/service.js';
import { findUnitIdByCode, unitCodesById } from '../units/service.js';
import { getUser } from '../users/service.js';
import { policies } from './policies.js';
import { fail, invalid, reasons } from './reasons.js';

const invalidPoints = invalidWith(domainReasons);

export interface Context {
  db: Db;
  actor: Actor;
  now: Date;
  /** The score versions the caller's If-Match accepts; absent: not checked. */
  ifMatch?: Expected;
}

type Expected = readonly number[] | null | undefined;

interface Scope {
  round: RoundView;
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
async function loadScope(db: DbOrTx, roundId: number, unitCode: string, options: { lock?: boolean } = {}): Promise<Scope> {
  const round = await getRoundView(db, roundId);
  const unitId = await findUnitIdByCode(db, unitCode);
  if (options.lock && unitId !== null) await db.execute(sql`select lock_score_unit(${roundId}, ${unitId})`);
  const [participant] = unitId === null ? [] : await db.select().from(unitAssessments).where(and(eq(unitAssessments.roundId, roundId), eq(unitAssessments.unitId, unitId)));
  if (!participant || unitId === null) throw fail('sheet_unit_not_in_round', { unit: normalizeCode(unitCode), round: roundId });
  const framework = await getFramework(db, round.frameworkId);
  return { round, unitId, unitCode: normalizeCode(unitCode), submittedAt: participant.submittedAt, criteria: flattenCriteria(framework.criteria) };
}

function leaf(scope: Scope, code: string): CriterionNode {
  const criterion = scope.criteria.find((c) => c.code === code);
  if (!criterion) throw fail('sheet_criterion_not_found', { criterion: code });
  if (!criterion.leaf) throw invalid('criterionCode', 'score_on_parent_criterion', { criterion: code }, `Criterion ${code} has sub-criteria; score its sub-criteria`);
  return criterion;
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
async function assertWindow(db: DbOrTx, scope: Scope, stage: RoundStage, now: Date) {
  if (scope.round.status !== 'open' || !scope.round.dates) {
    throw fail(scope.round.status === 'published' ? 'scores_locked_round_published' : 'scores_locked_round_approved', { year: scope.round.year });
  }
  const window = stageWindow(scope.round.dates, stage, localDate(now), await extensionUntil(db, scope.round.id, scope.unitId, stage));
  if (window.open) return;
  const details = { stage, deadline: window.deadline };
  if (window.reason === 'not_started') throw fail('self_assessment_not_started', { stage, from: window.opensOn ?? null }, details);
  throw fail(DEADLINE_REASON[stage], { stage, until: window.deadline }, details);
}

/** A score entered on `path`, 0 – max: reason `not_points` { value } or `score_out_of_range` { min, max }. */
function points(path: string, value: number | string, max: number): number {
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

async function scoreRow(db: DbOrTx, scope: Scope, criterionId: number, options: { forUpdate?: boolean } = {}) {
  const query = db.select().from(scores).where(and(eq(scores.roundId, scope.round.id), eq(scores.unitId, scope.unitId), eq(scores.criterionId, criterionId)));
  const [row] = options.forUpdate ? await query.for('update') : await query;
  return row ?? null;
}

type ScoreRow = NonNullable<Awaited<ReturnType<typeof scoreRow>>>;

function scoreView(row: ScoreRow | null) {
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
async function writeScore(tx: DbOrTx, actor: Actor, scope: Scope, criterion: CriterionNode, action: string, set: Partial<typeof scores.$inferInsert>, expected: Expected) {
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

/** The unit's sheet: the framework as a checklist with its scores, evidence and progress. */
export async function getSheet(db: DbOrTx, actor: Actor, roundId: number, unitCode: string) {
  const scope = await loadScope(db, roundId, unitCode);
  if (!policies.readSheet(actor, scope.unitId, scope.submittedAt !== null)) throw fail('sheet_read_forbidden');
  const rows = await db.select().from(scores).where(and(eq(scores.roundId, roundId), eq(scores.unitId, scope.unitId)));
  const byCriterion = new Map(rows.map((r) => [r.criterionId, r]));
  const evidenceCounts = await countEvidenceByCriterion(db, roundId, scope.unitId);
  const evidenceList = await listEvidence(db, { roundId, unitId: scope.unitId });
  const manualLeaves = scope.criteria.filter((c) => c.leaf && c.method === 'manual');
  const scored = manualLeaves.filter((c) => {
    const row = byCriterion.get(c.id);
    return row && (row.selfScore !== null || row.notApplicable);
  }).length;
  // Formula criteria are computed from the unit's data, shown read-only with their inputs.
  const formulaLeaves = scope.criteria.filter((c) => c.leaf && c.method === 'formula');
  const formulas = await unitFormulaDetails(db, scope.round.year, formulaLeaves.map((c) => ({ id: c.id, code: c.code, formula: c.formula, maxPoints: Math.round(c.maxPoints * 100) })), scope.unitId);
  return {
    round: scope.round,
    unitCode: scope.unitCode,
    submittedAt: scope.submittedAt ? scope.submittedAt.toISOString() : null,
    progress: { scored, toScore: manualLeaves.length - scored, total: manualLeaves.length },
    criteria: scope.criteria.map((c) => ({
      code: c.code,
      title: c.title,
      maxPoints: c.maxPoints,
      method: c.method,
      leaf: c.leaf,
      evidenceRequired: c.evidenceRequired,
      appraiser: c.effectiveAppraiser,
      guidance: c.guidance,
      evidenceCount: evidenceCounts.get(c.id) ?? 0,
      evidence: evidenceList.filter((e) => e.criterionId === c.id).map((e) => ({ id: e.id, fileName: e.fileName, size: e.size, mediaType: e.mediaType, uploadedAt: e.uploadedAt })),
      score: c.leaf ? scoreView(byCriterion.get(c.id) ?? null) : null,
      formula: formulas.get(c.id) ?? null,
    })),
  };
}

export interface SelfInput {
  score?: number | string | null;
  note?: string | null;
  notApplicable?: boolean;
  notApplicableReason?: string | null;
  missingEvidenceReason?: string | null;
}

/** A unit officer's or leader's own score on a manual criterion, before submission and within the window. */
export async function selfAssess(ctx: Context, roundId: number, unitCode: string, criterionCode: string, input: SelfInput) {
  return ctx.db.transaction(async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.selfAssess(ctx.actor, scope.unitId)) throw fail('self_assess_forbidden');
    const criterion = leaf(scope, criterionCode);
    if (criterion.method !== 'manual') {
      throw invalid('criterionCode', `${criterion.method}_criterion_not_self_scored`, { criterion: criterion.code, method: criterion.method }, `Criterion ${criterion.code} is ${criterion.method}: it is not self-scored`);
    }
    if (scope.submittedAt) throw fail('self_assessment_locked');
    await assertWindow(tx, scope, 'self_assessment', ctx.now);
    const set: Partial<typeof scores.$inferInsert> = {};
    if (input.score !== undefined) set.selfScore = input.score === null ? null : formatPoints(points('score', input.score, criterion.maxPoints));
    if (input.note !== undefined) set.selfNote = input.note?.trim() || null;
    if (input.notApplicable !== undefined) {
      if (input.notApplicable && !input.notApplicableReason?.trim()) {
        throw invalid('notApplicableReason', 'not_applicable_reason_required', undefined, 'notApplicableReason: a criterion marked not applicable needs a reason');
      }
      set.notApplicable = input.notApplicable;
      set.notApplicableReason = input.notApplicable ? input.notApplicableReason!.trim() : null;
    }
    if (input.missingEvidenceReason !== undefined) set.missingEvidenceReason = input.missingEvidenceReason?.trim() || null;
    return writeScore(tx, ctx.actor, scope, criterion, 'self_assess', set, ctx.ifMatch);
  });
}

export async function uploadEvidence(ctx: Context, store: FileStore, roundId: number, unitCode: string, criterionCode: string, upload: UploadInput) {
  const scope = await loadScope(ctx.db, roundId, unitCode);
  if (!policies.selfAssess(ctx.actor, scope.unitId)) throw fail('evidence_add_forbidden');
  const criterion = leaf(scope, criterionCode);
  if (scope.submittedAt) throw fail('self_assessment_locked');
  await assertWindow(ctx.db, scope, 'self_assessment', ctx.now);
  const file = await storeUpload(ctx.db, store, ctx.actor, upload);
  return attachEvidence(ctx.db, ctx.actor, { roundId, unitId: scope.unitId, criterionId: criterion.id, sha256: file.sha256, fileName: file.fileName });
}

/**
 * The unit's staff remove an evidence file they attached, while the self-assessment is open and not submitted.
 * The checks, the removal and its audit row (`evidence`/`delete`) are one transaction.
 * The stored file stays: it is kept once by content and other evidence may share it.
 */
export async function removeEvidence(ctx: Context, roundId: number, unitCode: string, evidenceId: number) {
  await ctx.db.transaction(async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.selfAssess(ctx.actor, scope.unitId)) throw fail('evidence_remove_forbidden');
    if (scope.submittedAt) throw fail('self_assessment_locked');
    await assertWindow(tx, scope, 'self_assessment', ctx.now);
    await detachEvidence(tx, ctx.actor, evidenceId, { roundId, unitId: scope.unitId });
  });
}

/** Evidence may be downloaded by whoever may read the unit's sheet. */
export async function evidenceForDownload(db: DbOrTx, actor: Actor, roundId: number, unitCode: string, evidenceId: number) {
  const scope = await loadScope(db, roundId, unitCode);
  if (!policies.readSheet(actor, scope.unitId, scope.submittedAt !== null)) throw fail('evidence_read_forbidden');
  const item = await getEvidence(db, evidenceId);
  if (item.roundId !== roundId || item.unitId !== scope.unitId) throw fail('sheet_evidence_not_found', { evidence: evidenceId });
  return item;
}

/**
 * The leader submits: every applicable manual criterion must have a score, and where evidence is required but
 * missing, a reason. Submission locks the self-assessment.
 */
export async function submit(ctx: Context, roundId: number, unitCode: string) {
  return ctx.db.transaction(async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.submit(ctx.actor, scope.unitId)) throw fail('submit_forbidden');
    if (scope.submittedAt) throw fail('assessment_already_submitted');
    await assertWindow(tx, scope, 'self_assessment', ctx.now);
    const rows = new Map((await tx.select().from(scores).where(and(eq(scores.roundId, roundId), eq(scores.unitId, scope.unitId)))).map((r) => [r.criterionId, r]));
    const evidenceCounts = await countEvidenceByCriterion(tx, roundId, scope.unitId);
    const issues: ({ path: string } & ReturnType<typeof reasonText>)[] = [];
    for (const c of scope.criteria.filter((x) => x.leaf && x.method === 'manual')) {
      const row = rows.get(c.id);
      if (row?.notApplicable) continue;
      if (!row || row.selfScore === null) issues.push({ path: c.code, ...reasonText(reasons, 'criterion_not_scored', { criterion: c.code }) });
      else if (c.evidenceRequired && !(evidenceCounts.get(c.id) ?? 0) && !row.missingEvidenceReason) {
        issues.push({ path: c.code, ...reasonText(reasons, 'criterion_evidence_missing', { criterion: c.code }) });
      }
    }
    if (issues.length) throw fail('criteria_not_ready', { count: issues.length }, { issues });
    await tx.update(unitAssessments).set({ submittedAt: ctx.now, submittedBy: ctx.actor.userId }).where(and(eq(unitAssessments.roundId, roundId), eq(unitAssessments.unitId, scope.unitId)));
    await recordAudit(tx, ctx.actor, { action: 'submit', entityType: 'assessment', entityId: `${scope.round.year}/${scope.round.blockCode}/${scope.unitCode}`, before: { submittedAt: null }, after: { submittedAt: ctx.now.toISOString() } });
    return { submittedAt: ctx.now.toISOString() };
  });
}

export interface AppraisalInput {
  score?: number | string;
  reason?: string | null;
  explanationRequest?: string | null;
  final?: boolean;
}

/**
 * The appraising department accepts or sets a score with a reason, may ask the unit for an explanation, and
 * finalises after the answer. A score that differs from the self-score needs a reason.
 */
export async function appraise(ctx: Context, roundId: number, unitCode: string, criterionCode: string, input: AppraisalInput) {
  return ctx.db.transaction(async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    const criterion = leaf(scope, criterionCode);
    const me = ctx.actor.userId === null ? null : await getUser(tx, ctx.actor.userId);
    if (!policies.appraise(ctx.actor, criterion.effectiveAppraiser, me?.unitCode ?? null)) {
      throw criterion.effectiveAppraiser
        ? fail('appraise_forbidden', { criterion: criterion.code, appraiser: criterion.effectiveAppraiser })
        : fail('appraise_forbidden_no_appraiser', { criterion: criterion.code });
    }
    if (!scope.submittedAt) throw fail('assessment_not_submitted');
    const current = await scoreRow(tx, scope, criterion.id);
    // After asking for an explanation the final score comes after the unit's answer: until the council's deadline.
    await assertWindow(tx, scope, current?.explanationRequest ? 'council' : 'appraisal', ctx.now);
    if (current?.appraisalFinal) throw fail('appraisal_final');
    const set: Partial<typeof scores.$inferInsert> = { appraisedBy: ctx.actor.userId, appraisedAt: ctx.now };
    if (input.score !== undefined) {
      const value = points('score', input.score, criterion.maxPoints);
      const self = current?.selfScore === null || current?.selfScore === undefined ? null : parsePoints(current.selfScore);
      if (value !== self && !input.reason?.trim()) {
        throw invalid('reason', 'appraisal_reason_required', undefined, 'reason: a score that differs from the self-assessment needs a reason');
      }
      set.appraisedScore = formatPoints(value);
      set.appraisalReason = input.reason?.trim() || null;
    }
    if (input.explanationRequest !== undefined) {
      if (current?.explanationRequest) throw fail('explanation_already_asked');
      set.explanationRequest = input.explanationRequest?.trim() || null;
    }
    if (input.final) {
      if (set.appraisedScore === undefined && current?.appraisedScore == null) throw invalid('score', 'appraisal_score_required', undefined, 'score: set a score before finalising');
      set.appraisalFinal = true;
    }
    return writeScore(tx, ctx.actor, scope, criterion, 'appraise', set, ctx.ifMatch);
  });
}

/** The unit answers an explanation request once, within the explanation window. */
export async function explain(ctx: Context, roundId: number, unitCode: string, criterionCode: string, answer: string) {
  return ctx.db.transaction(async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.selfAssess(ctx.actor, scope.unitId)) throw fail('explain_forbidden');
    const criterion = leaf(scope, criterionCode);
    const current = await scoreRow(tx, scope, criterion.id);
    if (!current?.explanationRequest) throw fail('explanation_not_asked');
    if (current.explanationAnswer) throw fail('explanation_already_given');
    await assertWindow(tx, scope, 'explanation', ctx.now);
    return writeScore(tx, ctx.actor, scope, criterion, 'explain', { explanationAnswer: answer.trim(), explanationAnsweredAt: ctx.now }, ctx.ifMatch);
  });
}

/** The council sets a score with a reason on any criterion, within its window. */
export async function councilScore(ctx: Context, roundId: number, unitCode: string, criterionCode: string, input: { score: number | string; reason: string }) {
  return ctx.db.transaction(async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.council(ctx.actor)) throw fail('council_forbidden');
    const criterion = leaf(scope, criterionCode);
    await assertWindow(tx, scope, 'council', ctx.now);
    const value = points('score', input.score, criterion.maxPoints);
    return writeScore(tx, ctx.actor, scope, criterion, 'council', { councilScore: formatPoints(value), councilReason: input.reason.trim(), councilBy: ctx.actor.userId, councilAt: ctx.now }, ctx.ifMatch);
  });
}

/**
 * The organizer enters the points that are not self-scored: survey results (points from the sociological survey),
 * bonus and penalty. Stored at the appraisal stage with a reason, until the council's deadline.
 */
export async function organizerPoints(ctx: Context, roundId: number, unitCode: string, criterionCode: string, input: { score?: number | string; notApplicable?: boolean; reason: string }) {
  return ctx.db.transaction(async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.organizer(ctx.actor)) throw fail('organizer_points_forbidden');
    const criterion = leaf(scope, criterionCode);
    if (criterion.method === 'manual' || criterion.method === 'formula') {
      throw invalid('criterionCode', `${criterion.method}_criterion_not_organizer`, { criterion: criterion.code, method: criterion.method }, `Criterion ${criterion.code} is ${criterion.method}; the organizer enters survey, bonus and penalty points only`);
    }
    await assertWindow(tx, scope, 'council', ctx.now);
    const set: Partial<typeof scores.$inferInsert> = { appraisalReason: input.reason.trim(), appraisedBy: ctx.actor.userId, appraisedAt: ctx.now };
    if (input.score !== undefined) set.appraisedScore = formatPoints(points('score', input.score, criterion.maxPoints));
    // A survey that was not held makes its criteria not applicable (domain.md).
    if (input.notApplicable !== undefined) {
      set.notApplicable = input.notApplicable;
      set.notApplicableReason = input.notApplicable ? input.reason.trim() : null;
    }
    return writeScore(tx, ctx.actor, scope, criterion, 'organizer_points', set, ctx.ifMatch);
  });
}

/**
 * After approval or publication, the organizer corrects a score with a reason. The published revision does not move
 * until a correction is published (POST /results/publish with a reason), which keeps the old revision visible.
 */
export async function correctScore(ctx: Context, roundId: number, unitCode: string, criterionCode: string, input: { score: number | string; reason: string }) {
  return ctx.db.transaction(async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.organizer(ctx.actor)) throw fail('correction_forbidden');
    if (scope.round.status === 'open') throw fail('correction_round_open');
    const criterion = leaf(scope, criterionCode);
    const value = points('score', input.score, criterion.maxPoints);
    return writeScore(tx, ctx.actor, scope, criterion, 'correct', { councilScore: formatPoints(value), councilReason: input.reason.trim(), councilBy: ctx.actor.userId, councilAt: ctx.now }, ctx.ifMatch);
  });
}

/**
 * An appraiser's queue: for every unit that has submitted, the criteria their department appraises, with the
 * self-score, note and evidence count beside the appraisal so far. Unfinished items first.
 */
export async function appraisalQueue(db: DbOrTx, actor: Actor, roundId: number) {
  const me = actor.userId === null ? null : await getUser(db, actor.userId);
  if (actor.role !== 'appraiser' || !me?.unitCode) throw fail('appraisal_queue_forbidden');
  const round = await getRoundView(db, roundId);
  const framework = await getFramework(db, round.frameworkId);
  const mine = flattenCriteria(framework.criteria).filter((c) => c.leaf && c.method === 'manual' && c.effectiveAppraiser === me.unitCode);
  const submitted = (await db.select().from(unitAssessments).where(eq(unitAssessments.roundId, roundId))).filter((p) => p.submittedAt !== null);
  const unitCodes = await unitCodesById(db, submitted.map((p) => p.unitId));
  const rows = await db.select().from(scores).where(eq(scores.roundId, roundId));
  const items = [];
  for (const participant of submitted) {
    const evidenceCounts = await countEvidenceByCriterion(db, roundId, participant.unitId);
    for (const c of mine) {
      const row = rows.find((r) => r.unitId === participant.unitId && r.criterionId === c.id) ?? null;
      items.push({
        unitCode: unitCodes.get(participant.unitId)!,
        criterionCode: c.code,
        title: c.title,
        maxPoints: c.maxPoints,
        evidenceRequired: c.evidenceRequired,
        evidenceCount: evidenceCounts.get(c.id) ?? 0,
        status: row?.appraisalFinal ? ('final' as const) : row?.explanationRequest && !row.explanationAnswer ? ('waiting_explanation' as const) : row?.appraisedScore != null ? ('appraised' as const) : ('to_appraise' as const),
        ...scoreView(row),
      });
    }
  }
  const order = { to_appraise: 0, appraised: 1, waiting_explanation: 2, final: 3 };
  return items.sort((a, b) => order[a.status] - order[b.status] || a.unitCode.localeCompare(b.unitCode) || a.criterionCode.localeCompare(b.criterionCode, undefined, { numeric: true }));
}

/** For the council: every criterion where the appraised score differs from the self-score. */
export async function disagreements(db: DbOrTx, roundId: number) {
  const round = await getRoundView(db, roundId);
  const framework = await getFramework(db, round.frameworkId);
  // Only self-scored (manual) criteria can disagree; survey, bonus and penalty points have no self-score.
  const manual = flattenCriteria(framework.criteria).filter((c) => c.leaf && c.method === 'manual');
  const codeOf = new Map(manual.map((c) => [c.id, c.code]));
  const rows = (await db.select().from(scores).where(eq(scores.roundId, roundId))).filter(
    (r) => codeOf.has(r.criterionId) && r.appraisedScore !== null && r.appraisedScore !== r.selfScore,
  );
  const unitCodes = await unitCodesById(db, [...new Set(rows.map((r) => r.unitId))]);
  return rows
    .map((row) => ({ unitCode: unitCodes.get(row.unitId)!, criterionCode: codeOf.get(row.criterionId)!, ...scoreView(row) }))
    .sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.criterionCode.localeCompare(b.criterionCode, undefined, { numeric: true }));
}
