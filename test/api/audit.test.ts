import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, TEST_PASSWORD, TEST_YEAR, type TestServer } from '../helpers/server.js';

let server: TestServer;
let admin: ApiClient;
let adminName: string;

const Y = TEST_YEAR; // 2025

/** Every password the tests hand out or set, to be searched for in the audit log at the end. */
const passwordsSeen = new Set<string>([TEST_PASSWORD]);

interface AuditEntry {
  id: number;
  at: string;
  actorUsername: string | null;
  action: string;
  entityType: string;
  entityId: string;
  before: any;
  after: any;
}

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
  adminName = admin.user.username;
});

afterAll(async () => {
  await server?.close();
});

async function audit(query: string): Promise<{ items: AuditEntry[]; total: number }> {
  const res = await admin.get(`/api/v1/audit?${query}`);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** The entries of one entity, newest first. */
async function entriesOf(entityType: string, entityId: string | number) {
  return (await audit(`entityType=${entityType}&entityId=${encodeURIComponent(String(entityId))}&limit=500`)).items;
}

async function auditTotal() {
  return (await audit('limit=1')).total;
}

async function ok(res: Promise<{ status: number; text: string; body: any }>, status = 200) {
  const r = await res;
  expect(r.status, r.text).toBe(status);
  return r.body;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('audit rows for block changes', () => {
  it('create, update and delete each leave one row with before/after', async () => {
    const created = await ok(admin.post('/api/v1/blocks', { code: 'au-b', name: 'Khối kiểm' }), 201);
    let rows = await entriesOf('block', 'AU-B');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      actorUsername: adminName,
      action: 'create',
      entityType: 'block',
      entityId: 'AU-B',
      before: null,
      after: { id: created.id, code: 'AU-B', name: 'Khối kiểm' },
    });

    await ok(admin.patch('/api/v1/blocks/AU-B', { name: 'Khối kiểm tra' }));
    rows = await entriesOf('block', 'AU-B');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ actorUsername: adminName, action: 'update', entityId: 'AU-B' });
    expect(rows[0]!.before.name).toBe('Khối kiểm');
    expect(rows[0]!.after.name).toBe('Khối kiểm tra');

    await ok(admin.delete('/api/v1/blocks/AU-B'), 204);
    rows = await entriesOf('block', 'AU-B');
    expect(rows.map((r) => r.action)).toEqual(['delete', 'update', 'create']);
    expect(rows[0]).toMatchObject({ actorUsername: adminName, entityType: 'block', after: null });
    expect(rows[0]!.before).toEqual({ id: created.id, code: 'AU-B', name: 'Khối kiểm tra' });
    expect(new Date(rows[0]!.at).getTime()).toBeGreaterThan(Date.now() - 60_000);
  });
});

