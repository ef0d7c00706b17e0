import { describe, expect, it } from 'vitest';
import { SESSION_CACHE_MS, SessionCache } from '../../src/modules/auth/session-cache.js';

const entry = (userId: number, cachedAt: number) => ({ value: `session of ${userId}`, cachedAt, lastSeenAt: cachedAt, userId });

describe('session cache', () => {
  it('answers within its time to live and forgets afterwards', () => {
    const cache = new SessionCache<string>();
    cache.set('a', entry(1, 1_000));
    expect(cache.get('a', 1_000 + SESSION_CACHE_MS - 1)?.value).toBe('session of 1');
    expect(cache.get('a', 1_000 + SESSION_CACHE_MS)).toBeNull();
    // Gone for good once expired, even when asked with an earlier clock.
    expect(cache.get('a', 1_000)).toBeNull();
  });

  it('forgets one session, or every session of a user', () => {
    const cache = new SessionCache<string>();
    cache.set('a', entry(1, 0));
    cache.set('b', entry(1, 0));
    cache.set('c', entry(2, 0));
    cache.forget('a');
    expect(cache.get('a', 1)).toBeNull();
    expect(cache.get('b', 1)).not.toBeNull();
    cache.forgetUser(1);
    expect(cache.get('b', 1)).toBeNull();
    expect(cache.get('c', 1)?.value).toBe('session of 2');
  });

  it('keeps at most 10,000 entries, dropping the oldest first', () => {
    const cache = new SessionCache<string>();
    for (let i = 0; i <= 10_000; i++) cache.set(`k${i}`, entry(i, 0));
    expect(cache.get('k0', 1)).toBeNull();
    expect(cache.get('k1', 1)?.value).toBe('session of 1');
    expect(cache.get('k10000', 1)?.value).toBe('session of 10000');
  });
});
