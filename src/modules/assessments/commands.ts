import { and, eq } from 'drizzle-orm';
import { inTransaction } from '../../db/client.js';
import { scores, unitAssessments } from '../../db/schema.js';
import { formatPoints, parsePoints } from '../../domain/points.js';
import { reasonText } from '../../errors.js';
import { attachEvidence, countEvidenceByCriterion, detachEvidence, listEvidence, storeUpload, type UploadInput } from '../files/service.js';
import type { Evidence } from '../files/schemas.js';
import type { FileStore } from '../files/storage.js';
import { recordAudit } from '../audit/service.js';
import { actorUnitCode, assertWindow, type Context, leaf, loadScope, missedBy, points, scoreRow, writeScore } from './context.js';
import { policies } from './policies.js';
import { fail, invalid, reasons } from './reasons.js';
import type { AppraisalBody, OrganizerPointsBody, Score, ScoreWithReasonBody, SelfScoreBody, Submitted } from './schemas.js';

/**
 * The writes of a unit's assessment, one per stage: each checks who may (policies.ts), the submission and the stage's
 * window, then writes the score row and its audit row in one transaction under the unit's lock (context.ts).
 */

/** A unit officer's or leader's own score on a manual criterion, before submission and within the window. */
export async function selfAssess(ctx: Context, roundId: number, unitCode: string, criterionCode: string, input: SelfScoreBody): Promise<Score> {
  return inTransaction(ctx.db, async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.selfAssess(ctx.actor, scope.unitId)) throw fail('self_assess_forbidden');
    const criterion = leaf(scope, criterionCode);
    if (criterion.method !== 'manual') {
      throw invalid(
        'criterionCode',
        `${criterion.method}_criterion_not_self_scored`,
        { criterion: criterion.code, method: criterion.method },
        `Criterion ${criterion.code} is ${criterion.method}: it is not self-scored`,
      );
    }
    if (scope.submittedAt) throw fail('self_assessment_locked');
    await assertWindow(tx, scope, 'self_assessment', ctx.now);
    const set: Partial<typeof scores.$inferInsert> = {};
    if (input.score !== undefined) set.selfScore = input.score === null ? null : formatPoints(points('score', input.score, criterion.maxPoints));
    if (input.note !== undefined) set.selfNote = input.note?.trim() || null;
    if (input.notApplicable !== undefined) {
      if (input.notApplicable && !input.notApplicableReason?.trim()) {
        throw invalid(
          'notApplicableReason',
          'not_applicable_reason_required',
          undefined,
          'notApplicableReason: a criterion marked not applicable needs a reason',
        );
      }
      set.notApplicable = input.notApplicable;
      set.notApplicableReason = input.notApplicable ? input.notApplicableReason!.trim() : null;
    }
    if (input.missingEvidenceReason !== undefined) set.missingEvidenceReason = input.missingEvidenceReason?.trim() || null;
    // A criterion that does not apply needs no evidence, so no reason why it is missing.
    if (input.notApplicable) set.missingEvidenceReason = null;
    return writeScore(tx, ctx.actor, scope, criterion, 'self_assess', set, ctx.ifMatch);
  });
}

/**
 * The unit's staff attach evidence to a criterion: while the self-assessment is open and not submitted, or, after
 * submission, with their answer to an explanation asked on that criterion (until answered, within the explanation window).
 */
export async function uploadEvidence(
  ctx: Context,
  store: FileStore,
  roundId: number,
  unitCode: string,
  criterionCode: string,
  upload: UploadInput,
): Promise<Evidence> {
  const scope = await loadScope(ctx.db, roundId, unitCode);
  if (!policies.selfAssess(ctx.actor, scope.unitId)) throw fail('evidence_add_forbidden');
  const criterion = leaf(scope, criterionCode);
  if (scope.submittedAt || (await missedBy(ctx.db, scope, ctx.now))) {
    // Once handed over, evidence comes only with the answer to an explanation asked on this criterion, in its window.
    const row = await scoreRow(ctx.db, scope, criterion.id);
    if (!row?.explanationRequest || row.explanationAnswer) throw fail('self_assessment_locked');
    await assertWindow(ctx.db, scope, 'explanation', ctx.now);
  } else await assertWindow(ctx.db, scope, 'self_assessment', ctx.now);
  const file = await storeUpload(ctx.db, store, ctx.actor, upload);
  // Stamped by the server's clock, as the submission is: a file added after it came with an explanation answer.
  return attachEvidence(ctx.db, ctx.actor, {
    roundId,
    unitId: scope.unitId,
    criterionId: criterion.id,
    sha256: file.sha256,
    fileName: file.fileName,
    uploadedAt: ctx.now,
  });
}

