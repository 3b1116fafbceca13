import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('has defaults that run the product with nothing set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 7400, databaseUrl: undefined, demo: false, embeddedPgPort: 7432 });
    expect(config.session).toEqual({ idleTimeoutSeconds: 7200, absoluteTimeoutSeconds: 43_200 });
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
