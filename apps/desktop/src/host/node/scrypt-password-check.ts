import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { PasswordCheck } from '../workstation/session-lock.js';

const KEY_LENGTH = 32;
/** Cheap enough to answer at once, costly enough that the verifier in memory is no gift. */
const COST = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, COST, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

/** A salted scrypt verifier of the sign-in password, in memory only (never on disk): unlocks offline. */
export const scryptPasswordCheck: PasswordCheck = {
  async arm(password) {
    const salt = randomBytes(16);
    const key = await derive(password, salt);
    return async (attempt) => timingSafeEqual(await derive(attempt, salt), key);
  },
};
