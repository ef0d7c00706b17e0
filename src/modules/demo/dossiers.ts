import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, type Db, queryRows } from '../../db/client.js';
import { dateOfDayNumber, dayNumber, type WorkingCalendar } from '../../domain/calendar.js';
import type { LocalDate } from '../../domain/deadlines.js';
import { dueDayOf } from '../../domain/timeliness.js';
import { writeTable } from '../../io/tabular.js';
import type { Actor } from '../auth/actor.js';
import { issueLetters } from '../apology/commands.js';
import { importCalendar, loadWorkingCalendar, setUpYear } from '../calendar/service.js';
import { importDossierFile } from '../dossiers/import.js';
import { DOSSIER_COLUMNS } from '../dossiers/rules.js';
import { importProcedures } from '../procedures/import.js';
import { PROCEDURE_FILE_COLUMNS } from '../procedures/queries.js';
import { DEMO_PROCEDURES } from './province.js';
import { cumulativeOf, DemoRandom, hashUnit } from './random.js';

/**
 * The one-stop-shop side of the demo: the working-day calendar, the procedure catalogue, a year and a bit of
 * dossiers (a generated file through the dossier import, streamed) and apology letters for most late dossiers
 * (through the apology service). Everything goes through the import paths a province uses.
 */

/** Dossier codes of the demo start with this, so a second run can tell they are there. */
export const DEMO_DOSSIER_PREFIX = 'MH-';

/**
 * The days the government announced (holidays with their bridge days, make-up Saturdays), as the organizer enters
 * them; the fixed-date holidays are pre-filled by the set-up of each year. Years not listed get the fixed ones only.
 */
const ANNOUNCED_DAYS: Record<number, [from: string, to: string, kind: 'holiday' | 'workday', name: string][]> = {
  2023: [
    ['2023-01-02', '2023-01-02', 'holiday', 'Nghỉ bù Tết Dương lịch'],
    ['2023-01-20', '2023-01-26', 'holiday', 'Tết Nguyên đán'],
    ['2023-04-29', '2023-04-29', 'holiday', 'Giỗ Tổ Hùng Vương'],
    ['2023-05-02', '2023-05-03', 'holiday', 'Nghỉ bù Giỗ Tổ và 30/4'],
    ['2023-09-01', '2023-09-01', 'holiday', 'Quốc khánh (ngày thứ hai)'],
    ['2023-09-04', '2023-09-04', 'holiday', 'Nghỉ bù Quốc khánh'],
  ],
  2024: [
    ['2024-02-08', '2024-02-14', 'holiday', 'Tết Nguyên đán'],
    ['2024-04-18', '2024-04-18', 'holiday', 'Giỗ Tổ Hùng Vương'],
    ['2024-04-29', '2024-04-29', 'holiday', 'Nghỉ hoán đổi'],
    ['2024-05-04', '2024-05-04', 'workday', 'Làm bù cho thứ Hai 29/4'],
    ['2024-09-03', '2024-09-03', 'holiday', 'Quốc khánh (ngày thứ hai)'],
  ],
  2025: [
    ['2025-01-25', '2025-02-02', 'holiday', 'Tết Nguyên đán'],
    ['2025-04-07', '2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương'],
    ['2025-04-26', '2025-04-26', 'workday', 'Làm bù cho thứ Sáu 02/5'],
    ['2025-05-02', '2025-05-02', 'holiday', 'Nghỉ hoán đổi'],
    ['2025-09-01', '2025-09-01', 'holiday', 'Quốc khánh (ngày thứ hai)'],
  ],
  2026: [
    ['2026-02-14', '2026-02-22', 'holiday', 'Tết Nguyên đán'],
    ['2026-04-27', '2026-04-27', 'holiday', 'Nghỉ bù Giỗ Tổ Hùng Vương'],
    ['2026-09-01', '2026-09-01', 'holiday', 'Quốc khánh (ngày thứ hai)'],
  ],
};

/** The calendar of the demo's years: a file through the calendar import, the movable holidays confirmed. */
export async function loadDemoCalendar(db: Db, actor: Actor, years: readonly number[]): Promise<void> {
  const rows = years.flatMap((year) => (ANNOUNCED_DAYS[year] ?? []).map(([date_from, date_to, kind, name]) => ({ date_from, date_to, kind, name })));
  if (rows.length > 0) {
    await importCalendar(db, actor, await writeTable('csv', ['date_from', 'date_to', 'kind', 'name'], rows), { confirmMovable: true });
  }
  // A year the demo has no announced days for still gets its fixed holidays (a set-up changes nothing the second time).
  for (const year of years) if (!ANNOUNCED_DAYS[year]) await setUpYear(db, actor, year);
}

