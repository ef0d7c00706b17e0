import { describe, expect, it } from 'vitest';
import { dayNumber, WorkingCalendar } from '../../src/domain/calendar.js';
import {
  classifyTimeliness,
  countsForOverdue,
  dueDayOf,
  dueInstantOfDay,
  formatRate,
  isOverdueInProcessing,
  localDateOf,
  localDayNumberOf,
  onTimeRateHundredths,
  parseLocalInstant,
} from '../../src/domain/timeliness.js';
import { checkDossier, type DossierLookups } from '../../src/modules/dossiers/rules.js';

/**
 * Hand-computed against the 2025 calendar as a province configured it: Lunar New Year Monday 27 – Friday
 * 31 January (with the weekends around it: 25 January – 2 February off), 30 April and 1 May, Friday 2 May off
 * in exchange for Saturday 26 April worked.
 */
const calendar = new WorkingCalendar([
  ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((day) => ({ day, kind: 'holiday' as const })),
  { day: '2025-04-30', kind: 'holiday' },
  { day: '2025-05-01', kind: 'holiday' },
  { day: '2025-05-02', kind: 'holiday' },
  { day: '2025-04-26', kind: 'workday' },
]);

const day = (date: string) => dayNumber(date);
const local = (text: string) => localDateOf(parseLocalInstant(text)!);
/** The due date of a dossier received at `received` (local or with an offset) with a limit of n working days. */
const due = (received: string, n: number) => localDateOf(dueInstantOfDay(dueDayOf(calendar, localDayNumberOf(parseLocalInstant(received)!), n)));

describe('instants: ISO 8601, local Asia/Ho_Chi_Minh without an offset', () => {
  it('reads local times, offsets and UTC', () => {
    expect(parseLocalInstant('2025-03-14T16:30')).toBe(Date.UTC(2025, 2, 14, 9, 30));
    expect(parseLocalInstant('2025-03-14 16:30:05.250')).toBe(Date.UTC(2025, 2, 14, 9, 30, 5, 250));
    expect(parseLocalInstant('2025-03-14T16:30:00+07:00')).toBe(Date.UTC(2025, 2, 14, 9, 30));
    expect(parseLocalInstant('2025-03-14T09:30:00Z')).toBe(Date.UTC(2025, 2, 14, 9, 30));
    expect(parseLocalInstant('2025-03-14T02:30:00-0700')).toBe(Date.UTC(2025, 2, 14, 9, 30));
    expect(parseLocalInstant('2025-03-14')).toBe(Date.UTC(2025, 2, 13, 17, 0));
    // The short forms read without the regular expression, with every offset form.
    expect(parseLocalInstant('2025-03-14T16:30+07:00')).toBe(Date.UTC(2025, 2, 14, 9, 30));
    expect(parseLocalInstant('2025-03-14T09:30Z')).toBe(Date.UTC(2025, 2, 14, 9, 30));
    expect(parseLocalInstant('2025-03-14T09:30:00z')).toBe(Date.UTC(2025, 2, 14, 9, 30));
    expect(parseLocalInstant('2025-03-14T02:30:00-07:00')).toBe(Date.UTC(2025, 2, 14, 9, 30));
    expect(parseLocalInstant('2025-03-14T15:00:00+05:30')).toBe(Date.UTC(2025, 2, 14, 9, 30));
    expect(parseLocalInstant('2025-03-14 16:30:00 +07:00')).toBe(Date.UTC(2025, 2, 14, 9, 30));
    expect(parseLocalInstant('2025-01-01T05:00:00+07:00')).toBe(Date.UTC(2024, 11, 31, 22, 0));
  });

  it('refuses what is not a time', () => {
    for (const text of [
      '2025-02-29',
      '2025-02-30T08:00',
      '2025-03-14T24:30',
      '14/03/2025',
      '2025-3-14',
      'hôm qua',
      '',
      '2025-03-14T08:00+15:00',
      '2025-03-14T08:00:00+07:60',
      '2025-03-14T25:00:00Z',
      '2025-02-29T08:00:00+07:00',
      '2025-03-14T08:00:00+0x:00',
    ]) {
      expect(parseLocalInstant(text), text).toBeNull();
    }
    expect(parseLocalInstant('2024-02-29')).not.toBeNull();
  });

  it('23:59 versus 00:01 local time given in UTC fall on different local days', () => {
    expect(local('2025-03-20T16:59:00Z')).toBe('2025-03-20'); // 23:59 local
    expect(local('2025-03-20T17:01:00Z')).toBe('2025-03-21'); // 00:01 local, the next day
    expect(local('2025-03-20T23:30:00+07:00')).toBe('2025-03-20');
    expect(local('2025-03-20T23:30')).toBe('2025-03-20');
  });
});

