import { and, eq, inArray } from 'drizzle-orm';
import { type Db, inTransaction } from '../../db/client.js';
import { surveyResponses, units } from '../../db/schema.js';
import { normalizeCode } from '../../domain/codes.js';
import { type Answers, checkAnswers, isRatedQuestion, type Ratings, type SurveyIssue, type SurveyQuestion } from '../../domain/surveys.js';
import { importRejected, reasonText } from '../../errors.js';
import { countText, quoteValue, TABLE_LIMITS, TableFileError, type TableLimits, tooManyRows } from '../../io/limits.js';
import { ioText } from '../../io/reasons.js';
import { fileRejected, readTableRows, RowErrors, unneutralise } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { recordAudit } from '../audit/service.js';
import { responsesChanged } from '../surveys/campaigns.js';
import { reasons as surveyReasons } from '../surveys/reasons.js';
import { canonicalAnswers, canonicalRatings, type EntryContext, entryContext, type GroupInfo, profileQuestion, sameAnswers } from './context.js';
import { requireChannel } from './policies.js';
import { said } from './reasons.js';
import type { ImportResult } from './schemas.js';

/**
 * `parindex import survey-responses FILE --campaign C` and POST …/responses/import. A CSV or XLSX file, header first:
 * SIPAS / custom `response_id,unit_code,<question_code>…`, one row per response; officials
 * `response_id,group_code,rated_unit_code,<question_code>…`, one row per response × rated unit, the rows of one
 * response together (its profile answers on any of them, equal where repeated). Cells: option codes or numbers
 * (1 = the first option), `;` between the codes of a multi-choice, 1–5 for a scale; an empty cell is no answer. The
 * export's `source,submitted_at,recheck` columns are read and ignored, so an export re-imports as it is.
 *
 * Idempotent by response_id (the response's external id; `#<n>` names a response collected online by its number): an
 * unchanged response writes nothing, a changed one is replaced (its unit, group and answers), a new one is inserted
 * with source `import`. All or nothing: every row is checked and every problem reported with its row (the header is
 * row 1) and column; then everything is written in one transaction with one summary audit row.
 */

/** Columns a question can take besides the answers: the export writes them, the import ignores them. */
export const EXPORT_ONLY_COLUMNS = ['source', 'submitted_at', 'recheck'] as const;
export const fixedColumns = (kind: string) => (kind === 'officials' ? ['response_id', 'group_code', 'rated_unit_code'] : ['response_id', 'unit_code']);
/** A response_id is an external id (40 characters at most). */
const MAX_ID = 40;
const INTERNAL_ID = /^#(\d{1,15})$/;
/** A survey template may have up to 300 questions: the file may be as wide. */
const LIMITS: TableLimits = { ...TABLE_LIMITS, maxColumns: 320 };

interface Staged {
  id: string;
  row: number;
  unitId: number | null;
  groupId: number | null;
  answers: Answers;
  ratings: Ratings | null;
  /** Officials: the row of each rated unit and of each profile answer, for "rated twice" and "differs". */
  ratedRows: Map<string, number>;
  profileRows: Map<string, number>;
  groupRow: number;
}

const surveyText = (issue: SurveyIssue) => reasonText(surveyReasons, issue.reason as keyof typeof surveyReasons & string, issue.params);

