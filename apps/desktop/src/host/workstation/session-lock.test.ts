import { describe, expect, it } from 'vitest';
import { scryptPasswordCheck } from '../node/scrypt-password-check.js';
import { SessionLock } from './session-lock.js';

describe('SessionLock', () => {
  it('locks only once armed, unlocks with the same password, and gives up after too many wrong ones', async () => {
    const lock = new SessionLock(scryptPasswordCheck, 3);
    lock.lock();
    expect(lock.locked).toBe(false);
    await lock.arm('Correct-Horse-7');
    lock.lock();
    expect(lock.locked).toBe(true);
    expect(await lock.unlock('correct-horse-7')).toBe('wrong');
    expect(await lock.unlock('Correct-Horse-7')).toBe('unlocked');
    expect(lock.locked).toBe(false);
    lock.lock();
    expect(await lock.unlock('a')).toBe('wrong');
    expect(await lock.unlock('b')).toBe('wrong');
    expect(await lock.unlock('c')).toBe('exhausted');
  });

  it('treats the same password in another Unicode form as the same', async () => {
    const lock = new SessionLock(scryptPasswordCheck);
    await lock.arm('Jos\u00e9-2026!');
    lock.lock();
    expect(await lock.unlock('Jose\u0301-2026!')).toBe('unlocked');
  });

  it('forgets the verifier on clear', async () => {
    const lock = new SessionLock(scryptPasswordCheck);
    await lock.arm('secret-password');
    lock.clear();
    lock.lock();
    expect(lock.locked).toBe(false);
    expect(await lock.unlock('secret-password')).toBe('exhausted');
  });
});
