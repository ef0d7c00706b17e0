import { and, asc, eq, gt, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { surveyResponses, units } from '../../db/schema.js';
import { LOCAL_TIME_ZONE } from '../../domain/local-time.js';
import { normalizeCode } from '../../domain/codes.js';
import { type AnswerValue, isRatedQuestion, type Ratings, type SurveyQuestion } from '../../domain/surveys.js';
import { failWith } from '../../errors.js';
import { type TableFormat, writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { reasons as surveyReasons } from '../surveys/reasons.js';
import { entryContext, profileQuestion } from './context.js';
import { EXPORT_ONLY_COLUMNS, fixedColumns } from './import.js';
import { scopedUnitId } from './policies.js';
import type { ExportQuery } from './schemas.js';

/**
 * A campaign's submitted responses as CSV or XLSX: one row per response (officials: per response × rated unit, its
 * profile answers on each row), `response_id` (the external id, or `#<n>` for a response collected online), the unit,
 * `source,submitted_at,recheck`, then a column per question. With values=codes it is the import format and re-imports
 * unchanged; values=labels writes option labels for reading. CSV text cells are neutralised against spreadsheet
 * formulas (src/io/tabular.ts `neutralise`), which the import undoes. Unit staff export their own unit's responses.
 */

const PAGE = 5000;
const timeFormat = new Intl.DateTimeFormat('en-CA', {
  timeZone: LOCAL_TIME_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

/** An instant as local time, `YYYY-MM-DD HH:mm:ss` (Asia/Ho_Chi_Minh). */
export function localDateTime(instant: Date): string {
  const parts = Object.fromEntries(timeFormat.formatToParts(instant).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** One answer as a cell: codes (`;` between a multi-choice's) or labels. */
export function answerCell(q: SurveyQuestion, value: AnswerValue | undefined, labels: boolean): string | number | null {
  if (value === undefined) return null;
  const label = (code: string) => (labels ? (q.options.find((o) => o.code === code)?.label ?? code) : code);
  if (Array.isArray(value)) return value.map(label).join(labels ? '; ' : ';');
  if (q.type === 'single') return label(String(value));
  if (q.type === 'scale' && labels) return q.options.find((o) => o.code === String(value))?.label ?? value;
  return value;
}

export async function exportResponses(
  db: Db,
  actor: Actor,
  campaignCode: string,
  query: ExportQuery,
): Promise<{ file: Buffer; fileName: string; format: TableFormat }> {
  const ctx = await entryContext(db, campaignCode);
  const { campaign, questions } = ctx;
  const failSurvey = failWith(surveyReasons);
  let requested: number | null = null;
  if (query.unit) {
    const unit = ctx.unitsByCode.get(normalizeCode(query.unit));
    if (!unit) throw failSurvey('survey_campaign_unit_unknown', { unit: normalizeCode(query.unit), campaign: campaign.code });
    requested = unit.id;
  }
  const unitId = scopedUnitId(actor, requested);
  const unitCode = unitId === null ? null : ctx.unitCodeById.get(unitId)!;
  const officials = campaign.kind === 'officials';
  const labels = query.values === 'labels';
  const columns = [...fixedColumns(campaign.kind), ...EXPORT_ONLY_COLUMNS, ...questions.map((q) => q.code)];
  const profile = questions.filter(profileQuestion);
  const rated = questions.filter(isRatedQuestion);

  const rows: Record<string, string | number | null>[] = [];
  let after = 0;
  for (;;) {
    const conditions: SQL[] = [eq(surveyResponses.campaignId, campaign.id), eq(surveyResponses.status, 'submitted'), gt(surveyResponses.id, after)];
    if (unitCode !== null) conditions.push(officials ? sql`${surveyResponses.ratings} ? ${unitCode}` : eq(surveyResponses.unitId, unitId!));
    const page = await db
      .select({ r: surveyResponses, unitCode: units.code })
      .from(surveyResponses)
      .leftJoin(units, eq(units.id, surveyResponses.unitId))
      .where(and(...conditions))
      .orderBy(asc(surveyResponses.id))
      .limit(PAGE);
    for (const { r, unitCode: responseUnit } of page) {
      const base = {
        response_id: r.externalId ?? `#${r.id}`,
        source: r.source,
        submitted_at: r.submittedAt ? localDateTime(r.submittedAt) : null,
        recheck: r.recheck ? 'true' : 'false',
      };
      if (!officials) {
        const row: Record<string, string | number | null> = { ...base, unit_code: responseUnit };
        for (const q of questions) row[q.code] = answerCell(q, r.answers[q.code], labels);
        rows.push(row);
        continue;
      }
      const ratings = (r.ratings as Ratings | null) ?? {};
      const ratedUnits = Object.keys(ratings)
        .sort()
        .filter((u) => unitCode === null || u === unitCode);
      const group = r.groupId === null ? null : (ctx.groupCodeById.get(r.groupId) ?? null);
      for (const rated_unit_code of ratedUnits.length ? ratedUnits : [null]) {
        const row: Record<string, string | number | null> = { ...base, group_code: group, rated_unit_code };
        for (const q of profile) row[q.code] = answerCell(q, r.answers[q.code], labels);
        for (const q of rated) row[q.code] = rated_unit_code === null ? null : answerCell(q, ratings[rated_unit_code]?.[q.code], labels);
        rows.push(row);
      }
    }
    if (page.length < PAGE) break;
    after = page.at(-1)!.r.id;
  }
  const file = await writeTable(query.format, columns, rows, 'responses');
  return { file, fileName: `survey-responses-${campaign.code}${unitCode ? `-${unitCode}` : ''}.${query.format}`, format: query.format };
}
