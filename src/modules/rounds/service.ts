import { and, asc, eq, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, inTransaction } from '../../db/client.js';
import { blocks, roundExtensions, rounds, unitAssessments, type RoundStage, units } from '../../db/schema.js';
import { checkRoundDates, type LocalDate, localDate, type RoundDateProblem } from '../../domain/deadlines.js';
import { normalizeCode } from '../../domain/codes.js';
import { issuesRejected } from '../../errors.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { findBlockIdByCode } from '../blocks/service.js';
import { findFrameworkId } from '../frameworks/service.js';
import { findUnitIdByCode, listUnits } from '../units/service.js';
import { missingParams, roundReadiness } from './approval.js';
import { needsReadiness, roundCan, roundPolicies, roundsCan } from './policies.js';
import { fail, invalid } from './reasons.js';
import type {
  ApprovalPreview,
  Extension,
  ExtensionBody,
  OpenRoundBody,
  Round,
  RoundDates,
  RoundDetail,
  RoundExtension,
  RoundList,
  RoundListQuery,
} from './schemas.js';

async function selectRounds(db: DbOrTx, where?: ReturnType<typeof eq>): Promise<Round[]> {
  const rows = await db
    .select({
      round: rounds,
      blockCode: blocks.code,
      blockName: blocks.name,
      unitCount: sql<number>`(select count(*)::int from ${unitAssessments} a where a.round_id = ${rounds.id})`,
    })
    .from(rounds)
    .innerJoin(blocks, eq(blocks.id, rounds.blockId))
    .where(where)
    .orderBy(asc(rounds.year), asc(blocks.code));
  return rows.map(({ round, blockCode, blockName, unitCount }) => ({
    id: round.id,
    year: round.year,
    blockCode,
    blockName,
    frameworkId: round.frameworkId,
    status: round.status,
    historical: round.historical,
    dates: round.selfAssessmentFrom
      ? {
          selfAssessmentFrom: round.selfAssessmentFrom,
          selfAssessmentTo: round.selfAssessmentTo!,
          appraisalTo: round.appraisalTo!,
          explanationTo: round.explanationTo!,
          councilTo: round.councilTo!,
        }
      : null,
    approvedAt: round.approvedAt ? round.approvedAt.toISOString() : null,
    unitCount,
  }));
}

export async function listRounds(db: DbOrTx, filter: RoundListQuery): Promise<Round[]> {
  const all = await selectRounds(db);
  return all.filter((r) => (filter.year === undefined || r.year === filter.year) && (!filter.block || r.blockCode === normalizeCode(filter.block)));
}

export async function getRound(db: DbOrTx, id: number): Promise<Round> {
  const [round] = await selectRounds(db, eq(rounds.id, id));
  if (!round) throw fail('round_not_found', { round: id });
  return round;
}

/** What `actor` may do with `round` on the server's date `now` (approval: only when nothing is waited for). */
async function canOn(db: DbOrTx, actor: Actor, round: Round, now: Date) {
  const ready = needsReadiness(actor, round) && (await roundReadiness(db, round, localDate(now), { verdictOnly: true })).ready;
  return roundCan(actor, round, ready);
}

/** The rounds as a signed-in user sees them: each with what this user may do with it. */
export async function listRoundsFor(db: DbOrTx, actor: Actor, filter: RoundListQuery, now: Date): Promise<RoundList> {
  const items = await listRounds(db, filter);
  const withCan = [];
  for (const round of items) withCan.push({ ...round, can: await canOn(db, actor, round, now) });
  return { items: withCan, can: roundsCan(actor) };
}

/** One round with what the user may do with it; its extensions for the organizer and the council only. */
export async function getRoundDetail(db: DbOrTx, actor: Actor, id: number, now: Date): Promise<RoundDetail> {
  const round = await getRound(db, id);
  const extensions = roundPolicies.oversee(actor) ? await listExtensions(db, round.id) : [];
  return { ...round, can: await canOn(db, actor, round, now), extensions };
}

