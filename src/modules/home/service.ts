import { and, eq, isNotNull, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { scores, unitAssessments, units } from '../../db/schema.js';
import { daysBetween, localDate } from '../../domain/deadlines.js';
import { localYear } from '../../domain/local-time.js';
import type { Actor } from '../auth/actor.js';
import { unitScope } from '../auth/scope.js';
import { flattenCriteria, getFramework } from '../frameworks/service.js';
import { extensionUntil, listRounds } from '../rounds/service.js';
import { timelinessReport } from '../timeliness/service.js';
import { fail } from './reasons.js';
import type { HomeSheet, UnitHome } from './schemas.js';

/**
 * A unit's home for its staff: the rounds it takes part in (open ones, and those of this year and last year) with
 * its sheet's progress and deadlines, and its timeliness figures of the year. Only the caller's own unit.
 */
export async function unitHome(db: DbOrTx, actor: Actor, now: Date): Promise<UnitHome> {
  const scope = unitScope(actor);
  if (scope.kind !== 'unit') throw fail('home_account_without_unit');
  const unitId = scope.unitId;
  const today = localDate(now);
  const year = localYear(now);
  const [unit] = await db.select({ code: units.code, name: units.name }).from(units).where(eq(units.id, unitId));
  if (!unit) throw fail('home_account_without_unit');

  const taking = await db.select().from(unitAssessments).where(eq(unitAssessments.unitId, unitId));
  const byRound = new Map(taking.map((row) => [row.roundId, row]));
  const rounds = (await listRounds(db, {}))
    .filter((r) => byRound.has(r.id) && (r.status === 'open' || r.year >= year - 1))
    .sort((a, b) => Number(b.status === 'open') - Number(a.status === 'open') || b.year - a.year || a.blockCode.localeCompare(b.blockCode));

  const sheets: HomeSheet[] = [];
  for (const round of rounds) {
    const framework = await getFramework(db, round.frameworkId);
    const manual = flattenCriteria(framework.criteria).filter((c) => c.leaf && c.method === 'manual');
    const manualIds = new Set(manual.map((c) => c.id));
    const own = await db
      .select({ criterionId: scores.criterionId, selfScore: scores.selfScore, notApplicable: scores.notApplicable })
      .from(scores)
      .where(and(eq(scores.roundId, round.id), eq(scores.unitId, unitId)));
    const scored = own.filter((r) => manualIds.has(r.criterionId) && (r.selfScore !== null || r.notApplicable)).length;
    const asked = await db
      .select({ criterionId: scores.criterionId })
      .from(scores)
      .where(and(eq(scores.roundId, round.id), eq(scores.unitId, unitId), isNotNull(scores.explanationRequest), isNull(scores.explanationAnswer)));
    const selfExtension = await extensionUntil(db, round.id, unitId, 'self_assessment');
    const explanationExtension = await extensionUntil(db, round.id, unitId, 'explanation');
    const base = round.dates?.selfAssessmentTo ?? null;
    const deadline = base && selfExtension && selfExtension > base ? selfExtension : base;
    const submittedAt = byRound.get(round.id)!.submittedAt;
    sheets.push({
      roundId: round.id,
      year: round.year,
      blockCode: round.blockCode,
      blockName: round.blockName,
      status: round.status,
      dates: round.dates,
      submittedAt: submittedAt ? submittedAt.toISOString() : null,
      progress: { scored, total: manual.length },
      selfAssessmentDeadline: deadline,
      selfAssessmentExtension: selfExtension,
      explanationExtension,
      daysLeft: deadline ? daysBetween(today, deadline) : null,
      explanationsAsked: asked.length,
    });
  }

  const report = await timelinessReport(db, { year, unit: null, asOf: null, by: 'unit' }, today, scope);
  const row = report.rows[0];
  return {
    today,
    unit,
    sheets,
    timeliness: {
      year,
      asOf: report.as_of,
      received: row?.received ?? 0,
      resolved: row?.resolved ?? 0,
      early: row?.early ?? 0,
      onTime: row?.on_time ?? 0,
      late: row?.late ?? 0,
      overdue: row?.overdue_processing ?? 0,
      onTimeRate: row?.on_time_rate ?? null,
    },
  };
}
