import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { roundExtensions, scores, unitAssessments } from '../../db/schema.js';
import { type LocalDate, localDate, missedSubmission } from '../../domain/deadlines.js';
import { normalizeCode } from '../../domain/codes.js';
import type { Actor } from '../auth/actor.js';
import { type CriterionNode, flattenCriteria, getFramework } from '../frameworks/service.js';
import type { Round } from '../rounds/schemas.js';
import { getRound, listRounds } from '../rounds/service.js';
import { listUnits } from '../units/service.js';
import { actorUnitCode } from './context.js';
import { policies } from './policies.js';
import { fail } from './reasons.js';
import type {
  AppraisalWorkItem,
  AppraisalWorkList,
  AppraisalWorkQuery,
  CouncilUnitProgress,
  CouncilWorkBlock,
  CouncilWorkList,
  CouncilWorkQuery,
  WorkCounts,
  WorkRound,
  WorkStatus,
} from './schemas.js';

/**
 * The work lists: what the appraisers and the council have to do in the open rounds, row by row, each row leading to
 * the unit's sheet. Statuses are computed from the score rows and the submissions, never stored.
 */

type ScoreRow = typeof scores.$inferSelect;
type Participant = typeof unitAssessments.$inferSelect;

const num = (v: string | null | undefined) => (v === null || v === undefined ? null : Number(v));
const byCode = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true });
const fieldOf = (code: string) => code.split('.')[0]!;

/** Where a unit × criterion stands for its appraiser (schemas.ts WORK_STATUSES). */
export function workStatus(handedOver: boolean, row: Pick<ScoreRow, 'appraisalFinal' | 'explanationRequest' | 'explanationAnswer'> | null): WorkStatus {
  if (row?.appraisalFinal) return 'final';
  if (!handedOver) return 'waiting_submission';
  if (row?.explanationRequest) return row.explanationAnswer ? 'answered' : 'explanation_asked';
  return 'to_appraise';
}

/**
 * A disagreement: the appraised score of a manual criterion differs from the unit's submitted self-score. A unit that
 * never submitted has no self-score that counts, so nothing to disagree with.
 */
export function disagrees(row: Pick<ScoreRow, 'appraisedScore' | 'selfScore'>, submitted: boolean): boolean {
  return submitted && row.appraisedScore !== null && row.appraisedScore !== row.selfScore;
}

/** The order of the rows: the appraiser's turn (to appraise, answered), then the unit's (asked, not submitted), then final. */
const PRIORITY: Record<WorkStatus, number> = { to_appraise: 0, answered: 1, explanation_asked: 2, waiting_submission: 3, final: 4 };

const emptyCounts = (): WorkCounts => ({ waiting_submission: 0, to_appraise: 0, explanation_asked: 0, answered: 0, final: 0 });

interface RoundData {
  round: Round;
  criteria: CriterionNode[];
  participants: Participant[];
  /** The units that let their self-assessment window close without submitting (deadlines.ts missedSubmission). */
  missed: Set<number>;
  rows: Map<string, ScoreRow>;
  unitNames: Map<number, { code: string; name: string }>;
}

const rowKey = (unitId: number, criterionId: number) => `${unitId}:${criterionId}`;

/** The participants that let their self-assessment window (extensions included) close without submitting. */
export async function missedUnits(db: DbOrTx, round: Round, participants: readonly Participant[], today: LocalDate): Promise<Set<number>> {
  if (!round.dates || participants.every((p) => p.submittedAt !== null)) return new Set();
  const extensions = await db
    .select({ unitId: roundExtensions.unitId, until: roundExtensions.until })
    .from(roundExtensions)
    .where(and(eq(roundExtensions.roundId, round.id), eq(roundExtensions.stage, 'self_assessment')));
  const extendedUntil = new Map(extensions.map((e) => [e.unitId, e.until]));
  return new Set(participants.filter((p) => missedSubmission(round.dates, today, p.submittedAt !== null, extendedUntil.get(p.unitId))).map((p) => p.unitId));
}

async function roundData(db: DbOrTx, round: Round, today: LocalDate): Promise<RoundData> {
  const framework = await getFramework(db, round.frameworkId);
  const participants = await db.select().from(unitAssessments).where(eq(unitAssessments.roundId, round.id));
  const missed = await missedUnits(db, round, participants, today);
  const rows = await db.select().from(scores).where(eq(scores.roundId, round.id));
  const units = await listUnits(db, { year: round.year });
  const ids = new Set(participants.map((p) => p.unitId));
  return {
    round,
    criteria: flattenCriteria(framework.criteria),
    participants,
    missed,
    rows: new Map(rows.map((r) => [rowKey(r.unitId, r.criterionId), r])),
    unitNames: new Map(units.filter((u) => ids.has(u.id)).map((u) => [u.id, { code: u.code, name: u.name }])),
  };
}