/**
 * What the approval waits for on the server's date (the organizer and the council): the units still within their
 * self-assessment, the appraisals still open, and the units that never submitted.
 */
export async function getApprovalPreview(db: DbOrTx, actor: Actor, id: number, now: Date): Promise<ApprovalPreview> {
  const round = await getRound(db, id);
  if (!roundPolicies.oversee(actor)) throw fail('approval_preview_forbidden');
  const readiness = await roundReadiness(db, round, localDate(now));
  return {
    roundId: round.id,
    status: round.status,
    ...readiness,
    can: { approve: roundCan(actor, round, readiness.ready).approve },
  };
}

/** The dates' problems as one 400: an issue per field, the first one's reason on the error. */
const invalidDates = (problems: RoundDateProblem[]) => issuesRejected(problems);

/**
 * Opens the assessment round of a year and block on the latest framework revision (which is then in use and
 * can only change through a new revision). Every unit of the block that year takes part.
 */
export async function openRound(db: Db, actor: Actor, input: OpenRoundBody): Promise<Round> {
  const { year, blockCode, ...dates } = input;
  const problems = checkRoundDates(dates);
  if (problems.length) throw invalidDates(problems);
  return inTransaction(db, async (tx) => {
    const blockId = await findBlockIdByCode(tx, blockCode);
    if (blockId === null) throw invalid('blockCode', 'round_unknown_block', { block: normalizeCode(blockCode) }, `Unknown block ${normalizeCode(blockCode)}`);
    const frameworkId = await findFrameworkId(tx, { year, block: blockCode });
    const [existing] = await tx
      .select({ id: rounds.id })
      .from(rounds)
      .where(and(eq(rounds.year, year), eq(rounds.blockId, blockId)));
    if (existing) throw fail('round_exists', { year, block: normalizeCode(blockCode) });
    const members = await listUnits(tx, { year, block: blockCode });
    if (members.length === 0)
      throw invalid(
        'blockCode',
        'round_block_without_units',
        { block: normalizeCode(blockCode), year },
        `Block ${normalizeCode(blockCode)} has no units in ${year}`,
      );
    const [round] = await tx
      .insert(rounds)
      .values({ frameworkId, year, blockId, status: 'open', ...dates })
      .returning({ id: rounds.id });
    await tx.insert(unitAssessments).values(members.map((u) => ({ roundId: round!.id, unitId: u.id })));
    const view = await getRound(tx, round!.id);
    await recordAudit(tx, actor, {
      action: 'create',
      entityType: 'round',
      entityId: `${year}/${view.blockCode}`,
      after: { ...view, units: members.map((u) => u.code) },
    });
    return view;
  });
}

export async function updateRoundDates(db: Db, actor: Actor, id: number, dates: RoundDates): Promise<Round> {
  const problems = checkRoundDates(dates);
  if (problems.length) throw invalidDates(problems);
  return inTransaction(db, async (tx) => {
    const before = await getRound(tx, id);
    if (before.status !== 'open' || before.historical) throw fail('round_dates_not_open');
    await tx
      .update(rounds)
      .set({ ...dates, updatedAt: new Date() })
      .where(eq(rounds.id, id));
    const after = await getRound(tx, id);
    await recordAudit(tx, actor, {
      action: 'update',
      entityType: 'round',
      entityId: `${after.year}/${after.blockCode}`,
      before: before.dates,
      after: after.dates,
    });
    return after;
  });
}

