import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOGIN_WINDOW_MINUTES, MAX_FAILURES_PER_ACCOUNT, MAX_FAILURES_PER_IP } from '../../src/modules/auth/service.js';
import { startTestServer, TEST_PASSWORD, type TestServer } from '../helpers/server.js';

/**
 * Finding 4 of issue 9: the login limits must hold when the guesses arrive in parallel, i.e. while the ~40 ms
 * password hashes of earlier guesses are still running. TRUST_PROXY lets each test speak from its own address.
 */
let server: TestServer;

beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: 'true' });
});
afterAll(() => server?.close());

function attempt(username: string, password: string, address: string) {
  return server.client().request('POST', '/api/v1/auth/login', {
    json: { username, password },
    headers: { 'x-forwarded-for': address },
  });
}

describe('parallel login guesses', () => {
  it(`120 parallel wrong guesses at one account get ${MAX_FAILURES_PER_ACCOUNT} answers 401, the rest 429; the right password sent among them does not get in`, async () => {
    const { username } = await server.createUser('viewer');
    const address = '198.51.100.10';
    let firstRefusal!: () => void;
    const refused = new Promise<void>((resolve) => (firstRefusal = resolve));
    const guesses = Array.from({ length: 120 }, (_, i) =>
      attempt(username, `wrong-guess-${i}`, address).then((response) => {
        if (response.status === 429) firstRefusal();
        return response;
      }),
    );
    // The right password is sent as soon as the lock shows, while the other guesses are still in flight
    // (or, if no guess is ever refused, once they have all been answered).
    const right = Promise.race([refused, Promise.all(guesses)]).then(() => attempt(username, TEST_PASSWORD, address));
    const answers = await Promise.all(guesses);
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILURES_PER_ACCOUNT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(120 - MAX_FAILURES_PER_ACCOUNT);
    const refusal = answers.find((a) => a.status === 429)!;
    expect(refusal.body.error.code).toBe('rate_limited');
    expect(Number(refusal.headers.get('retry-after'))).toBeGreaterThan(LOGIN_WINDOW_MINUTES * 60 - 60);

    const rightAnswer = await right;
    expect(rightAnswer.status).toBe(429);
    expect(rightAnswer.headers.getSetCookie()).toEqual([]);
    // Still locked afterwards, from another address too.
    expect((await attempt(username, TEST_PASSWORD, '198.51.100.11')).status).toBe(429);
  });

  it(`60 parallel guesses at different accounts from one address get at most ${MAX_FAILURES_PER_IP} answers 401`, async () => {
    const address = '198.51.100.30';
    const good = await server.createUser('viewer');
    const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => attempt(`nobody-${i}`, 'password-guess', address)));
    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(MAX_FAILURES_PER_IP);
    expect(statuses.filter((s) => s === 429)).toHaveLength(60 - MAX_FAILURES_PER_IP);
    // The address stays blocked, even for a valid account; another address is not affected.
    expect((await attempt(good.username, TEST_PASSWORD, address)).status).toBe(429);
    expect((await attempt(good.username, TEST_PASSWORD, '198.51.100.31')).status).toBe(200);
  });
});