describe('audit rows for unit changes', () => {
  it('create records the unit with its name and membership', async () => {
    await ok(admin.post('/api/v1/units', { code: 'AU-U1', name: 'Xã Kiểm Toán', parentCode: 'H1', blockCode: 'XA', year: Y }), 201);
    const rows = await entriesOf('unit', 'AU-U1');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorUsername: adminName, action: 'create', entityType: 'unit', entityId: 'AU-U1', before: null });
    expect(rows[0]!.after).toMatchObject({
      code: 'AU-U1',
      name: 'Xã Kiểm Toán',
      parentCode: 'H1',
      status: 'active',
      validFromYear: 2025,
      validToYear: null,
      names: [{ fromYear: 2025, name: 'Xã Kiểm Toán' }],
      memberships: [{ year: 2025, blockCode: 'XA' }],
    });
  });

  it('a rename records the old and the new name; an unchanged name records nothing', async () => {
    await ok(admin.post('/api/v1/units', { code: 'AU-RN', name: 'Xã Cũ', blockCode: 'XA', year: Y }), 201);
    await ok(admin.patch('/api/v1/units/AU-RN', { name: 'Phường Mới', year: 2026 }));
    let rows = await entriesOf('unit', 'AU-RN');
    expect(rows.map((r) => r.action)).toEqual(['update', 'create']);
    expect(rows[0]!.actorUsername).toBe(adminName);
    expect(rows[0]!.before.name).toBe('Xã Cũ');
    expect(rows[0]!.after.name).toBe('Phường Mới');
    expect(rows[0]!.before.names).toEqual([{ fromYear: 2025, name: 'Xã Cũ' }]);
    expect(rows[0]!.after.names).toEqual([
      { fromYear: 2025, name: 'Xã Cũ' },
      { fromYear: 2026, name: 'Phường Mới' },
    ]);

    const total = await auditTotal();
    await ok(admin.patch('/api/v1/units/AU-RN', { name: 'Phường Mới', year: 2026 }));
    expect(await auditTotal()).toBe(total);
    rows = await entriesOf('unit', 'AU-RN');
    expect(rows).toHaveLength(2);
  });

  it('setting and removing a membership record the memberships before and after', async () => {
    await ok(admin.post('/api/v1/units', { code: 'AU-MB', name: 'Xã Thành Viên', blockCode: 'XA', year: Y }), 201);
    await ok(admin.put('/api/v1/units/AU-MB/memberships/2027', { blockCode: 'SO' }));
    let rows = await entriesOf('unit', 'AU-MB');
    expect(rows[0]).toMatchObject({ actorUsername: adminName, action: 'update', entityId: 'AU-MB' });
    expect(rows[0]!.before.memberships).toEqual([{ year: 2025, blockCode: 'XA' }]);
    expect(rows[0]!.after.memberships).toEqual([
      { year: 2025, blockCode: 'XA' },
      { year: 2027, blockCode: 'SO' },
    ]);

    await ok(admin.delete('/api/v1/units/AU-MB/memberships/2027'));
    rows = await entriesOf('unit', 'AU-MB');
    expect(rows.map((r) => r.action)).toEqual(['update', 'update', 'create']);
    expect(rows[0]!.before.memberships).toEqual([
      { year: 2025, blockCode: 'XA' },
      { year: 2027, blockCode: 'SO' },
    ]);
    expect(rows[0]!.after.memberships).toEqual([{ year: 2025, blockCode: 'XA' }]);
  });

  it('a merge records each source (merged into the target) and the new target', async () => {
    await ok(admin.post('/api/v1/units', { code: 'AU-M1', name: 'Xã Nhất', parentCode: 'H1', blockCode: 'XA', year: Y }), 201);
    await ok(admin.post('/api/v1/units', { code: 'AU-M2', name: 'Xã Nhị', parentCode: 'H1', blockCode: 'XA', year: Y }), 201);
    await ok(
      admin.post('/api/v1/units/merge', { sourceCodes: ['AU-M1', 'AU-M2'], target: { code: 'AU-M3', name: 'Xã Hợp', parentCode: 'H1' }, year: 2026 }),
      201,
    );

    for (const code of ['AU-M1', 'AU-M2']) {
      const [row] = await entriesOf('unit', code);
      expect(row).toMatchObject({ actorUsername: adminName, action: 'merge', entityType: 'unit', entityId: code });
      expect(row!.before).toMatchObject({ code, status: 'active', validToYear: null, memberships: [{ year: 2025, blockCode: 'XA' }] });
      expect(row!.after).toMatchObject({ code, status: 'merged', validToYear: 2025, mergedInto: 'AU-M3', memberships: [{ year: 2025, blockCode: 'XA' }] });
    }
    const target = await entriesOf('unit', 'AU-M3');
    expect(target).toHaveLength(1);
    expect(target[0]).toMatchObject({ actorUsername: adminName, action: 'create', before: null });
    expect(target[0]!.after).toMatchObject({
      code: 'AU-M3',
      name: 'Xã Hợp',
      parentCode: 'H1',
      validFromYear: 2026,
      memberships: [{ year: 2026, blockCode: 'XA' }],
    });
    expect((await audit('action=merge&entityType=unit')).items.map((r) => r.entityId).sort()).toEqual(['AU-M1', 'AU-M2']);
  });

  it('a merge that moves a child under the target records the change of that child', async () => {
    await ok(admin.post('/api/v1/units', { code: 'AU-MC1', name: 'Xã Có Thôn', blockCode: 'XA', year: Y }), 201);
    await ok(admin.post('/api/v1/units', { code: 'AU-MC2', name: 'Xã Khác', blockCode: 'XA', year: Y }), 201);
    await ok(admin.post('/api/v1/units', { code: 'AU-MCT', name: 'Thôn Con', parentCode: 'AU-MC1', year: Y }), 201);
    await ok(admin.post('/api/v1/units/merge', { sourceCodes: ['AU-MC1', 'AU-MC2'], target: { code: 'AU-MC3', name: 'Xã Gộp' }, year: 2026 }), 201);
    // The child's parent did change ...
    expect((await admin.get('/api/v1/units/AU-MCT')).body.parentCode).toBe('AU-MC3');
    // ... so the child's history must say so: no change without its record.
    const [latest] = await entriesOf('unit', 'AU-MCT');
    expect(latest!.after?.parentCode).toBe('AU-MC3');
    expect(latest!.before?.parentCode).toBe('AU-MC1');
    expect(latest!.actorUsername).toBe(adminName);
  });

  it('a split records the source (split into the new codes) and each new unit', async () => {
    await ok(admin.post('/api/v1/units', { code: 'AU-S', name: 'Xã Lớn', parentCode: 'H1', blockCode: 'XA', year: Y }), 201);
    await ok(
      admin.post('/api/v1/units/AU-S/split', {
        into: [
          { code: 'AU-S1', name: 'Xã Lớn Một' },
          { code: 'AU-S2', name: 'Xã Lớn Hai' },
        ],
        year: 2026,
      }),
      201,
    );
    const [row] = await entriesOf('unit', 'AU-S');
    expect(row).toMatchObject({ actorUsername: adminName, action: 'split', entityType: 'unit', entityId: 'AU-S' });
    expect(row!.before).toMatchObject({ status: 'active', validToYear: null });
    expect(row!.after).toMatchObject({ status: 'split', validToYear: 2025, splitInto: ['AU-S1', 'AU-S2'], memberships: [{ year: 2025, blockCode: 'XA' }] });
    for (const [code, name] of [
      ['AU-S1', 'Xã Lớn Một'],
      ['AU-S2', 'Xã Lớn Hai'],
    ] as const) {
      const rows = await entriesOf('unit', code);
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ actorUsername: adminName, action: 'create', before: null });
      expect(rows[0]!.after).toMatchObject({ code, name, parentCode: 'H1', validFromYear: 2026, memberships: [{ year: 2026, blockCode: 'XA' }] });
    }
  });

  it('an import records the blocks and units it creates and the units it changes', async () => {
    const file = 'code,name,block,parent_code\nAU-I2,Xã Nhập Hai,AU-IB,AU-I1\nAU-I1,Huyện Nhập,AU-IB,\n';
    expect(await ok(admin.upload('/api/v1/units/import?year=2025', file))).toEqual({ created: 2, updated: 0, blocksCreated: 1 });
    const blockRows = await entriesOf('block', 'AU-IB');
    expect(blockRows).toHaveLength(1);
    expect(blockRows[0]).toMatchObject({ actorUsername: adminName, action: 'create', after: { code: 'AU-IB', name: 'AU-IB' } });

    const i1 = await entriesOf('unit', 'AU-I1');
    expect(i1).toHaveLength(1);
    expect(i1[0]).toMatchObject({ actorUsername: adminName, action: 'create' });
    expect(i1[0]!.after).toMatchObject({ name: 'Huyện Nhập', parentCode: null, memberships: [{ year: 2025, blockCode: 'AU-IB' }] });
    // AU-I2 names a parent that comes later in the file: created first, then placed under it.
    const i2 = await entriesOf('unit', 'AU-I2');
    expect(i2.map((e) => e.action)).toEqual(['update', 'create']);
    expect(i2[1]!.after).toMatchObject({ name: 'Xã Nhập Hai', parentCode: null, memberships: [{ year: 2025, blockCode: 'AU-IB' }] });
    expect(i2[0]!.before.parentCode).toBeNull();
    expect(i2[0]!.after.parentCode).toBe('AU-I1');
    // A new unit whose parent already exists is created under it in one row.
    await ok(admin.upload('/api/v1/units/import?year=2025', 'code,name,block,parent_code\nAU-I3,Xã Nhập Ba,AU-IB,AU-I1\n'));
    const i3 = await entriesOf('unit', 'AU-I3');
    expect(i3).toHaveLength(1);
    expect(i3[0]).toMatchObject({ action: 'create', after: { name: 'Xã Nhập Ba', parentCode: 'AU-I1' } });

    const renamed = await ok(admin.upload('/api/v1/units/import?year=2025', file.replace('Huyện Nhập', 'Huyện Nhập Mới')));
    expect(renamed).toEqual({ created: 0, updated: 1, blocksCreated: 0 });
    const i1After = await entriesOf('unit', 'AU-I1');
    expect(i1After).toHaveLength(2);
    expect(i1After[0]).toMatchObject({ actorUsername: adminName, action: 'update' });
    expect(i1After[0]!.before.name).toBe('Huyện Nhập');
    expect(i1After[0]!.after.name).toBe('Huyện Nhập Mới');

    const blockFile = await ok(admin.upload('/api/v1/blocks/import', 'code,name\nAU-IB,Khối nhập\nAU-IB2,Khối nhập hai\n'));
    expect(blockFile).toEqual({ created: 1, updated: 1 });
    const [ibUpdate] = await entriesOf('block', 'AU-IB');
    expect(ibUpdate).toMatchObject({ action: 'update', actorUsername: adminName });
    expect(ibUpdate!.before.name).toBe('AU-IB');
    expect(ibUpdate!.after.name).toBe('Khối nhập');
    expect((await entriesOf('block', 'AU-IB2'))[0]).toMatchObject({ action: 'create', after: { name: 'Khối nhập hai' } });
  });
});

