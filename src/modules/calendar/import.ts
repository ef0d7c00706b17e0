import { eq } from 'drizzle-orm';
import { type Db, inTransaction } from '../../db/client.js';
import { calendarYears } from '../../db/schema.js';
import { type CalendarDayKind, type CalendarRefusal, dateRefusal, datesInRange, rangeRefusal, refusalOf, yearOfDate } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { quote } from '../../domain/text.js';
import { reasonText } from '../../errors.js';
import { checkRow } from '../../io/row-schema.js';
import { normaliseDateCell } from '../../io/date-cell.js';
import { readTable, RowErrors } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { confirmYear, type DayValues, writeDays } from './commands.js';
import { MAX_CALENDAR_YEAR, MIN_CALENDAR_YEAR, yearInRange } from './queries.js';
import { reasons } from './reasons.js';
import { CALENDAR_FILE_ROW_COLUMNS, CalendarFileRow, type CalendarImportResult } from './schemas.js';

// Files: import `date,kind,name` or `date_from,date_to,kind,name` (CSV or XLSX); queries.ts exports `date,kind,name`.

const rowText = (refusal: CalendarRefusal) => reasonText(reasons, refusal.reason, refusal.params);

/**
 * Imports holidays and make-up working days, all or nothing: every row is checked first (bad or impossible date,
 * a range that ends before it starts or is longer than 31 days, unknown kind, empty name, a make-up working day on
 * Monday–Friday, the same date twice), then everything is written in one transaction. Days already configured take
 * the file's kind and name; days the file does not name are kept. The years the file touches are set up (fixed
 * holidays pre-filled) if they were not; with `confirmMovable` their movable holidays are confirmed too.
 */
export async function importCalendar(db: Db, actor: Actor, file: Buffer, options: { confirmMovable?: boolean } = {}): Promise<CalendarImportResult> {
  const rows = await readTable(file, { required: ['kind', 'name'], optional: ['date', 'date_from', 'date_to'] });
  const errors = new RowErrors();
  const headerColumns = new Set(Object.keys(rows[0]!.values));
  if (!headerColumns.has('date') && !(headerColumns.has('date_from') && headerColumns.has('date_to'))) {
    errors.add(1, reasonText(reasons, 'calendar_file_needs_date_columns'), headerColumns.has('date_from') ? 'date_to' : 'date');
    errors.throwIfAny('Calendar import rejected');
  }
  const days: DayValues[] = [];
  const firstRowOf = new Map<string, number>();

  const parseDate = (row: number, column: string, text: string): LocalDate | null => {
    const date = normaliseDateCell(text);
    if (!date) {
      errors.add(row, reasonText(reasons, 'calendar_cell_empty', { column }), column);
      return null;
    }
    if (dateRefusal(date)) {
      errors.add(row, reasonText(reasons, 'calendar_cell_not_a_date', { value: quote(text.trim()) }), column);
      return null;
    }
    if (!yearInRange(Number(date.slice(0, 4)))) {
      errors.add(row, reasonText(reasons, 'calendar_date_cell_year_out_of_range', { date, min: MIN_CALENDAR_YEAR, max: MAX_CALENDAR_YEAR }), column);
      return null;
    }
    return date;
  };

  for (const { row, values } of rows) {
    const single = values.date ?? '';
    const fromText = values.date_from ?? '';
    const toText = values.date_to ?? '';
    let dates: LocalDate[] | null = null;
    if (single && (fromText || toText)) {
      errors.add(row, reasonText(reasons, 'calendar_date_and_range'), 'date');
    } else if (single || (!fromText && !toText && headerColumns.has('date'))) {
      const d = parseDate(row, 'date', single);
      if (d) dates = [d];
    } else {
      const from = parseDate(row, 'date_from', fromText);
      const to = parseDate(row, 'date_to', toText);
      if (from && to) {
        const rangeRefused = rangeRefusal(from, to);
        if (rangeRefused) errors.add(row, rowText(rangeRefused), 'date_to');
        else dates = datesInRange(from, to);
      }
    }

    // The kind in any case; then kind and name with the API's own schema (a name of at most 200 characters).
    const kindText = (values.kind ?? '').trim().toLowerCase();
    const kindKnown = kindText === 'holiday' || kindText === 'workday';
    if (!kindKnown)
      errors.add(
        row,
        kindText ? reasonText(reasons, 'calendar_kind_unknown', { value: quote((values.kind ?? '').trim()) }) : reasonText(reasons, 'calendar_kind_empty'),
        'kind',
      );
    const checked = checkRow(
      errors,
      row,
      CalendarFileRow,
      { kind: kindText, name: values.name ?? '' },
      CALENDAR_FILE_ROW_COLUMNS,
      new Set(kindKnown ? [] : ['kind']),
    );
    const kind: CalendarDayKind | null = checked.ok ? checked.value.kind : null;
    const name = checked.ok ? checked.value.name : '';
    if (!dates) continue;

    for (const day of dates) {
      const first = firstRowOf.get(day);
      if (first !== undefined) {
        errors.add(row, reasonText(reasons, 'calendar_day_repeated', { date: day, row: first }), single ? 'date' : 'date_from');
        continue;
      }
      firstRowOf.set(day, row);
      if (!kind || !name) continue;
      const refusal = refusalOf({ day, kind });
      if (refusal) errors.add(row, rowText(refusal), 'kind');
      else days.push({ day, kind, name });
    }
  }
  errors.throwIfAny('Calendar import rejected');

  return inTransaction(db, async (tx) => {
    const written = await writeDays(tx, actor, days);
    const years = [...new Set(days.map((d) => yearOfDate(d.day)))].sort();
    const result: CalendarImportResult = { days: days.length, created: written.created, updated: written.updated, unchanged: written.unchanged, years: [] };
    for (const year of years) {
      const [row] = await tx.select().from(calendarYears).where(eq(calendarYears.year, year)).for('update');
      let confirmed = row!.movableConfirmed;
      if (options.confirmMovable && !confirmed) {
        await confirmYear(tx, actor, year);
        confirmed = true;
      }
      result.years.push({ year, setUpNow: written.yearsSetUp.includes(year), movableConfirmed: confirmed });
    }
    return result;
  });
}
