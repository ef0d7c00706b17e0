import ExcelJS from 'exceljs';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blocks } from '../../src/db/schema.js';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, TEST_YEAR, type TestServer } from '../helpers/server.js';

/*
 * Reform plans (issue 13, docs/plans.md). Hand-computed figures (domain.md "Plans and inspections"):
 * - SCT, plan KH-CCHC: tasks T1 done, T2 done, T3 in progress (deadline 2025-03-31), T4 cancelled, T5 todo (deadline
 *   2025-12-31). As of 2025-06-30: counted 4 (T4 cancelled), done 2, overdue 1 (T3), rate 2/4 = 50.00.
 * - X1, plan KH-X1: only cancelled tasks → counted 0, rate empty (not 0).
 * - Block SO requires reform (due 2025-01-31) and it (due 2025-02-28); SCT issued reform on 2025-02-05 (late) and has
 *   no it plan → 2 required, 1 issued, 1 late.
 */
let server: TestServer;
let admin: ApiClient;
let sctOfficer: ApiClient;
let x1Officer: ApiClient;

const TASKS = [
  'unit_code,plan_code,task_code,title,area,owner,output,deadline,status,completed_on',
  'SCT,KH-CCHC,T1,Ban hành kế hoạch CCHC,institution,Văn phòng,Kế hoạch,2025-01-31,done,2025-01-20',
  'SCT,KH-CCHC,T2,Rà soát thủ tục,administrative_procedures,Phòng Pháp chế,Báo cáo,31/03/2025,done,28/03/2025',
  'SCT,KH-CCHC,T3,Cập nhật ISO 9001,organization,Văn phòng,Quyết định,2025-03-31,in_progress,',
  'SCT,KH-CCHC,T4,Hội thi CCHC,civil_service,Công đoàn,,2025-05-31,cancelled,',
  'SCT,KH-CCHC,T5,Số hóa hồ sơ,digital_government,Văn phòng,,2025-12-31,todo,',
  'X1,KH-X1,T1,Tuyên truyền,communication,UBND xã,,2025-04-30,cancelled,',
].join('\n');

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  sctOfficer = await server.loginAs('unit_officer', 'SCT');
  x1Officer = await server.loginAs('unit_officer', 'X1');
});
afterAll(() => server?.close());

const importTasks = (client: ApiClient, content: string, name = 'tasks.csv') => client.upload(`/api/v1/plans/tasks/import?year=${TEST_YEAR}`, content, name);

