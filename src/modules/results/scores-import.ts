import { and, eq, sql } from 'drizzle-orm';
import { type Db, type DbOrTx, inTransaction } from '../../db/client.js';
import { rounds, scores, unitAssessments, unitMemberships } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { parentCodeOf } from '../../domain/framework.js';
import { formatPoints, parsePoints, PointsFormatError, pointsToNumber } from '../../domain/points.js';
import type { LeafScore } from '../../domain/results.js';
import { parseYesNo, quote, shortText } from '../../domain/text.js';
import { AppError, reasonText } from '../../errors.js';
import { readTable, RowErrors } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { type AuditChange, recordAudit, recordAuditMany } from '../audit/service.js';
import { findBlockIdByCode } from '../blocks/service.js';
import { findFrameworkId } from '../frameworks/service.js';
import { findUnitIdByCode } from '../units/service.js';
import { loadScoringFramework } from './compute.js';
import { findRound, loadRoundScores } from './queries.js';
import { invalid, fail, reasons } from './reasons.js';
import type { ScoresImportResponse } from './schemas.js';

/** Past years' scores from a file: they count as approved (a historical round). */

/** The latest framework revision of a year and block, or null. */
async function latestFrameworkId(db: DbOrTx, year: number, block: string): Promise<number | null> {
  try {
    return await findFrameworkId(db, { year, block });
  } catch (error) {
    if (error instanceof AppError && error.code === 'not_found') return null;
    throw error;
  }
}

/** A row error of the scores import: the reason with its parameters. */
const rowError = (reason: keyof typeof reasons & string, params?: Parameters<typeof reasonText>[2]) => reasonText(reasons, reason, params);

export const SCORE_FILE_COLUMNS = ['unit_code', 'criterion_code', 'self_score', 'appraised_score', 'council_score', 'not_applicable'] as const;

/**
 * Loads a past year's scores from a file (`unit_code,criterion_code,self_score,appraised_score,council_score,
 * not_applicable`; an empty cell is no value). They count as approved: the round of that year and block is
 * created as a historical, approved round on the latest framework revision. All rows are checked first;
 * any error rejects the whole file with its line numbers.
 */
