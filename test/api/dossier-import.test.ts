import { PassThrough, Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { calendarDays, procedures } from '../../src/db/schema.js';
import { importDossierFile, importDossierRecords } from '../../src/modules/dossiers/import.js';
import type { DossierImportResult } from '../../src/modules/dossiers/schemas.js';
import { createStagingSql, mergeStaging, rebuildAllRollups, StaleReferenceError, STAGING_COLUMNS } from '../../src/modules/dossiers/merge.js';
import { openBulkSession } from '../../src/db/copy.js';
import { getImportRun, listImportRuns } from '../../src/modules/dossiers/runs.js';
import type { ImportRun } from '../../src/modules/dossiers/schemas.js';
import { CsvSplitter } from '../../src/io/csv.js';
import { parse as parseCsv } from 'csv-parse/sync';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';

/**
 * The dossier import through the real database (PGlite, or PostgreSQL with DATABASE_URL): the service is
 * called directly with a stream, as the CLI and the upload route do. Expected values are worked out by hand
 * from the rules in docs/dossiers.md against the calendar below.
 */

let server: TestServer;
const HEADER = 'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status';

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  const ids = await queryRows<{ id: number; code: string }>(server.db, sql`select id, code from units`);
  const unit = (code: string) => ids.find((u) => u.code === code)!.id;
  await server.db.insert(procedures).values([
    {
      code: 'P.001',
      name: 'Tuyển dụng công chức',
      searchKey: 'p.001',
      field: 'Công chức',
      unitId: unit('SNV'),
      legalDays: 10,
      internalDays: 5,
      onlineLevel: 'full',
    },
    { code: 'P.002', name: 'Đăng ký khai sinh', searchKey: 'p.002', field: 'Hộ tịch', unitId: unit('X1'), legalDays: 5, internalDays: 3, onlineLevel: 'full' },
    {
      code: 'P.000',
      name: 'Chứng thực bản sao',
      searchKey: 'p.000',
      field: 'Chứng thực',
      unitId: unit('X1'),
      legalDays: 0,
      internalDays: 0,
      onlineLevel: 'none',
    },
  ]);
  // 2025: the Lunar New Year weekdays, 30 April – 2 May off, Saturday 26 April worked in exchange.
  await server.db
    .insert(calendarDays)
    .values([
      ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'].map((day) => ({ day, kind: 'holiday' as const, name: 'Tết Nguyên đán' })),
      { day: '2025-04-30', kind: 'holiday', name: 'Ngày Chiến thắng' },
      { day: '2025-05-01', kind: 'holiday', name: 'Quốc tế Lao động' },
      { day: '2025-05-02', kind: 'holiday', name: 'Nghỉ bù' },
      { day: '2025-04-26', kind: 'workday', name: 'Làm bù' },
    ]);
});

afterAll(async () => {
  await server?.close();
});

const database = () => server.testDb.database;

function importText(content: string | Buffer, options: { skipInvalid?: boolean; onProgress?: (p: { rowsRead: number; bytesRead: number }) => void } = {}) {
  const buffer = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
  // Several chunks, so that a record crosses a chunk boundary.
  const chunks: Buffer[] = [];
  for (let i = 0; i < buffer.length; i += 7) chunks.push(buffer.subarray(i, i + 7));
  return importDossierFile(database(), fixtureActor, {
    stream: Readable.from(chunks),
    fileName: 'dossiers.csv',
    bytesTotal: buffer.length,
    skipInvalid: options.skipInvalid ?? false,
    source: 'cli',
    onProgress: options.onProgress,
  });
}

const csv = (...lines: string[]) => [HEADER, ...lines].join('\n') + '\n';

/** Everything an import may write, except the record of the attempt (dossier_imports). */
async function snapshot() {
  const [dossiers, monthly, overdue, audit] = await Promise.all([
    queryRows(
      server.db,
      sql`select d.*, u.code as unit_code, p.code as procedure_code from dossiers d join units u on u.id = d.unit_id join procedures p on p.id = d.procedure_id order by d.code`,
    ),
    monthlyRollups(),
    overdueRollups(),
    queryRows<{ n: number }>(server.db, sql`select count(*)::int as n from audit_log`),
  ]);
  return { dossiers, monthly, overdue, audit: audit[0]!.n };
}

