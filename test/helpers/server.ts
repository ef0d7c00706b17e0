import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config.js';
import type { Role } from '../../src/db/schema.js';
import { type App, buildApp } from '../../src/http/app.js';
import { systemActor } from '../../src/modules/auth/actor.js';
import { LocalFileStore } from '../../src/modules/files/storage.js';
import { createBlock } from '../../src/modules/blocks/service.js';
import { createUnit } from '../../src/modules/units/service.js';
import { createUser } from '../../src/modules/users/service.js';
import { ApiClient } from './client.js';
import { openTestDatabase, type TestDatabase } from './database.js';

export const TEST_PASSWORD = 'correct-horse-battery';
export const TEST_YEAR = 2025;
export const fixtureActor = systemActor('test:fixture');

export interface TestServer {
  app: App;
  testDb: TestDatabase;
  /** The app's evidence file store, in this server's temporary data folder. */
  fileStore: LocalFileStore;
  /** The server's current time for deadline checks (ISO instant), or null for the real time. */
  now: string | null;
  db: TestDatabase['database']['db'];
  baseUrl: string;
  client(): ApiClient;
  /** Creates a user of that role (bound to `unitCode` where the role needs a unit) and signs in. */
  loginAs(role: Role, unitCode?: string | null): Promise<ApiClient>;
  createUser(role: Role, unitCode?: string | null, options?: { mustChangePassword?: boolean }): Promise<{ id: number; username: string }>;
  close(): Promise<void>;
}

let userCounter = 0;

/**
 * `replicaPort`: the port of a streaming replica of the test server's PostgreSQL (test/helpers/replica.ts); the app
 * reads its routed reads from the same database there (DATABASE_REPLICA_URL).
 */
export async function startTestServer(env: Record<string, string> = {}, { replicaPort }: { replicaPort?: number } = {}): Promise<TestServer> {
  const testDb = await openTestDatabase();
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'parindex-test-'));
  const replicaEnv: Record<string, string> = {};
  if (replicaPort !== undefined) {
    if (!testDb.url) throw new Error('a replica needs DATABASE_URL');
    const replicaUrl = new URL(testDb.url);
    replicaUrl.port = String(replicaPort);
    Object.assign(replicaEnv, { DATABASE_URL: testDb.url, DATABASE_REPLICA_URL: replicaUrl.toString() });
  }
  const config = loadConfig({ LOG_LEVEL: 'silent', PARINDEX_DATA_DIR: dataDir, ...replicaEnv, ...env });
  const fileStore = LocalFileStore.inDataDir(config.dataDir);
  // Tests may set `server.now` to move the server's clock (deadlines); null is the real time.
  const clock = () => (server.now ? new Date(server.now) : new Date());
  const app = await buildApp({ config, database: testDb.database, fileStore, clock }, { logger: false });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  const db = testDb.database.db;

  const server: TestServer = {
    app,
    testDb,
    fileStore,
    now: null,
    db,
    baseUrl,
    client: () => new ApiClient(baseUrl),
    async createUser(role, unitCode = null, options = {}) {
      const username = `${role.replace('_', '')}${++userCounter}`;
      const { user } = await createUser(db, fixtureActor, {
        username,
        displayName: `Test ${role} ${userCounter}`,
        role,
        unitCode,
        password: TEST_PASSWORD,
        mustChangePassword: options.mustChangePassword ?? false,
      });
      return { id: user.id, username: user.username };
    },
    async loginAs(role, unitCode) {
      const needsUnit = role === 'unit_officer' || role === 'unit_leader' || role === 'appraiser';
      const { username } = await server.createUser(role, needsUnit ? (unitCode ?? 'SNV') : null);
      const client = server.client();
      await client.login(username, TEST_PASSWORD);
      return client;
    },
    async close() {
      await app.close();
      await testDb.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return server;
}

/** A small organisation: blocks SO and XA, departments SNV and SCT, district H1 with communes X1 and X2. */
export async function seedOrganisation(server: TestServer) {
  const { db } = server;
  await createBlock(db, fixtureActor, { code: 'SO', name: 'Khối sở, ban, ngành' }, TEST_YEAR);
  await createBlock(db, fixtureActor, { code: 'HUYEN', name: 'Khối huyện' }, TEST_YEAR);
  await createBlock(db, fixtureActor, { code: 'XA', name: 'Khối xã' }, TEST_YEAR);
  await createUnit(db, fixtureActor, { code: 'SNV', name: 'Sở Nội vụ', blockCode: 'SO', year: TEST_YEAR });
  await createUnit(db, fixtureActor, { code: 'SCT', name: 'Sở Công Thương', blockCode: 'SO', year: TEST_YEAR });
  await createUnit(db, fixtureActor, { code: 'H1', name: 'Huyện An Phú', blockCode: 'HUYEN', year: TEST_YEAR });
  await createUnit(db, fixtureActor, { code: 'X1', name: 'Xã Đồng Tâm', parentCode: 'H1', blockCode: 'XA', year: TEST_YEAR });
  await createUnit(db, fixtureActor, { code: 'X2', name: 'Xã Hòa Bình', parentCode: 'H1', blockCode: 'XA', year: TEST_YEAR });
}