export async function importResponses(db: Db, actor: Actor, campaignCode: string, file: Buffer, now: Date): Promise<ImportResult> {
  const ctx = await entryContext(db, campaignCode);
  requireChannel(ctx.campaign, 'import');
  const { staged, rowCount, errors } = await readResponses(db, ctx, file);

  return inTransaction(db, async (tx) => {
    const locked = await entryContext(tx, campaignCode, { lock: true });
    // Existing responses by external id, and the ones named #<n>.
    const external = staged.filter((s) => !INTERNAL_ID.test(s.id)).map((s) => s.id);
    const internal = staged.flatMap((s) => {
      const m = INTERNAL_ID.exec(s.id);
      return m ? [Number(m[1])] : [];
    });
    const existing = new Map<string, typeof surveyResponses.$inferSelect>();
    for (let i = 0; i < external.length; i += 1000) {
      const rows = await tx
        .select()
        .from(surveyResponses)
        .where(and(eq(surveyResponses.campaignId, locked.campaign.id), inArray(surveyResponses.externalId, external.slice(i, i + 1000))));
      for (const r of rows) existing.set(r.externalId!, r);
    }
    for (let i = 0; i < internal.length; i += 1000) {
      const rows = await tx
        .select()
        .from(surveyResponses)
        .where(
          and(
            eq(surveyResponses.campaignId, locked.campaign.id),
            eq(surveyResponses.status, 'submitted'),
            inArray(surveyResponses.id, internal.slice(i, i + 1000)),
          ),
        );
      for (const r of rows) if (r.externalId === null) existing.set(`#${r.id}`, r);
    }
    for (const s of staged) if (INTERNAL_ID.test(s.id) && !existing.has(s.id)) errors.add(s.row, said('survey_import_id_unknown', { id: s.id }), 'response_id');
    errors.items.sort((a, b) => a.row - b.row);
    errors.throwIfAny('Survey responses import rejected');

    const inserts: (typeof surveyResponses.$inferInsert)[] = [];
    let replaced = 0;
    let unchanged = 0;
    const questions = locked.questions;
    for (const s of staged) {
      const current = existing.get(s.id);
      if (!current) {
        inserts.push({
          campaignId: locked.campaign.id,
          unitId: s.unitId,
          groupId: s.groupId,
          source: 'import',
          externalId: s.id,
          status: 'submitted',
          answers: s.answers,
          ratings: s.ratings,
          enteredBy: actor.userId,
          createdAt: now,
          updatedAt: now,
          submittedAt: now,
        });
        continue;
      }
      const same =
        current.status === 'submitted' &&
        current.unitId === s.unitId &&
        current.groupId === s.groupId &&
        sameAnswers(canonicalAnswers(questions, current.answers), s.answers) &&
        sameAnswers(current.ratings ? canonicalRatings(questions, current.ratings) : null, s.ratings);
      if (same) {
        unchanged++;
        continue;
      }
      await tx
        .update(surveyResponses)
        .set({
          unitId: s.unitId,
          groupId: s.groupId,
          answers: s.answers,
          ratings: s.ratings,
          status: 'submitted',
          submittedAt: current.submittedAt ?? now,
          enteredBy: actor.userId,
          updatedAt: now,
        })
        .where(eq(surveyResponses.id, current.id));
      replaced++;
    }
    for (let i = 0; i < inserts.length; i += 500) await tx.insert(surveyResponses).values(inserts.slice(i, i + 500));
    const result = { rows: rowCount, responses: staged.length, inserted: inserts.length, replaced, unchanged };
    await recordAudit(tx, actor, { action: 'import', entityType: 'survey_response', entityId: locked.campaign.code, after: result });
    if (inserts.length + replaced > 0) await responsesChanged(tx, locked.campaign.id);
    return result;
  });
}

