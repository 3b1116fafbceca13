import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

const KEY_LENGTH = 32;
/** Cheap enough to answer at once, costly enough that the verifier in memory is no gift. */
const COST = { N: 2 ** 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };

function derive(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, COST, (error, key) => (error === null ? resolve(key) : reject(error)));
  });
}

/**
 * Idle lock without the server: at sign-in the host keeps a salted scrypt verifier of the
 * password (in memory only, never on disk), so the screen unlocks offline too. Too many
 * wrong tries end the session.
 */
export class SessionLock {
  private verifier: { salt: Buffer; key: Buffer } | undefined;
  private failures = 0;
  private lockedValue = false;
  readonly maxFailures: number;

  constructor(maxFailures = 5) {
    this.maxFailures = maxFailures;
  }

  get locked(): boolean {
    return this.lockedValue;
  }

  async arm(password: string): Promise<void> {
    const salt = randomBytes(16);
    this.verifier = { salt, key: await derive(password, salt) };
    this.failures = 0;
    this.lockedValue = false;
  }

  lock(): void {
    if (this.verifier !== undefined) this.lockedValue = true;
  }

  /** 'unlocked', 'wrong' (try again), or 'exhausted' (sign the user out). */
  async unlock(password: string): Promise<'unlocked' | 'wrong' | 'exhausted'> {
    if (this.verifier === undefined) return 'exhausted';
    const key = await derive(password, this.verifier.salt);
    if (timingSafeEqual(key, this.verifier.key)) {
      this.failures = 0;
      this.lockedValue = false;
      return 'unlocked';
    }
    this.failures += 1;
    return this.failures >= this.maxFailures ? 'exhausted' : 'wrong';
  }

  clear(): void {
    this.verifier = undefined;
    this.failures = 0;
    this.lockedValue = false;
  }
}
