import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.js';
import { scores, unitAssessments, type RoundStage } from '../../db/schema.js';
import { localDate, stageWindow } from '../../domain/deadlines.js';
import { normalizeCode } from '../../domain/codes.js';
import { formatPoints, parsePoints, PointsFormatError } from '../../domain/points.js';
import { AppError, forbidden, notFound } from '../../errors.js';
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
  if (!participant || unitId === null) throw notFound(`Unit ${normalizeCode(unitCode)} in round ${roundId}`);
  const framework = await getFramework(db, round.frameworkId);
  return { round, unitId, unitCode: normalizeCode(unitCode), submittedAt: participant.submittedAt, criteria: flattenCriteria(framework.criteria) };
}

function leaf(scope: Scope, code: string): CriterionNode {
  const criterion = scope.criteria.find((c) => c.code === code);
  if (!criterion) throw notFound(`Criterion ${code}`);
  if (!criterion.leaf) throw new AppError('validation_failed', `Criterion ${code} has sub-criteria; score its sub-criteria`, { issues: [{ path: 'criterionCode', message: 'has sub-criteria' }] });
  return criterion;
}

/** Refuses a write outside the stage's window for this unit (extensions included), with the deadline in the message. */
async function assertWindow(db: DbOrTx, scope: Scope, stage: RoundStage, now: Date) {
  if (scope.round.status !== 'open' || !scope.round.dates) throw new AppError('deadline_passed', `The ${scope.round.year} round is ${scope.round.status}; scores can no longer change`);
  const window = stageWindow(scope.round.dates, stage, localDate(now), await extensionUntil(db, scope.round.id, scope.unitId, stage));
  if (window.open) return;
  const what = stage.replace('_', '-');
  throw new AppError(
    'deadline_passed',
    window.reason === 'not_started' ? `The ${what} window opens on ${window.opensOn}` : `The ${what} deadline was ${window.deadline}`,
    { stage, deadline: window.deadline },
  );
}

function points(path: string, value: number | string, max: number): number {
  let parsed: number;
  try {
    parsed = parsePoints(value);
  } catch (error) {
    if (error instanceof PointsFormatError) throw new AppError('validation_failed', `${path}: ${error.message}`, { issues: [{ path, message: error.message }] });
    throw error;
  }
  const maxHundredths = Math.round(max * 100);
  if (parsed < 0 || parsed > maxHundredths) {
    throw new AppError('validation_failed', `${path}: must be between 0 and ${formatPoints(maxHundredths)}`, { issues: [{ path, message: `must be between 0 and ${formatPoints(maxHundredths)}` }] });
  }
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
  if (!policies.readSheet(actor, scope.unitId, scope.submittedAt !== null)) throw forbidden("You may not see this unit's assessment");
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
    if (!policies.selfAssess(ctx.actor, scope.unitId)) throw forbidden('Only the staff of this unit score it');
    const criterion = leaf(scope, criterionCode);
    if (criterion.method !== 'manual') throw new AppError('validation_failed', `Criterion ${criterion.code} is ${criterion.method}: it is not self-scored`, { issues: [{ path: 'criterionCode', message: `${criterion.method} criteria are not self-scored` }] });
    if (scope.submittedAt) throw new AppError('conflict', 'The self-assessment was submitted and is locked');
    await assertWindow(tx, scope, 'self_assessment', ctx.now);
    const set: Partial<typeof scores.$inferInsert> = {};
    if (input.score !== undefined) set.selfScore = input.score === null ? null : formatPoints(points('score', input.score, criterion.maxPoints));
    if (input.note !== undefined) set.selfNote = input.note?.trim() || null;
    if (input.notApplicable !== undefined) {
      if (input.notApplicable && !input.notApplicableReason?.trim()) {
        throw new AppError('validation_failed', 'notApplicableReason: a criterion marked not applicable needs a reason', { issues: [{ path: 'notApplicableReason', message: 'required when not applicable' }] });
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
  if (!policies.selfAssess(ctx.actor, scope.unitId)) throw forbidden('Only the staff of this unit add its evidence');
  const criterion = leaf(scope, criterionCode);
  if (scope.submittedAt) throw new AppError('conflict', 'The self-assessment was submitted and is locked');
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
    if (!policies.selfAssess(ctx.actor, scope.unitId)) throw forbidden('Only the staff of this unit remove its evidence');
    if (scope.submittedAt) throw new AppError('conflict', 'The self-assessment was submitted and is locked');
    await assertWindow(tx, scope, 'self_assessment', ctx.now);
    await detachEvidence(tx, ctx.actor, evidenceId, { roundId, unitId: scope.unitId });
  });
}

/** Evidence may be downloaded by whoever may read the unit's sheet. */
export async function evidenceForDownload(db: DbOrTx, actor: Actor, roundId: number, unitCode: string, evidenceId: number) {
  const scope = await loadScope(db, roundId, unitCode);
  if (!policies.readSheet(actor, scope.unitId, scope.submittedAt !== null)) throw forbidden("You may not see this unit's evidence");
  const item = await getEvidence(db, evidenceId);
  if (item.roundId !== roundId || item.unitId !== scope.unitId) throw notFound(`Evidence ${evidenceId}`);
  return item;
}

/**
 * The leader submits: every applicable manual criterion must have a score, and where evidence is required but
 * missing, a reason. Submission locks the self-assessment.
 */