/** Reads and checks every row; returns the staged responses and the errors found (thrown later, with the id checks). */
async function readResponses(db: Db, ctx: EntryContext, file: Buffer) {
  const { campaign, questions } = ctx;
  const officials = campaign.kind === 'officials';
  const fixed = fixedColumns(campaign.kind);
  const byLower = new Map<string, SurveyQuestion>();
  for (const q of questions) if (!byLower.has(q.code.toLowerCase())) byLower.set(q.code.toLowerCase(), q);
  const known = [...fixed, ...EXPORT_ONLY_COLUMNS, ...questions.map((q) => q.code)];
  const allUnits = new Set((await db.select({ code: units.code }).from(units)).map((u) => u.code));

  if (file.length === 0) throw importRejected('The file is empty', [{ row: 1, ...ioText('file_is_empty') }]);
  const errors = new RowErrors();
  let header: { name: string; question: SurveyQuestion | null; use: boolean }[] | null = null;
  const staged: Staged[] = [];
  const firstRowOf = new Map<string, number>();
  let current: Staged | null = null;
  let rowCount = 0;
  let kept = 0;

  const unitError = (row: number, column: string, code: string, ratedBy?: GroupInfo) => {
    if (!allUnits.has(code)) errors.add(row, said('survey_entry_unit_unknown', { unit: code }), column);
    else if (ratedBy || officials) errors.add(row, reasonText(surveyReasons, 'survey_rated_unit_unknown', { unit: code }), column);
    else errors.add(row, reasonText(surveyReasons, 'survey_campaign_unit_unknown', { unit: code, campaign: campaign.code }), column);
  };

  const readRow = (row: number, cells: Record<string, string>, raw: Record<string, string>) => {
    const id = cells.response_id ?? '';
    const before = errors.items.length;
    if (id === '') errors.add(row, said('survey_import_id_empty'), 'response_id');
    else if (id.length > MAX_ID) errors.add(row, said('survey_import_id_too_long', { id: quoteValue(id, 40), maximum: MAX_ID }), 'response_id');
    const answerIssues = (filter?: (q: SurveyQuestion) => boolean) => {
      const checked = checkAnswers(questions, raw, { complete: false, ...(filter ? { questionFilter: filter } : {}) });
      for (const issue of checked.issues) if (issue.reason !== 'survey_question_unknown') errors.add(row, surveyText(issue), issue.field);
      return canonicalAnswers(questions, checked.answers);
    };

    if (!officials) {
      const unitCode = normalizeCode(cells.unit_code ?? '');
      const unit = ctx.unitsByCode.get(unitCode);
      if (unitCode === '') errors.add(row, said('survey_import_unit_empty', { column: 'unit_code' }), 'unit_code');
      else if (!unit) unitError(row, 'unit_code', unitCode);
      const answers = answerIssues();
      if (id !== '' && id.length <= MAX_ID) {
        const first = firstRowOf.get(id);
        if (first !== undefined) errors.add(row, said('survey_import_id_repeated', { id, row: first }), 'response_id');
        else firstRowOf.set(id, row);
      }
      if (errors.items.length === before) {
        staged.push({
          id,
          row,
          unitId: unit!.id,
          groupId: null,
          answers,
          ratings: null,
          ratedRows: new Map(),
          profileRows: new Map(),
          groupRow: row,
        });
      }
      return;
    }

    // Officials: the rows of a response come together; profile answers once, ratings per rated unit.
    const idOk = id !== '' && id.length <= MAX_ID;
    if (idOk && current?.id !== id) {
      const first = firstRowOf.get(id);
      if (first !== undefined) errors.add(row, said('survey_import_id_not_grouped', { id, row: first }), 'response_id');
      else {
        firstRowOf.set(id, row);
        current = { id, row, unitId: null, groupId: null, answers: {}, ratings: {}, ratedRows: new Map(), profileRows: new Map(), groupRow: row };
        staged.push(current);
      }
    } else if (!idOk) current = null;
    const target = idOk && current?.id === id ? current : null;

    const groupCode = (cells.group_code ?? '').toUpperCase();
    let group: GroupInfo | undefined;
    if (groupCode !== '') {
      group = ctx.groupsByCode.get(groupCode);
      if (!group) errors.add(row, said('survey_entry_group_unknown', { group: groupCode }), 'group_code');
    }
    if (target && group) {
      if (target.groupId === null) {
        target.groupId = group.id;
        target.groupRow = row;
      } else if (target.groupId !== group.id) errors.add(row, said('survey_import_group_differs', { id, row: target.groupRow }), 'group_code');
    }
    // A row without its group code rates within the group named on another row of the response.
    group ??= target?.groupId ? [...ctx.groupsByCode.values()].find((g) => g.id === target.groupId) : undefined;
    const profile = answerIssues(profileQuestion);
    if (target) {
      for (const [code, value] of Object.entries(profile)) {
        const had = target.answers[code];
        if (had === undefined) {
          target.answers[code] = value;
          target.profileRows.set(code, row);
        } else if (JSON.stringify(had) !== JSON.stringify(value)) {
          errors.add(
            row,
            said('survey_import_profile_differs', { question: code, id, row: target.profileRows.get(code)!, value: quoteValue(raw[code] ?? '', 40) }),
            code,
          );
        }
      }
    }
    const rated = answerIssues(isRatedQuestion);
    const ratedCode = normalizeCode(cells.rated_unit_code ?? '');
    if (ratedCode === '') {
      if (Object.keys(rated).length > 0) errors.add(row, said('survey_import_rated_answer_without_unit'), 'rated_unit_code');
    } else {
      const inGroup = !group || group.unitCodes.size === 0 || group.unitCodes.has(ratedCode);
      if (!ctx.unitsByCode.has(ratedCode) || !inGroup) unitError(row, 'rated_unit_code', ratedCode, group);
      else if (target) {
        const first = target.ratedRows.get(ratedCode);
        if (first !== undefined) errors.add(row, said('survey_import_rated_twice', { id, unit: ratedCode, row: first }), 'rated_unit_code');
        else {
          target.ratedRows.set(ratedCode, row);
          if (Object.keys(rated).length > 0) target.ratings![ratedCode] = rated;
        }
      }
    }
  };

  try {
    for await (const batch of readTableRows(file, LIMITS)) {
      for (const { row, cells: rawCells } of batch) {
        const cells = rawCells.map((v) => unneutralise(v).trim());
        if (cells.every((c) => c === '')) continue;
        if (!header) {
          header = cells.map((name, i) => {
            const lower = name.toLowerCase();
            const question = byLower.get(lower) ?? null;
            const isFixed = fixed.includes(lower) || (EXPORT_ONLY_COLUMNS as readonly string[]).includes(lower);
            if (name === '' && i === cells.length - 1) return { name: '', question: null, use: false };
            if (!question && !isFixed) {
              errors.add(row, ioText('unknown_column', { column: quoteValue(name), expected: known.join(',') }), name ? quoteValue(name, 40) : `#${i + 1}`);
              return { name: lower, question: null, use: false };
            }
            if (cells.findIndex((c) => c.toLowerCase() === lower) !== i) {
              errors.add(row, ioText('duplicate_column', { column: name }), name);
              return { name: lower, question: null, use: false };
            }
            return { name: question ? question.code : lower, question, use: true };
          });
          const names = new Set(header.map((h) => h.name));
          const missing = fixed.filter((c) => c !== 'group_code' && !names.has(c));
          for (const column of missing) errors.add(row, ioText('missing_column', { column }), column);
          if (missing.length > 0) errors.throwIfAny('Wrong columns');
          continue;
        }
        rowCount++;
        if (rowCount > LIMITS.maxRows) throw tooManyRows(row, LIMITS);
        if (cells.length > header.length && cells.slice(header.length).some((c) => c !== '')) {
          errors.add(row, ioText('too_many_values', { values: cells.length, columns: header.length }));
          continue;
        }
        const fixedCells: Record<string, string> = {};
        const raw: Record<string, string> = {};
        header.forEach((h, i) => {
          if (!h.use) return;
          const value = cells[i] ?? '';
          kept += value.length;
          if (h.question) raw[h.question.code] = value;
          else fixedCells[h.name] = value;
        });
        if (kept > LIMITS.maxKeptChars) throw new TableFileError(row, ioText('too_much_data', { maxChars: countText(LIMITS.maxKeptChars) }));
        readRow(row, fixedCells, raw);
      }
    }
  } catch (error) {
    if (error instanceof TableFileError) throw fileRejected(error);
    throw error;
  }
  if (!header) throw importRejected('The file is empty', [{ row: 1, ...ioText('no_header_row') }]);
  if (rowCount === 0 && !errors.any) throw importRejected('The file has a header but no data rows', [{ row: 2, ...ioText('no_data_rows') }]);
  for (const s of staged) if (s.ratings) s.ratings = canonicalRatings(questions, s.ratings);
  return { staged, rowCount, errors };
}
