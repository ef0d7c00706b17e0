import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import type { WorkingCalendar } from '../../src/domain/calendar.js';
import { classifyTimeliness, dueDayOf } from '../../src/domain/timeliness.js';
import { systemActor } from '../../src/modules/auth/actor.js';
import { loadWorkingCalendar } from '../../src/modules/calendar/service.js';
import { openRoundDates } from '../../src/modules/demo/cycle.js';
import { DEMO_PASSWORD, DEMO_PROCEDURES, DEMO_UNIT_STAFF, DEMO_USERS } from '../../src/modules/demo/province.js';
import { type DemoSummary, loadFullDemo } from '../../src/modules/demo/service.js';
import type { ApiClient } from '../helpers/client.js';
import { startTestServer, type TestServer } from '../helpers/server.js';

// The whole demo loaded on a fresh database, as `parindex demo` does it (with fewer dossiers), then read back through
// the API as its users see it: every area has data, consistent with the rules, and a second run changes nothing.
const NOW = '2026-12-02T03:00:00Z';
const TODAY = '2026-12-02';
const DOSSIERS = 3000;
const LEADER: Record<string, string> = { SO: 'STP', HUYEN: 'H_TPMH', XA: 'X001' };

let server: TestServer;
let summary: DemoSummary;
let admin: ApiClient;
const count = async (query: ReturnType<typeof sql>) => (await queryRows<{ n: number }>(server.db, query))[0]!.n;

/** Row counts of every table the demo writes, and the audit log's length: what a second run must not change. */
async function footprint() {
  const tables = [
    'units',
    'unit_memberships',
    'users',
    'frameworks',
    'criteria',
    'rounds',
    'unit_assessments',
    'scores',
    'publications',
    'evidence',
    'calendar_days',
    'calendar_years',
    'procedures',
    'dossiers',
    'dossier_imports',
    'apology_letters',
    'required_plans',
    'plans',
    'plan_tasks',
    'inspections',
    'inspection_findings',
    'remediation_items',
    'register_entries',
    'report_deadlines',
    'periodic_reports',
    'audit_log',
  ];
  const out: Record<string, number> = {};
  for (const t of tables) out[t] = await count(sql.raw(`select count(*)::int as n from ${t}`));
  return out;
}

beforeAll(async () => {
  server = await startTestServer();
  server.now = NOW;
  summary = await loadFullDemo(server.testDb.database, systemActor('test:demo'), { now: new Date(NOW), dossiers: DOSSIERS, store: server.fileStore });
  admin = server.client();
  await admin.login('demo.admin', DEMO_PASSWORD);
}, 600_000);
afterAll(() => server?.close());

