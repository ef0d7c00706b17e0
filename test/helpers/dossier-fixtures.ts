import { sql } from 'drizzle-orm';
import { type DbOrTx, queryRows } from '../../src/db/client.js';
import { createProcedure } from '../../src/modules/procedures/service.js';
import { fixtureActor, seedOrganisation, startTestServer, type TestServer } from './server.js';

/** SNV's birth registration: 5 working days, legal and internal, fully online; the dossier tests' usual procedure. */
export const SNV_BIRTH_REGISTRATION = {
  code: 'P.SNV.1',
  name: 'Đăng ký khai sinh',
  field: 'Hộ tịch',
  unitCode: 'SNV',
  legalDays: 5,
  internalDays: 5,
  onlineLevel: 'full',
} as const;

/** X2's signature certification: 2 working days, not online; the second procedure of the batch and rollup tests. */
export const X2_SIGNATURE_CERTIFICATION = {
  code: 'P.X2.1',
  name: 'Chứng thực chữ ký',
  field: 'Chứng thực',
  unitCode: 'X2',
  legalDays: 2,
  internalDays: 2,
  onlineLevel: 'none',
} as const;

/** An open online dossier of SNV's birth registration received at 08:00 local on `receivedDay`, for the partition and merge tests. */
export const openDossier = (code: string, receivedDay: string, overrides: Record<string, unknown> = {}) => ({
  code,
  unitCode: 'SNV',
  procedureCode: 'P.SNV.1',
  channel: 'online' as const,
  receivedAt: `${receivedDay}T08:00:00+07:00`,
  dueAt: null,
  resolvedAt: null,
  status: 'processing' as const,
  ...overrides,
});

/** Where each dossier is stored: its partition's name, by code. */
export async function dossierPartitionsByCode(db: DbOrTx): Promise<Record<string, string>> {
  const rows = await queryRows<{ code: string; partition: string }>(db, sql`select code, tableoid::regclass::text as partition from dossiers order by code`);
  return Object.fromEntries(rows.map((r) => [r.code, r.partition]));
}

/** A test server with the seeded organisation and the two dossier procedures above (SNV's and X2's). */
export async function startDossierTestServer(): Promise<TestServer> {
  const server = await startTestServer();
  await seedOrganisation(server);
  await createProcedure(server.db, fixtureActor, SNV_BIRTH_REGISTRATION);
  await createProcedure(server.db, fixtureActor, X2_SIGNATURE_CERTIFICATION);
  return server;
}