/**
 * The unit's staff remove an evidence file they attached, while the self-assessment is open and not submitted; after
 * submission, only a file added with an explanation answer not yet sent, within the explanation window.
 * The checks, the removal and its audit row (`evidence`/`delete`) are one transaction.
 * The stored file stays: it is kept once by content and other evidence may share it.
 */
export async function removeEvidence(ctx: Context, roundId: number, unitCode: string, evidenceId: number): Promise<void> {
  await inTransaction(ctx.db, async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.selfAssess(ctx.actor, scope.unitId)) throw fail('evidence_remove_forbidden');
    if (scope.submittedAt) {
      const item = (await listEvidence(tx, { roundId, unitId: scope.unitId })).find((e) => e.id === evidenceId);
      if (!item) throw fail('sheet_evidence_not_found', { evidence: evidenceId });
      const row = await scoreRow(tx, scope, item.criterionId);
      const withAnswer = new Date(item.uploadedAt) > scope.submittedAt && Boolean(row?.explanationRequest) && !row?.explanationAnswer;
      if (!withAnswer) throw fail('self_assessment_locked');
      await assertWindow(tx, scope, 'explanation', ctx.now);
    } else await assertWindow(tx, scope, 'self_assessment', ctx.now);
    await detachEvidence(tx, ctx.actor, evidenceId, { roundId, unitId: scope.unitId });
  });
}

/**
 * The leader submits: every applicable manual criterion must have a score, and where evidence is required but
 * missing, a reason. Submission locks the self-assessment.
 */
export async function submit(ctx: Context, roundId: number, unitCode: string): Promise<Submitted> {
  return inTransaction(ctx.db, async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.submit(ctx.actor, scope.unitId)) throw fail('submit_forbidden');
    if (scope.submittedAt) throw fail('assessment_already_submitted');
    await assertWindow(tx, scope, 'self_assessment', ctx.now);
    const rows = new Map(
      (
        await tx
          .select()
          .from(scores)
          .where(and(eq(scores.roundId, roundId), eq(scores.unitId, scope.unitId)))
      ).map((r) => [r.criterionId, r]),
    );
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
    await tx
      .update(unitAssessments)
      .set({ submittedAt: ctx.now, submittedBy: ctx.actor.userId })
      .where(and(eq(unitAssessments.roundId, roundId), eq(unitAssessments.unitId, scope.unitId)));
    await recordAudit(tx, ctx.actor, {
      action: 'submit',
      entityType: 'assessment',
      entityId: `${scope.round.year}/${scope.round.blockCode}/${scope.unitCode}`,
      before: { submittedAt: null },
      after: { submittedAt: ctx.now.toISOString() },
    });
    return { submittedAt: ctx.now.toISOString() };
  });
}

/**
 * The appraising department accepts or sets a score with a reason, may ask the unit for an explanation, and
 * finalises after the answer. A score that differs from the self-score needs a reason.
 */
