import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { queryRows } from '../../src/db/client.js';
import { reasonMessage } from '../../src/catalogue.js';
import { createProcedure } from '../../src/modules/procedures/service.js';
import type { ApiClient } from '../helpers/client.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { SNV_BIRTH_REGISTRATION } from '../helpers/dossier-fixtures.js';

/**
 * A received, resolved or returned time later than the moment of import (the server's clock) is refused for that row
 * (issue 11: a dossier "resolved on 06/12/2026" imported on 02/12 counted as both late and overdue), in the file
 * import and the batch push alike, all or nothing: nothing is written.
 *
 * The server's clock: Wednesday 02/12/2026 10:00 local (03:00 UTC).
 */
const NOW = '2026-12-02T10:00:00+07:00';
const HEADER = 'code,unit_code,procedure_code,field,channel,received_at,due_at,resolved_at,returned_at,status';

let server: TestServer;
let admin: ApiClient;
let token: string;

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await createProcedure(server.db, fixtureActor, SNV_BIRTH_REGISTRATION);
  admin = await server.loginAs('admin');
  const created = await admin.post('/api/v1/api-tokens', { name: 'Một cửa' });
  expect(created.status, created.text).toBe(201);
  token = created.body.token;
  server.now = NOW;
}, 60_000);
afterAll(() => server?.close());

async function dossierCount(): Promise<number> {
  const [row] = await queryRows<{ n: number }>(server.db, sql`select count(*)::int as n from dossiers`);
  return row!.n;
}

const reason = (code: string, params: Record<string, string>) => ({ vi: reasonMessage(code, params, 'vi'), en: reasonMessage(code, params, 'en') });

describe('times later than the moment of import', () => {
  it('the file import refuses the row of each future time with its row, column, reason and value; nothing is written', async () => {
    const file = [
      HEADER,
      // Line 2: fine (resolved at 09:59, a minute before the import).
      'HS-OK,SNV,P.SNV.1,,direct,2026-11-30T08:00,,2026-12-02T09:59,,resolved',
      // Line 3: the case: resolved "on 06/12/2026", imported on 02/12.
      'HS-RES,SNV,P.SNV.1,,direct,2026-11-30T08:00,,2026-12-06T09:00,,resolved',
      // Line 4: returned a minute after the import.
      'HS-RET,SNV,P.SNV.1,,online,2026-11-30T08:00,,2026-12-02T09:00,2026-12-02T10:01,returned',
      // Line 5: received tomorrow (a date alone is local midnight of 03/12).
      'HS-REC,SNV,P.SNV.1,,postal,2026-12-03,,,,processing',
    ].join('\n');
    const res = await admin.upload('/api/v1/dossiers/imports', file, 'tuong-lai.csv');
    expect(res.status, res.text).toBe(400);
    expect(res.body.error).toMatchObject({ code: 'import_rejected', reason: 'dossier_import_rejected', params: { rejected: 3, rowsRead: 4 } });
    const rows = res.body.error.details.rows;
    expect(rows).toEqual([
      {
        row: 3,
        column: 'resolved_at',
        code: 'dossier_resolved_after_import',
        params: { value: '"2026-12-06T09:00"', importedAt: '2026-12-02 10:00' },
        message: 'resolved_at "2026-12-06T09:00" is later than the moment of import (2026-12-02 10:00): a dossier cannot be resolved in the future',
      },
      {
        row: 4,
        column: 'returned_at',
        code: 'dossier_returned_after_import',
        params: { value: '"2026-12-02T10:01"', importedAt: '2026-12-02 10:00' },
        message: 'returned_at "2026-12-02T10:01" is later than the moment of import (2026-12-02 10:00): a result cannot be returned in the future',
      },
      {
        row: 5,
        column: 'received_at',
        code: 'dossier_received_after_import',
        params: { value: '"2026-12-03"', importedAt: '2026-12-02 10:00' },
        message: 'received_at "2026-12-03" is later than the moment of import (2026-12-02 10:00): a dossier cannot be received in the future',
      },
    ]);
    // Vietnamese first, English second, from the catalogue.
    expect(reason('dossier_resolved_after_import', rows[0].params).vi).toBe(
      'thời điểm giải quyết (resolved_at) "2026-12-06T09:00" muộn hơn thời điểm nhập dữ liệu (2026-12-02 10:00): hồ sơ chưa thể được giải quyết trong tương lai',
    );
    expect(await dossierCount()).toBe(0);
    // The run is kept as rejected with the same rows.
    const run = await admin.get(`/api/v1/dossiers/imports/${res.body.error.details.importId}`);
    expect(run.body).toMatchObject({ status: 'rejected', rejected: 3, inserted: 0 });
    expect(run.body.errors.map((e: { row: number; code: string }) => [e.row, e.code])).toEqual([
      [3, 'dossier_resolved_after_import'],
      [4, 'dossier_returned_after_import'],
      [5, 'dossier_received_after_import'],
    ]);
  });

  it('the same file imports once the clock has passed those times (the rule follows the server clock, not a fixed date)', async () => {
    server.now = '2026-12-06T12:00:00+07:00';
    const file = [HEADER, 'HS-RES,SNV,P.SNV.1,,direct,2026-11-30T08:00,,2026-12-06T09:00,,resolved'].join('\n');
    const res = await admin.upload('/api/v1/dossiers/imports', file, 'sau.csv');
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ status: 'done', inserted: 1, rejected: 0 });
    server.now = NOW;
  });

  it('the batch push refuses the same rows the same way, numbered from 1; nothing is written', async () => {
    const before = await dossierCount();
    const base = { unitCode: 'SNV', procedureCode: 'P.SNV.1', channel: 'online', dueAt: null, returnedAt: null };
    const res = await server.client().request('POST', '/api/v1/dossiers:batch', {
      headers: { authorization: `Bearer ${token}` },
      json: {
        dossiers: [
          { ...base, code: 'B-OK', receivedAt: '2026-12-01T08:00:00+07:00', resolvedAt: null, status: 'processing' },
          { ...base, code: 'B-RES', receivedAt: '2026-12-01T08:00:00+07:00', resolvedAt: '2026-12-06T08:00:00+07:00', status: 'resolved' },
          { ...base, code: 'B-REC', receivedAt: '2026-12-02T03:00:01Z', resolvedAt: null, status: 'received' },
        ],
      },
    });
    expect(res.status, res.text).toBe(400);
    expect(res.body.error.code).toBe('import_rejected');
    expect(res.body.error.details.rows.map((r: { row: number; column: string; code: string; params: unknown }) => [r.row, r.column, r.code, r.params])).toEqual(
      [
        [2, 'resolved_at', 'dossier_resolved_after_import', { value: '"2026-12-06T08:00:00+07:00"', importedAt: '2026-12-02 10:00' }],
        // One second after 10:00 local.
        [3, 'received_at', 'dossier_received_after_import', { value: '"2026-12-02T03:00:01Z"', importedAt: '2026-12-02 10:00' }],
      ],
    );
    expect(await dossierCount()).toBe(before);
  });

  it('a time exactly at the moment of import is accepted', async () => {
    const res = await server.client().request('POST', '/api/v1/dossiers:batch', {
      headers: { authorization: `Bearer ${token}` },
      json: {
        dossiers: [
          {
            code: 'B-NOW',
            unitCode: 'SNV',
            procedureCode: 'P.SNV.1',
            channel: 'direct',
            receivedAt: '2026-12-01T08:00:00+07:00',
            resolvedAt: NOW,
            returnedAt: NOW,
            status: 'returned',
          },
        ],
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ inserted: 1, rejected: 0 });
  });
});