describe('plan tasks: import, progress and the report', () => {
  it('imports tasks all or nothing, naming every bad row and column, and writes nothing then', async () => {
    const bad = [
      TASKS.split('\n')[0],
      'SCT,KH-CCHC,T1,Một nhiệm vụ,,,,2025-01-31,done,', // done without completed_on
      'SCT,KH-CCHC,T2,Hai,,,,31-03-2025,todo,', // date unreadable
      'ZZZ,KH,T1,Ba,,,,,todo,', // unknown unit
      'SCT,KH-CCHC,T3,Bốn,,,,,finished,', // unknown status
      'SCT,KH-CCHC,T4,Năm,,,,,todo,',
      'SCT,KH-CCHC,T4,Năm lần hai,,,,,todo,', // the same task twice
    ].join('\n');
    const res = await importTasks(admin, bad);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('import_rejected');
    const rows = (res.body.error.details.rows as { row: number; column: string; code: string }[]).map((r) => [r.row, r.column, r.code]);
    expect(rows).toEqual([
      [2, 'completed_on', 'plan_task_done_without_date'],
      [3, 'deadline', 'plan_file_date_invalid'],
      [4, 'unit_code', 'plan_file_unit_unknown'],
      [5, 'status', 'plan_file_status_unknown'],
      [7, 'task_code', 'plan_file_task_repeated'],
    ]);
    const plans = await admin.get(`/api/v1/plans?year=${TEST_YEAR}&unit=SCT`);
    expect(plans.body.plans).toEqual([]);
  });

  it('imports the tasks, creating the plans they name, then re-imports unchanged and changed rows by key', async () => {
    const first = await importTasks(admin, TASKS);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({ rows: 6, plansCreated: 2, created: 6, updated: 0, unchanged: 0 });
    const again = await importTasks(admin, TASKS);
    expect(again.body).toEqual({ rows: 6, plansCreated: 0, created: 0, updated: 0, unchanged: 6 });
    // T5 done now: one task replaced, the others unchanged.
    const changed = TASKS.replace('2025-12-31,todo,', '2025-12-31,done,2025-06-01');
    const third = await importTasks(admin, changed);
    expect(third.body).toEqual({ rows: 6, plansCreated: 0, created: 0, updated: 1, unchanged: 5 });
    await importTasks(admin, TASKS);
  });

  it('reads the same from an XLSX file, XLSX date cells included', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('tasks');
    sheet.addRow(TASKS.split('\n')[0]!.split(','));
    sheet.addRow([
      'SCT',
      'KH-CCHC',
      'T1',
      'Ban hành kế hoạch CCHC',
      'institution',
      'Văn phòng',
      'Kế hoạch',
      new Date(Date.UTC(2025, 0, 31)),
      'done',
      new Date(Date.UTC(2025, 0, 20)),
    ]);
    const res = await admin.upload(`/api/v1/plans/tasks/import?year=${TEST_YEAR}`, Buffer.from(await workbook.xlsx.writeBuffer()), 'tasks.xlsx');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ rows: 1, plansCreated: 0, created: 0, updated: 0, unchanged: 1 });
  });

  it('shows a unit its plans with progress and the required-plans checklist', async () => {
    const [so] = await server.db.select({ id: blocks.id }).from(blocks).where(eqCode('SO'));
    expect(so).toBeDefined();
    const required = await admin.request('PUT', `/api/v1/plans/required?year=${TEST_YEAR}`, {
      json: {
        blockCode: 'SO',
        plans: [
          { kind: 'reform', name: 'Kế hoạch CCHC', dueOn: '2025-01-31' },
          { kind: 'it', name: 'Kế hoạch ứng dụng CNTT', dueOn: '2025-02-28' },
        ],
      },
    });
    expect(required.status).toBe(200);
    const planId = (await admin.get(`/api/v1/plans?year=${TEST_YEAR}&unit=SCT`)).body.plans[0].id as number;
    const patched = await sctOfficer.request('PATCH', `/api/v1/plans/${planId}`, {
      json: { kind: 'reform', documentNo: '15/KH-SCT', issuedOn: '2025-02-05', title: 'Kế hoạch CCHC năm 2025' },
    });
    expect(patched.status).toBe(200);
    server.now = '2025-06-30T03:00:00Z';
    const view = await sctOfficer.get(`/api/v1/plans?year=${TEST_YEAR}`);
    expect(view.status).toBe(200);
    expect(view.body.unitCode).toBe('SCT');
    expect(view.body.checklist).toEqual({ required: 2, issued: 1, late: 1, issuedRate: 50 });
    expect(view.body.progress).toEqual({ tasks: 4, completed: 2, overdue: 1, completionRate: 50 });
    const plan = view.body.plans[0];
    expect(plan).toMatchObject({ code: 'KH-CCHC', documentNo: '15/KH-SCT', late: true, can: { edit: true } });
    expect(plan.tasks.filter((t: { overdue: boolean }) => t.overdue).map((t: { code: string }) => t.code)).toEqual(['T3']);
  });

  it('lets a unit edit only its own plans; the organizer edits all', async () => {
    const sctPlan = (await admin.get(`/api/v1/plans?year=${TEST_YEAR}&unit=SCT`)).body.plans[0].id as number;
    const foreign = await x1Officer.request('PUT', `/api/v1/plans/${sctPlan}/tasks/T9`, { json: { code: 'T9', title: 'Không được', status: 'todo' } });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error.reason).toBe('plans_forbidden');
    const peek = await x1Officer.get(`/api/v1/plans?year=${TEST_YEAR}&unit=SCT`);
    expect(peek.status).toBe(403);
    const crossImport = await importTasks(x1Officer, [TASKS.split('\n')[0], 'SCT,KH-CCHC,T9,Không được,,,,,todo,'].join('\n'));
    expect(crossImport.status).toBe(400);
    expect(crossImport.body.error.details.rows[0]).toMatchObject({ row: 2, column: 'unit_code', code: 'plan_file_unit_not_yours' });
    const own = await sctOfficer.request('PUT', `/api/v1/plans/${sctPlan}/tasks/T3`, {
      json: { code: 'T3', title: 'Cập nhật ISO 9001', status: 'done', completedOn: '2025-06-20', evidence: 'Quyết định 12/QĐ-SCT' },
    });
    expect(own.status).toBe(200);
    const noDate = await sctOfficer.request('PUT', `/api/v1/plans/${sctPlan}/tasks/T3`, { json: { code: 'T3', title: 'x', status: 'done' } });
    expect(noDate.status).toBe(400);
    expect(noDate.body.error.details.issues[0]).toMatchObject({ path: 'completedOn', code: 'plan_task_done_without_date' });
    const audit = await admin.get('/api/v1/audit?entityType=plan_task&limit=1');
    expect(audit.body.items[0]).toMatchObject({ action: 'update', entityId: `${sctPlan}/T3` });
    expect(audit.body.items[0].before.status).toBe('in_progress');
    expect(audit.body.items[0].after.status).toBe('done');
  });

  it('reports plans per unit as CSV with rates of two decimals, empty when no task counts', async () => {
    // As of 2025-06-30, after T3 was done: SCT counted 4, done 3, overdue 0 → 75.00; X1 counted 0 → empty.
    const csv = await admin.get(`/api/v1/plans/report?year=${TEST_YEAR}&asOf=2025-06-30&format=csv`);
    expect(csv.status).toBe(200);
    expect(csv.text.trim().split('\n')).toEqual([
      'unit_code,plans_required,plans_issued,tasks,tasks_completed,tasks_overdue,completion_rate',
      'SCT,2,1,4,3,0,75.00',
      'X1,0,0,0,0,0,',
    ]);
    // As of 2025-04-01 the reform plan (issued 2025-02-05) counts; T5 (deadline 2025-12-31) is not overdue.
    const json = await admin.get(`/api/v1/plans/report?year=${TEST_YEAR}&asOf=2025-01-15&format=json`);
    expect(JSON.parse(json.text)[0]).toEqual({
      unit_code: 'SCT',
      plans_required: 2,
      plans_issued: 0,
      tasks: 4,
      tasks_completed: 3,
      tasks_overdue: 0,
      completion_rate: 75,
    });
    const refused = await sctOfficer.get(`/api/v1/plans/report?year=${TEST_YEAR}`);
    expect(refused.status).toBe(403);
  });
});

function eqCode(code: string) {
  return eq(blocks.code, code);
}