function monthlyRollups() {
  return queryRows<Record<string, unknown>>(
    server.db,
    sql`select u.code as unit, r.field, p.code as procedure, r.channel, to_char(r.month, 'YYYY-MM-DD') as month, r.received, r.resolved, r.early, r.on_time, r.late
        from dossier_monthly_rollups r join units u on u.id = r.unit_id join procedures p on p.id = r.procedure_id
        order by 1, 2, 3, 4, 5`,
  );
}

function overdueRollups() {
  return queryRows<Record<string, unknown>>(
    server.db,
    sql`select u.code as unit, r.field, r.channel, to_char(r.due_date, 'YYYY-MM-DD') as due, to_char(r.resolved_date, 'YYYY-MM-DD') as resolved, r.count
        from dossier_overdue_rollups r join units u on u.id = r.unit_id
        order by 1, 2, 3, 4, 5`,
  );
}

async function dossier(code: string) {
  const [row] = await queryRows<Record<string, unknown>>(
    server.db,
    sql`select code, field, channel, status, due_computed, timeliness, to_char(received_date, 'YYYY-MM-DD') as received_date,
          to_char(due_date, 'YYYY-MM-DD') as due_date, to_char(resolved_date, 'YYYY-MM-DD') as resolved_date,
          to_char(due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as due_at, to_char(resolved_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') as resolved_at
        from dossiers where code = ${code}`,
  );
  return row;
}

async function importRun(id: number) {
  const [row] = await queryRows<Record<string, unknown>>(server.db, sql`select * from dossier_imports where id = ${id}`);
  return row!;
}

async function clearDossiers() {
  await server.db.execute(sql`delete from dossiers`);
  await rebuildAllRollups(server.db);
}

// D1: received Friday 14 March 16:30, 5 working days → due Friday 21 March (computed), resolved the 20th: early.
// D2: due given (20 March 17:00), resolved 2025-03-20T16:59Z = 23:59 local on the due day: on time.
// D3: received 08:00 local on Tuesday 18 March (01:00Z), 3 days → due Friday 21; resolved 2025-03-21T17:01Z = 00:01 local
//     on the 22nd: late (the UTC date would say "on time").
// D4: received Monday 31 March, 5 days → 1, 2, 3, 4, 7 April: due 7 April; unresolved.
// D5: limit 0 → due the day of receipt; withdrawn without a result: never overdue.
const BASE = csv(
  'D1,SNV,P.001,,direct,2025-03-14T16:30,,2025-03-20T09:00,2025-03-21T08:00,returned',
  'D2,X1,P.002,Hộ tịch,online,2025-03-17T08:00:00+07:00,2025-03-20T17:00,2025-03-20T16:59:00Z,,resolved',
  'D3,X1,P.002,,postal,2025-03-18T01:00:00Z,,2025-03-21T17:01:00Z,,resolved',
  'D4,SNV,P.001,,online,2025-03-31T10:00,,,,processing',
  'D5,x1,p.000,,direct,2025-04-02T09:00,,,,withdrawn',
);

const BASE_MONTHLY = [
  { unit: 'SNV', field: 'Công chức', procedure: 'P.001', channel: 'direct', month: '2025-03-01', received: 1, resolved: 1, early: 1, on_time: 0, late: 0 },
  { unit: 'SNV', field: 'Công chức', procedure: 'P.001', channel: 'online', month: '2025-03-01', received: 1, resolved: 0, early: 0, on_time: 0, late: 0 },
  { unit: 'X1', field: 'Chứng thực', procedure: 'P.000', channel: 'direct', month: '2025-04-01', received: 1, resolved: 0, early: 0, on_time: 0, late: 0 },
  { unit: 'X1', field: 'Hộ tịch', procedure: 'P.002', channel: 'online', month: '2025-03-01', received: 1, resolved: 1, early: 0, on_time: 1, late: 0 },
  { unit: 'X1', field: 'Hộ tịch', procedure: 'P.002', channel: 'postal', month: '2025-03-01', received: 1, resolved: 1, early: 0, on_time: 0, late: 1 },
];
const BASE_OVERDUE = [
  { unit: 'SNV', field: 'Công chức', channel: 'online', due: '2025-04-07', resolved: null, count: 1 },
  { unit: 'X1', field: 'Hộ tịch', channel: 'postal', due: '2025-03-21', resolved: '2025-03-22', count: 1 },
];

