import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { type LocalDate, stageWindow } from '../../domain/deadlines.js';
import { flattenCriteria, getFramework } from '../frameworks/service.js';
import { APPROVAL_LIST_LIMIT, type ApprovalAppraisal, type ApprovalUnit, type Round } from './schemas.js';
import { intArray } from '../../db/arrays.js';

/**
 * What the approval of a round waits for (domain.md "The yearly cycle", product rule): the council approves a block
 * only when every unit has submitted or its self-assessment deadline (its extension included) has passed, and every
 * appraisal is final or its window (extensions included) has closed. An appraisal counts when an appraiser could
 * still change it: a manual criterion with an appraising department, of a submitted unit (applicable) or of a unit
 * that missed its submission, not final;
 * its window is the appraisal's, or after an explanation request the council's (the appraiser finalises after the
 * unit's answer until then). Units whose deadline passed without a submission are not waited for: the appraisers score
 * them on their own, they are ranked on the appraisal and council scores alone (results/compute.ts) and listed apart.
 */
export interface Readiness {
  today: LocalDate;
  units: number;
  submitted: number;
  notSubmitted: ApprovalUnit[];
  pendingSubmissions: { count: number; items: ApprovalUnit[] };
  pendingAppraisals: { count: number; items: ApprovalAppraisal[] };
  ready: boolean;
}

/** The unit's name in the round's year (names change; the round keeps the name it had). */
const unitNameInYear = (year: number) =>
  sql`coalesce((select n.name from unit_names n where n.unit_id = u.id and n.from_year <= ${year} order by n.from_year desc limit 1), u.name)`;

/**
 * `verdictOnly` (the `can` of the rounds list): only `ready` is exact; the appraisals are not read while a unit is
 * waited for, and otherwise at most one is (counts and lists are then partial).
 */
export async function roundReadiness(db: DbOrTx, round: Round, today: LocalDate, options: { verdictOnly?: boolean } = {}): Promise<Readiness> {
  const participants = await queryRows<{ unit_id: number; unit_code: string; unit_name: string; submitted: boolean; extended_until: string | null }>(
    db,
    sql`select u.id as unit_id, u.code as unit_code, ${unitNameInYear(round.year)} as unit_name, a.submitted_at is not null as submitted,
          e.until::text as extended_until
        from unit_assessments a
        join units u on u.id = a.unit_id
        left join round_extensions e on e.round_id = a.round_id and e.unit_id = a.unit_id and e.stage = 'self_assessment'
        where a.round_id = ${round.id}
        order by u.code`,
  );
  const notSubmitted: ApprovalUnit[] = [];
  const missedIds: number[] = [];
  const waiting: ApprovalUnit[] = [];
  let submitted = 0;
  for (const p of participants) {
    if (p.submitted) {
      submitted++;
      continue;
    }
    // A round loaded from history has no dates: nothing is waited for.
    if (!round.dates) continue;
    const window = stageWindow(round.dates, 'self_assessment', today, p.extended_until);
    const unit = { unitCode: p.unit_code, unitName: p.unit_name, deadline: window.deadline, extended: window.deadline !== round.dates.selfAssessmentTo };
    // Before its first day the window is still to come: the unit is waited for too.
    if (window.open || window.reason === 'not_started') waiting.push(unit);
    else {
      notSubmitted.push(unit);
      missedIds.push(p.unit_id);
    }
  }
  const skipAppraisals = !round.dates || (options.verdictOnly && waiting.length > 0);
  const appraisals = skipAppraisals ? { count: 0, items: [] } : await pendingAppraisals(db, round, today, missedIds, options.verdictOnly ?? false);
  return {
    today,
    units: participants.length,
    submitted,
    notSubmitted,
    pendingSubmissions: { count: waiting.length, items: waiting.slice(0, APPROVAL_LIST_LIMIT) },
    pendingAppraisals: appraisals,
    ready: waiting.length === 0 && appraisals.count === 0,
  };
}

/**
 * The appraisals an appraiser may still change on `today`: by unit, then criterion in framework order. A submitted
 * unit has a score row for every applicable manual criterion (the submission requires it), so its rows are read from
 * `scores` alone. When no window of a kind can still be open (the appraisal's, the council's after an explanation
 * request, extensions included), its rows are not looked at: after the appraisal deadline only the few criteria with
 * an explanation request are read.
 */
