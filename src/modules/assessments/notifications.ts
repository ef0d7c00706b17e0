import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { scores, unitAssessments } from '../../db/schema.js';
import { localDate, stageDeadline, type Stage } from '../../domain/deadlines.js';
import type { Actor } from '../auth/actor.js';
import { unitScope } from '../auth/scope.js';
import { flattenCriteria, getFramework } from '../frameworks/service.js';
import { listRounds } from '../rounds/service.js';
import { getUser } from '../users/service.js';
import { policies } from './policies.js';
import type { Notice } from './schemas.js';

const DAY = 86_400_000;

/** Days from `today` to `date`, both local calendar dates. */
const daysUntil = (today: string, date: string) => Math.round((Date.parse(`${date}T00:00:00Z`) - Date.parse(`${today}T00:00:00Z`)) / DAY);

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
    // A notice about the caller's own unit links to its sheet; the others to the rounds or the disagreements.
    const ownUnit = { can: { openSheet: true } };
    const elsewhere = { can: { openSheet: false } };
    const soon = (stage: Stage, unitCode: string | null) => {
      const days = daysUntil(today, deadline(stage));
      if (days >= 0 && days <= 7)
        notices.push({ kind: 'deadline', ...base, unitCode, count: days, deadline: deadline(stage), ...(unitCode ? ownUnit : elsewhere) });
    };

    if (scope.kind === 'unit' && policies.selfAssess(actor, scope.unitId)) {
      const mine = participants.find((p) => p.unitId === scope.unitId);
      if (!mine) continue;
      const own = rows.filter((r) => r.unitId === scope.unitId);
      if (!mine.submittedAt) {
        const manual = leaves.filter((c) => c.method === 'manual');
        const done = manual.filter((c) => own.some((r) => r.criterionId === c.id && (r.selfScore !== null || r.notApplicable))).length;
        if (done < manual.length)
          notices.push({ kind: 'to_score', ...base, unitCode: myUnitCode, count: manual.length - done, deadline: deadline('self_assessment'), ...ownUnit });
        else if (policies.submit(actor, scope.unitId))
          notices.push({ kind: 'to_submit', ...base, unitCode: myUnitCode, count: 1, deadline: deadline('self_assessment'), ...ownUnit });
        soon('self_assessment', myUnitCode);
      }
      const asked = own.filter((r) => r.explanationRequest && !r.explanationAnswer).length;
      if (asked) {
        notices.push({ kind: 'explanation_asked', ...base, unitCode: myUnitCode, count: asked, deadline: deadline('explanation'), ...ownUnit });
        soon('explanation', myUnitCode);
      }
    }
    if (policies.appraisalQueue(actor) && myUnitCode) {
      const mineToAppraise = leaves.filter((c) => policies.appraise(actor, c.effectiveAppraiser, myUnitCode));
      const submitted = participants.filter((p) => p.submittedAt !== null);
      let waiting = 0;
      for (const p of submitted) {
        for (const c of mineToAppraise) {
          const row = rows.find((r) => r.unitId === p.unitId && r.criterionId === c.id);
          if (!row?.appraisalFinal && row?.appraisedScore == null) waiting++;
        }
      }
      if (waiting) {
        notices.push({ kind: 'to_appraise', ...base, unitCode: null, count: waiting, deadline: deadline('appraisal'), ...elsewhere });
        soon('appraisal', null);
      }
    }
    if (policies.council(actor)) {
      const manualIds = new Set(leaves.filter((c) => c.method === 'manual').map((c) => c.id));
      const disputed = rows.filter(
        (r) => manualIds.has(r.criterionId) && r.appraisedScore !== null && r.appraisedScore !== r.selfScore && r.councilScore === null,
      ).length;
      if (disputed) notices.push({ kind: 'disagreements', ...base, unitCode: null, count: disputed, deadline: deadline('council'), ...elsewhere });
      notices.push({ kind: 'to_approve', ...base, unitCode: null, count: 1, deadline: deadline('council'), ...elsewhere });
      soon('council', null);
    }
    if (policies.organizer(actor)) {
      const notSubmitted = participants.filter((p) => p.submittedAt === null).length;
      if (notSubmitted) {
        notices.push({ kind: 'to_submit', ...base, unitCode: null, count: notSubmitted, deadline: deadline('self_assessment'), ...elsewhere });
        soon('self_assessment', null);
      }
    }
  }
  return notices;
}
