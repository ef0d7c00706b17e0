import type { DbOrTx } from '../../db/client.js';
import type { DossierChannel } from '../../domain/vocabulary.js';
import { dayNumber } from '../../domain/calendar.js';
import { normalizeCode } from '../../domain/codes.js';
import { type LocalDate, localDate } from '../../domain/deadlines.js';
import { divideRoundHalfUp } from '../../domain/points.js';
import { formatRate, onTimeRateHundredths } from '../../domain/timeliness.js';
import { quote } from '../../domain/text.js';
import { invalidWith } from '../../errors.js';
import { reasons as calendarReasons } from '../calendar/reasons.js';
import { fail } from './reasons.js';
import { writeTable } from '../../io/tabular.js';
import { timelinessWorkbook } from './report-file.js';
export { reportUnitNames, timelinessTitle } from './report-file.js';
import { findBlockIdByCode } from '../blocks/service.js';
import { findUnitIdByCode, listUnits, unitCodesById } from '../units/service.js';
import { type TimelinessScope, timelinessScopeView } from './policies.js';
import type { RollupFilter } from './queries/filter.js';
import { monthlyTrend } from './queries/monthly-trend.js';
import { timelinessBreakdowns } from './queries/timeliness-breakdowns.js';
import { type TimelinessCounts, timelinessCounts } from './queries/timeliness-counts.js';
import { worstProcedures } from './queries/worst-procedures.js';
import type {
  ReportFormat,
  TimelinessDashboard,
  TimelinessDashboardParams,
  TimelinessFigures,
  TimelinessReport,
  TimelinessReportParams,
  TimelinessReportRow,
} from './schemas.js';

// ---------------------------------------------------------------------------------------------------------------
// Period, report date, rates

/** The report date D when none is given: today (local) while the year is not over, else 31 December of the year. */
export function defaultReportDate(year: number, today: LocalDate): LocalDate {
  const lastDay = `${year}-12-31`;
  return today < lastDay ? today : lastDay;
}

const invalidDate = invalidWith(calendarReasons);

/** Checks a 'YYYY-MM-DD' report date (400 naming the field: not a date, or a date no calendar has). */
export function parseReportDate(value: string, what = 'asOf'): LocalDate {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) throw invalidDate(what, 'not_a_date_value', { value: quote(value) });
  try {
    dayNumber(value);
  } catch {
    throw invalidDate(what, 'not_a_calendar_date', { value: quote(value) });
  }
  return value;
}

const periodOf = (year: number) => ({ from: `${year}-01-01`, to: `${year + 1}-01-01` });

/** (early + on time) / resolved × 100 with two decimals, half up; null when nothing was resolved. */
export const onTimeRate = (c: { early: number; onTime: number; resolved: number }): string | null =>
  c.resolved > 0 ? formatRate(onTimeRateHundredths(c.early, c.onTime, c.resolved)) : null;

/** Received online / received × 100 with two decimals, half up; null when nothing was received. */
export const onlineShare = (c: { received: number; receivedOnline: number }): string | null =>
  c.received > 0 ? formatRate(divideRoundHalfUp(c.receivedOnline * 10_000, c.received)) : null;

// ---------------------------------------------------------------------------------------------------------------
// The report (CLI `report timeliness`, API /timeliness/report)

export const REPORT_COLUMNS = ['unit_code', 'received', 'resolved', 'early', 'on_time', 'late', 'overdue_processing', 'on_time_rate'] as const;
export const REPORT_COLUMNS_BY_FIELD = ['unit_code', 'field', ...REPORT_COLUMNS.slice(1)] as const;

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const fieldCollator = new Intl.Collator('vi');

async function requireUnitId(db: DbOrTx, code: string): Promise<number> {
  const id = await findUnitIdByCode(db, code);
  if (id === null) throw fail('timeliness_unit_not_found', { code: normalizeCode(code) });
  return id;
}

