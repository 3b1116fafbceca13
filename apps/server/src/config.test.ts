import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults that run the product with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 7400, databaseUrl: undefined, demo: false, embeddedPgPort: 7432 });
    expect(config.session).toEqual({ idleTimeoutSeconds: 7200, absoluteTimeoutSeconds: 43_200 });
  });

  it('reads the sign-in and socket policy, with the defaults the README gives', () => {
    expect(loadConfig({})).toMatchObject({
      loginThrottle: {
        account: { maxFailures: 5, windowSeconds: 900, lockoutSeconds: 900 },
        address: { freeFailures: 10, failuresPerUsername: 3, firstDelaySeconds: 1, maxDelaySeconds: 60, windowSeconds: 900 },
      },
      sockets: { signInDeadlineMs: 30_000, maxUnauthenticatedPerAddress: 50 },
    });
    const set = loadConfig({ HMS_LOGIN_LOCK_AFTER_FAILURES: '8', HMS_LOGIN_LOCK_MINUTES: '30', HMS_SIGN_IN_DEADLINE_SECONDS: '60', HMS_UNAUTHENTICATED_SOCKETS_PER_ADDRESS: '200' });
    expect(set.loginThrottle.account).toEqual({ maxFailures: 8, windowSeconds: 900, lockoutSeconds: 1800 });
    expect(set.sockets).toEqual({ signInDeadlineMs: 60_000, maxUnauthenticatedPerAddress: 200 });
    expect(() => loadConfig({ HMS_SIGN_IN_DEADLINE_SECONDS: '1' })).toThrow(/HMS_SIGN_IN_DEADLINE_SECONDS/);
  });

  it('treats empty variables as unset and reads flags', () => {
    expect(loadConfig({ DATABASE_URL: '', HMS_DEMO: '1' })).toMatchObject({ databaseUrl: undefined, demo: true });
    expect(loadConfig({ HMS_DEMO: 'false' }).demo).toBe(false);
  });

  it('names every bad variable', () => {
    expect(() => loadConfig({ HMS_PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(ConfigError);
    expect(() => loadConfig({ HMS_PORT: 'eighty', DATABASE_URL: 'not a url' })).toThrow(/HMS_PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*HMS_PORT/);
  });
});