/** The procedure catalogue, through the procedure import (an unchanged row writes nothing). */
export async function loadDemoProcedures(db: Db, actor: Actor): Promise<number> {
  const rows = DEMO_PROCEDURES.map((p) => ({
    code: p.code,
    name: p.name,
    field: p.field,
    unit_code: p.unitCode,
    legal_days: p.legalDays,
    internal_days: p.internalDays,
    online_level: p.online,
    fee: p.fee === null ? '' : p.fee,
    published: 'yes',
  }));
  await importProcedures(db, actor, await writeTable('csv', PROCEDURE_FILE_COLUMNS, rows));
  return rows.length;
}

/** How the demo's units receive dossiers: communes few each, districts many, departments by their catalogue. */
function unitWeight(unitCode: string, procedures: number): number {
  if (/^X\d+$/.test(unitCode)) return 1 + hashUnit(unitCode, 7);
  if (unitCode.startsWith('H_')) return 5 + 3 * hashUnit(unitCode, 7);
  return 0.6 * procedures;
}

/** A unit's share of dossiers resolved early or on time (fictional, stable per unit). */
const unitPerformance = (unitCode: string) => 0.8 + 0.19 * hashUnit(unitCode, 11);

const pad = (n: number) => String(n).padStart(2, '0');
const instant = (day: number, minutes: number) => `${dateOfDayNumber(day)}T${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** The working days in [from, to]. */
function workingDays(calendar: WorkingCalendar, from: number, to: number): number[] {
  const days: number[] = [];
  for (let d = from; d <= to; d++) if (calendar.isWorkingDay(dateOfDayNumber(d))) days.push(d);
  return days;
}

export interface DossierPlan {
  /** Number of dossiers in the file. */
  total: number;
  file: string;
}

/**
 * Writes the dossier file: `count` dossiers received from 1 January of the previous year to today, spread over the
 * units and their procedures, with the due date the import will compute (the procedure's internal limit on the
 * calendar), and outcomes resolved early, on time or late, still in processing (overdue or not), withdrawn or
 * rejected. No time is later than yesterday, so nothing is resolved in the future.
 */
export async function writeDossierFile(db: Db, count: number, today: LocalDate, year: number): Promise<DossierPlan> {
  const calendar = await loadWorkingCalendar(db);
  const random = new DemoRandom(20261202);
  const todayDay = dayNumber(today);
  const lastDay = todayDay - 1;
  const byUnit = new Map<string, typeof DEMO_PROCEDURES>();
  for (const p of DEMO_PROCEDURES) byUnit.set(p.unitCode, [...(byUnit.get(p.unitCode) ?? []), p]);
  const unitCodes = [...byUnit.keys()];
  const unitCumulative = cumulativeOf(unitCodes.map((u) => unitWeight(u, byUnit.get(u)!.length)));
  const procedureCumulative = new Map(unitCodes.map((u) => [u, cumulativeOf(byUnit.get(u)!.map((_, i) => 1 / (i + 1)))]));
  const receptionDays = workingDays(calendar, dayNumber(`${year - 1}-01-01`), lastDay);

  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-demo-')), 'ho-so-mot-cua-demo.csv');
  const out = fs.createWriteStream(file);
  const write = (line: string) => (out.write(line) ? Promise.resolve() : new Promise<void>((resolve) => out.once('drain', () => resolve())));
  await write(`${DOSSIER_COLUMNS.join(',')}\n`);
  const next = (day: number, steps: number) => calendar.addWorkingDaysToDayNumber(day, steps);
  for (let i = 1; i <= count; i++) {
    const unitCode = unitCodes[random.weighted(unitCumulative)]!;
    const list = byUnit.get(unitCode)!;
    const procedure = list[random.weighted(procedureCumulative.get(unitCode)!)]!;
    const receivedDay = receptionDays[Math.floor(random.next() * receptionDays.length)]!;
    const receivedAt = random.int(7 * 60 + 30, 16 * 60 + 30);
    const due = dueDayOf(calendar, receivedDay, procedure.internalDays);
    const onlineShare = procedure.online === 'full' ? 0.65 : procedure.online === 'partial' ? 0.35 : 0;
    const c = random.next();
    const channel = c < onlineShare ? 'online' : c < onlineShare + (1 - onlineShare) * 0.9 ? 'direct' : 'postal';
    let status = 'resolved';
    let resolved: number | null = null;
    let resolvedAt = 0;
    const outcome = random.next();
    const performance = unitPerformance(unitCode);
    if (outcome < 0.012) status = 'withdrawn';
    else if (outcome < 0.02) status = 'rejected';
    else if (outcome < 0.035) status = random.pick(['processing', 'needs_supplement', 'suspended']);
    else {
      const late = random.next() > performance;
      if (late) resolved = next(due, 1 + Math.floor(random.next() ** 2 * 10));
      else if (random.next() < 0.62 && due > receivedDay) {
        const span = workingDays(calendar, receivedDay + 1, due - 1);
        resolved = span.length === 0 || random.next() < 0.15 ? receivedDay : span[Math.floor(random.next() * span.length)]!;
      } else resolved = due;
      if (resolved > lastDay) {
        resolved = null;
        status = 'processing';
      }
    }
    if (resolved !== null) {
      resolvedAt = resolved === receivedDay ? Math.min(receivedAt + random.int(30, 180), 17 * 60 + 30) : random.int(8 * 60, 17 * 60);
    }
    let returned = '';
    if (resolved !== null && random.next() < 0.6) {
      status = 'returned';
      const back = Math.min(resolved + random.int(0, 2), lastDay);
      returned = instant(back, back === resolved ? Math.min(resolvedAt + 60, 23 * 60) : random.int(8 * 60, 17 * 60));
    }
    const code = `${DEMO_DOSSIER_PREFIX}${dateOfDayNumber(receivedDay).slice(0, 4)}-${String(i).padStart(6, '0')}`;
    const row = [
      code,
      unitCode,
      procedure.code,
      '',
      channel,
      instant(receivedDay, receivedAt),
      '',
      resolved === null ? '' : instant(resolved, resolvedAt),
      returned,
      status,
    ];
    await write(`${row.join(',')}\n`);
  }
  await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  return { total: count, file };
}

/** Dossiers of the demo already in the database. */
export async function countDemoDossiers(db: Db): Promise<number> {
  const [row] = await queryRows<{ n: number }>(db, sql`select count(*)::int as n from dossiers where code like ${`${DEMO_DOSSIER_PREFIX}%`}`);
  return row!.n;
}

/** Generates the dossier file and loads it through the dossier import (streamed, all or nothing). */
export async function loadDemoDossiers(database: Database, actor: Actor, count: number, now: Date, today: LocalDate, year: number) {
  const plan = await writeDossierFile(database.db, count, today, year);
  try {
    const result = await importDossierFile(database, actor, {
      stream: fs.createReadStream(plan.file),
      fileName: path.basename(plan.file),
      bytesTotal: fs.statSync(plan.file).size,
      skipInvalid: false,
      source: 'cli',
      now,
    });
    if (result.status !== 'done') {
      const first = result.errors[0];
      throw new Error(`the demo's dossier file was refused: ${result.rejected} rows, first ${first ? `row ${first.row}: ${first.message}` : ''}`);
    }
    return result;
  } finally {
    fs.rmSync(path.dirname(plan.file), { recursive: true, force: true });
  }
}

