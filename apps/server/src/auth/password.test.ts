import { describe, expect, it } from 'vitest';
import { hashPassword, verifyPassword } from './password.js';

describe('password hashing', () => {
  it('verifies the right password only, with a fresh salt each time', async () => {
    const [a, b] = await Promise.all([hashPassword('Sister Mary 2026!'), hashPassword('Sister Mary 2026!')]);
    expect(a).not.toBe(b);
    expect(a).toMatch(/^scrypt\$15\$8\$1\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+$/);
    expect(await verifyPassword('Sister Mary 2026!', a)).toBe(true);
    expect(await verifyPassword('sister mary 2026!', a)).toBe(false);
  });

  it('treats the same text in different Unicode forms as the same password', async () => {
    const composed = 'Zoë passphrase';
    const decomposed = 'Zoe\u0308 passphrase';
    expect(await verifyPassword(decomposed, await hashPassword(composed))).toBe(true);
  });

  it('rejects malformed stored hashes instead of throwing', async () => {
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
    expect(await verifyPassword('x', 'scrypt$a$b$c$d$e')).toBe(false);
  });
});
