import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { scores, unitAssessments } from '../../db/schema.js';
import type { Actor } from '../auth/actor.js';
import type { Evidence } from '../files/schemas.js';
import { countEvidenceByCriterion, getEvidence, listEvidence } from '../files/service.js';
import { flattenCriteria, getFramework } from '../frameworks/service.js';
import { unitFormulaDetails } from '../indicators/service.js';
import { getRound } from '../rounds/service.js';
import { type LeafScore, surveyLeaf, withoutDraft } from '../../domain/results.js';
import { evaluateSurveyCriteria, surveySource } from '../results/service.js';
import { fieldCodeOf, sheetTotals } from '../../domain/sheet-totals.js';
import { parsePoints, pointsToNumber, type Hundredths } from '../../domain/points.js';
import { unitCodesById } from '../units/service.js';
import { actorUnitCode, loadScope, missedBy, scoreView } from './context.js';
import { disagrees, missedUnits } from './worklists.js';
import { localDate } from '../../domain/deadlines.js';
import { criterionCan, policies, sheetCan, type SheetState } from './policies.js';
import { fail } from './reasons.js';
import type { AppraisalQueueItem, Disagreement, Sheet, SheetTotal, SheetTotals } from './schemas.js';

/** The reads of the assessments: a unit's sheet, an evidence file, an appraiser's queue, the disagreements. */

/** The unit's sheet: the framework as a checklist with its scores, evidence and progress. */
export async function getSheet(db: DbOrTx, actor: Actor, roundId: number, unitCode: string, now: Date): Promise<Sheet> {
  const scope = await loadScope(db, roundId, unitCode);
  const missed = await missedBy(db, scope, now);
  if (!policies.readSheet(actor, scope.unitId, scope.submittedAt !== null || missed)) throw fail('sheet_read_forbidden');
  const rows = await db
    .select()
    .from(scores)
    .where(and(eq(scores.roundId, roundId), eq(scores.unitId, scope.unitId)));
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
  const formulas = await unitFormulaDetails(
    db,
    scope.round.year,
    formulaLeaves.map((c) => ({ id: c.id, code: c.code, formula: c.formula, maxPoints: Math.round(c.maxPoints * 100) })),
    scope.unitId,
  );
  // Survey criteria linked to a campaign: their points for this unit, as the results compute them (read-only here).
  const surveyDefs = scope.criteria.flatMap((c) =>
    c.leaf && c.method === 'survey' && c.survey ? [{ id: c.id, code: c.code, maxPoints: Math.round(c.maxPoints * 100), survey: c.survey }] : [],
  );
  const surveyOutcomes = (await evaluateSurveyCriteria(db, surveyDefs, [{ id: scope.unitId, code: scope.unitCode }])).get(scope.unitId);
  const surveyPoints = new Map(surveyDefs.map((d) => [d.id, surveyOutcomes?.get(d.id)?.points ?? null]));
  const state: SheetState = {
    unitId: scope.unitId,
    open: scope.round.status === 'open',
    submitted: scope.submittedAt !== null,
    missed,
    actorUnitCode: await actorUnitCode(db, actor),
  };
  const surveySourceOf = (id: number) => {
    const def = surveyDefs.find((d) => d.id === id);
    const outcome = def && surveyOutcomes?.get(id);
    if (!def || !outcome) return {};
    const row = byCriterion.get(id);
    const { stage } = surveyLeaf(storedLeaf(row), outcome.points);
    return { survey: surveySource(def, outcome, stage) };
  };
  const criteria = scope.criteria.map((c) => {
    const score = c.leaf ? scoreView(byCriterion.get(c.id) ?? null) : null;
    return {
      code: c.code,
      title: c.title,
      maxPoints: c.maxPoints,
      method: c.method,
      leaf: c.leaf,
      evidenceRequired: c.evidenceRequired,
      appraiser: c.effectiveAppraiser,
      guidance: c.guidance,
      evidenceCount: evidenceCounts.get(c.id) ?? 0,
      evidence: evidenceList
        .filter((e) => e.criterionId === c.id)
        .map((e) => ({ id: e.id, fileName: e.fileName, size: e.size, mediaType: e.mediaType, uploadedAt: e.uploadedAt })),
      score,
      formula: formulas.get(c.id) ?? null,
      ...surveySourceOf(c.id),
      can: criterionCan(actor, state, {
        leaf: c.leaf,
        method: c.method,
        appraiser: c.effectiveAppraiser,
        appraisalFinal: score?.appraisalFinal ?? false,
        explanationRequest: score?.explanationRequest ?? null,
        explanationAnswer: score?.explanationAnswer ?? null,
      }),
    };
  });
  return {
    round: scope.round,
    unitCode: scope.unitCode,
    submittedAt: scope.submittedAt ? scope.submittedAt.toISOString() : null,
    missedSubmission: missed,
    progress: { scored, toScore: manualLeaves.length - scored, total: manualLeaves.length },
    totals: totalsOf(scope.criteria, byCriterion, formulas, missed, surveyPoints),
    criteria,
    can: sheetCan(
      actor,
      state,
      criteria.map((c) => c.can),
    ),
  };
}