const workRound = (r: Round): WorkRound => ({ id: r.id, year: r.year, blockCode: r.blockCode, blockName: r.blockName });

/** The criteria appraised in the cycle: manual leaves with an appraising department (of `department` when given). */
function appraisable(criteria: CriterionNode[], department: string | null): CriterionNode[] {
  return criteria.filter(
    (c) => c.leaf && c.method === 'manual' && c.effectiveAppraiser !== null && (department === null || c.effectiveAppraiser === department),
  );
}

/**
 * An appraiser's work list: every unit × criterion their department appraises in the open rounds, with its status,
 * the counts per status and the filters' choices. The organizer sees every department's (or one, `department`).
 */
export async function appraisalWorkList(db: DbOrTx, actor: Actor, query: AppraisalWorkQuery, now: Date): Promise<AppraisalWorkList> {
  let department: string | null;
  const chooseDepartment = !policies.appraisalQueue(actor) && policies.organizer(actor);
  if (policies.appraisalQueue(actor)) {
    // An appraiser's rows are always their own department's, whatever the query names.
    department = await actorUnitCode(db, actor);
    if (!department) throw fail('appraisal_queue_forbidden');
  } else if (policies.organizer(actor)) {
    department = query.department ? normalizeCode(query.department) : null;
  } else {
    throw fail('appraisal_queue_forbidden');
  }

  const open = (await listRounds(db, {})).filter((r) => r.status === 'open');
  const rounds: WorkRound[] = [];
  const units = new Map<string, string>();
  const fields = new Map<string, string>();
  const departments = new Set<string>();
  const counts = emptyCounts();
  const matching: AppraisalWorkItem[] = [];
  const wantedUnit = query.unit ? normalizeCode(query.unit) : null;

  for (const round of open) {
    const data = await roundData(db, round, localDate(now));
    if (chooseDepartment) for (const c of appraisable(data.criteria, null)) departments.add(c.effectiveAppraiser!);
    const mine = appraisable(data.criteria, department);
    if (mine.length === 0) continue;
    rounds.push(workRound(round));
    for (const c of mine) {
      const field = data.criteria.find((f) => f.code === fieldOf(c.code));
      if (!fields.has(fieldOf(c.code))) fields.set(fieldOf(c.code), field?.title ?? '');
    }
    for (const p of data.participants) {
      const unit = data.unitNames.get(p.unitId);
      if (unit) units.set(unit.code, unit.name);
    }
    if (query.round !== undefined && query.round !== round.id) continue;
    for (const p of data.participants) {
      const unit = data.unitNames.get(p.unitId);
      if (!unit || (wantedUnit && unit.code !== wantedUnit)) continue;
      const handedOver = p.submittedAt !== null || data.missed.has(p.unitId);
      for (const c of mine) {
        if (query.field && fieldOf(c.code) !== query.field) continue;
        const row = data.rows.get(rowKey(p.unitId, c.id)) ?? null;
        const status = workStatus(handedOver, row);
        // A draft is the unit's own until it is handed over: the row then says only where it stands.
        const readable = policies.readSheet(actor, p.unitId, handedOver);
        const shown = readable ? row : null;
        counts[status]++;
        if (query.status && status !== query.status) continue;
        matching.push({
          roundId: round.id,
          year: round.year,
          blockCode: round.blockCode,
          unitCode: unit.code,
          unitName: unit.name,
          fieldCode: fieldOf(c.code),
          criterionCode: c.code,
          title: c.title,
          maxPoints: c.maxPoints,
          department: c.effectiveAppraiser!,
          status,
          submittedAt: p.submittedAt ? p.submittedAt.toISOString() : null,
          missedSubmission: data.missed.has(p.unitId),
          notApplicable: shown?.notApplicable ?? false,
          selfScore: num(shown?.selfScore),
          appraisedScore: num(shown?.appraisedScore),
          explanationRequest: shown?.explanationRequest ?? null,
          explanationAnswer: shown?.explanationAnswer ?? null,
          can: { openSheet: readable },
        });
      }
    }
  }
  // What waits for the appraiser first, then what waits for the unit, the final rows last.
  matching.sort(
    (a, b) =>
      PRIORITY[a.status] - PRIORITY[b.status] ||
      a.year - b.year ||
      a.blockCode.localeCompare(b.blockCode) ||
      a.unitCode.localeCompare(b.unitCode) ||
      byCode(a.criterionCode, b.criterionCode),
  );
  return {
    department,
    rounds,
    units: [...units].map(([code, name]) => ({ code, name })).sort((a, b) => a.code.localeCompare(b.code)),
    fields: [...fields].map(([code, title]) => ({ code, title })).sort((a, b) => byCode(a.code, b.code)),
    departments: [...departments].sort(),
    can: { chooseDepartment },
    counts,
    total: matching.length,
    items: matching.slice(query.offset, query.offset + query.limit),
  };
}

