import { describe, expect, it } from 'vitest';
import {
  CalendarDateError,
  type CalendarDay,
  dateOfDayNumber,
  datesInRange,
  dateRefusal,
  rangeRefusal,
  dayNumber,
  fixedHolidaysOf,
  groupIntoRanges,
  isWeekend,
  MAX_RANGE_DAYS,
  refusalOf,
  weekdayOfDate,
  WorkingCalendar,
  workingDaysInYear,
  yearOfDate,
} from '../../src/domain/calendar.js';

/**
 * The fixture: Vietnam's 2025 schedule for civil servants as announced by the Ministry of Home Affairs —
 * New Year's Day (Wed 1 Jan); Tết from Sat 25 Jan to Sun 2 Feb (one announced range, weekends included);
 * Hùng Kings' day Mon 7 Apr; 30 April – 1 May with Friday 2 May taken as a bridge holiday and worked back on
 * Saturday 26 April; National Day Mon 1 – Tue 2 Sep. Then, to cross the year boundary, a fixture New Year 2026
 * (not an official schedule): Thu 1 Jan and the bridge Fri 2 Jan off, worked back on Saturday 10 January.
 */
const range = (from: string, to: string, name: string): CalendarDay[] => datesInRange(from, to).map((day) => ({ day, kind: 'holiday', name }));
const FIXTURE: CalendarDay[] = [
  { day: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
  ...range('2025-01-25', '2025-02-02', 'Tết Nguyên đán'),
  { day: '2025-04-07', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương' },
  { day: '2025-04-26', kind: 'workday', name: 'Làm bù cho thứ Sáu 02/5' },
  { day: '2025-04-30', kind: 'holiday', name: 'Ngày Chiến thắng' },
  { day: '2025-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động' },
  { day: '2025-05-02', kind: 'holiday', name: 'Nghỉ bù (hoán đổi)' },
  { day: '2025-09-01', kind: 'holiday', name: 'Quốc khánh' },
  { day: '2025-09-02', kind: 'holiday', name: 'Quốc khánh' },
  { day: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
  { day: '2026-01-02', kind: 'holiday', name: 'Nghỉ bù (hoán đổi)' },
  { day: '2026-01-10', kind: 'workday', name: 'Làm bù cho thứ Sáu 02/01' },
];
const cal = new WorkingCalendar(FIXTURE);

// --- A naive reference, written independently of the day numbers: Date objects stepped one day at a time. ---
const fixtureKinds = new Map(FIXTURE.map((d) => [d.day, d.kind]));
const iso = (d: Date) => d.toISOString().slice(0, 10);
const nextDay = (d: Date) => new Date(d.getTime() + 86_400_000);
function refIsWorking(d: Date): boolean {
  const kind = fixtureKinds.get(iso(d));
  if (kind) return kind === 'workday';
  return d.getUTCDay() !== 0 && d.getUTCDay() !== 6;
}
function refAdd(date: string, n: number): string {
  let d = new Date(`${date}T00:00:00Z`);
  for (let left = n; left > 0;) {
    d = nextDay(d);
    if (refIsWorking(d)) left--;
  }
  return iso(d);
}
function refBetween(from: string, to: string): number {
  const [lo, hi, sign] = from <= to ? [from, to, 1] : [to, from, -1];
  let count = 0;
  for (let d = nextDay(new Date(`${lo}T00:00:00Z`)); iso(d) <= hi; d = nextDay(d)) if (refIsWorking(d)) count++;
  return count === 0 ? 0 : sign * count;
}
function everyDay(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = new Date(`${from}T00:00:00Z`); iso(d) <= to; d = nextDay(d)) out.push(iso(d));
  return out;
}

describe('dayNumber and invalid dates', () => {
  it('counts days from 1970-01-01 and back', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('1970-01-02')).toBe(1);
    expect(dayNumber('1969-12-31')).toBe(-1);
    // 2025-01-01: 55 years since 1970 with 14 leap days (1972, 1976, …, 2024) → 55 × 365 + 14 = 20 089.
    expect(dayNumber('2025-01-01')).toBe(20_089);
    expect(dateOfDayNumber(20_089)).toBe('2025-01-01');
    expect(dateOfDayNumber(dayNumber('2024-02-29'))).toBe('2024-02-29');
  });

  it('refuses text that is not a calendar date, everywhere a date goes in', () => {
    for (const bad of [
      '2025-02-29',
      '2025-02-30',
      '2025-13-01',
      '2025-00-10',
      '2025-04-31',
      '2025-1-5',
      '25-01-05',
      '2025/01/05',
      '05/01/2025',
      '',
      '2025-01-05T00:00',
      ' 2025-01-05',
    ]) {
      expect(() => dayNumber(bad), bad).toThrow(CalendarDateError);
      expect(() => cal.isWorkingDay(bad), bad).toThrow(CalendarDateError);
      expect(() => cal.addWorkingDays(bad, 1), bad).toThrow(CalendarDateError);
      expect(() => cal.workingDaysBetween(bad, '2025-01-06'), bad).toThrow(CalendarDateError);
      expect(() => cal.workingDaysBetween('2025-01-06', bad), bad).toThrow(CalendarDateError);
    }
    expect(() => new WorkingCalendar([{ day: '2025-02-29', kind: 'holiday' }])).toThrow(/not a calendar date/);
    expect(dayNumber('2024-02-29')).toBe(dayNumber('2024-02-28') + 1);
  });

  it('refuses a number of working days that is negative or not whole', () => {
    for (const n of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => cal.addWorkingDays('2025-03-03', n), String(n)).toThrow(/whole number/);
    }
  });
});

