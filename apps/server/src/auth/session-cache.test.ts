import { describe, expect, it } from 'vitest';
import { SessionCache } from './session-cache.js';

describe('SessionCache', () => {
  it('keeps an entry for its time to live only', () => {
    const cache = new SessionCache<{ userId: string }>(5_000);
    cache.set('s1', { userId: 'u1' }, 1_000);
    expect(cache.get('s1', 5_999)).toEqual({ userId: 'u1' });
    expect(cache.get('s1', 6_000)).toBeUndefined();
  });

  it('forgets a session, every session of a user, or everything', () => {
    const cache = new SessionCache<{ userId: string }>(60_000);
    cache.set('s1', { userId: 'u1' }, 0);
    cache.set('s2', { userId: 'u1' }, 0);
    cache.set('s3', { userId: 'u2' }, 0);
    cache.invalidate('session:s3');
    expect(cache.get('s3', 1)).toBeUndefined();
    cache.invalidate('user:u1');
    expect([cache.get('s1', 1), cache.get('s2', 1)]).toEqual([undefined, undefined]);
    cache.set('s4', { userId: 'u3' }, 0);
    cache.invalidate('???');
    expect(cache.get('s4', 1)).toBeUndefined();
  });

  it('does not trust an entry when the clock went backwards', () => {
    const cache = new SessionCache<{ userId: string }>(5_000);
    cache.set('s1', { userId: 'u1' }, 10_000);
    expect(cache.get('s1', 9_000)).toBeUndefined();
  });
});