describe('audit rows for user changes', () => {
  let userId: number;
  let username: string;
  let temporaryPassword: string;

  it('create records the account without any password', async () => {
    const body = await ok(admin.post('/api/v1/users', { username: 'au.user1', displayName: 'Người Kiểm', role: 'unit_officer', unitCode: 'SNV' }), 201);
    userId = body.user.id;
    username = body.user.username;
    temporaryPassword = body.temporaryPassword;
    passwordsSeen.add(temporaryPassword);
    expect(username).toBe('au.user1');
    const rows = await entriesOf('user', userId);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ actorUsername: adminName, action: 'create', entityType: 'user', entityId: String(userId), before: null });
    expect(rows[0]!.after).toMatchObject({
      id: userId,
      username: 'au.user1',
      displayName: 'Người Kiểm',
      role: 'unit_officer',
      unitCode: 'SNV',
      mustChangePassword: true,
      disabled: false,
    });
  });

  it('update records the fields before and after', async () => {
    await ok(admin.patch(`/api/v1/users/${userId}`, { displayName: 'Người Kiểm Hai', role: 'unit_leader' }));
    const [row] = await entriesOf('user', userId);
    expect(row).toMatchObject({ actorUsername: adminName, action: 'update', entityId: String(userId) });
    expect(row!.before).toMatchObject({ displayName: 'Người Kiểm', role: 'unit_officer', unitCode: 'SNV' });
    expect(row!.after).toMatchObject({ displayName: 'Người Kiểm Hai', role: 'unit_leader', unitCode: 'SNV' });

    await ok(admin.patch(`/api/v1/users/${userId}`, { disabled: true }));
    const [disabled] = await entriesOf('user', userId);
    expect(disabled!.before.disabled).toBe(false);
    expect(disabled!.after.disabled).toBe(true);
    await ok(admin.patch(`/api/v1/users/${userId}`, { disabled: false }));
  });

  it('the user changing the temporary password is recorded with the user as actor', async () => {
    const self = server.client();
    await self.login(username, temporaryPassword);
    expect(self.user.mustChangePassword).toBe(true);
    const newPassword = 'brand-new-secret-42';
    passwordsSeen.add(newPassword);
    await ok(self.post('/api/v1/auth/change-password', { currentPassword: temporaryPassword, newPassword }));
    const [row] = await entriesOf('user', userId);
    expect(row).toMatchObject({
      actorUsername: 'au.user1',
      action: 'password_change',
      entityType: 'user',
      entityId: String(userId),
      before: { mustChangePassword: true },
      after: { mustChangePassword: false },
    });
    expect(row!.before).toEqual({ mustChangePassword: true });
    expect(row!.after).toEqual({ mustChangePassword: false });

    // A wrong current password changes nothing and records nothing.
    const total = await auditTotal();
    const wrong = await self.post('/api/v1/auth/change-password', { currentPassword: 'not-my-password', newPassword: 'another-new-secret' });
    expect(wrong.status).toBe(400);
    expect(await auditTotal()).toBe(total);
  });

  it('reset-password is recorded with the admin as actor', async () => {
    const fixture = await server.createUser('viewer');
    const body = await ok(admin.post(`/api/v1/users/${fixture.id}/reset-password`));
    passwordsSeen.add(body.temporaryPassword);
    const [row] = await entriesOf('user', fixture.id);
    expect(row).toMatchObject({ actorUsername: adminName, action: 'password_reset', entityType: 'user', entityId: String(fixture.id) });
    expect(row!.before).toEqual({ mustChangePassword: false });
    expect(row!.after).toEqual({ mustChangePassword: true });
  });
});