describe('importing dossiers', () => {
  beforeEach(clearDossiers);

  it('loads a file, derives due dates and timeliness in local time, fills the rollups and records the run', async () => {
    const auditBefore = (await snapshot()).audit;
    const progress: number[] = [];
    const result = await importText(BASE, { onProgress: (p) => progress.push(p.rowsRead) });
    expect(result).toMatchObject({ status: 'done', rowsRead: 5, inserted: 5, updated: 0, unchanged: 0, rejected: 0, errors: [] });
    expect(progress.at(-1)).toBe(5);

    expect(await dossier('D1')).toMatchObject({
      field: 'Công chức',
      due_computed: true,
      due_date: '2025-03-21',
      due_at: '2025-03-21T16:59:59Z',
      resolved_date: '2025-03-20',
      timeliness: 'early',
    });
    expect(await dossier('D2')).toMatchObject({
      due_computed: false,
      due_date: '2025-03-20',
      due_at: '2025-03-20T10:00:00Z',
      resolved_date: '2025-03-20',
      timeliness: 'on_time',
    });
    expect(await dossier('D3')).toMatchObject({ received_date: '2025-03-18', due_date: '2025-03-21', resolved_date: '2025-03-22', timeliness: 'late' });
    expect(await dossier('D4')).toMatchObject({ due_date: '2025-04-07', resolved_date: null, timeliness: null });
    expect(await dossier('D5')).toMatchObject({ due_date: '2025-04-02', status: 'withdrawn' });

    expect(await monthlyRollups()).toEqual(BASE_MONTHLY);
    expect(await overdueRollups()).toEqual(BASE_OVERDUE);

    const run = await importRun(result.importId);
    expect(run).toMatchObject({
      status: 'done',
      source: 'cli',
      file_name: 'dossiers.csv',
      rows_read: 5,
      inserted: 5,
      updated: 0,
      unchanged: 0,
      rejected: 0,
      started_by: 'test:fixture',
    });
    expect(Number(run.bytes_read)).toBe(Buffer.byteLength(BASE));
    expect(run.finished_at).not.toBeNull();
    // One audit row for the run, not one per dossier.
    const audit = await queryRows<Record<string, unknown>>(
      server.db,
      sql`select action, entity_type, entity_id, after from audit_log order by id desc limit 1`,
    );
    expect((await snapshot()).audit).toBe(auditBefore + 1);
    expect(audit[0]).toMatchObject({ action: 'import', entity_type: 'dossier_import', entity_id: String(result.importId) });
    expect(audit[0]!.after).toMatchObject({ fileName: 'dossiers.csv', inserted: 5, rowsRead: 5 });
  });

  it('changes nothing when the same file is imported twice', async () => {
    await importText(BASE);
    const before = await snapshot();
    const again = await importText(BASE);
    expect(again).toMatchObject({ status: 'done', rowsRead: 5, inserted: 0, updated: 0, unchanged: 5, rejected: 0 });
    const after = await snapshot();
    expect(after.dossiers).toEqual(before.dossiers); // updated_at included: no row was touched
    expect(after.monthly).toEqual(before.monthly);
    expect(after.overdue).toEqual(before.overdue);
  });

  it('updates re-imported codes and moves the rollup counts exactly, as a full rebuild computes them', async () => {
    await importText(BASE);
    // D3 now resolved on its due day (on time); D4 resolved on 10 April (late, counted in April); D6 is new.
    const changed = csv(
      'D3,X1,P.002,,postal,2025-03-18T01:00:00Z,,2025-03-21T08:00,,resolved',
      'D4,SNV,P.001,,online,2025-03-31T10:00,,2025-04-10T10:00,,resolved',
      'D1,SNV,P.001,,direct,2025-03-14T16:30,,2025-03-20T09:00,2025-03-21T08:00,returned',
      'D6,SNV,P.001,,online,2025-04-24T09:00,,,,received',
    );
    const result = await importText(changed);
    expect(result).toMatchObject({ status: 'done', rowsRead: 4, inserted: 1, updated: 2, unchanged: 1 });
    // D6: received Thursday 24 April, 5 days: 25, 26 (make-up Saturday), 28, 29 April, then 30 April – 4 May off → 5 May.
    expect(await dossier('D6')).toMatchObject({ due_date: '2025-05-05' });
    const monthly = await monthlyRollups();
    expect(monthly).toEqual([
      BASE_MONTHLY[0],
      BASE_MONTHLY[1],
      { unit: 'SNV', field: 'Công chức', procedure: 'P.001', channel: 'online', month: '2025-04-01', received: 1, resolved: 1, early: 0, on_time: 0, late: 1 },
      BASE_MONTHLY[2],
      BASE_MONTHLY[3],
      { ...BASE_MONTHLY[4], late: 0, on_time: 1 },
    ]);
    expect(await overdueRollups()).toEqual([
      { unit: 'SNV', field: 'Công chức', channel: 'online', due: '2025-04-07', resolved: '2025-04-10', count: 1 },
      { unit: 'SNV', field: 'Công chức', channel: 'online', due: '2025-05-05', resolved: null, count: 1 },
    ]);
    // A full rebuild from the dossiers gives the same rows.
    const overdue = await overdueRollups();
    await rebuildAllRollups(server.db);
    expect(await monthlyRollups()).toEqual(monthly);
    expect(await overdueRollups()).toEqual(overdue);
  });

  it('moves a dossier between rollup keys when its unit, procedure or channel changes', async () => {
    await importText(BASE);
    const result = await importText(csv('D2,X1,P.000,Chứng thực,direct,2025-03-17T08:00:00+07:00,2025-03-20T17:00,2025-03-24T09:00,,resolved'));
    expect(result).toMatchObject({ updated: 1 });
    const incremental = { monthly: await monthlyRollups(), overdue: await overdueRollups() };
    expect(incremental.monthly.find((r) => r.channel === 'online' && r.unit === 'X1')).toBeUndefined();
    await rebuildAllRollups(server.db);
    expect({ monthly: await monthlyRollups(), overdue: await overdueRollups() }).toEqual(incremental);
  });
});

