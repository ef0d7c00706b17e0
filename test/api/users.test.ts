import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiClient } from '../helpers/client.js';
import { seedOrganisation, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';
import type { Role } from '../../src/domain/vocabulary.js';
import { userPolicies } from '../../src/modules/users/policies.js';
import { UserList, UserWithCan } from '../../src/modules/users/schemas.js';

let server: TestServer;
let admin: ApiClient;

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
  admin = await server.loginAs('admin');
});
afterAll(() => server?.close());

describe('POST /api/v1/users', () => {
  it('creates an account with a temporary password that must be changed at first sign-in', async () => {
    const created = await admin.post('/api/v1/users', { username: 'Lan.Nguyen', displayName: 'Nguyễn Thị Lan', role: 'unit_officer', unitCode: 'sct' });
    expect(created.status).toBe(201);
    expect(created.body.user).toMatchObject({
      username: 'lan.nguyen',
      displayName: 'Nguyễn Thị Lan',
      role: 'unit_officer',
      unitCode: 'SCT',
      unitName: 'Sở Công Thương',
      mustChangePassword: true,
      disabled: false,
      lastLoginAt: null,
    });
    expect(created.body.temporaryPassword).toMatch(/^[A-Za-z0-9]{7}-[A-Za-z0-9]{7}$/);
    const session = server.client();
    const login = await session.login('lan.nguyen', created.body.temporaryPassword);
    expect(login.body.user.mustChangePassword).toBe(true);
    expect((await session.get('/api/v1/units')).body.error.code).toBe('password_change_required');
  });

  it('binds unit roles to a unit and province roles to none', async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ role: 'unit_leader' }, 'unitCode', 'required for role unit_leader'],
      [{ role: 'appraiser', unitCode: null }, 'unitCode', 'required for role appraiser'],
      [{ role: 'viewer', unitCode: 'SNV' }, 'unitCode', 'must be empty for role viewer'],
      [{ role: 'council', unitCode: 'SNV' }, 'unitCode', 'must be empty for role council'],
      [{ role: 'unit_officer', unitCode: 'NOPE' }, 'unitCode', 'unknown unit NOPE'],
    ];
    for (const [extra, path, message] of cases) {
      const response = await admin.post('/api/v1/users', { username: 'bind.test', displayName: 'Bind', ...extra });
      expect(response.status, JSON.stringify(extra)).toBe(400);
      expect(response.body.error.details.issues, JSON.stringify(extra)).toMatchObject([{ path, message }]);
    }
    expect((await admin.get('/api/v1/users?q=bind.test')).body.items).toEqual([]);
  });

  it('validates username, display name and role, and refuses a taken username', async () => {
    const bad = await admin.post('/api/v1/users', { username: 'a b', displayName: '', role: 'king' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues.map((i: { path: string }) => i.path).sort()).toEqual(['displayName', 'role', 'username']);
    await admin.post('/api/v1/users', { username: 'taken.name', displayName: 'One', role: 'viewer' });
    const again = await admin.post('/api/v1/users', { username: 'TAKEN.name', displayName: 'Two', role: 'viewer' });
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('conflict');
  });
});

describe('GET /api/v1/users', () => {
  it('lists accounts sorted by username and filters by text, role and unit', async () => {
    await admin.post('/api/v1/users', { username: 'filter.leader', displayName: 'Trưởng phòng Lọc', role: 'unit_leader', unitCode: 'X1' });
    await admin.post('/api/v1/users', { username: 'filter.officer', displayName: 'Chuyên viên Lọc', role: 'unit_officer', unitCode: 'X1' });
    await admin.post('/api/v1/users', { username: 'filter.viewer', displayName: 'Người xem', role: 'viewer' });
    const all = await admin.get('/api/v1/users');
    const names = all.body.items.map((u: { username: string }) => u.username);
    expect(names).toEqual([...names].sort());
    expect(all.body.items.every((u: object) => !('passwordHash' in u))).toBe(true);
    const byText = await admin.get('/api/v1/users?q=filter.');
    expect(byText.body.items.map((u: { username: string }) => u.username)).toEqual(['filter.leader', 'filter.officer', 'filter.viewer']);
    const byName = await admin.get(`/api/v1/users?q=${encodeURIComponent('Lọc')}`);
    expect(byName.body.items.map((u: { username: string }) => u.username)).toEqual(['filter.leader', 'filter.officer']);
    const byRole = await admin.get('/api/v1/users?role=unit_leader&q=filter');
    expect(byRole.body.items.map((u: { username: string }) => u.username)).toEqual(['filter.leader']);
    const byUnit = await admin.get('/api/v1/users?unit=x1');
    expect(byUnit.body.items.map((u: { username: string }) => u.username)).toEqual(['filter.leader', 'filter.officer']);
    const wildcard = await admin.get('/api/v1/users?q=%25');
    expect(wildcard.body.items).toEqual([]);
  });
});