describe('a failed change writes no audit row and no data', () => {
  it('validation errors and conflicts leave the log and the data as they were', async () => {
    const total = await auditTotal();
    const blocksBefore = (await admin.get('/api/v1/blocks')).body.items;
    const unitsBefore = (await admin.get('/api/v1/units?year=2025')).body.items;
    const usersBefore = (await admin.get('/api/v1/users')).body.items;

    const attempts: [string, () => Promise<{ status: number }>, number][] = [
      ['duplicate block', () => admin.post('/api/v1/blocks', { code: 'XA', name: 'Trùng' }), 409],
      ['invalid block body', () => admin.post('/api/v1/blocks', { code: 'F-B', name: '' }), 400],
      ['duplicate unit', () => admin.post('/api/v1/units', { code: 'SNV', name: 'Trùng', year: Y }), 409],
      ['unknown parent', () => admin.post('/api/v1/units', { code: 'F-U1', name: 'Lỗi', parentCode: 'NOPE', year: Y }), 400],
      ['unknown block', () => admin.post('/api/v1/units', { code: 'F-U2', name: 'Lỗi', blockCode: 'NOPE', year: Y }), 400],
      ['parent cycle', () => admin.patch('/api/v1/units/H1', { parentCode: 'X1', year: Y }), 400],
      ['rename + bad block', () => admin.patch('/api/v1/units/X2', { name: 'Xã Đổi Tên', blockCode: 'NOPE', year: Y }), 400],
      ['block with members', () => admin.delete('/api/v1/blocks/SO'), 409],
      [
        'merge of an unknown unit',
        () => admin.post('/api/v1/units/merge', { sourceCodes: ['X1', 'NOPE'], target: { code: 'F-M', name: 'Gộp' }, year: 2026 }),
        400,
      ],
      // The first new unit is inserted before the second one's code turns out to be taken.
      [
        'split into a taken code',
        () =>
          admin.post('/api/v1/units/X1/split', {
            into: [
              { code: 'F-S1', name: 'Một' },
              { code: 'SCT', name: 'Hai' },
            ],
            year: 2026,
          }),
        409,
      ],
      ['user without unit', () => admin.post('/api/v1/users', { username: 'f.user', displayName: 'Lỗi', role: 'unit_officer' }), 400],
      ['taken username', () => admin.post('/api/v1/users', { username: adminName, displayName: 'Trùng', role: 'viewer' }), 409],
      ['bad import', () => admin.upload('/api/v1/units/import?year=2025', 'code,name,block,parent_code\nF-I1,Một,F-IB,\nF-I2,Hai,F-IB,NOPE\n'), 400],
    ];
    for (const [what, attempt, status] of attempts) {
      expect((await attempt()).status, what).toBe(status);
    }

    expect(await auditTotal()).toBe(total);
    expect((await admin.get('/api/v1/blocks')).body.items).toEqual(blocksBefore);
    expect((await admin.get('/api/v1/units?year=2025')).body.items).toEqual(unitsBefore);
    expect((await admin.get('/api/v1/users')).body.items.map((u: { id: number }) => u.id)).toEqual(usersBefore.map((u: { id: number }) => u.id));
    for (const code of ['F-U1', 'F-U2', 'F-M', 'F-S1', 'F-I1']) expect((await admin.get(`/api/v1/units/${code}`)).status, code).toBe(404);
    expect((await admin.get('/api/v1/units/X1')).body.status).toBe('active');
    expect((await admin.get('/api/v1/units/X2?year=2025')).body.name).toBe('Xã Hòa Bình');
  });
});