describe('rejected files', () => {
  beforeEach(clearDossiers);

  async function expectRejected(content: string | Buffer, errors: unknown[], rejected = errors.length) {
    await importText(BASE);
    const before = await snapshot();
    const result = await importText(content);
    expect(result.status).toBe('rejected');
    expect(result.errors).toMatchObject(errors);
    expect(result.rejected).toBe(rejected);
    expect(result).toMatchObject({ inserted: 0, updated: 0, unchanged: 0 });
    expect(await snapshot()).toEqual(before);
    const run = await importRun(result.importId);
    expect(run).toMatchObject({ status: 'rejected', rejected });
    expect(run.errors).toMatchObject(errors);
    return result;
  }

  it('lists every bad row with its line and column and writes nothing', async () => {
    await expectRejected(
      csv(
        'N1,SNV,P.001,,direct,2025-03-14T16:30,,,,received',
        'N2,SNV,P.001,,direct,2025-02-30T08:00,,,,received',
        'N3,NOPE,P.009,,fax,2025-03-14,,,,lost',
        'N1,SNV,P.001,,direct,2025-03-14T16:30,,,,received',
        'N4,SNV,P.001,,direct,2025-03-14T16:30,2025-03-13,2025-03-14T08:00,,resolved',
        'N5,SNV,P.001,,direct,2025-03-14T16:30,,,,resolved',
        'N6,SNV,P.001,,direct,2025-03-14T16:30,,2025-03-15T08:00,2025-03-15T07:00,returned',
        'N7,SNV,P.001,,direct,2025-03-14T16:30,,,2025-03-15T07:00,received',
        ',SNV,P.001,,direct,2025-03-14 16:30,,,,received',
      ),
      [
        { row: 3, column: 'received_at', message: '"2025-02-30T08:00" is not a date and time (ISO 8601, e.g. 2025-03-14T08:30 or 2025-03-14T08:30:00+07:00)' },
        { row: 4, column: 'unit_code', message: 'unknown unit "NOPE"' },
        { row: 4, column: 'procedure_code', message: 'unknown procedure "P.009"' },
        { row: 4, column: 'channel', message: 'unknown channel "fax" (direct, online or postal)' },
        {
          row: 4,
          column: 'status',
          message: 'unknown status "lost" (received, processing, needs_supplement, suspended, withdrawn, resolved, returned, rejected)',
        },
        { row: 5, column: 'code', message: 'duplicate code "N1": already on line 2' },
        { row: 6, column: 'due_at', message: 'due_at is before the day of receipt' },
        { row: 6, column: 'resolved_at', message: 'resolved_at is before received_at' },
        { row: 7, column: 'resolved_at', message: 'status "resolved" needs resolved_at' },
        { row: 8, column: 'returned_at', message: 'returned_at is before resolved_at' },
        { row: 9, column: 'returned_at', message: 'returned_at is given but resolved_at is empty' },
        { row: 10, column: 'code', message: 'the dossier code is empty' },
      ],
      8,
    );
  });

  it('reports a duplicate code among otherwise valid rows (found during the merge) and writes nothing', async () => {
    await expectRejected(
      csv(
        'N1,SNV,P.001,,direct,2025-03-14T16:30,,,,received',
        'N2,SNV,P.001,,direct,2025-03-14T16:30,,,,received',
        'N1,X1,P.002,,online,2025-03-15,,,,received',
      ),
      [{ row: 4, column: 'code', message: 'duplicate code "N1": already on line 2' }],
    );
  });

  it('reports a code given twice when that dossier already exists (the update would keep one quietly) and writes nothing', async () => {
    // D2 is in the database (BASE); a new dossier in between must not be written either.
    await expectRejected(
      csv(
        'D2,X1,P.002,Hộ tịch,online,2025-03-17T08:00:00+07:00,2025-03-20T17:00,2025-03-21T09:00,,resolved',
        'N9,SNV,P.001,,direct,2025-03-14T16:30,,,,received',
        'D2,X1,P.002,Hộ tịch,postal,2025-03-17T08:00:00+07:00,2025-03-20T17:00,2025-03-24T09:00,,resolved',
      ),
      [{ row: 4, column: 'code', message: 'duplicate code "D2": already on line 2' }],
    );
  });

  it('a 0-byte file, a header alone, wrong columns', async () => {
    await expectRejected('', [{ row: 1, message: 'the file is empty (0 bytes)' }], 1);
    await expectRejected(`${HEADER}\r\n`, [{ row: 2, message: 'the file has a header but no data rows' }], 1);
    await expectRejected(
      'code,unit,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status,status\n',
      [
        {
          row: 1,
          column: 'unit',
          message: 'unknown column "unit"; expected code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status',
        },
        { row: 1, column: 'status', message: 'column "status" appears twice' },
        { row: 1, column: 'unit_code', message: 'missing column "unit_code"' },
      ],
      1,
    );
  });

  it('a truncated file: a line cut short, or cut inside a quoted value', async () => {
    const whole = csv('N1,SNV,P.001,,direct,2025-03-14T16:30,,,,received', 'N2,SNV,P.001,,direct,2025-03-14T16:30,,,,received');
    const cut = whole.slice(0, whole.lastIndexOf('2025-03-14'));
    await expectRejected(cut, [{ row: 3, message: '6 values for 10 columns (a cut-off line?)' }]);
    const quoted = `${csv('N1,SNV,P.001,,direct,2025-03-14T16:30,,,,received')}N2,SNV,P.001,"Hộ tịch, chứng`;
    await expectRejected(quoted, [{ row: 3, message: expect.stringMatching(/^the CSV is malformed here: .*quote/i) }], 1);
  });

  it('a binary file that is not a workbook', async () => {
    await expectRejected(Buffer.from([0x00, 0x01, 0x02, 0x0a, 0xff]), [{ row: 1, column: 'A', message: 'binary content: not a CSV or XLSX file' }], 1);
    await expectRejected(
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x0a]),
      [{ row: 1, message: expect.stringMatching(/^not a readable XLSX workbook/) }],
      1,
    );
  });

  it('with --skip-invalid loads the valid rows and still lists the rejected ones', async () => {
    const content = csv(
      'N1,SNV,P.001,,direct,2025-03-14T16:30,,,,received',
      'N2,SNV,P.001,,direct,2025-03-14T16:30,,,,resolved',
      'N1,X1,P.002,,online,2025-03-15,,,,received',
      'N3,X1,P.002,,online,2025-03-15,,,,received',
      'N4,X1,P.002,,online,2025-03-15,,2025-03-16',
    );
    const result = await importText(content, { skipInvalid: true });
    expect(result).toMatchObject({ status: 'done', rowsRead: 5, inserted: 2, updated: 0, unchanged: 0, rejected: 3 });
    expect(result.errors).toMatchObject([
      { row: 3, column: 'resolved_at', message: 'status "resolved" needs resolved_at' },
      { row: 4, column: 'code', message: 'duplicate code "N1": already on line 2' },
      { row: 6, message: '8 values for 10 columns (a cut-off line?)' },
    ]);
    const codes = await queryRows<{ code: string; unit: string }>(
      server.db,
      sql`select d.code, u.code as unit from dossiers d join units u on u.id = d.unit_id order by d.code`,
    );
    expect(codes).toEqual([
      { code: 'N1', unit: 'SNV' },
      { code: 'N3', unit: 'X1' },
    ]);
    // The duplicate of a valid row among valid rows, found during the merge, is left out too.
    await clearDossiers();
    const dup = await importText(csv('N1,SNV,P.001,,direct,2025-03-14T16:30,,,,received', 'N1,X1,P.002,,online,2025-03-15,,,,received'), { skipInvalid: true });
    expect(dup).toMatchObject({
      status: 'done',
      inserted: 1,
      rejected: 1,
      errors: [{ row: 3, column: 'code', message: 'duplicate code "N1": already on line 2' }],
    });
    // The same for a code that already exists: the first line updates it, the second is left out.
    await importText(BASE);
    const before = await monthlyRollups();
    const existing = await importText(
      csv(
        'D2,X1,P.002,Hộ tịch,online,2025-03-17T08:00:00+07:00,2025-03-20T17:00,2025-03-21T09:00,,resolved',
        'D2,X1,P.002,Hộ tịch,postal,2025-03-17T08:00:00+07:00,2025-03-20T17:00,2025-03-24T09:00,,resolved',
      ),
      { skipInvalid: true },
    );
    expect(existing).toMatchObject({
      status: 'done',
      inserted: 0,
      updated: 1,
      rejected: 1,
      errors: [{ row: 3, column: 'code', message: 'duplicate code "D2": already on line 2' }],
    });
    // Line 2: still online, now resolved on 21 March, the day after its due date: late instead of on time.
    expect(await dossier('D2')).toMatchObject({ channel: 'online', resolved_date: '2025-03-21', timeliness: 'late' });
    const online = (rows: Record<string, unknown>[]) => rows.find((r) => r.unit === 'X1' && r.channel === 'online');
    expect(online(before)).toMatchObject({ resolved: 1, on_time: 1, late: 0 });
    expect(online(await monthlyRollups())).toMatchObject({ resolved: 1, on_time: 0, late: 1 });
  });
});