describe('isWorkingDay', () => {
  it('Monday–Friday work, Saturday and Sunday do not', () => {
    // 2025-03-03 is a Monday.
    expect(['2025-03-03', '2025-03-04', '2025-03-05', '2025-03-06', '2025-03-07'].map((d) => cal.isWorkingDay(d))).toEqual([true, true, true, true, true]);
    expect(cal.isWorkingDay('2025-03-08')).toBe(false);
    expect(cal.isWorkingDay('2025-03-09')).toBe(false);
    expect(isWeekend('2025-03-08')).toBe(true);
    expect(isWeekend('2025-03-07')).toBe(false);
    expect(weekdayOfDate('2025-03-09')).toBe(0);
    expect(weekdayOfDate('2025-03-08')).toBe(6);
  });

  it('holidays on weekdays and on weekends are off; a make-up Saturday is on', () => {
    expect(cal.isWorkingDay('2025-01-27')).toBe(false); // Monday in Tết
    expect(cal.isWorkingDay('2025-01-25')).toBe(false); // Saturday in the Tết range
    expect(cal.isWorkingDay('2025-04-07')).toBe(false); // Hùng Kings, Monday
    expect(cal.isWorkingDay('2025-05-02')).toBe(false); // the bridge Friday
    expect(cal.isWorkingDay('2025-04-26')).toBe(true); // the make-up Saturday
    expect(cal.isWorkingDay('2025-04-27')).toBe(false); // the Sunday after it stays off
    expect(cal.isWorkingDay('2025-02-03')).toBe(true); // first day back after Tết
    expect(new WorkingCalendar().isWorkingDay('2025-01-27')).toBe(true); // an empty calendar has no holidays
  });

  it('matches the naive reference on every day of 2025 and January 2026', () => {
    let working = 0;
    for (const date of everyDay('2025-01-01', '2026-01-31')) {
      expect(cal.isWorkingDay(date), date).toBe(refIsWorking(new Date(`${date}T00:00:00Z`)));
      if (date <= '2025-12-31' && cal.isWorkingDay(date)) working++;
    }
    // 2025 has 261 weekdays (52 weeks + Wed 1 Jan); holidays on weekdays: 1 Jan, 27–31 Jan (5), 7 Apr, 30 Apr,
    // 1 May, 2 May, 1 Sep, 2 Sep = 12; one make-up Saturday → 261 − 12 + 1 = 250.
    expect(working).toBe(250);
    expect(workingDaysInYear(cal, 2025)).toBe(250);
    // An empty calendar: just the weekdays. 2024 (leap, starts on Monday): 52 weeks + Mon 30 and Tue 31 Dec = 262.
    expect(workingDaysInYear(new WorkingCalendar(), 2024)).toBe(262);
  });
});