describe('GET /api/v1/audit filters', () => {
  let actor2: ApiClient;
  let rows: AuditEntry[];

  beforeAll(async () => {
    actor2 = await server.loginAs('admin');
    await ok(actor2.post('/api/v1/blocks', { code: 'FL-B', name: 'Khối lọc' }), 201);
    await sleep(40);
    await ok(actor2.patch('/api/v1/blocks/FL-B', { name: 'Khối lọc hai' }));
    await sleep(40);
    await ok(actor2.delete('/api/v1/blocks/FL-B'), 204);
    rows = (await audit(`actor=${actor2.user.username}`)).items;
  });

  it('filters by actor, newest first', async () => {
    expect(rows.map((r) => [r.action, r.entityType, r.entityId])).toEqual([
      ['delete', 'block', 'FL-B'],
      ['update', 'block', 'FL-B'],
      ['create', 'block', 'FL-B'],
    ]);
    expect(rows.every((r) => r.actorUsername === actor2.user.username)).toBe(true);
    expect((await audit(`actor=${actor2.user.username}`)).total).toBe(3);
    expect((await audit('actor=nobody-at-all')).total).toBe(0);
  });

  it('filters by entityType and action', async () => {
    expect((await audit(`actor=${actor2.user.username}&entityType=block`)).total).toBe(3);
    expect((await audit(`actor=${actor2.user.username}&entityType=unit`)).total).toBe(0);
    const updates = await audit(`actor=${actor2.user.username}&action=update`);
    expect(updates.total).toBe(1);
    expect(updates.items[0]!.after.name).toBe('Khối lọc hai');

    const merges = await audit('action=merge');
    expect(merges.total).toBeGreaterThan(0);
    expect(merges.items.every((r) => r.action === 'merge')).toBe(true);
    const users = await audit('entityType=user&limit=500');
    expect(users.items.length).toBe(users.total);
    expect(users.items.every((r) => r.entityType === 'user')).toBe(true);
  });

  it('filters by time with from and to', async () => {
    const [deleted, updated, created] = rows as [AuditEntry, AuditEntry, AuditEntry];
    const t = (r: AuditEntry) => new Date(r.at).getTime();
    expect(t(created)).toBeLessThan(t(updated));
    expect(t(updated)).toBeLessThan(t(deleted));
    const afterCreate = new Date((t(created) + t(updated)) / 2).toISOString();
    const beforeDelete = new Date((t(updated) + t(deleted)) / 2).toISOString();
    const me = `actor=${actor2.user.username}`;
    expect((await audit(`${me}&from=${afterCreate}`)).items.map((r) => r.action)).toEqual(['delete', 'update']);
    expect((await audit(`${me}&to=${beforeDelete}`)).items.map((r) => r.action)).toEqual(['update', 'create']);
    const between = await audit(`${me}&from=${afterCreate}&to=${beforeDelete}`);
    expect(between.total).toBe(1);
    expect(between.items.map((r) => r.id)).toEqual([updated.id]);
    expect((await audit(`from=${new Date(Date.now() + 3_600_000).toISOString()}`)).total).toBe(0);
  });

  it('pages with limit and offset and reports the total', async () => {
    const me = `actor=${actor2.user.username}`;
    const first = await audit(`${me}&limit=1&offset=0`);
    expect(first.total).toBe(3);
    expect(first.items.map((r) => r.id)).toEqual([rows[0]!.id]);
    const rest = await audit(`${me}&limit=2&offset=1`);
    expect(rest.total).toBe(3);
    expect(rest.items.map((r) => r.id)).toEqual([rows[1]!.id, rows[2]!.id]);
    const past = await audit(`${me}&limit=5&offset=3`);
    expect(past).toEqual({ items: [], total: 3 });

    const all = await audit('limit=500');
    const ids = all.items.map((r) => r.id);
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
    expect(all.items.length).toBe(Math.min(all.total, 500));
    expect((await audit('')).items.length).toBe(Math.min(all.total, 50));

    for (const bad of ['limit=0', 'limit=501', 'offset=-1', 'from=not-a-date']) {
      const res = await admin.get(`/api/v1/audit?${bad}`);
      expect(res.status, bad).toBe(400);
      expect(res.body.error.code).toBe('validation_failed');
      expect(res.body.error.details.issues[0].path).toBe(`query.${bad.split('=')[0]}`);
    }
  });
});