describe('file shapes', () => {
  beforeEach(clearDossiers);

  it('a UTF-8 BOM, Windows line endings, semicolons, and quoted values with commas and line breaks keep the right line numbers', async () => {
    const lines = [
      HEADER.replace(/,/g, ';'),
      'Q1;X1;P.002;"Hộ tịch; ""khai sinh"", kết hôn";online;2025-03-17T08:00;;;;received',
      'Q2;X1;P.002;"dòng một\r\ndòng hai\r\ndòng ba";online;2025-03-17T08:00;;;;received',
      '',
      'Q3;X1;P.002;;online;2025-03-32T08:00;;;;received',
    ];
    const content = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
    const rejected = await importText(content);
    // Q2 spans lines 3–5, the blank line is 6: Q3 is on line 7.
    expect(rejected.errors).toMatchObject([{ row: 7, column: 'received_at', message: expect.stringContaining('"2025-03-32T08:00" is not a date') }]);
    const result = await importText(content, { skipInvalid: true });
    expect(result).toMatchObject({ status: 'done', inserted: 2, rejected: 1 });
    expect(await dossier('Q1')).toMatchObject({ field: 'Hộ tịch; "khai sinh", kết hôn' });
    expect(await dossier('Q2')).toMatchObject({ field: 'dòng một\r\ndòng hai\r\ndòng ba' });
  });

  it('an XLSX workbook with date cells (local times) and text cells', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('hồ sơ');
    sheet.addRow(HEADER.split(','));
    // exceljs writes a Date as the wall-clock time it shows in UTC; Excel has no zone: it is local time.
    sheet.addRow([
      'X-1',
      'SNV',
      'P.001',
      null,
      'Trực tiếp',
      new Date(Date.UTC(2025, 2, 14, 16, 30)),
      null,
      new Date(Date.UTC(2025, 2, 21, 23, 59)),
      null,
      'Đã giải quyết',
    ]);
    sheet.addRow(['X-2', 'X1', 'P.002', 'Hộ tịch', 'online', '2025-03-17T08:00', '', '', '', 'processing']);
    sheet.addRow(['X-3', 'X1', 'P.002', 'Hộ tịch', 'online', 'hôm qua', '', '', '', 'processing']);
    const buffer = Buffer.from(await workbook.xlsx.writeBuffer());
    const rejected = await importText(buffer);
    expect(rejected.errors).toMatchObject([{ row: 4, column: 'received_at', message: expect.stringContaining('"hôm qua" is not a date') }]);
    const result = await importText(buffer, { skipInvalid: true });
    expect(result).toMatchObject({ status: 'done', inserted: 2, rejected: 1 });
    // 16:30 local on Friday 14 March; 5 working days → 21 March; resolved 23:59 local that day → on time.
    expect(await dossier('X-1')).toMatchObject({
      channel: 'direct',
      status: 'resolved',
      due_date: '2025-03-21',
      resolved_at: '2025-03-21T16:59:00Z',
      timeliness: 'on_time',
    });
  });
});

