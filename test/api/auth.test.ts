import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.js';
import { MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP } from '../../src/modules/auth/service.js';
import { ROLE_NAMES, roleName } from '../../src/modules/auth/reasons.js';
import { ROLES } from '../../src/domain/vocabulary.js';
import { seedOrganisation, startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

let server: TestServer;

beforeAll(async () => {
  server = await startTestServer();
  await seedOrganisation(server);
});
afterAll(() => server?.close());

describe('login', () => {
  it('signs in, sets an http-only SameSite=Strict cookie and returns the user and a CSRF token', async () => {
    const { username } = await server.createUser('unit_officer', 'SCT');
    const client = server.client();
    const response = await fetch(`${server.baseUrl}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: username.toUpperCase(), password: TEST_PASSWORD }),
    });
    expect(response.status).toBe(200);
    const cookie = response.headers.getSetCookie().find((c) => c.startsWith('parindex_sid='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\//);
    const body = await response.json();
    expect(body.user).toMatchObject({ username, role: 'unit_officer', unitCode: 'SCT', unitName: 'Sở Công Thương', mustChangePassword: false });
    expect(body.csrfToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(JSON.stringify(body)).not.toMatch(/argon2|passwordHash/);
    client.cookie = cookie.split(';')[0]!;
    const me = await client.get('/api/v1/auth/me');
    expect(me.status).toBe(200);
    expect(me.body.user.username).toBe(username);
  });

  it('refuses a wrong password and an unknown user with the same answer', async () => {
    const { username } = await server.createUser('viewer');
    const wrong = await server.client().post('/api/v1/auth/login', { username, password: 'not-the-password' });
    const unknown = await server.client().post('/api/v1/auth/login', { username: 'nobody-here', password: 'whatever123' });
    for (const response of [wrong, unknown]) {
      expect(response.status).toBe(401);
      expect(response.body).toEqual({ error: { code: 'invalid_credentials', reason: 'wrong_username_or_password', message: 'Wrong username or password' } });
    }
  });

  it('validates the body and names the field', async () => {
    const response = await server.client().post('/api/v1/auth/login', { username: 'x' });
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBe('validation_failed');
    expect(response.body.error.details.issues.map((i: { path: string }) => i.path)).toContain('password');
  });

  it('refuses a disabled account', async () => {
    const { id, username } = await server.createUser('viewer');
    const admin = await server.loginAs('admin');
    expect((await admin.patch(`/api/v1/users/${id}`, { disabled: true })).status).toBe(200);
    const response = await server.client().post('/api/v1/auth/login', { username, password: TEST_PASSWORD });
    expect(response.status).toBe(401);
  });
});

describe('sessions', () => {
  it('gives every login a new session id and ignores a planted cookie (no fixation)', async () => {
    const { username } = await server.createUser('viewer');
    const attacker = server.client();
    attacker.cookie = 'parindex_sid=planted-by-attacker';
    expect((await attacker.get('/api/v1/auth/me')).status).toBe(401);
    const victim = server.client();
    victim.cookie = 'parindex_sid=planted-by-attacker';
    await victim.login(username, TEST_PASSWORD);
    expect(victim.cookie).not.toBe('parindex_sid=planted-by-attacker');
    // The planted id did not become a live session.
    expect((await attacker.get('/api/v1/auth/me')).status).toBe(401);

    const second = server.client();
    await second.login(username, TEST_PASSWORD);
    expect(second.cookie).not.toBe(victim.cookie);
    expect(second.csrfToken).not.toBe(victim.csrfToken);
  });

  it('stores only a hash of the session id', async () => {
    const client = await server.loginAs('viewer');
    const token = client.cookie!.split('=')[1]!;
    const rows = await queryRows<{ id_hash: string }>(server.db, sql`select id_hash from sessions`);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.some((r) => r.id_hash === token)).toBe(false);
  });

  it("one session's CSRF token does not work with another session's cookie", async () => {
    const a = await server.loginAs('admin');
    const b = await server.loginAs('admin');
    const mixed = server.client();
    mixed.cookie = a.cookie;
    mixed.csrfToken = b.csrfToken;
    const response = await mixed.post('/api/v1/blocks', { code: 'MIXED', name: 'Mixed' });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('csrf_failed');
  });

  it('logout kills the session for good, and leaves other sessions alive', async () => {
    const { username } = await server.createUser('viewer');
    const a = server.client();
    await a.login(username, TEST_PASSWORD);
    const b = server.client();
    await b.login(username, TEST_PASSWORD);
    const stolenCookie = a.cookie;
    const logout = await a.post('/api/v1/auth/logout');
    expect(logout.status).toBe(204);
    expect(a.cookie).toBeNull();
    const replay = server.client();
    replay.cookie = stolenCookie;
    expect((await replay.get('/api/v1/auth/me')).status).toBe(401);
    expect((await replay.get('/api/v1/units')).status).toBe(401);
    expect((await b.get('/api/v1/auth/me')).status).toBe(200);
  });

  it('logout needs the CSRF token', async () => {
    const client = await server.loginAs('viewer');
    const response = await client.post('/api/v1/auth/logout', undefined, { noCsrf: true });
    expect(response.status).toBe(403);
    expect(response.body.error.code).toBe('csrf_failed');
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);
  });

  it('an expired session is refused', async () => {
    const client = await server.loginAs('viewer');
    await server.db.execute(sql`update sessions set expires_at = now() - interval '1 minute'`);
    expect((await client.get('/api/v1/auth/me')).status).toBe(401);
  });
});

describe('password change', () => {
  it('forces a temporary password to be changed before anything else, then rotates the session', async () => {
    const { username } = await server.createUser('viewer', null, { mustChangePassword: true });
    const client = server.client();
    const login = await client.login(username, TEST_PASSWORD);
    expect(login.body.user.mustChangePassword).toBe(true);
    const blocked = await client.get('/api/v1/units');
    expect(blocked.status).toBe(403);
    expect(blocked.body.error.code).toBe('password_change_required');
    expect((await client.get('/api/v1/auth/me')).status).toBe(200);

    const short = await client.post('/api/v1/auth/change-password', { currentPassword: TEST_PASSWORD, newPassword: 'short' });
    expect(short.status).toBe(400);
    expect(short.body.error.details.issues[0].path).toBe('newPassword');
    const same = await client.post('/api/v1/auth/change-password', { currentPassword: TEST_PASSWORD, newPassword: TEST_PASSWORD });
    expect(same.status).toBe(400);
    const wrong = await client.post('/api/v1/auth/change-password', { currentPassword: 'not-it-at-all', newPassword: 'a-new-password-1' });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details.issues[0].path).toBe('currentPassword');

    const oldCookie = client.cookie;
    const changed = await client.post('/api/v1/auth/change-password', { currentPassword: TEST_PASSWORD, newPassword: 'a-new-password-1' });
    expect(changed.status).toBe(200);
    expect(changed.body.user.mustChangePassword).toBe(false);
    expect(client.cookie).not.toBe(oldCookie);
    expect((await client.get('/api/v1/units')).status).toBe(200);
    const stale = server.client();
    stale.cookie = oldCookie;
    expect((await stale.get('/api/v1/auth/me')).status).toBe(401);
    expect((await server.client().post('/api/v1/auth/login', { username, password: TEST_PASSWORD })).status).toBe(401);
    await server.client().login(username, 'a-new-password-1');
  });

  it('an admin reset gives a temporary password and ends the user’s sessions', async () => {
    const { id, username } = await server.createUser('viewer');
    const user = server.client();
    await user.login(username, TEST_PASSWORD);
    const admin = await server.loginAs('admin');
    const reset = await admin.post(`/api/v1/users/${id}/reset-password`);
    expect(reset.status).toBe(200);
    expect(reset.body.temporaryPassword).toMatch(/^[A-Za-z0-9]{7}-[A-Za-z0-9]{7}$/);
    expect((await user.get('/api/v1/auth/me')).status).toBe(401);
    const again = server.client();
    const login = await again.login(username, reset.body.temporaryPassword);
    expect(login.body.user.mustChangePassword).toBe(true);
  });
});

describe('login rate limit', () => {
  it(`locks an account after ${MAX_FAILURES_PER_ACCOUNT} failures, even for the right password, and says when to retry`, async () => {
    const { username } = await server.createUser('viewer');
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT; i++) {
      expect((await server.client().post('/api/v1/auth/login', { username, password: `wrong-${i}` })).status).toBe(401);
    }
    const locked = await server.client().post('/api/v1/auth/login', { username, password: TEST_PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.body.error.code).toBe('rate_limited');
    expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(800);
    // Another account from the same address is not affected.
    const other = await server.createUser('viewer');
    await server.client().login(other.username, TEST_PASSWORD);
  });

  it('a success clears the account count', async () => {
    const { username } = await server.createUser('viewer');
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) {
      await server.client().post('/api/v1/auth/login', { username, password: `wrong-${i}` });
    }
    await server.client().login(username, TEST_PASSWORD);
    for (let i = 0; i < MAX_FAILURES_PER_ACCOUNT - 1; i++) {
      expect((await server.client().post('/api/v1/auth/login', { username, password: `wrong-${i}` })).status).toBe(401);
    }
    await server.client().login(username, TEST_PASSWORD);
  });
});

describe('login rate limit per address', () => {
  let own: TestServer;
  beforeAll(async () => {
    own = await startTestServer();
  });
  afterAll(() => own?.close());

  it(`blocks an address after ${MAX_FAILURES_PER_IP} failures across accounts; a success does not reset it`, async () => {
    const good = await own.createUser('viewer');
    for (let i = 0; i < MAX_FAILURES_PER_IP - 1; i++) {
      expect((await own.client().post('/api/v1/auth/login', { username: `guess${i}`, password: 'password-guess' })).status).toBe(401);
    }
    await own.client().login(good.username, TEST_PASSWORD);
    expect((await own.client().post('/api/v1/auth/login', { username: 'guess-last', password: 'password-guess' })).status).toBe(401);
    const blocked = await own.client().post('/api/v1/auth/login', { username: good.username, password: TEST_PASSWORD });
    expect(blocked.status).toBe(429);
  });
});

describe('role names for messages', () => {
  it('every role has a Vietnamese and an English name; other values stay as they are', () => {
    for (const role of ROLES) {
      expect(ROLE_NAMES.vi[role], role).toMatch(/\S/);
      expect(ROLE_NAMES.en[role], role).toMatch(/\S/);
      expect(ROLE_NAMES.vi[role]).not.toBe(role);
    }
    expect(roleName('unit_officer', 'vi')).toBe('cán bộ đơn vị');
    expect(roleName('unit_officer', 'en')).toBe('unit officer');
    expect(roleName('system', 'vi')).toBe('system');
    expect(roleName('toString', 'vi')).toBe('toString');
  });
});