export async function importScores(db: Db, actor: Actor, file: Buffer, year: number, blockCode: string): Promise<ScoresImportResponse> {
  const block = normalizeCode(blockCode);
  const blockId = await findBlockIdByCode(db, block);
  if (blockId === null) throw invalid('block', 'scores_import_unknown_block', { block }, `Unknown block ${block}`);
  const existingRound = await findRound(db, year, block);
  if (existingRound && !existingRound.historical) {
    throw fail('scores_import_round_in_app', { year, block });
  }
  if (existingRound?.status === 'published') {
    throw fail('scores_import_published', { year, block });
  }
  const frameworkId = existingRound?.frameworkId ?? (await latestFrameworkId(db, year, block));
  if (frameworkId === null) {
    throw invalid('year', 'scores_import_no_framework', { year, block }, `There is no ${year} framework for block ${block}; import the framework first`);
  }
  const framework = await loadScoringFramework(db, frameworkId);
  const rows = await readTable(file, { required: SCORE_FILE_COLUMNS });

  const members = new Map(
    (
      await db
        .select({ unitId: unitMemberships.unitId, code: sql<string>`(select code from units where id = ${unitMemberships.unitId})` })
        .from(unitMemberships)
        .where(and(eq(unitMemberships.year, year), eq(unitMemberships.blockId, blockId)))
    ).map((m) => [m.code, m.unitId]),
  );
  const parents = new Set(framework.criteria.map((c) => parentCodeOf(c.code)).filter((c): c is string => c !== null));
  const criterionByCode = new Map(framework.criteria.map((c) => [c.code, c]));
  const errors = new RowErrors();
  const seen = new Map<string, number>();
  const parsed: { unitId: number; criterionId: number; notApplicable: boolean; self: number | null; appraised: number | null; council: number | null }[] = [];
  for (const { row, values } of rows) {
    const unitCode = normalizeCode(values.unit_code ?? '');
    const criterionCode = (values.criterion_code ?? '').trim();
    const unitId = members.get(unitCode);
    if (!unitCode) errors.add(row, rowError('scores_unit_code_empty'), 'unit_code');
    else if (unitId === undefined) {
      const known = await findUnitIdByCode(db, unitCode);
      errors.add(
        row,
        known === null ? rowError('scores_unknown_unit', { unit: shortText(unitCode) }) : rowError('scores_unit_not_in_block', { unit: unitCode, block, year }),
        'unit_code',
      );
    }
    const criterion = criterionByCode.get(criterionCode);
    if (!criterionCode) errors.add(row, rowError('scores_criterion_code_empty'), 'criterion_code');
    else if (!criterion) errors.add(row, rowError('scores_unknown_criterion', { criterion: shortText(criterionCode), year, block }), 'criterion_code');
    else if (parents.has(criterionCode)) errors.add(row, rowError('scores_parent_criterion', { criterion: criterionCode }), 'criterion_code');
    const key = `${unitCode}|${criterionCode}`;
    if (seen.has(key))
      errors.add(row, rowError('scores_duplicate_row', { unit: shortText(unitCode), criterion: shortText(criterionCode), first: seen.get(key)! }));
    else seen.set(key, row);
    const stage = (column: 'self_score' | 'appraised_score' | 'council_score'): number | null => {
      const text = (values[column] ?? '').trim();
      if (!text) return null;
      try {
        const value = parsePoints(text);
        if (criterion && (value < 0 || value > criterion.maxPoints)) {
          errors.add(
            row,
            rowError('scores_points_out_of_range', { value: shortText(text), max: formatPoints(criterion.maxPoints), criterion: criterion.code }),
            column,
          );
        }
        return value;
      } catch (error) {
        if (!(error instanceof PointsFormatError)) throw error;
        errors.add(row, rowError('scores_not_points', { value: quote(text) }), column);
        return null;
      }
    };
    const self = stage('self_score');
    const appraised = stage('appraised_score');
    const council = stage('council_score');
    // yes/true/1/x/có or no/false/0/không (any case, with or without diacritics); an empty cell is "applicable".
    const naText = (values.not_applicable ?? '').trim();
    const notApplicable = naText === '' ? false : parseYesNo(naText);
    if (notApplicable === null) errors.add(row, rowError('scores_not_yes_no', { value: quote(values.not_applicable ?? '') }), 'not_applicable');
    if (unitId !== undefined && criterion) parsed.push({ unitId, criterionId: criterion.id, notApplicable: notApplicable ?? false, self, appraised, council });
  }
  errors.throwIfAny('Score import rejected');

  return inTransaction(db, async (tx) => {
    let roundId = existingRound?.id;
    if (!roundId) {
      const [created] = await tx
        .insert(rounds)
        .values({ frameworkId, year, blockId, status: 'approved', historical: true, approvedAt: new Date(), approvedBy: actor.userId })
        .returning({ id: rounds.id });
      roundId = created!.id;
      await recordAudit(tx, actor, {
        action: 'create',
        entityType: 'round',
        entityId: `${year}/${block}`,
        after: { year, block, frameworkId, status: 'approved', historical: true },
      });
    }
    const before = await loadRoundScores(tx, roundId);
    const unitIds = [...new Set(parsed.map((p) => p.unitId))];
    await tx
      .insert(unitAssessments)
      .values(unitIds.map((unitId) => ({ roundId: roundId!, unitId })))
      .onConflictDoNothing();
    const codeOfUnit = new Map([...members].map(([code, id]) => [id, code]));
    const codeOfCriterion = new Map(framework.criteria.map((c) => [c.id, c.code]));
    const stageView = (s: LeafScore | undefined) =>
      s ? { notApplicable: !!s.notApplicable, self: s.self ?? null, appraised: s.appraised ?? null, council: s.council ?? null } : null;
    const changes: AuditChange[] = [];
    const values = [];
    for (const p of parsed) {
      const old = before.get(p.unitId)?.get(p.criterionId);
      const next = { notApplicable: p.notApplicable, self: p.self, appraised: p.appraised, council: p.council };
      const oldView = stageView(old);
      if (oldView && JSON.stringify(oldView) === JSON.stringify(next)) continue;
      const points = (v: number | null) => (v === null ? null : formatPoints(v));
      values.push({
        roundId,
        unitId: p.unitId,
        criterionId: p.criterionId,
        notApplicable: p.notApplicable,
        selfScore: points(p.self),
        appraisedScore: points(p.appraised),
        councilScore: points(p.council),
      });
      const asPoints = (v: ReturnType<typeof stageView>) =>
        v && {
          ...v,
          self: v.self === null ? null : pointsToNumber(v.self),
          appraised: v.appraised === null ? null : pointsToNumber(v.appraised),
          council: v.council === null ? null : pointsToNumber(v.council),
        };
      changes.push({
        action: oldView ? 'update' : 'create',
        entityType: 'score',
        entityId: `${year}/${block}/${codeOfUnit.get(p.unitId)}/${codeOfCriterion.get(p.criterionId)}`,
        before: asPoints(oldView),
        after: asPoints(next),
      });
    }
    for (let i = 0; i < values.length; i += 1000) {
      await tx
        .insert(scores)
        .values(values.slice(i, i + 1000))
        .onConflictDoUpdate({
          target: [scores.roundId, scores.unitId, scores.criterionId],
          set: {
            notApplicable: sql`excluded.not_applicable`,
            selfScore: sql`excluded.self_score`,
            appraisedScore: sql`excluded.appraised_score`,
            councilScore: sql`excluded.council_score`,
            updatedAt: new Date(),
          },
        });
    }
    await recordAuditMany(tx, actor, changes);
    return { roundId, units: unitIds.length, rows: parsed.length, changed: changes.length };
  });
}