describe('a failure midway', () => {
  beforeEach(clearDossiers);

  const many = (n: number, from = 0) =>
    csv(
      ...Array.from(
        { length: n },
        (_, i) =>
          `M${from + i},X1,P.002,,online,2025-03-${String(1 + (i % 28)).padStart(2, '0')}T08:00,,2025-03-${String(1 + (i % 28)).padStart(2, '0')}T15:00,,resolved`,
      ),
    );

  it('an error at row 2000 of 2500 (thrown while the file streams into staging) leaves the database unchanged', async () => {
    await importText(BASE);
    const before = await snapshot();
    await expect(
      importText(many(2500), {
        onProgress: (p) => {
          if (p.rowsRead >= 2000) throw new Error('forced failure at row 2000');
        },
      }),
    ).rejects.toThrow('forced failure at row 2000');
    expect(await snapshot()).toEqual(before);
    const [{ id: runId }] = (await queryRows<{ id: number }>(server.db, sql`select max(id)::int as id from dossier_imports`)) as [{ id: number }];
    expect(await importRun(runId)).toMatchObject({ status: 'failed', rows_read: 2000 });
    // The staging table went with the run: the next import works.
    expect(await importText(many(3, 9000))).toMatchObject({ status: 'done', inserted: 3 });
  });

  it('an error after the whole file was staged, before the merge, leaves the database unchanged', async () => {
    await importText(BASE);
    const before = await snapshot();
    await expect(
      importText(many(1500), {
        onProgress: (p) => {
          if (p.rowsRead === 1500) throw new Error('forced failure after staging');
        },
      }),
    ).rejects.toThrow('forced failure after staging');
    expect(await snapshot()).toEqual(before);
  });
});