type ScoreRow = typeof scores.$inferSelect;

const hundredthsOf = (v: string | number | null | undefined): Hundredths | null => (v === null || v === undefined ? null : parsePoints(v));

/** A score row's stages as the domain scores them. */
function storedLeaf(row: ScoreRow | undefined): LeafScore {
  return {
    notApplicable: row?.notApplicable ?? false,
    self: hundredthsOf(row?.selfScore),
    appraised: hundredthsOf(row?.appraisedScore),
    council: hundredthsOf(row?.councilScore),
  };
}

/** The sheet's running totals per field and overall, exact (hundredths) by the domain's rules (domain/sheet-totals.ts). */
function totalsOf(
  criteria: Awaited<ReturnType<typeof loadScope>>['criteria'],
  byCriterion: ReadonlyMap<number, ScoreRow>,
  formulas: ReadonlyMap<number, { computed: number | null }>,
  missed: boolean,
  surveyPoints: ReadonlyMap<number, Hundredths | null> = new Map(),
): SheetTotals {
  const hundredths = (v: string | number | null | undefined): Hundredths | null => (v === null || v === undefined ? null : parsePoints(v));
  const leaves = criteria.filter((c) => c.leaf);
  const totals = sheetTotals(
    leaves.map((c) => {
      const row = byCriterion.get(c.id);
      const leaf = {
        code: c.code,
        method: c.method,
        max: Math.round(c.maxPoints * 100),
        notApplicable: row?.notApplicable ?? false,
        self: hundredths(row?.selfScore),
        computed: hundredths(formulas.get(c.id)?.computed),
        appraised: hundredths(row?.appraisedScore),
        council: hundredths(row?.councilScore),
      };
      // A sheet never submitted is totalled as it is ranked (results/compute.ts): its draft does not count.
      const counted = missed ? withoutDraft(leaf, c.method) : leaf;
      // A linked survey criterion: its points stand where the organizer's entry has none; no points and no entry → not applicable.
      if (!surveyPoints.has(c.id)) return counted;
      const applied = surveyLeaf(counted, surveyPoints.get(c.id)!).leaf ?? {};
      return { ...counted, computed: applied.computed ?? null, notApplicable: applied.notApplicable ?? false };
    }),
  );
  const view = (t: { max: number; self: number; current: number; bonus: number; penalty: number }): SheetTotal => ({
    maxScore: pointsToNumber(t.max),
    self: pointsToNumber(t.self),
    current: pointsToNumber(t.current),
    bonus: pointsToNumber(t.bonus),
    penalty: pointsToNumber(t.penalty),
  });
  const fields = criteria
    .filter((c) => !c.code.includes('.'))
    .map((f) => {
      const manual = leaves.filter((c) => c.method === 'manual' && fieldCodeOf(c.code) === f.code);
      const done = manual.filter((c) => {
        const row = byCriterion.get(c.id);
        return row && (row.selfScore !== null || row.notApplicable);
      }).length;
      const t = totals.fields.get(f.code) ?? { max: 0, self: 0, current: 0, bonus: 0, penalty: 0 };
      return { code: f.code, title: f.title, method: f.method, ...view(t), scored: done, total: manual.length };
    });
  const appraised = leaves.some((c) => {
    const row = byCriterion.get(c.id);
    return row !== undefined && (row.appraisedScore !== null || row.councilScore !== null);
  });
  return { fields, overall: view(totals.overall), appraised };
}