/** A unit-scoped user asking for another unit is refused; without a unit they get their own. */
async function scopedUnitIds(db: DbOrTx, scope: TimelinessScope, unit: string | null): Promise<number[] | null> {
  const requested = unit ? await requireUnitId(db, unit) : null;
  if (scope.kind === 'unit') {
    if (requested !== null && requested !== scope.unitId) throw fail('timeliness_own_unit_only');
    return [scope.unitId];
  }
  return requested === null ? null : [requested];
}

/**
 * The timeliness report of a year: one row per unit with at least one non-zero figure (or per unit and field
 * with `by: 'field'`), sorted by unit code (then field); with a unit, that unit's row even when all is zero.
 * Reads the rollup tables only.
 */
export async function timelinessReport(
  db: DbOrTx,
  params: TimelinessReportParams,
  today: LocalDate,
  scope: TimelinessScope = { kind: 'province' },
): Promise<TimelinessReport> {
  const asOf = params.asOf ? parseReportDate(params.asOf) : defaultReportDate(params.year, today);
  const unitIds = await scopedUnitIds(db, scope, params.unit);
  const filter: RollupFilter = { ...periodOf(params.year), asOf, unitIds, field: null, channel: null };
  const toRow = (unitCode: string, c: TimelinessCounts, field?: string): TimelinessReportRow => ({
    unit_code: unitCode,
    ...(field === undefined ? {} : { field }),
    received: c.received,
    resolved: c.resolved,
    early: c.early,
    on_time: c.onTime,
    late: c.late,
    overdue_processing: c.overdue,
    on_time_rate: onTimeRate(c),
  });
  let rows: TimelinessReportRow[];
  if (params.by === 'field') {
    const counts = await timelinessCounts(db, filter, ['unit_id', 'field'] as const, { withOnline: false, withUnitCode: true });
    // Fields in Vietnamese order: the few distinct ones ranked once, not compared by the collator in every comparison.
    const fieldRank = new Map(
      [...new Set(counts.map((c) => c.field))].sort((a, b) => fieldCollator.compare(a, b) || compareText(a, b)).map((field, rank) => [field, rank]),
    );
    rows = counts
      .map((c) => toRow(c.unitCode ?? `#${c.unit_id}`, c, c.field))
      .sort((a, b) => compareText(a.unit_code, b.unit_code) || fieldRank.get(a.field!)! - fieldRank.get(b.field!)!);
  } else {
    const counts = await timelinessCounts(db, filter, ['unit_id'] as const, { withOnline: false, withUnitCode: true });
    const byUnit = new Map(counts.map((c) => [c.unit_id, c]));
    // The unit asked for (or a unit user's own) appears even with nothing to count.
    const missing = unitIds?.filter((id) => !byUnit.has(id)) ?? [];
    const missingCodes = missing.length > 0 ? await unitCodesById(db, missing) : new Map<number, string>();
    for (const id of missing) byUnit.set(id, { unit_id: id, ...ZERO_COUNTS, unitCode: missingCodes.get(id) });
    rows = [...byUnit.values()].map((c) => toRow(c.unitCode ?? `#${c.unit_id}`, c)).sort((a, b) => compareText(a.unit_code, b.unit_code));
  }
  const unitCode = unitIds?.length === 1 ? ((await unitCodesById(db, unitIds)).get(unitIds[0]!) ?? null) : null;
  return { year: params.year, unit: unitCode, as_of: asOf, by: params.by, rows };
}

const ZERO_COUNTS: TimelinessCounts = { received: 0, receivedOnline: 0, resolved: 0, early: 0, onTime: 0, late: 0, overdue: 0 };

export const REPORT_CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
};

/**
 * The report as a file. CSV: the machine columns (header, then the rows; the rate with two decimals, empty when
 * nothing was resolved). XLSX: the printed table (report-file.ts): a title with the year and report date,
 * Vietnamese headers, unit names (`unitNames`, by code), counts and the rate as numbers.
 * JSON: `{ year, unit, as_of, by, rows }` with the rate as a two-decimal string or null.
 */