describe('due dates from the calendar', () => {
  it('a dossier received on a Friday afternoon: the day of receipt is not counted', () => {
    // Friday 14 March 16:30, 1 day → Monday 17; 5 days → Friday 21; 0 days → the day itself.
    expect(due('2025-03-14T16:30', 1)).toBe('2025-03-17');
    expect(due('2025-03-14T16:30', 5)).toBe('2025-03-21');
    expect(due('2025-03-14T16:30', 0)).toBe('2025-03-14');
  });

  it('across the Lunar New Year week', () => {
    // Friday 24 January, 3 days: 25 Sat, 26 Sun, 27–31 Tết, 1 Sat, 2 Sun → 3, 4, 5 February.
    expect(due('2025-01-24T10:00', 3)).toBe('2025-02-05');
    // Thursday 23 January, 2 days: Friday 24 (1), then Monday 3 February (2).
    expect(due('2025-01-23T08:00', 2)).toBe('2025-02-03');
  });

  it('a dossier received on a holiday or a weekend', () => {
    // Wednesday 29 January (Tết), 1 day → Monday 3 February.
    expect(due('2025-01-29T09:00', 1)).toBe('2025-02-03');
    // Saturday 15 March, 1 day → Monday 17; 0 days → the Saturday itself.
    expect(due('2025-03-15T09:00', 1)).toBe('2025-03-17');
    expect(due('2025-03-15T09:00', 0)).toBe('2025-03-15');
  });

  it('a make-up Saturday is a working day; the bridge Friday is not', () => {
    // Thursday 24 April: 25 Fri (1), 26 Sat make-up (2), 28 Mon (3), 29 Tue (4), 30 Apr – 4 May off, 5 May (5).
    expect(due('2025-04-24T08:00', 2)).toBe('2025-04-26');
    expect(due('2025-04-24T08:00', 3)).toBe('2025-04-28');
    expect(due('2025-04-24T08:00', 5)).toBe('2025-05-05');
    // Received on the make-up Saturday itself, 1 day → Monday 28.
    expect(due('2025-04-26T08:00', 1)).toBe('2025-04-28');
  });

  it('a computed due time is the last second of the local due day', () => {
    expect(new Date(dueInstantOfDay(day('2025-03-21'))).toISOString()).toBe('2025-03-21T16:59:59.000Z');
    expect(localDayNumberOf(dueInstantOfDay(day('2025-03-21')))).toBe(day('2025-03-21'));
  });
});