describe('the record of a run', () => {
  beforeEach(clearDossiers);

  it('stays running while its import is alive, however often the runs are read', async () => {
    // A stream that gives the header and one row, then waits until the test lets it finish.
    const stream = new PassThrough();
    stream.write(`${HEADER}\nR1,X1,P.002,,online,2025-03-17T08:00,,,,received\n`);
    const importing = importDossierFile(database(), fixtureActor, { stream, fileName: 'slow.csv', bytesTotal: null, skipInvalid: false, source: 'cli' });
    let run: ImportRun | undefined;
    for (let attempt = 0; attempt < 100 && !run; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
      run = (await listImportRuns(server.db, { fileName: 'slow.csv', limit: 1, offset: 0 })).items[0];
    }
    expect(run).toMatchObject({ status: 'running' });
    expect(await getImportRun(server.db, run!.id)).toMatchObject({ status: 'running', finishedAt: null });
    stream.end('R2,X1,P.002,,online,2025-03-18T08:00,,,,received\n');
    expect(await importing).toMatchObject({ importId: run!.id, status: 'done', inserted: 2 });
    expect(await getImportRun(server.db, run!.id)).toMatchObject({ status: 'done', inserted: 2, errors: [] });
  });
});

describe('references checked at the merge', () => {
  beforeEach(clearDossiers);

  it('refuses to merge rows whose procedure was deleted after they were checked, and writes nothing', async () => {
    await importText(BASE);
    const before = await snapshot();
    const [{ id: unitId }] = (await queryRows<{ id: number }>(server.db, sql`select id from units where code = 'X1'`)) as [{ id: number }];
    // A staged row as the import writes it, for a procedure id that no longer exists (dossiers has no foreign keys).
    const session = await openBulkSession(database());
    try {
      await session.exec(createStagingSql('stale_staging'));
      await session.exec(
        `insert into stale_staging (${STAGING_COLUMNS}) values (2, true, 'S1', ${unitId}, 987654, 'Hộ tịch', 'online', 'received', 0, 0, false, null, null, 20160, 20161, null, null)`,
      );
      const error = await session.db.transaction((tx) => mergeStaging(tx, 'stale_staging', 'stale')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StaleReferenceError);
      expect((error as StaleReferenceError).message).toBe('procedures 987654 (by id) were deleted during the import; import the file again');
      expect((error as StaleReferenceError).text).toMatchObject({ code: 'dossier_procedures_deleted', params: { procedures: '987654' } });
      await session.exec('drop table stale_staging');
    } finally {
      await session.release(false);
    }
    expect(await snapshot()).toEqual(before);
  });
});