export async function reportFile(report: TimelinessReport, format: ReportFormat, unitNames: ReadonlyMap<string, string> = new Map()): Promise<Buffer> {
  if (format === 'json') return Buffer.from(`${JSON.stringify(report, null, 2)}\n`, 'utf8');
  if (format === 'xlsx') return timelinessWorkbook(report, unitNames);
  const columns = report.by === 'field' ? REPORT_COLUMNS_BY_FIELD : REPORT_COLUMNS;
  return writeTable(
    'csv',
    columns,
    report.rows.map((r) => ({ ...r, field: r.field ?? null })),
  );
}

export const reportFileName = (report: TimelinessReport, format: ReportFormat) =>
  `timeliness-${report.year}${report.unit ? `-${report.unit}` : ''}${report.by === 'field' ? '-by-field' : ''}.${format}`;

// ---------------------------------------------------------------------------------------------------------------
// The dashboard

const figures = (c: TimelinessCounts): TimelinessFigures => ({ ...c, onTimeRate: onTimeRate(c), onlineShare: onlineShare(c) });

/** Everything the timeliness dashboard shows for one set of filters, from the rollups only. */
export async function timelinessDashboard(
  db: DbOrTx,
  params: TimelinessDashboardParams,
  today: LocalDate,
  scope: TimelinessScope,
): Promise<TimelinessDashboard> {
  const asOf = params.asOf ? parseReportDate(params.asOf) : defaultReportDate(params.year, today);
  if (params.block && (await findBlockIdByCode(db, params.block)) === null) throw fail('timeliness_block_not_found', { code: normalizeCode(params.block) });
  let unitIds = await scopedUnitIds(db, scope, params.unit);
  const unitsOfYear = await listUnits(db, { year: params.year });
  const unitById = new Map(unitsOfYear.map((u) => [u.id, u]));
  if (params.block) {
    const block = normalizeCode(params.block);
    const inBlock = unitsOfYear.filter((u) => u.blockCode === block).map((u) => u.id);
    unitIds = unitIds === null ? inBlock : unitIds.filter((id) => inBlock.includes(id));
  }
  const filter: RollupFilter = { ...periodOf(params.year), asOf, unitIds, field: params.field, channel: params.channel };
  const [{ totals, byUnit: perUnit, byChannel: channels, byField: fields }, months, worst] = await Promise.all([
    timelinessBreakdowns(db, filter),
    monthlyTrend(db, filter),
    worstProcedures(db, filter, 10),
  ]);
  const unitName = (id: number) => unitById.get(id)?.name ?? '';
  const unitCode = (id: number) => unitById.get(id)?.code ?? `#${id}`;
  const chosenUnit = unitIds !== null && unitIds.length === 1 && (params.unit !== null || scope.kind === 'unit') ? unitCode(unitIds[0]!) : null;
  return {
    year: params.year,
    asOf,
    view: chosenUnit ? 'unit' : 'province',
    scope: timelinessScopeView(scope, (id) => ({ code: unitCode(id), name: unitName(id) })),
    filters: { block: params.block ? normalizeCode(params.block) : null, unit: chosenUnit, field: params.field, channel: params.channel },
    totals: figures(totals),
    months,
    units: perUnit
      .map((c) => ({ unitCode: unitCode(c.unit_id), unitName: unitName(c.unit_id), blockCode: unitById.get(c.unit_id)?.blockCode ?? null, ...figures(c) }))
      .sort((a, b) => compareText(a.unitCode, b.unitCode)),
    worstProcedures: worst.map((w) => ({
      procedureCode: w.procedureCode,
      procedureName: w.procedureName,
      unitCode: w.unitCode,
      unitName: unitName(w.unitId),
      late: w.late,
      resolved: w.resolved,
      onTimeRate: onTimeRate(w),
    })),
    channels: channels.map((c) => ({ channel: c.channel, ...figures(c) })).sort((a, b) => CHANNEL_ORDER.indexOf(a.channel) - CHANNEL_ORDER.indexOf(b.channel)),
    fields: fields.map((c) => ({ field: c.field, ...figures(c) })).sort((a, b) => fieldCollator.compare(a.field, b.field) || compareText(a.field, b.field)),
  };
}

const CHANNEL_ORDER: readonly DossierChannel[] = ['direct', 'online', 'postal'];

/** Today's local date for a clock. */
export const todayOf = (clock: () => Date): LocalDate => localDate(clock());
