import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/client.js';
import { systemActor } from '../../src/modules/auth/actor.js';
import { setDays } from '../../src/modules/calendar/commands.js';
import { importDossierRecords } from '../../src/modules/dossiers/import.js';
import { dossierReferenceData } from '../../src/modules/dossiers/reference-data.js';
import { createProcedure } from '../../src/modules/procedures/service.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from '../helpers/server.js';
import { SNV_BIRTH_REGISTRATION, X2_SIGNATURE_CERTIFICATION } from '../helpers/dossier-fixtures.js';

/**
 * The reference data a dossier import checks rows against (units, procedures, the working calendar) is kept per
 * process and read again only after a write to one of those tables (migration 0017's version and its triggers):
 * whoever wrote it, and never after a write that was rolled back.
 */

let server: TestServer;
const actor = systemActor('test:reference-data');

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  await createProcedure(server.db, fixtureActor, SNV_BIRTH_REGISTRATION);
});
afterAll(() => server?.close());

const dossier = (code: string, unitCode: string, procedureCode: string, receivedAt: string, dueAt: string) => ({
  code,
  unitCode,
  procedureCode,
  field: null,
  channel: 'direct',
  receivedAt,
  dueAt,
  resolvedAt: null,
  returnedAt: null,
  status: 'processing',
});

describe('the reference data of dossier imports', () => {
  it('is read once and kept while nothing changes', async () => {
    const first = await dossierReferenceData(server.db);
    expect(first.unitIds.get('SNV')).toBeGreaterThan(0);
    expect(first.procedures.get('P.SNV.1')).toMatchObject({ field: 'Hộ tịch', internalDays: 5 });
    expect(first.procedures.has('P.X2.1')).toBe(false);
    expect(await dossierReferenceData(server.db)).toBe(first);
  });

  it('is read again after a procedure is added, and an import uses the new procedure at once', async () => {
    const before = await dossierReferenceData(server.db);
    const warm = await importDossierRecords(server.testDb.database, actor, {
      records: [dossier('REF-1', 'SNV', 'P.SNV.1', '2025-03-03T08:00:00+07:00', '2025-03-10T17:00:00+07:00')],
      skipInvalid: false,
      source: 'batch',
    });
    expect(warm).toMatchObject({ status: 'done', inserted: 1 });
    expect(await dossierReferenceData(server.db)).toBe(before);

    await createProcedure(server.db, fixtureActor, X2_SIGNATURE_CERTIFICATION);
    const after = await dossierReferenceData(server.db);
    expect(after).not.toBe(before);
    expect(after.procedures.get('P.X2.1')).toMatchObject({ field: 'Chứng thực', internalDays: 2 });
    const result = await importDossierRecords(server.testDb.database, actor, {
      records: [dossier('REF-2', 'X2', 'P.X2.1', '2025-03-03T08:00:00+07:00', '2025-03-05T17:00:00+07:00')],
      skipInvalid: false,
      source: 'batch',
    });
    expect(result).toMatchObject({ status: 'done', inserted: 1 });
  });

  it('is read again after a unit or a calendar day is written, even by plain SQL', async () => {
    const before = await dossierReferenceData(server.db);
    // Monday 10 March 2025 is a working day until it is made a holiday.
    expect(before.calendar.isWorkingDay('2025-03-10')).toBe(true);
    await setDays(server.db, fixtureActor, { from: '2025-03-10', kind: 'holiday', name: 'Ngày nghỉ thử' });
    const withHoliday = await dossierReferenceData(server.db);
    expect(withHoliday).not.toBe(before);
    expect(withHoliday.calendar.isWorkingDay('2025-03-10')).toBe(false);

    await server.db.execute(sql`insert into units (code, name, search_key, status) values ('X9', 'Xã Chín', 'xa chin', 'active')`);
    const withUnit = await dossierReferenceData(server.db);
    expect(withUnit).not.toBe(withHoliday);
    expect(withUnit.unitIds.has('X9')).toBe(true);
  });

  it('is kept after a write that was rolled back', async () => {
    const before = await dossierReferenceData(server.db);
    await expect(
      server.db.transaction(async (tx) => {
        await tx.execute(sql`insert into units (code, name, search_key, status) values ('X8', 'Xã Tám', 'xa tam', 'active')`);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    const after = await dossierReferenceData(server.db);
    expect(after).toBe(before);
    expect(after.unitIds.has('X8')).toBe(false);
  });

  // Two app servers are two processes on one PostgreSQL database: the second one's write is seen by the first.
  it.runIf(process.env.DATABASE_URL)('sees a write made through another connection to the database', async () => {
    const before = await dossierReferenceData(server.db);
    const other = await openDatabase({ kind: 'postgres', url: server.testDb.url! });
    try {
      await other.db.execute(sql`insert into units (code, name, search_key, status) values ('X7', 'Xã Bảy', 'xa bay', 'active')`);
    } finally {
      await other.close();
    }
    const after = await dossierReferenceData(server.db);
    expect(after).not.toBe(before);
    expect(after.unitIds.has('X7')).toBe(true);
  });
});