export async function appraise(ctx: Context, roundId: number, unitCode: string, criterionCode: string, input: AppraisalBody): Promise<Score> {
  return inTransaction(ctx.db, async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    const criterion = leaf(scope, criterionCode);
    if (!policies.appraise(ctx.actor, criterion.effectiveAppraiser, await actorUnitCode(tx, ctx.actor))) {
      throw criterion.effectiveAppraiser
        ? fail('appraise_forbidden', { criterion: criterion.code, appraiser: criterion.effectiveAppraiser })
        : fail('appraise_forbidden_no_appraiser', { criterion: criterion.code });
    }
    // A unit that let its deadline pass without submitting is appraised on the appraisers' own scores.
    const missed = await missedBy(tx, scope, ctx.now);
    if (!scope.submittedAt && !missed) throw fail('assessment_not_submitted');
    const current = await scoreRow(tx, scope, criterion.id);
    // After asking for an explanation the final score comes after the unit's answer: until the council's deadline.
    await assertWindow(tx, scope, current?.explanationRequest ? 'council' : 'appraisal', ctx.now);
    if (current?.appraisalFinal) throw fail('appraisal_final');
    const set: Partial<typeof scores.$inferInsert> = { appraisedBy: ctx.actor.userId, appraisedAt: ctx.now };
    if (input.score !== undefined) {
      const value = points('score', input.score, criterion.maxPoints);
      const self = current?.selfScore === null || current?.selfScore === undefined ? null : parsePoints(current.selfScore);
      // Without a submission there is no self-score to differ from (it never counts: results/compute.ts).
      if (!missed && value !== self && !input.reason?.trim()) {
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
      if (set.appraisedScore === undefined && current?.appraisedScore == null)
        throw invalid('score', 'appraisal_score_required', undefined, 'score: set a score before finalising');
      set.appraisalFinal = true;
    }
    return writeScore(tx, ctx.actor, scope, criterion, 'appraise', set, ctx.ifMatch);
  });
}

/** The unit answers an explanation request once, within the explanation window. */
export async function explain(ctx: Context, roundId: number, unitCode: string, criterionCode: string, answer: string): Promise<Score> {
  return inTransaction(ctx.db, async (tx) => {
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

/** The council's columns of a score, written by the council and by the organizer's later correction alike. */
const councilStage = (ctx: Context, value: number, reason: string) => ({
  councilScore: formatPoints(value),
  councilReason: reason.trim(),
  councilBy: ctx.actor.userId,
  councilAt: ctx.now,
});

/** The council sets a score with a reason on any criterion, within its window. */
export async function councilScore(ctx: Context, roundId: number, unitCode: string, criterionCode: string, input: ScoreWithReasonBody): Promise<Score> {
  return inTransaction(ctx.db, async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.council(ctx.actor)) throw fail('council_forbidden');
    const criterion = leaf(scope, criterionCode);
    await assertWindow(tx, scope, 'council', ctx.now);
    const value = points('score', input.score, criterion.maxPoints);
    return writeScore(tx, ctx.actor, scope, criterion, 'council', councilStage(ctx, value, input.reason), ctx.ifMatch);
  });
}

/**
 * The organizer enters the points that are not self-scored: survey results (points from the sociological survey),
 * bonus and penalty. Stored at the appraisal stage with a reason, until the council's deadline.
 */
export async function organizerPoints(ctx: Context, roundId: number, unitCode: string, criterionCode: string, input: OrganizerPointsBody): Promise<Score> {
  return inTransaction(ctx.db, async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.organizer(ctx.actor)) throw fail('organizer_points_forbidden');
    const criterion = leaf(scope, criterionCode);
    if (criterion.method === 'manual' || criterion.method === 'formula') {
      throw invalid(
        'criterionCode',
        `${criterion.method}_criterion_not_organizer`,
        { criterion: criterion.code, method: criterion.method },
        `Criterion ${criterion.code} is ${criterion.method}; the organizer enters survey, bonus and penalty points only`,
      );
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
export async function correctScore(ctx: Context, roundId: number, unitCode: string, criterionCode: string, input: ScoreWithReasonBody): Promise<Score> {
  return inTransaction(ctx.db, async (tx) => {
    const scope = await loadScope(tx, roundId, unitCode, { lock: true });
    if (!policies.organizer(ctx.actor)) throw fail('correction_forbidden');
    if (scope.round.status === 'open') throw fail('correction_round_open');
    const criterion = leaf(scope, criterionCode);
    const value = points('score', input.score, criterion.maxPoints);
    return writeScore(tx, ctx.actor, scope, criterion, 'correct', councilStage(ctx, value, input.reason), ctx.ifMatch);
  });
}