/**
 * The council's work list: per open round (block), or the one round asked for, every unit's progress (submitted,
 * appraised, explanations) and the disagreements, each unit's sheet one click away.
 */
export async function councilWorkList(db: DbOrTx, actor: Actor, query: CouncilWorkQuery, now: Date): Promise<CouncilWorkList> {
  if (!policies.council(actor) && !policies.organizer(actor)) throw fail('sheet_read_forbidden');
  const open = (await listRounds(db, {})).filter((r) => r.status === 'open');
  const chosen = query.round === undefined ? open : [await getRound(db, query.round)];
  const blocks: CouncilWorkBlock[] = [];
  for (const round of chosen) {
    const data = await roundData(db, round, localDate(now));
    const checked = appraisable(data.criteria, null);
    const manual = data.criteria.filter((c) => c.leaf && c.method === 'manual');
    const unitRows: CouncilUnitProgress[] = [];
    const disagreements: CouncilWorkBlock['disagreements'] = [];
    for (const p of data.participants) {
      const unit = data.unitNames.get(p.unitId);
      if (!unit) continue;
      const progress: CouncilUnitProgress = {
        unitCode: unit.code,
        unitName: unit.name,
        submittedAt: p.submittedAt ? p.submittedAt.toISOString() : null,
        missedSubmission: data.missed.has(p.unitId),
        appraisable: checked.length,
        appraised: 0,
        final: 0,
        explanationsAsked: 0,
        explanationsAnswered: 0,
        disagreements: 0,
        can: { openSheet: policies.readSheet(actor, p.unitId, p.submittedAt !== null || data.missed.has(p.unitId)) },
      };
      for (const c of checked) {
        const row = data.rows.get(rowKey(p.unitId, c.id));
        if (!row) continue;
        if (row.appraisedScore !== null || row.appraisalFinal) progress.appraised++;
        if (row.appraisalFinal) progress.final++;
        if (row.explanationRequest) progress.explanationsAsked++;
        if (row.explanationRequest && row.explanationAnswer) progress.explanationsAnswered++;
      }
      // As disagreements(): a manual criterion whose appraised score differs from the self-score.
      for (const c of manual) {
        const row = data.rows.get(rowKey(p.unitId, c.id));
        if (!row || !disagrees(row, p.submittedAt !== null)) continue;
        progress.disagreements++;
        disagreements.push({
          unitCode: unit.code,
          unitName: unit.name,
          criterionCode: c.code,
          title: c.title,
          notApplicable: row.notApplicable,
          notApplicableReason: row.notApplicableReason,
          selfScore: num(row.selfScore),
          selfNote: row.selfNote,
          missingEvidenceReason: row.missingEvidenceReason,
          appraisedScore: num(row.appraisedScore),
          appraisalReason: row.appraisalReason,
          explanationRequest: row.explanationRequest,
          explanationAnswer: row.explanationAnswer,
          appraisalFinal: row.appraisalFinal,
          councilScore: num(row.councilScore),
          councilReason: row.councilReason,
          version: row.version,
        });
      }
      unitRows.push(progress);
    }
    unitRows.sort((a, b) => a.unitCode.localeCompare(b.unitCode));
    disagreements.sort((a, b) => a.unitCode.localeCompare(b.unitCode) || byCode(a.criterionCode, b.criterionCode));
    blocks.push({
      ...workRound(round),
      status: round.status,
      units: unitRows,
      disagreements,
      totals: {
        units: unitRows.length,
        submitted: unitRows.filter((u) => u.submittedAt !== null).length,
        disagreements: disagreements.length,
        explanationsAsked: unitRows.reduce((s, u) => s + u.explanationsAsked, 0),
        explanationsAnswered: unitRows.reduce((s, u) => s + u.explanationsAnswered, 0),
      },
    });
  }
  return { rounds: open.map(workRound), blocks };
}
