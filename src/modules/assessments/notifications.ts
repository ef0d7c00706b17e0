import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { scores, unitAssessments } from '../../db/schema.js';
import { daysBetween, localDate, stageDeadline, type Stage } from '../../domain/deadlines.js';
import type { Actor } from '../auth/actor.js';
import { unitScope } from '../auth/scope.js';
import { flattenCriteria, getFramework } from '../frameworks/service.js';
import { roundReadiness } from '../rounds/approval.js';
import { listRounds } from '../rounds/service.js';
import { getUser } from '../users/service.js';
import { policies } from './policies.js';
import type { Notice } from './schemas.js';
import { disagrees, missedUnits, workStatus } from './worklists.js';

/**
 * What waits for a user in the open rounds: criteria to score and to submit (unit staff), explanations asked
 * (unit staff), criteria to appraise (appraisers), disagreements and approvals (council), and every stage of theirs
 * closing in the next 7 days.
 */
export async function notificationsFor(db: DbOrTx, actor: Actor, now: Date): Promise<Notice[]> {
  const today = localDate(now);
  const open = (await listRounds(db, {})).filter((r) => r.status === 'open' && r.dates);
  const me = actor.userId === null ? null : await getUser(db, actor.userId);
  const myUnitCode = me?.unitCode ?? null;
  const scope = unitScope(actor);
  const notices: Notice[] = [];
  for (const round of open) {
    const framework = await getFramework(db, round.frameworkId);
    const leaves = flattenCriteria(framework.criteria).filter((c) => c.leaf);
    const rows = await db.select().from(scores).where(eq(scores.roundId, round.id));
    const participants = await db.select().from(unitAssessments).where(eq(unitAssessments.roundId, round.id));
    const base = { roundId: round.id, year: round.year, blockCode: round.blockCode };
    const deadline = (stage: Stage) => stageDeadline(round.dates!, stage);
    // A notice about the caller's own unit links to its sheet (at its first criterion concerned); the others to the
    // rows of the appraiser's or the council's work list.
    const ownUnit = (criterionCode: string | null = null) => ({ can: { openSheet: true }, criterionCode, workList: null });
    const elsewhere = (workList: Notice['workList']) => ({ can: { openSheet: false }, criterionCode: null, workList });
    const soon = (stage: Stage, unitCode: string | null, workList: Notice['workList'] = null) => {
      const days = daysBetween(today, deadline(stage));
      if (days >= 0 && days <= 7)
        notices.push({ kind: 'deadline', ...base, unitCode, count: days, deadline: deadline(stage), ...(unitCode ? ownUnit() : elsewhere(workList)) });
    };
    const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code, undefined, { numeric: true });

    if (scope.kind === 'unit' && policies.selfAssess(actor, scope.unitId)) {
      const mine = participants.find((p) => p.unitId === scope.unitId);
      if (!mine) continue;
      const own = rows.filter((r) => r.unitId === scope.unitId);
      if (!mine.submittedAt) {
        const manual = leaves.filter((c) => c.method === 'manual');
        const left = manual.filter((c) => !own.some((r) => r.criterionId === c.id && (r.selfScore !== null || r.notApplicable))).sort(byCode);
        if (left.length)
          notices.push({
            kind: 'to_score',
            ...base,
            unitCode: myUnitCode,
            count: left.length,
            deadline: deadline('self_assessment'),
            ...ownUnit(left[0]!.code),
          });
        else if (policies.submit(actor, scope.unitId))
          notices.push({ kind: 'to_submit', ...base, unitCode: myUnitCode, count: 1, deadline: deadline('self_assessment'), ...ownUnit() });
        soon('self_assessment', myUnitCode);
      }
      const askedIds = new Set(own.filter((r) => r.explanationRequest && !r.explanationAnswer).map((r) => r.criterionId));
      const asked = leaves.filter((c) => askedIds.has(c.id)).sort(byCode);
      if (asked.length) {
        notices.push({
          kind: 'explanation_asked',
          ...base,
          unitCode: myUnitCode,
          count: asked.length,
          deadline: deadline('explanation'),
          ...ownUnit(asked[0]!.code),
        });
        soon('explanation', myUnitCode);
      }
    }
    if (policies.appraisalQueue(actor) && myUnitCode) {
      // The rows of the appraiser's work list in status `to_appraise` (worklists.ts): submitted (or missed), not final,
      // nothing asked.
      const mineToAppraise = leaves.filter((c) => c.method === 'manual' && policies.appraise(actor, c.effectiveAppraiser, myUnitCode));
      const missed = await missedUnits(db, round, participants, today);
      const handedOver = participants.filter((p) => p.submittedAt !== null || missed.has(p.unitId));
      let waiting = 0;
      for (const p of handedOver) {
        for (const c of mineToAppraise) {
          const row = rows.find((r) => r.unitId === p.unitId && r.criterionId === c.id) ?? null;
          if (workStatus(true, row) === 'to_appraise') waiting++;
        }
      }
      if (waiting) {
        notices.push({ kind: 'to_appraise', ...base, unitCode: null, count: waiting, deadline: deadline('appraisal'), ...elsewhere('appraisal') });
        soon('appraisal', null, 'appraisal');
      }
    }
    if (policies.council(actor)) {
      const manualIds = new Set(leaves.filter((c) => c.method === 'manual').map((c) => c.id));
      const submitted = new Set(participants.filter((p) => p.submittedAt !== null).map((p) => p.unitId));
      const disputed = rows.filter((r) => manualIds.has(r.criterionId) && disagrees(r, submitted.has(r.unitId)) && r.councilScore === null).length;
      if (disputed) notices.push({ kind: 'disagreements', ...base, unitCode: null, count: disputed, deadline: deadline('council'), ...elsewhere('council') });
      // Approval waits for its preconditions (rounds/approval.ts): the council is told once the block is ready.
      if ((await roundReadiness(db, round, today, { verdictOnly: true })).ready)
        notices.push({ kind: 'to_approve', ...base, unitCode: null, count: 1, deadline: deadline('council'), ...elsewhere('council') });
      soon('council', null, 'council');
    }
    if (policies.organizer(actor)) {
      const notSubmitted = participants.filter((p) => p.submittedAt === null).length;
      if (notSubmitted) {
        notices.push({ kind: 'to_submit', ...base, unitCode: null, count: notSubmitted, deadline: deadline('self_assessment'), ...elsewhere('council') });
        soon('self_assessment', null, 'council');
      }
    }
  }
  return notices;
}