describe('the demo province, loaded on a fresh database', { timeout: 600_000 }, () => {
  it('has every account, with its password', async () => {
    for (const user of [...DEMO_USERS, ...DEMO_UNIT_STAFF]) {
      const client = server.client();
      expect((await client.login(user.username, DEMO_PASSWORD)).status, user.username).toBe(200);
    }
    expect(summary.years).toEqual({ past: [2023, 2024, 2025], current: 2026 });
  });

  it('has a framework for every block and year, cloned from the sample', async () => {
    const list = (await admin.get('/api/v1/frameworks')).body as { year: number; blockCode: string; name: string }[];
    const items = Array.isArray(list) ? list : (list as unknown as { items: typeof list }).items;
    const keys = items.map((f) => `${f.year}/${f.blockCode}`).sort();
    expect(keys).toEqual(['2023', '2024', '2025', '2026'].flatMap((y) => ['HUYEN', 'SO', 'XA'].map((b) => `${y}/${b}`)).sort());
    expect(items.find((f) => f.year === 2024 && f.blockCode === 'XA')!.name).toContain('khối UBND cấp xã năm 2024');
  });

  it('publishes three years for every block, ranked by the rules, with ranks that move from year to year', async () => {
    let moved = 0;
    for (const year of [2023, 2024, 2025]) {
      for (const block of ['SO', 'HUYEN', 'XA']) {
        const res = await server.client().get(`/api/v1/public/results?year=${year}&block=${block}`);
        expect(res.status, `${year} ${block}: ${res.text}`).toBe(200);
        expect(res.body.revision).toBe(1);
        const units = res.body.results.units as {
          unitCode: string;
          index: number | null;
          rank: number | null;
          previousRank: number | null;
          class: string | null;
        }[];
        expect(units.length).toBe(block === 'SO' ? 21 : block === 'HUYEN' ? 8 : 60);
        for (const u of units) {
          expect(u.index, u.unitCode).not.toBeNull();
          // Equal indices share a rank and the next rank skips: rank = 1 + units with a strictly higher index.
          expect(u.rank).toBe(1 + units.filter((o) => o.index! > u.index!).length);
          expect(u.index).toBeGreaterThan(40);
          expect(u.index).toBeLessThanOrEqual(100);
          if (year > 2023 && u.previousRank !== null && u.previousRank !== u.rank) moved++;
        }
        expect(new Set(units.map((u) => u.class)).size, `${year} ${block} classes`).toBeGreaterThan(1);
        // One unit per block led three years running (the results page's "Dẫn đầu 3 năm liên tiếp").
        expect(units.find((u) => u.rank === 1)!.unitCode).toBe(LEADER[block]);
        if (year > 2023) expect(units.every((u) => u.previousRank !== null)).toBe(true);
      }
    }
    expect(moved).toBeGreaterThan(20);
  });

  it("opens this year's rounds, windows from today, with units submitted, appraised and explained; nothing approved", async () => {
    const rounds = (await admin.get('/api/v1/rounds?year=2026')).body.items as { id: number; blockCode: string; status: string; dates: unknown }[];
    expect(rounds.map((r) => r.blockCode).sort()).toEqual(['HUYEN', 'SO', 'XA']);
    for (const r of rounds) {
      expect(r.status).toBe('open');
      expect(r.dates).toEqual(openRoundDates(TODAY));
    }
    expect(openRoundDates(TODAY).selfAssessmentTo).toBe('2026-12-16');
    const so = rounds.find((r) => r.blockCode === 'SO')!;
    const progress = await queryRows<{
      unit: string;
      submitted: boolean;
      scored: number;
      appraised: number;
      asked: number;
      answered: number;
      evidence: number;
    }>(
      server.db,
      sql`select u.code as unit, ua.submitted_at is not null as submitted,
                 (select count(*)::int from scores s where s.round_id = ua.round_id and s.unit_id = ua.unit_id and s.self_score is not null) as scored,
                 (select count(*)::int from scores s where s.round_id = ua.round_id and s.unit_id = ua.unit_id and s.appraised_score is not null) as appraised,
                 (select count(*)::int from scores s where s.round_id = ua.round_id and s.unit_id = ua.unit_id and s.explanation_request is not null) as asked,
                 (select count(*)::int from scores s where s.round_id = ua.round_id and s.unit_id = ua.unit_id and s.explanation_answer is not null) as answered,
                 (select count(*)::int from evidence e where e.round_id = ua.round_id and e.unit_id = ua.unit_id) as evidence
            from unit_assessments ua join units u on u.id = ua.unit_id where ua.round_id = ${so.id} order by u.code`,
    );
    const of = (code: string) => progress.find((p) => p.unit === code)!;
    expect(progress).toHaveLength(21);
    expect(progress.filter((p) => p.submitted).map((p) => p.unit)).toEqual(['SCT', 'SKHDT', 'STC', 'STP', 'SXD', 'VP']);
    expect(progress.filter((p) => p.appraised > 0).map((p) => p.unit)).toEqual(['SCT', 'STC', 'STP', 'VP']);
    expect(progress.reduce((n, p) => n + p.asked, 0)).toBe(3);
    expect(progress.reduce((n, p) => n + p.answered, 0)).toBe(2);
    expect(of('SGTVT')).toMatchObject({ submitted: false });
    expect(of('SGTVT').scored).toBeGreaterThan(10);
    expect(of('SCT').evidence).toBeGreaterThan(10);
    expect(summary.openRounds).toEqual({ opened: 3, submitted: 6, appraised: 4, explanationsAsked: 3, explanationsAnswered: 2 });
    // The council may not approve yet: self-assessment is still open and most units have not submitted.
    const council = server.client();
    await council.login('demo.council', DEMO_PASSWORD);
    const seen = await council.get(`/api/v1/rounds/${so.id}`);
    expect(seen.status, seen.text).toBe(200);
    expect(seen.body.can.approve).toBe(false);
    // The SCT officer sees the sheet with one explanation to answer.
    const officer = server.client();
    await officer.login('demo.officer', DEMO_PASSWORD);
    const sheet = await officer.get(`/api/v1/rounds/${so.id}/units/SCT/assessment`);
    expect(sheet.status, sheet.text).toBe(200);
    const waiting = (sheet.body.criteria as { code: string; can: { explain: boolean } }[]).filter((c) => c.can.explain).map((c) => c.code);
    expect(waiting).toEqual(['5.3']);
    // The commune officer's sheet is started, not submitted.
    const xa = rounds.find((r) => r.blockCode === 'XA')!;
    const commune = await count(sql`select count(*)::int as n from scores s join units u on u.id = s.unit_id where s.round_id = ${xa.id} and u.code = 'X001'`);
    expect(commune).toBeGreaterThan(5);
  });

  it('has the working-day calendar of every year, movable holidays confirmed', async () => {
    for (const year of [2023, 2024, 2025, 2026]) {
      const cal = (await admin.get(`/api/v1/calendar?year=${year}`)).body;
      expect(cal.setUp && cal.movableConfirmed, String(year)).toBe(true);
      expect(cal.warnings).toEqual([]);
      expect(cal.workingDays).toBeGreaterThan(240);
      expect(cal.workingDays).toBeLessThan(255);
    }
    const tet = (await admin.get('/api/v1/calendar?year=2026')).body.ranges.find((r: { name: string }) => r.name === 'Tết Nguyên đán');
    expect(tet).toMatchObject({ from: '2026-02-14', to: '2026-02-22', kind: 'holiday' });
  });

  it('has the procedure catalogue, every unit with its procedures', async () => {
    const page = (await admin.get('/api/v1/procedures?limit=1')).body;
    expect(page.total).toBe(DEMO_PROCEDURES.length);
    expect(DEMO_PROCEDURES.length).toBeGreaterThan(900);
    const perUnit = await queryRows<{ n: number }>(server.db, sql`select count(distinct unit_id)::int as n from procedures`);
    expect(perUnit[0]!.n).toBeGreaterThan(80);
    const levels = await queryRows<{ online_level: string; n: number }>(
      server.db,
      sql`select online_level, count(*)::int as n from procedures group by 1 order by 1`,
    );
    expect(levels.map((l) => l.online_level)).toEqual(['full', 'none', 'partial']);
  });

  it('has the dossiers, each with the due date and timeliness of the rules, in a realistic mix; the report agrees with the rows', async () => {
    expect(await count(sql`select count(*)::int as n from dossiers`)).toBe(DOSSIERS);
    const rows = await queryRows<{ received: string; due: string; resolved: string | null; timeliness: string | null; internal_days: number; status: string }>(
      server.db,
      sql`select to_char(d.received_date, 'YYYY-MM-DD') as received, to_char(d.due_date, 'YYYY-MM-DD') as due,
                 to_char(d.resolved_date, 'YYYY-MM-DD') as resolved, d.timeliness, p.internal_days, d.status
            from dossiers d join procedures p on p.id = d.procedure_id`,
    );
    const calendar: WorkingCalendar = await loadWorkingCalendar(server.db);
    const day = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10)) / 86_400_000;
    const tally = { early: 0, on_time: 0, late: 0, overdue: 0, open: 0 };
    for (const r of rows) {
      expect(r.received >= '2025-01-01' && r.received < TODAY).toBe(true);
      expect(day(r.due)).toBe(dueDayOf(calendar, day(r.received), r.internal_days));
      if (r.resolved) {
        expect(r.resolved < TODAY).toBe(true);
        expect(r.timeliness).toBe(classifyTimeliness(day(r.due), day(r.resolved)));
        tally[r.timeliness as 'early' | 'on_time' | 'late']++;
      } else {
        expect(r.timeliness).toBeNull();
        if (!['withdrawn', 'rejected'].includes(r.status)) tally[r.due < TODAY ? 'overdue' : 'open']++;
      }
    }
    const resolved = tally.early + tally.on_time + tally.late;
    expect(resolved / DOSSIERS).toBeGreaterThan(0.9);
    expect(tally.early / resolved).toBeGreaterThan(0.4);
    expect(tally.on_time / resolved).toBeGreaterThan(0.2);
    expect(tally.late / resolved).toBeGreaterThan(0.02);
    expect(tally.late / resolved).toBeLessThan(0.2);
    expect(tally.overdue).toBeGreaterThan(0);
    expect(tally.open).toBeGreaterThan(0);
    // The province's report of each year: the same counts as the rows (resolved by year of resolution).
    for (const year of [2025, 2026]) {
      const report = (await admin.get(`/api/v1/timeliness/report?year=${year}&format=json`)).body as {
        rows: { resolved: number; early: number; on_time: number; late: number }[];
      };
      const sum = (k: 'resolved' | 'early' | 'on_time' | 'late') => report.rows.reduce((n, r) => n + r[k], 0);
      const inYear = rows.filter((r) => r.resolved?.startsWith(String(year)));
      expect(sum('resolved')).toBe(inYear.length);
      expect(sum('late')).toBe(inYear.filter((r) => r.timeliness === 'late').length);
      expect(sum('early') + sum('on_time')).toBe(inYear.filter((r) => r.timeliness !== 'late').length);
    }
  });

  it('has apology letters for most late dossiers, never more than the late ones, each by the letter rules', async () => {
    const late = await count(sql`select count(*)::int as n from dossiers where timeliness = 'late'`);
    const letters = await queryRows<{ late: boolean; issued_on: string; due: string; appointment: string; received: string }>(
      server.db,
      sql`select d.timeliness = 'late' as late, to_char(l.issued_on, 'YYYY-MM-DD') as issued_on, to_char(d.due_date, 'YYYY-MM-DD') as due,
                 to_char(l.new_appointment_date, 'YYYY-MM-DD') as appointment, to_char(d.received_date, 'YYYY-MM-DD') as received
            from apology_letters l join dossiers d on d.code = l.dossier_code`,
    );
    expect(letters.length).toBe(summary.lettersIssued);
    expect(letters.length).toBeLessThanOrEqual(late);
    expect(letters.length).toBeGreaterThan(late * 0.6);
    for (const l of letters) {
      expect(l.late).toBe(true);
      expect(l.appointment > l.due && l.issued_on >= l.received && l.issued_on <= TODAY).toBe(true);
    }
    const counts = (await admin.get('/api/v1/apology-letters/counts?from=2025-01-01&to=2026-12-31')).body;
    expect(counts.total.lateWithLetter).toBe(letters.length);
    expect(counts.total.late).toBe(late);
  });

  it('has the reform plans of the year: required plans, issued ones (some late), tasks at every status; SCT left for the walkthrough', async () => {
    const year = summary.years.current;
    expect(summary.plans.plans).toBeGreaterThan(50);
    const report = await admin.get(`/api/v1/plans/report?year=${year}&asOf=${TODAY}&format=json`);
    expect(report.status).toBe(200);
    const rows = report.body as {
      unit_code: string;
      plans_required: number;
      plans_issued: number;
      tasks: number;
      tasks_completed: number;
      completion_rate: number | null;
    }[];
    expect(rows.some((r) => r.unit_code === 'SCT')).toBe(false);
    // Each row agrees with the unit's tasks counted from the table: cancelled left out, rate = done / counted, 2 decimals.
    const tasks = await queryRows<{ code: string; counted: number; done: number }>(
      server.db,
      sql`select u.code, count(*) filter (where t.status <> 'cancelled')::int as counted, count(*) filter (where t.status = 'done')::int as done
          from plan_tasks t join plans p on p.id = t.plan_id join units u on u.id = p.unit_id where p.year = ${year} group by u.code`,
    );
    expect(tasks.length).toBeGreaterThan(50);
    for (const t of tasks) {
      const row = rows.find((r) => r.unit_code === t.code)!;
      expect(row).toMatchObject({ tasks: t.counted, tasks_completed: t.done, plans_required: 6 });
      expect(row.completion_rate).toBe(t.counted === 0 ? null : Math.round((t.done * 10000) / t.counted) / 100);
    }
    // Every status occurs, and some required plans were issued late.
    const statuses = await queryRows<{ status: string }>(server.db, sql`select distinct status from plan_tasks`);
    expect(statuses.map((r) => r.status).sort()).toEqual(['cancelled', 'done', 'in_progress', 'todo']);
    const late = await count(
      sql`select count(*)::int as n from plans p join required_plans r on r.kind = p.kind and r.year = p.year where p.issued_on > r.due_on`,
    );
    expect(late).toBeGreaterThan(0);
  });

  it('changes nothing when loaded a second time', async () => {
    const before = await footprint();
    const again = await loadFullDemo(server.testDb.database, systemActor('test:demo'), { now: new Date(NOW), dossiers: DOSSIERS, store: server.fileStore });
    expect(await footprint()).toEqual(before);
    expect(again).toMatchObject({
      unitsCreated: 0,
      usersCreated: [],
      frameworksCreated: 0,
      yearsPublished: 0,
      dossiersImported: 0,
      lettersIssued: 0,
      openRounds: { opened: 0, submitted: 0, appraised: 0, explanationsAsked: 0, explanationsAnswered: 0 },
    });
  });
});