describe('batch records', () => {
  beforeEach(clearDossiers);

  it('imports records with the same rules; rows are 1-based positions in the array', async () => {
    const record = { code: 'B1', unitCode: 'SNV', procedureCode: 'P.001', channel: 'online', receivedAt: '2025-03-14T16:30', status: 'received' };
    const rejected: DossierImportResult = await importDossierRecords(database(), fixtureActor, {
      records: [record, { ...record, code: 'B2', receivedAt: 'yesterday' }],
      skipInvalid: false,
      source: 'batch',
    });
    expect(rejected).toMatchObject({ status: 'rejected', rowsRead: 2, rejected: 1, errors: [{ row: 2, column: 'received_at' }] });
    expect((await snapshot()).dossiers).toEqual([]);
    const done = await importDossierRecords(database(), fixtureActor, {
      records: [record, { ...record, code: 'B2', resolvedAt: '2025-03-25T08:00', status: 'resolved', field: null }],
      skipInvalid: false,
      source: 'batch',
    });
    expect(done).toMatchObject({ status: 'done', inserted: 2 });
    expect(await importRun(done.importId)).toMatchObject({ source: 'batch', file_name: null });
    // Due 21 March (5 working days after Friday 14), resolved 25th: late.
    expect(await dossier('B2')).toMatchObject({ due_date: '2025-03-21', timeliness: 'late', field: 'Công chức' });
  });
});

describe('the CSV splitter', () => {
  const split = (text: string, chunk: number, delimiter = ',') => {
    const out: { line: number; cells: string[] }[] = [];
    const splitter = new CsvSplitter(delimiter, (line, cells) => out.push({ line, cells }));
    const buffer = Buffer.from(text, 'utf8');
    for (let i = 0; i < buffer.length; i += chunk) splitter.write(buffer.subarray(i, i + chunk));
    splitter.end();
    return out;
  };
  const awkward = [
    'a,b,c\n1,2,3\n',
    'a,b,c\r\n1,"x, y",3\r\n"q ""quoted""",,\r\n',
    'a,b\n"multi\r\nline\nvalue",2\n\n3,4',
    'a,b\r1,2\r3,"4\r5"\r',
    '\uFEFFcode,field\nD1,"Hộ tịch, kết hôn"\nD2,"đ ""ư"" ơ"\n',
    'a,b,\n1,,\n,,\n',
    'a,"",b\n"",x,""\n',
    'x,y"z,w\n',
  ];

  it('gives the same records as csv-parse, whatever the chunk size', () => {
    for (const text of awkward) {
      const expected = parseCsv(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }) as string[][];
      for (const chunk of [1, 2, 3, 7, 64, 100_000]) {
        expect(
          split(text, chunk).map((r) => r.cells),
          `${JSON.stringify(text)} in chunks of ${chunk}`,
        ).toEqual(expected);
      }
    }
  });

  it('numbers records by the line they start on, a CRLF inside quotes counting once', () => {
    expect(split('h\r\n"a\r\nb"\r\n\r\nc\r\n"d\re"\nf', 3).map((r) => r.line)).toEqual([1, 2, 4, 5, 6, 8]);
  });

  it('refuses an unclosed quote and text after a closing quote, with the line', () => {
    expect(() => split('a\n1\n"open\n2\n', 4)).toThrow(expect.objectContaining({ line: 3, message: expect.stringContaining('not closed') }));
    expect(() => split('a,b\n"x"y,2\n', 4)).toThrow(expect.objectContaining({ line: 2, message: expect.stringContaining('closing quote') }));
  });
});
