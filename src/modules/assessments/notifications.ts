import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { scores, unitAssessments } from '../../db/schema.js';
import { localDate, stageDeadline, type Stage } from '../../domain/deadlines.js';
import type { Actor } from '../auth/actor.js';
import { flattenCriteria, getFramework } from '../frameworks/service.js';
import { listRounds } from '../rounds/service.js';
import { getUser } from '../users/service.js';

export interface Notice {
  kind: 'to_score' | 'to_submit' | 'explanation_asked' | 'to_appraise' | 'disagreements' | 'to_approve' | 'deadline';
  roundId: number;
  year: number;
  blockCode: string;
  unitCode: string | null;
  count: number;
  /** Local date the stage closes. */
  deadline: string | null;
}

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
  const notices: Notice[] = [];
  for (const round of open) {
    const framework = await getFramework(db, round.frameworkId);
    const leaves = flattenCriteria(framework.criteria).filter((c) => c.leaf);
    const rows = await db.select().from(scores).where(eq(scores.roundId, round.id));
    const participants = await db.select().from(unitAssessments).where(eq(unitAssessments.roundId, round.id));
    const base = { roundId: round.id, year: round.year, blockCode: round.blockCode };
    const deadline = (stage: Stage) => stageDeadline(round.dates!, stage);
    const soon = (stage: Stage, unitCode: string | null) => {
      const days = daysUntil(today, deadline(stage));
      if (days >= 0 && days <= 7) notices.push({ kind: 'deadline', ...base, unitCode, count: days, deadline: deadline(stage) });
    };

    if ((actor.role === 'unit_officer' || actor.role === 'unit_leader') && me?.unitId) {
      const mine = participants.find((p) => p.unitId === me.unitId);
      if (!mine) continue;
      const own = rows.filter((r) => r.unitId === me.unitId);
      if (!mine.submittedAt) {
        const manual = leaves.filter((c) => c.method === 'manual');
        const done = manual.filter((c) => own.some((r) => r.criterionId === c.id && (r.selfScore !== null || r.notApplicable))).length;
        if (done < manual.length) notices.push({ kind: 'to_score', ...base, unitCode: me.unitCode, count: manual.length - done, deadline: deadline('self_assessment') });
        else if (actor.role === 'unit_leader') notices.push({ kind: 'to_submit', ...base, unitCode: me.unitCode, count: 1, deadline: deadline('self_assessment') });
        soon('self_assessment', me.unitCode);
      }
      const asked = own.filter((r) => r.explanationRequest && !r.explanationAnswer).length;
      if (asked) {
        notices.push({ kind: 'explanation_asked', ...base, unitCode: me.unitCode, count: asked, deadline: deadline('explanation') });
        soon('explanation', me.unitCode);
      }
    }
    if (actor.role === 'appraiser' && me?.unitCode) {
      const mineToAppraise = leaves.filter((c) => c.effectiveAppraiser === me.unitCode);
      const submitted = participants.filter((p) => p.submittedAt !== null);
      let waiting = 0;
      for (const p of submitted) {
        for (const c of mineToAppraise) {
          const row = rows.find((r) => r.unitId === p.unitId && r.criterionId === c.id);
          if (!row?.appraisalFinal && row?.appraisedScore == null) waiting++;
        }
      }
      if (waiting) {
        notices.push({ kind: 'to_appraise', ...base, unitCode: null, count: waiting, deadline: deadline('appraisal') });
        soon('appraisal', null);
      }
    }
    if (actor.role === 'council') {
      const manualIds = new Set(leaves.filter((c) => c.method === 'manual').map((c) => c.id));
      const disputed = rows.filter((r) => manualIds.has(r.criterionId) && r.appraisedScore !== null && r.appraisedScore !== r.selfScore && r.councilScore === null).length;
      if (disputed) notices.push({ kind: 'disagreements', ...base, unitCode: null, count: disputed, deadline: deadline('council') });
      notices.push({ kind: 'to_approve', ...base, unitCode: null, count: 1, deadline: deadline('council') });
      soon('council', null);
    }
    if (actor.role === 'admin') {
      const notSubmitted = participants.filter((p) => p.submittedAt === null).length;
      if (notSubmitted) {
        notices.push({ kind: 'to_submit', ...base, unitCode: null, count: notSubmitted, deadline: deadline('self_assessment') });
        soon('self_assessment', null);
      }
    }
  }
  return notices;
}