/** A later deadline for one unit and stage, with the organizer's reason (audited). */
export async function extendDeadline(db: Db, actor: Actor, id: number, input: ExtensionBody): Promise<Extension> {
  return inTransaction(db, async (tx) => {
    const round = await getRound(tx, id);
    if (round.status !== 'open' || !round.dates) throw fail('extension_round_not_open');
    const unitId = await findUnitIdByCode(tx, input.unitCode);
    const [member] =
      unitId === null
        ? []
        : await tx
            .select()
            .from(unitAssessments)
            .where(and(eq(unitAssessments.roundId, id), eq(unitAssessments.unitId, unitId)));
    if (!member || unitId === null)
      throw invalid(
        'unitCode',
        'extension_unit_not_in_round',
        { unit: normalizeCode(input.unitCode) },
        `Unit ${normalizeCode(input.unitCode)} is not in this round`,
      );
    const [before] = await tx
      .select()
      .from(roundExtensions)
      .where(and(eq(roundExtensions.roundId, id), eq(roundExtensions.unitId, unitId), eq(roundExtensions.stage, input.stage)));
    await tx
      .insert(roundExtensions)
      .values({ roundId: id, unitId, stage: input.stage, until: input.until, reason: input.reason })
      .onConflictDoUpdate({
        target: [roundExtensions.roundId, roundExtensions.unitId, roundExtensions.stage],
        set: { until: input.until, reason: input.reason },
      });
    const after = { unit: normalizeCode(input.unitCode), stage: input.stage, until: input.until, reason: input.reason };
    await recordAudit(tx, actor, {
      action: 'extend',
      entityType: 'round',
      entityId: `${round.year}/${round.blockCode}`,
      before: before ? { unit: after.unit, stage: before.stage, until: before.until, reason: before.reason } : null,
      after,
    });
    return after;
  });
}

export async function extensionUntil(db: DbOrTx, roundId: number, unitId: number, stage: RoundStage): Promise<LocalDate | null> {
  const [row] = await db
    .select({ until: roundExtensions.until })
    .from(roundExtensions)
    .where(and(eq(roundExtensions.roundId, roundId), eq(roundExtensions.unitId, unitId), eq(roundExtensions.stage, stage)));
  return row?.until ?? null;
}

export async function listExtensions(db: DbOrTx, roundId: number): Promise<RoundExtension[]> {
  return db
    .select({ unitCode: units.code, stage: roundExtensions.stage, until: roundExtensions.until, reason: roundExtensions.reason })
    .from(roundExtensions)
    .innerJoin(units, eq(units.id, roundExtensions.unitId))
    .where(eq(roundExtensions.roundId, roundId))
    .orderBy(asc(units.code), asc(roundExtensions.stage));
}

/**
 * The council approves the block's results: the round leaves the open state (the sheets lock) and can be published.
 * Refused (`round_not_ready`) while a unit may still submit or an appraisal may still change (approval.ts); the
 * error's details list them.
 */
export async function approveRound(db: Db, actor: Actor, id: number, now: Date): Promise<Round> {
  return inTransaction(db, async (tx) => {
    // One approval at a time per round: the second waits and then finds the round approved.
    await tx.select({ id: rounds.id }).from(rounds).where(eq(rounds.id, id)).for('update');
    const before = await getRound(tx, id);
    if (before.status !== 'open') throw fail(before.status === 'published' ? 'round_already_published' : 'round_already_approved');
    const readiness = await roundReadiness(tx, before, localDate(now));
    if (!readiness.ready) {
      throw fail('round_not_ready', missingParams(readiness), {
        today: readiness.today,
        pendingSubmissions: readiness.pendingSubmissions,
        pendingAppraisals: readiness.pendingAppraisals,
      });
    }
    const participants = await tx.select({ submittedAt: unitAssessments.submittedAt }).from(unitAssessments).where(eq(unitAssessments.roundId, id));
    const notSubmitted = participants.filter((p) => p.submittedAt === null).length;
    await tx.update(rounds).set({ status: 'approved', approvedAt: now, approvedBy: actor.userId, updatedAt: now }).where(eq(rounds.id, id));
    const after = await getRound(tx, id);
    await recordAudit(tx, actor, {
      action: 'approve',
      entityType: 'round',
      entityId: `${after.year}/${after.blockCode}`,
      before: { status: before.status },
      after: { status: after.status, units: participants.length, notSubmitted },
    });
    return after;
  });
}