describe('PATCH /api/v1/users/:id', () => {
  it('changes the display name, role and unit; a province role drops the unit', async () => {
    const { id } = await server.createUser('unit_officer', 'X2');
    const renamed = await admin.patch(`/api/v1/users/${id}`, { displayName: 'Tên mới' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ displayName: 'Tên mới', role: 'unit_officer', unitCode: 'X2' });
    const moved = await admin.patch(`/api/v1/users/${id}`, { unitCode: 'X1' });
    expect(moved.body.unitCode).toBe('X1');
    const promoted = await admin.patch(`/api/v1/users/${id}`, { role: 'council' });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ role: 'council', unitCode: null });
    const bound = await admin.patch(`/api/v1/users/${id}`, { role: 'appraiser' });
    expect(bound.status).toBe(400);
    expect(bound.body.error.details.issues).toMatchObject([
      { path: 'unitCode', code: 'unit_required_for_role', params: { role: 'appraiser' }, message: 'required for role appraiser' },
    ]);
    const appraiser = await admin.patch(`/api/v1/users/${id}`, { role: 'appraiser', unitCode: 'SNV' });
    expect(appraiser.body).toMatchObject({ role: 'appraiser', unitCode: 'SNV' });
  });

  it('a role change or disabling ends the account’s sessions', async () => {
    const { id, username } = await server.createUser('unit_officer', 'X2');
    const session = server.client();
    await session.login(username, TEST_PASSWORD);
    await admin.patch(`/api/v1/users/${id}`, { role: 'unit_leader' });
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    await session.login(username, TEST_PASSWORD);
    expect(session.user.role).toBe('unit_leader');
    await admin.patch(`/api/v1/users/${id}`, { disabled: true });
    expect((await session.get('/api/v1/auth/me')).status).toBe(401);
    const enabled = await admin.patch(`/api/v1/users/${id}`, { disabled: false });
    expect(enabled.body.disabled).toBe(false);
    await session.login(username, TEST_PASSWORD);
  });

  it('an admin cannot change their own role or disable themselves', async () => {
    const me = await admin.get('/api/v1/auth/me');
    for (const patch of [{ role: 'viewer' }, { disabled: true }]) {
      const response = await admin.patch(`/api/v1/users/${me.body.user.id}`, patch);
      expect(response.status).toBe(409);
      expect(response.body.error.code).toBe('conflict');
    }
    expect((await admin.get('/api/v1/auth/me')).body.user.role).toBe('admin');
  });

  it('answers 404 for an unknown id and 400 for a non-numeric one', async () => {
    expect((await admin.patch('/api/v1/users/999999', { displayName: 'x' })).status).toBe(404);
    const bad = await admin.patch('/api/v1/users/abc', { displayName: 'x' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.issues[0].path).toBe('params.id');
    expect((await admin.post('/api/v1/users/999999/reset-password')).status).toBe(404);
  });
});

describe('can: what the caller may do with accounts', () => {
  it('the organizer may create, edit and reset every account, but not change the role of or disable their own', async () => {
    const other = await server.createUser('viewer');
    const list = await admin.getAs(UserList, '/api/v1/users');
    expect(list.can).toEqual({ create: true });
    const own = list.items.find((u) => u.username === admin.user.username)!;
    expect(own.can).toEqual({ edit: true, changeRole: false, disable: false, resetPassword: true });
    const theirs = list.items.find((u) => u.id === other.id)!;
    expect(theirs.can).toEqual({ edit: true, changeRole: true, disable: true, resetPassword: true });
    // The answer of a change carries it too.
    const patched = await admin.sendAs(UserWithCan, 'PATCH', `/api/v1/users/${other.id}`, { displayName: 'Người xem' });
    expect(patched.can).toEqual({ edit: true, changeRole: true, disable: true, resetPassword: true });
  });

  it('policies: only the organizer manages accounts; unit staff see their own unit’s accounts only', () => {
    const actor = (role: Role | 'system', unitId: number | null) => ({ userId: 7, username: 'x', role, unitId });
    expect(userPolicies.manage(actor('admin', null))).toBe(true);
    for (const role of ['unit_officer', 'unit_leader', 'appraiser', 'council', 'viewer', 'system'] as const) {
      expect(userPolicies.manage(actor(role, 1)), role).toBe(false);
    }
    expect(userPolicies.seeUnitAccounts(actor('admin', null), 1)).toBe(true);
    expect(userPolicies.seeUnitAccounts(actor('unit_officer', 1), 1)).toBe(true);
    expect(userPolicies.seeUnitAccounts(actor('unit_leader', 1), 1)).toBe(true);
    expect(userPolicies.seeUnitAccounts(actor('unit_officer', 1), 2)).toBe(false);
    // An appraiser is bound to a unit (the department that appraises) but is not its staff.
    expect(userPolicies.seeUnitAccounts(actor('appraiser', 1), 1)).toBe(false);
    expect(userPolicies.seeUnitAccounts(actor('council', null), 1)).toBe(false);
    expect(userPolicies.changeRoleOrDisable(actor('admin', null), 7)).toBe(false);
    expect(userPolicies.changeRoleOrDisable(actor('admin', null), 8)).toBe(true);
  });
});