describe('the audit table is append-only', () => {
  async function rejection(statement: ReturnType<typeof sql>) {
    try {
      await server.db.execute(statement);
    } catch (error) {
      const e = error as { message?: string; cause?: { message?: string } };
      return `${e.message ?? ''} ${e.cause?.message ?? ''}`;
    }
    return null;
  }

  it('refuses update, delete and truncate in the database itself', async () => {
    const before = await audit('limit=500');
    expect(before.total).toBeGreaterThan(10);

    expect(await rejection(sql`update audit_log set action = 'x'`)).toContain('append-only');
    expect(await rejection(sql`update audit_log set before = null, after = null where entity_type = 'user'`)).toContain('append-only');
    expect(await rejection(sql`delete from audit_log`)).toContain('append-only');
    expect(await rejection(sql`delete from audit_log where id = ${before.items[0]!.id}`)).toContain('append-only');
    expect(await rejection(sql`truncate audit_log`)).toContain('append-only');

    expect(await audit('limit=500')).toEqual(before);
    expect((await audit('action=x')).total).toBe(0);
  });
});

describe('access to the audit log', () => {
  it('only an admin may read it', async () => {
    for (const [role, unit] of [
      ['unit_officer', 'SNV'],
      ['unit_leader', 'SCT'],
      ['appraiser', 'SNV'],
      ['council', null],
      ['viewer', null],
    ] as const) {
      const client = await server.loginAs(role, unit);
      const res = await client.get('/api/v1/audit');
      expect(res.status, role).toBe(403);
      expect(res.body.error.code).toBe('forbidden');
      expect(res.text).not.toContain('actorUsername');
    }
    const anonymous = await server.client().get('/api/v1/audit');
    expect(anonymous.status).toBe(401);
  });
});