describe('addWorkingDays (the due date: the n-th working day after receipt, the receipt day not counted)', () => {
  it('n = 0 is the day itself, even a holiday or a Sunday', () => {
    expect(cal.addWorkingDays('2025-03-05', 0)).toBe('2025-03-05');
    expect(cal.addWorkingDays('2025-01-29', 0)).toBe('2025-01-29');
    expect(cal.addWorkingDays('2025-03-09', 0)).toBe('2025-03-09');
  });

  it('skips weekends', () => {
    expect(cal.addWorkingDays('2025-03-06', 1)).toBe('2025-03-07'); // Thu → Fri
    expect(cal.addWorkingDays('2025-03-07', 1)).toBe('2025-03-10'); // Fri → Mon
    expect(cal.addWorkingDays('2025-03-07', 5)).toBe('2025-03-14'); // Fri + 5 → next Fri
    expect(cal.addWorkingDays('2025-03-07', 6)).toBe('2025-03-17');
    expect(cal.addWorkingDays('2025-03-03', 15)).toBe('2025-03-24'); // three whole weeks
  });

  it('received on a weekend or a holiday: the receipt day is not counted, the count starts on the next working day', () => {
    expect(cal.addWorkingDays('2025-03-08', 1)).toBe('2025-03-10'); // Saturday → Monday
    expect(cal.addWorkingDays('2025-03-09', 1)).toBe('2025-03-10'); // Sunday → Monday
    expect(cal.addWorkingDays('2025-01-29', 1)).toBe('2025-02-03'); // Lunar New Year's day → first day back
    expect(cal.addWorkingDays('2025-02-02', 2)).toBe('2025-02-04'); // last day of the Tết range
    expect(cal.addWorkingDays('2025-04-07', 1)).toBe('2025-04-08'); // on Hùng Kings' day
  });

  it('jumps the whole Tết range', () => {
    expect(cal.addWorkingDays('2025-01-23', 1)).toBe('2025-01-24'); // Thu → Fri before Tết
    expect(cal.addWorkingDays('2025-01-23', 2)).toBe('2025-02-03');
    expect(cal.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
    expect(cal.addWorkingDays('2025-01-24', 3)).toBe('2025-02-05');
    // From Mon 20 Jan: 21, 22, 23, 24 (4), then 3, 4, 5, 6, 7 Feb (9), 10 Feb (10).
    expect(cal.addWorkingDays('2025-01-20', 10)).toBe('2025-02-10');
  });

  it('counts a make-up Saturday and skips the bridge holiday', () => {
    expect(cal.addWorkingDays('2025-04-25', 1)).toBe('2025-04-26'); // Fri → the make-up Saturday
    expect(cal.addWorkingDays('2025-04-25', 2)).toBe('2025-04-28'); // Sunday off
    expect(cal.addWorkingDays('2025-04-25', 3)).toBe('2025-04-29');
    expect(cal.addWorkingDays('2025-04-25', 4)).toBe('2025-05-05'); // 30 Apr, 1 and 2 May off, then the weekend
    expect(cal.addWorkingDays('2025-04-26', 1)).toBe('2025-04-28'); // received on the make-up Saturday itself
    expect(cal.addWorkingDays('2025-04-29', 1)).toBe('2025-05-05');
    // A calendar without the swap: Friday 25 April + 1 = Monday 28 April.
    expect(new WorkingCalendar().addWorkingDays('2025-04-25', 1)).toBe('2025-04-28');
  });

  it('crosses the year boundary (31 December → January) with the next year’s holidays and make-up day', () => {
    expect(cal.addWorkingDays('2025-12-26', 3)).toBe('2025-12-31'); // Fri → Mon 29, Tue 30, Wed 31
    expect(cal.addWorkingDays('2025-12-26', 4)).toBe('2026-01-05'); // 1, 2 Jan off, 3–4 weekend
    expect(cal.addWorkingDays('2025-12-31', 1)).toBe('2026-01-05');
    expect(cal.addWorkingDays('2025-12-31', 5)).toBe('2026-01-09');
    expect(cal.addWorkingDays('2025-12-31', 6)).toBe('2026-01-10'); // the make-up Saturday
    expect(cal.addWorkingDays('2025-12-31', 7)).toBe('2026-01-12');
    // Without 2026's holidays (a year not configured yet) only the weekend is skipped.
    expect(new WorkingCalendar(FIXTURE.filter((d) => d.day < '2026')).addWorkingDays('2025-12-31', 1)).toBe('2026-01-01');
    // The leap day is an ordinary working day: Wed 28 Feb 2024 + 1 = Thu 29 Feb.
    expect(cal.addWorkingDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('gives the same answer twice (the cache) and for a limit over 1024 days', () => {
    expect(cal.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
    expect(cal.addWorkingDays('2025-01-24', 1)).toBe('2025-02-03');
    // 1 300 working days after a Monday outside the configured years: 260 whole weeks = 1 820 days later, a Monday.
    expect(cal.addWorkingDays('2027-01-04', 1300)).toBe(dateOfDayNumber(dayNumber('2027-01-04') + 1820));
    expect(cal.addWorkingDays('2027-01-04', 1300)).toBe('2031-12-29');
  });
});

describe('workingDaysBetween (working days in (from, to])', () => {
  it('is 0 for the same day and inside a holiday range, negative when to is before from', () => {
    expect(cal.workingDaysBetween('2025-03-05', '2025-03-05')).toBe(0);
    expect(cal.workingDaysBetween('2025-01-25', '2025-02-02')).toBe(0);
    expect(Object.is(cal.workingDaysBetween('2025-02-02', '2025-01-25'), 0)).toBe(true); // 0, not −0
    expect(cal.workingDaysBetween('2025-01-24', '2025-02-03')).toBe(1);
    expect(cal.workingDaysBetween('2025-02-03', '2025-01-24')).toBe(-1);
    expect(cal.workingDaysBetween('2025-03-07', '2025-03-10')).toBe(1);
    expect(cal.workingDaysBetween('2025-03-10', '2025-03-07')).toBe(-1);
    expect(cal.workingDaysBetween('2025-04-25', '2025-05-05')).toBe(4);
    expect(cal.workingDaysBetween('2025-12-31', '2026-01-12')).toBe(7);
    expect(cal.workingDaysBetween('2026-01-12', '2025-12-31')).toBe(-7);
  });

  it('is the inverse of addWorkingDays, compared with the naive reference for every day of the fixture years and n in 0..30', () => {
    let checked = 0;
    for (const date of everyDay('2024-12-01', '2026-01-31')) {
      for (let n = 0; n <= 30; n++) {
        const due = cal.addWorkingDays(date, n);
        expect(due, `${date} + ${n}`).toBe(refAdd(date, n));
        expect(cal.workingDaysBetween(date, due), `${date} → ${due}`).toBe(n);
        expect(cal.workingDaysBetween(due, date), `${due} → ${date}`).toBe(n === 0 ? 0 : -n);
        if (n > 0) {
          // The due date is a working day and the first day reaching n: the day before it has only n − 1.
          expect(cal.isWorkingDay(due), due).toBe(true);
          expect(cal.workingDaysBetween(date, dateOfDayNumber(dayNumber(due) - 1))).toBe(n - 1);
        }
        checked++;
      }
    }
    expect(checked).toBe(427 * 31); // 1 Dec 2024 … 31 Jan 2026 is 31 + 365 + 31 days
  });

  it('matches the naive count for every pair of days up to 45 days apart around Tết and the year boundary', () => {
    for (const from of [...everyDay('2025-01-01', '2025-02-28'), ...everyDay('2025-04-15', '2025-05-10'), ...everyDay('2025-12-01', '2026-01-15')]) {
      const start = new Date(`${from}T00:00:00Z`);
      for (let k = -45; k <= 45; k++) {
        const to = iso(new Date(start.getTime() + k * 86_400_000));
        expect(cal.workingDaysBetween(from, to), `${from} → ${to}`).toBe(refBetween(from, to));
      }
    }
  });
});

describe('editing helpers', () => {
  it('datesInRange lists both ends and refuses from > to and over-long ranges', () => {
    expect(datesInRange('2025-12-30', '2026-01-02')).toEqual(['2025-12-30', '2025-12-31', '2026-01-01', '2026-01-02']);
    expect(datesInRange('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(datesInRange('2025-04-30', '2025-04-30')).toEqual(['2025-04-30']);
    expect(() => datesInRange('2025-02-02', '2025-01-25')).toThrow(/starts \(2025-02-02\) after it ends \(2025-01-25\)/);
    expect(datesInRange('2025-01-01', '2025-01-31')).toHaveLength(MAX_RANGE_DAYS);
    expect(() => datesInRange('2025-01-01', '2025-02-01')).toThrow(/32 days; at most 31/);
    expect(() => datesInRange('2025-01-01', '2025-02-30')).toThrow(CalendarDateError);
  });

  it('says why a date or a range is refused as a reason with its parameters', () => {
    expect(dateRefusal('2025-02-28')).toBeNull();
    expect(dateRefusal('2025-2-28')).toEqual({ reason: 'not_a_date_value', params: { value: '"2025-2-28"' } });
    expect(dateRefusal('2025-02-29')).toEqual({ reason: 'not_a_calendar_date', params: { value: '"2025-02-29"' } });
    expect(rangeRefusal('2025-01-01', '2025-01-31')).toBeNull();
    expect(rangeRefusal('2025-02-02', '2025-01-25')).toEqual({ reason: 'range_dates_reversed', params: { from: '2025-02-02', to: '2025-01-25' } });
    expect(rangeRefusal('2025-01-01', '2025-02-01')).toEqual({
      reason: 'range_too_long',
      params: { from: '2025-01-01', to: '2025-02-01', days: 32, maximum: 31 },
    });
    try {
      datesInRange('2025-02-02', '2025-01-25');
      expect.unreachable();
    } catch (error) {
      expect((error as CalendarDateError).refusal).toEqual({ reason: 'range_dates_reversed', params: { from: '2025-02-02', to: '2025-01-25' } });
    }
  });

  it('refuses a make-up working day on Monday–Friday, allows it on a weekend, and allows a holiday on any day', () => {
    expect(refusalOf({ day: '2025-05-05', kind: 'workday' })).toEqual({ reason: 'makeup_workday_on_monday', params: { date: '2025-05-05' } });
    expect(refusalOf({ day: '2025-05-02', kind: 'workday' })).toEqual({ reason: 'makeup_workday_on_friday', params: { date: '2025-05-02' } });
    expect(refusalOf({ day: '2025-04-26', kind: 'workday' })).toBeNull();
    expect(refusalOf({ day: '2025-04-27', kind: 'workday' })).toBeNull();
    expect(refusalOf({ day: '2025-01-25', kind: 'holiday' })).toBeNull();
    expect(refusalOf({ day: '2025-01-27', kind: 'holiday' })).toBeNull();
  });

  it('groups consecutive days of the same kind and name into ranges', () => {
    expect(groupIntoRanges(FIXTURE.filter((d) => d.day < '2025-06-01'))).toEqual([
      { from: '2025-01-01', to: '2025-01-01', kind: 'holiday', name: 'Tết Dương lịch', days: 1 },
      { from: '2025-01-25', to: '2025-02-02', kind: 'holiday', name: 'Tết Nguyên đán', days: 9 },
      { from: '2025-04-07', to: '2025-04-07', kind: 'holiday', name: 'Giỗ Tổ Hùng Vương', days: 1 },
      { from: '2025-04-26', to: '2025-04-26', kind: 'workday', name: 'Làm bù cho thứ Sáu 02/5', days: 1 },
      { from: '2025-04-30', to: '2025-04-30', kind: 'holiday', name: 'Ngày Chiến thắng', days: 1 },
      { from: '2025-05-01', to: '2025-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động', days: 1 },
      { from: '2025-05-02', to: '2025-05-02', kind: 'holiday', name: 'Nghỉ bù (hoán đổi)', days: 1 },
    ]);
    // Same name but not consecutive: two ranges; given out of order: sorted first.
    expect(
      groupIntoRanges([
        { day: '2025-09-02', kind: 'holiday', name: 'Quốc khánh' },
        { day: '2025-08-29', kind: 'holiday', name: 'Quốc khánh' },
        { day: '2025-09-01', kind: 'holiday', name: 'Quốc khánh' },
      ]),
    ).toEqual([
      { from: '2025-08-29', to: '2025-08-29', kind: 'holiday', name: 'Quốc khánh', days: 1 },
      { from: '2025-09-01', to: '2025-09-02', kind: 'holiday', name: 'Quốc khánh', days: 2 },
    ]);
  });

  it('pre-fills the four fixed-date holidays of a year', () => {
    expect(fixedHolidaysOf(2026)).toEqual([
      { day: '2026-01-01', kind: 'holiday', name: 'Tết Dương lịch' },
      { day: '2026-04-30', kind: 'holiday', name: 'Ngày Chiến thắng' },
      { day: '2026-05-01', kind: 'holiday', name: 'Ngày Quốc tế Lao động' },
      { day: '2026-09-02', kind: 'holiday', name: 'Quốc khánh' },
    ]);
    expect(yearOfDate('2026-09-02')).toBe(2026);
    expect(() => yearOfDate('2026-02-29')).toThrow(CalendarDateError);
  });
});