describe('timeliness', () => {
  const due21 = day('2025-03-21');
  const resolved = (text: string) => localDayNumberOf(parseLocalInstant(text)!);

  it('early, on time exactly on the due date, late after it', () => {
    expect(classifyTimeliness(due21, resolved('2025-03-20T17:00'))).toBe('early');
    expect(classifyTimeliness(due21, resolved('2025-03-21T08:00'))).toBe('on_time');
    expect(classifyTimeliness(due21, resolved('2025-03-22T08:00'))).toBe('late');
  });

  it('23:59 versus 00:01 local, given in UTC', () => {
    expect(classifyTimeliness(due21, resolved('2025-03-21T16:59:00Z'))).toBe('on_time'); // 23:59 on the 21st
    expect(classifyTimeliness(due21, resolved('2025-03-21T17:01:00Z'))).toBe('late'); // 00:01 on the 22nd
    expect(classifyTimeliness(due21, resolved('2025-03-20T17:01:00Z'))).toBe('on_time'); // 00:01 on the 21st (UTC says the 20th)
  });

  it('overdue in processing at a report date, and who belongs to the overdue rollup', () => {
    expect(isOverdueInProcessing(due21, null, day('2025-03-21'))).toBe(false);
    expect(isOverdueInProcessing(due21, null, day('2025-03-22'))).toBe(true);
    expect(isOverdueInProcessing(due21, day('2025-03-25'), day('2025-03-24'))).toBe(true);
    expect(isOverdueInProcessing(due21, day('2025-03-25'), day('2025-03-25'))).toBe(false);
    expect(countsForOverdue('processing', null, due21)).toBe(true);
    expect(countsForOverdue('withdrawn', null, due21)).toBe(false);
    expect(countsForOverdue('rejected', null, due21)).toBe(false);
    expect(countsForOverdue('resolved', day('2025-03-22'), due21)).toBe(true);
    expect(countsForOverdue('resolved', due21, due21)).toBe(false);
  });

  it('on-time rate', () => {
    expect(onTimeRateHundredths(30, 8, 40)).toBe(9500);
    expect(formatRate(onTimeRateHundredths(2, 0, 3))).toBe('66.67');
    expect(onTimeRateHundredths(0, 0, 0)).toBeNull();
  });
});

describe('one dossier row', () => {
  const lookups: DossierLookups = {
    unitId: (code) => ({ SNV: 1, X1: 2 })[code],
    procedure: (code) => (code === 'P.001' ? { id: 7, unitId: 1, field: 'Công chức', internalDays: 5 } : undefined),
    calendar,
  };
  const row = (over: Partial<Record<number, string>>) => {
    const base = ['D1', 'snv', 'P.001', '', 'Trực tuyến', '2025-01-24T16:45', '', '2025-02-07T10:00', '', 'Đã trả kết quả'];
    return base.map((v, i) => over[i] ?? v);
  };

  it('derives the field, the due date over Tết, and the timeliness; accepts Vietnamese spellings', () => {
    // Friday 24 January, 5 days → 3, 4, 5, 6, 7 February: resolved on the 7th = on time.
    expect(checkDossier(row({}), lookups)).toMatchObject({
      code: 'D1',
      unitId: 1,
      procedureId: 7,
      field: 'Công chức',
      channel: 'online',
      status: 'returned',
      dueComputed: true,
      receivedDay: day('2025-01-24'),
      dueDay: day('2025-02-07'),
      resolvedDay: day('2025-02-07'),
      timeliness: 'on_time',
    });
  });

  it('a given due time is kept', () => {
    expect(checkDossier(row({ 6: '2025-02-06T17:00' }), lookups)).toMatchObject({ dueComputed: false, dueDay: day('2025-02-06'), timeliness: 'late' });
  });

  it('lists every problem of a row by column', () => {
    const problems = checkDossier(row({ 1: 'X9', 5: '2025-01-24T16:45', 7: '2025-01-24T16:44', 8: '2025-01-24T16:00', 9: 'lost' }), lookups);
    expect(problems).toMatchObject([
      { column: 'unit_code', code: 'dossier_unknown_unit', params: { code: '"X9"' }, message: 'unknown unit "X9"' },
      { column: 'resolved_at', message: 'resolved_at is before received_at' },
      { column: 'returned_at', message: 'returned_at is before resolved_at' },
      { column: 'status', message: 'unknown status "lost" (received, processing, needs_supplement, suspended, withdrawn, resolved, returned, rejected)' },
    ]);
  });
});