describe('no password material in the audit log', () => {
  it('no password, temporary password or hash appears in any row', async () => {
    // Every kind of user change happened above; make sure there is one more of each here too.
    const created = await ok(admin.post('/api/v1/users', { username: 'au.secret', displayName: 'Bí Mật', role: 'viewer' }), 201);
    passwordsSeen.add(created.temporaryPassword);
    const reset = await ok(admin.post(`/api/v1/users/${created.user.id}/reset-password`));
    passwordsSeen.add(reset.temporaryPassword);

    const everything: AuditEntry[] = [];
    for (let offset = 0; ; offset += 500) {
      const page = await audit(`limit=500&offset=${offset}`);
      everything.push(...page.items);
      if (everything.length >= page.total) break;
    }
    expect(everything.filter((r) => r.entityType === 'user').length).toBeGreaterThanOrEqual(8);
    expect(passwordsSeen.size).toBeGreaterThanOrEqual(5);

    const json = JSON.stringify(everything);
    for (const password of passwordsSeen) expect(json).not.toContain(password);
    expect(json).not.toMatch(/\$argon2/);
    expect(json.toLowerCase()).not.toContain('passwordhash');
    expect(json.toLowerCase()).not.toContain('password_hash');

    const badKeys: string[] = [];
    const walk = (value: unknown, path: string) => {
      if (value && typeof value === 'object') {
        for (const [key, child] of Object.entries(value)) {
          if (/pass|secret|hash/i.test(key) && key !== 'mustChangePassword') badKeys.push(`${path}.${key}`);
          walk(child, `${path}.${key}`);
        }
      }
    };
    everything.forEach((row) => walk({ before: row.before, after: row.after }, `#${row.id}`));
    expect(badKeys).toEqual([]);

    // The hash in the database is not in the log either.
    const hashes = (await server.db.execute(sql`select password_hash from users`)) as unknown as { rows: { password_hash: string }[] };
    expect(hashes.rows.length).toBeGreaterThan(5);
    for (const { password_hash } of hashes.rows) expect(json).not.toContain(password_hash);
  });
});
