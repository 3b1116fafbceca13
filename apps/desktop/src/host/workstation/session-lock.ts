/** Checks a password typed at the lock screen against the one given at sign-in. */
export type PasswordAttempt = (password: string) => Promise<boolean>;

/**
 * How this runtime checks an unlock: the Node platform keeps a salted scrypt verifier in
 * memory (so the screen unlocks offline too); the browser asks the server again.
 */
export interface PasswordCheck {
  /** At sign-in: keeps what is needed to check the same password later. */
  arm(password: string): Promise<PasswordAttempt>;
}

/**
 * Idle lock without the server: armed at sign-in, the screen unlocks with the same password.
 * Too many wrong tries end the session.
 */
export class SessionLock {
  private attempt: PasswordAttempt | undefined;
  private failures = 0;
  private lockedValue = false;
  private readonly check: PasswordCheck;
  readonly maxFailures: number;

  constructor(check: PasswordCheck, maxFailures = 5) {
    this.check = check;
    this.maxFailures = maxFailures;
  }

  get locked(): boolean {
    return this.lockedValue;
  }

  async arm(password: string): Promise<void> {
    this.attempt = await this.check.arm(password);
    this.failures = 0;
    this.lockedValue = false;
  }

  lock(): void {
    if (this.attempt !== undefined) this.lockedValue = true;
  }

  /** 'unlocked', 'wrong' (try again), or 'exhausted' (sign the user out). */
  async unlock(password: string): Promise<'unlocked' | 'wrong' | 'exhausted'> {
    if (this.attempt === undefined) return 'exhausted';
    if (await this.attempt(password)) {
      this.failures = 0;
      this.lockedValue = false;
      return 'unlocked';
    }
    this.failures += 1;
    return this.failures >= this.maxFailures ? 'exhausted' : 'wrong';
  }

  clear(): void {
    this.attempt = undefined;
    this.failures = 0;
    this.lockedValue = false;
  }
}

/**
 * For a runtime with no safe place for a verifier (the browser): unlocking signs the same user
 * in again, so the server checks the password (a wrong one is its UNAUTHENTICATED, as typed).
 */
export function serverPasswordCheck(signInAgain: (password: string) => Promise<void>): PasswordCheck {
  return {
    arm: async () => async (password) => {
      await signInAgain(password);
      return true;
    },
  };
}