/** Evidence may be downloaded by whoever may read the unit's sheet. */
export async function evidenceForDownload(db: DbOrTx, actor: Actor, roundId: number, unitCode: string, evidenceId: number, now: Date): Promise<Evidence> {
  const scope = await loadScope(db, roundId, unitCode);
  if (!policies.readSheet(actor, scope.unitId, scope.submittedAt !== null || (await missedBy(db, scope, now)))) throw fail('evidence_read_forbidden');
  const item = await getEvidence(db, evidenceId);
  if (item.roundId !== roundId || item.unitId !== scope.unitId) throw fail('sheet_evidence_not_found', { evidence: evidenceId });
  return item;
}

/**
 * An appraiser's queue: for every unit that has submitted (or missed its submission), the criteria their department appraises, with the
 * self-score, note and evidence count beside the appraisal so far. Unfinished items first.
 */
export async function appraisalQueue(db: DbOrTx, actor: Actor, roundId: number, now: Date): Promise<AppraisalQueueItem[]> {
  const department = await actorUnitCode(db, actor);
  if (!policies.appraisalQueue(actor) || !department) throw fail('appraisal_queue_forbidden');
  const round = await getRound(db, roundId);
  const framework = await getFramework(db, round.frameworkId);
  const mine = flattenCriteria(framework.criteria).filter((c) => c.leaf && c.method === 'manual' && c.effectiveAppraiser === department);
  const participants = await db.select().from(unitAssessments).where(eq(unitAssessments.roundId, roundId));
  const missed = await missedUnits(db, round, participants, localDate(now));
  const submitted = participants.filter((p) => p.submittedAt !== null || missed.has(p.unitId));
  const unitCodes = await unitCodesById(
    db,
    submitted.map((p) => p.unitId),
  );
  const rows = await db.select().from(scores).where(eq(scores.roundId, roundId));
  const items: AppraisalQueueItem[] = [];
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
        status: row?.appraisalFinal
          ? ('final' as const)
          : row?.explanationRequest && !row.explanationAnswer
            ? ('waiting_explanation' as const)
            : row?.appraisedScore != null
              ? ('appraised' as const)
              : ('to_appraise' as const),
        ...scoreView(row),
      });
    }
  }
  const order = { to_appraise: 0, appraised: 1, waiting_explanation: 2, final: 3 };
  return items.sort(
    (a, b) =>
      order[a.status] - order[b.status] || a.unitCode.localeCompare(b.unitCode) || a.criterionCode.localeCompare(b.criterionCode, undefined, { numeric: true }),
  );
}

/** For the council: every criterion where the appraised score differs from the self-score. */
export async function disagreements(db: DbOrTx, roundId: number): Promise<Disagreement[]> {
  const round = await getRound(db, roundId);
  const framework = await getFramework(db, round.frameworkId);
  // Only self-scored (manual) criteria can disagree; survey, bonus and penalty points have no self-score.
  const manual = flattenCriteria(framework.criteria).filter((c) => c.leaf && c.method === 'manual');
  const codeOf = new Map(manual.map((c) => [c.id, c.code]));
  const submitted = new Set(
    (await db.select().from(unitAssessments).where(eq(unitAssessments.roundId, roundId))).filter((p) => p.submittedAt !== null).map((p) => p.unitId),
  );
  const rows = (await db.select().from(scores).where(eq(scores.roundId, roundId))).filter(
    (r) => codeOf.has(r.criterionId) && disagrees(r, submitted.has(r.unitId)),
  );
  const unitCodes = await unitCodesById(db, [...new Set(rows.map((r) => r.unitId))]);
  return rows
    .map((row) => ({ unitCode: unitCodes.get(row.unitId)!, criterionCode: codeOf.get(row.criterionId)!, ...scoreView(row) }))
    .sort((a, b) => a.unitCode.localeCompare(b.unitCode) || a.criterionCode.localeCompare(b.criterionCode, undefined, { numeric: true }));
}