const LETTER_REASONS = [
  'Hồ sơ cần xác minh thực địa, chờ kết quả xác minh của cơ quan chuyên môn.',
  'Chờ ý kiến phối hợp của cơ quan liên quan quá thời hạn quy định.',
  'Số lượng hồ sơ tiếp nhận tăng đột biến trong tháng, cán bộ thụ lý không kịp xử lý.',
  'Hệ thống phần mềm một cửa điện tử gặp sự cố, phải xử lý lại hồ sơ.',
  'Cán bộ thụ lý nghỉ ốm đột xuất, việc bàn giao hồ sơ chậm.',
];

/**
 * Apology letters, through the apology service, for about three late dossiers in four (chosen by their code, so a
 * second run picks the same ones and finds them done): dated on the due date, the new appointment the day the result
 * was ready.
 */
export async function issueDemoLetters(db: Db, actor: Actor, today: LocalDate): Promise<number> {
  const late = await queryRows<{ code: string; due: string; resolved: string }>(
    db,
    sql`select d.code, to_char(d.due_date, 'YYYY-MM-DD') as due, to_char(d.resolved_date, 'YYYY-MM-DD') as resolved
          from dossiers d left join apology_letters l on l.dossier_code = d.code
         where d.timeliness = 'late' and l.id is null and d.code like ${`${DEMO_DOSSIER_PREFIX}%`}
         order by d.code`,
  );
  const chosen = late.filter((d) => hashUnit(d.code, 3) < 0.75);
  let issued = 0;
  for (let i = 0; i < chosen.length; i += 500) {
    const inputs = chosen.slice(i, i + 500).map((d) => ({
      dossierCode: d.code,
      reason: LETTER_REASONS[Math.floor(hashUnit(d.code, 5) * LETTER_REASONS.length)]!,
      newAppointmentDate: d.resolved,
      issuedOn: d.due,
    }));
    issued += (await issueLetters(db, actor, inputs, { bulk: true, today })).length;
  }
  return issued;
}