async function pendingAppraisals(
  db: DbOrTx,
  round: Round,
  today: LocalDate,
  missedIds: readonly number[],
  verdictOnly: boolean,
): Promise<{ count: number; items: ApprovalAppraisal[] }> {
  const dates = round.dates!;
  const framework = await getFramework(db, round.frameworkId);
  const appraisable = flattenCriteria(framework.criteria).filter((c) => c.leaf && c.method === 'manual' && c.effectiveAppraiser !== null);
  if (appraisable.length === 0) return { count: 0, items: [] };
  const latest = { appraisal: dates.appraisalTo, council: dates.councilTo };
  for (const e of await queryRows<{ stage: string; until: string }>(
    db,
    sql`select stage, max(until)::text as until from round_extensions where round_id = ${round.id} and stage in ('appraisal', 'council') group by stage`,
  )) {
    const stage = e.stage as keyof typeof latest;
    if (e.until > latest[stage]) latest[stage] = e.until;
  }
  const openPlain = today <= latest.appraisal;
  if (!openPlain && today > latest.council) return { count: 0, items: [] };
  const appraiserOf = new Map(appraisable.map((c) => [c.id, c.effectiveAppraiser!]));
  const ids = intArray(appraisable.map((c) => c.id));
  const missed = intArray(missedIds);
  const onlyAsked = openPlain ? sql`` : sql`and s.explanation_request is not null`;
  // After an explanation request the appraiser finalises until the council's deadline (assessments/commands.ts).
  const rows = await queryRows<{
    unit_code: string;
    unit_name: string;
    criterion_id: number;
    criterion_code: string;
    title: string;
    asked: boolean;
    deadline: string;
    total: number;
  }>(
    db,
    sql`with candidates as (
          select s.unit_id, s.criterion_id, s.explanation_request is not null as asked
          from scores s
          join unit_assessments a on a.round_id = s.round_id and a.unit_id = s.unit_id and a.submitted_at is not null
          where s.round_id = ${round.id} and s.criterion_id = any(${ids})
            and not s.appraisal_final and not s.not_applicable ${onlyAsked}
          union all
          -- A unit that missed its submission has no score row to rely on: every appraisable criterion not finalised
          -- by its appraiser waits (its own not-applicable marks do not count, results/compute.ts).
          select m.unit_id, k.id, coalesce(s.explanation_request is not null, false)
          from unnest(${missed}) as m(unit_id)
          cross join unnest(${ids}) as k(id)
          left join scores s on s.round_id = ${round.id} and s.unit_id = m.unit_id and s.criterion_id = k.id
          where not coalesce(s.appraisal_final, false) ${onlyAsked}),
        pending as (
          select k.unit_id, k.criterion_id, k.asked, w.deadline, u.code as unit_code, c.position
          from candidates k
          join units u on u.id = k.unit_id
          join criteria c on c.id = k.criterion_id
          left join round_extensions e on e.round_id = ${round.id} and e.unit_id = k.unit_id
            and e.stage = case when k.asked then 'council' else 'appraisal' end
          cross join lateral (select greatest(case when k.asked then ${dates.councilTo}::date else ${dates.appraisalTo}::date end, e.until) as deadline) w
          where w.deadline >= ${today}::date),
        listed as (select * from pending order by unit_code, position limit ${verdictOnly ? 1 : APPROVAL_LIST_LIMIT})
        select l.unit_code, ${unitNameInYear(round.year)} as unit_name, c.id as criterion_id, c.code as criterion_code, c.title,
          l.asked, l.deadline::text as deadline, ${verdictOnly ? sql`1` : sql`(select count(*)::int from pending)`} as total
        from listed l join units u on u.id = l.unit_id join criteria c on c.id = l.criterion_id
        order by l.unit_code, l.position`,
  );
  return {
    count: rows[0]?.total ?? 0,
    items: rows.map((r) => ({
      unitCode: r.unit_code,
      unitName: r.unit_name,
      criterionCode: r.criterion_code,
      title: r.title,
      appraiser: appraiserOf.get(r.criterion_id) ?? '',
      deadline: r.deadline,
      explanationAsked: r.asked,
    })),
  };
}

/** The refusal's parameters: the counts, and the first units and criteria named in one line each. */
export function missingParams(readiness: Readiness): { units: number; criteria: number; unitList: string; criterionList: string } {
  const named = (names: string[], count: number, shown = 10) =>
    names.length === 0 ? '—' : names.slice(0, shown).join(', ') + (count > shown ? `, … (+${count - shown})` : '');
  return {
    units: readiness.pendingSubmissions.count,
    criteria: readiness.pendingAppraisals.count,
    unitList: named(
      readiness.pendingSubmissions.items.map((u) => u.unitCode),
      readiness.pendingSubmissions.count,
    ),
    criterionList: named(
      readiness.pendingAppraisals.items.map((a) => `${a.unitCode} ${a.criterionCode}`),
      readiness.pendingAppraisals.count,
    ),
  };
}