export async function submit(ctx: Context, roundId: number, unitCode: string) {
  return ctx.db.transaction(async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.submit(ctx.actor, scope.unitId)) throw forbidden("Only the unit's leader submits");
    if (scope.submittedAt) throw new AppError('conflict', 'Already submitted');
    await assertWindow(tx, scope, 'self_assessment', ctx.now);
    const rows = new Map((await tx.select().from(scores).where(and(eq(scores.roundId, roundId), eq(scores.unitId, scope.unitId)))).map((r) => [r.criterionId, r]));
    const evidenceCounts = await countEvidenceByCriterion(tx, roundId, scope.unitId);
    const issues: { path: string; message: string }[] = [];
    for (const c of scope.criteria.filter((x) => x.leaf && x.method === 'manual')) {
      const row = rows.get(c.id);
      if (row?.notApplicable) continue;
      if (!row || row.selfScore === null) issues.push({ path: c.code, message: 'not scored' });
      else if (c.evidenceRequired && !(evidenceCounts.get(c.id) ?? 0) && !row.missingEvidenceReason) {
        issues.push({ path: c.code, message: 'evidence is required: attach it or explain why it is missing' });
      }
    }
    if (issues.length) throw new AppError('validation_failed', `${issues.length} criteria are not ready to submit`, { issues });
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
      throw forbidden(`Criterion ${criterion.code} is appraised by ${criterion.effectiveAppraiser ?? 'no department'}`);
    }
    if (!scope.submittedAt) throw new AppError('conflict', 'The unit has not submitted its self-assessment yet');
    const current = await scoreRow(tx, scope, criterion.id);
    // After asking for an explanation the final score comes after the unit's answer: until the council's deadline.
    await assertWindow(tx, scope, current?.explanationRequest ? 'council' : 'appraisal', ctx.now);
    if (current?.appraisalFinal) throw new AppError('conflict', 'The appraisal of this criterion is final');
    const set: Partial<typeof scores.$inferInsert> = { appraisedBy: ctx.actor.userId, appraisedAt: ctx.now };
    if (input.score !== undefined) {
      const value = points('score', input.score, criterion.maxPoints);
      const self = current?.selfScore === null || current?.selfScore === undefined ? null : parsePoints(current.selfScore);
      if (value !== self && !input.reason?.trim()) {
        throw new AppError('validation_failed', 'reason: a score that differs from the self-assessment needs a reason', { issues: [{ path: 'reason', message: 'required when the score differs from the self-score' }] });
      }
      set.appraisedScore = formatPoints(value);
      set.appraisalReason = input.reason?.trim() || null;
    }
    if (input.explanationRequest !== undefined) {
      if (current?.explanationRequest) throw new AppError('conflict', 'An explanation was already asked for this criterion');
      set.explanationRequest = input.explanationRequest?.trim() || null;
    }
    if (input.final) {
      if (set.appraisedScore === undefined && current?.appraisedScore == null) throw new AppError('validation_failed', 'score: set a score before finalising', { issues: [{ path: 'score', message: 'required to finalise' }] });
      set.appraisalFinal = true;
    }
    return writeScore(tx, ctx.actor, scope, criterion, 'appraise', set, ctx.ifMatch);
  });
}

/** The unit answers an explanation request once, within the explanation window. */
export async function explain(ctx: Context, roundId: number, unitCode: string, criterionCode: string, answer: string) {
  return ctx.db.transaction(async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.selfAssess(ctx.actor, scope.unitId)) throw forbidden('Only the staff of this unit answer for it');
    const criterion = leaf(scope, criterionCode);
    const current = await scoreRow(tx, scope, criterion.id);
    if (!current?.explanationRequest) throw new AppError('conflict', 'No explanation was asked for this criterion');
    if (current.explanationAnswer) throw new AppError('conflict', 'The explanation was already given; it is answered once');
    await assertWindow(tx, scope, 'explanation', ctx.now);
    return writeScore(tx, ctx.actor, scope, criterion, 'explain', { explanationAnswer: answer.trim(), explanationAnsweredAt: ctx.now }, ctx.ifMatch);
  });
}

/** The council sets a score with a reason on any criterion, within its window. */
export async function councilScore(ctx: Context, roundId: number, unitCode: string, criterionCode: string, input: { score: number | string; reason: string }) {
  return ctx.db.transaction(async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.council(ctx.actor)) throw forbidden('Only the council sets council scores');
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
    if (!policies.organizer(ctx.actor)) throw forbidden('Only the organizer enters survey, bonus and penalty points');
    const criterion = leaf(scope, criterionCode);
    if (criterion.method === 'manual' || criterion.method === 'formula') {
      throw new AppError('validation_failed', `Criterion ${criterion.code} is ${criterion.method}; the organizer enters survey, bonus and penalty points only`, { issues: [{ path: 'criterionCode', message: `${criterion.method} criteria are scored in the cycle` }] });
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
    if (!policies.organizer(ctx.actor)) throw forbidden('Only the organizer corrects approved results');
    if (scope.round.status === 'open') throw new AppError('conflict', 'The round is still open; scores are changed in the cycle');
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
  if (actor.role !== 'appraiser' || !me?.unitCode) throw forbidden('The queue is for appraisers');
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
