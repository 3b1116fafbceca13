import { describe, expect, it } from 'vitest';
import { CACHE_MIGRATIONS, HOST_DESKS } from '../desks.js';
import { WORKSTATION_MIGRATIONS, cacheMigrations } from './migrations.js';

describe('cache migrations', () => {
  it('runs the workstation\'s and every desk\'s migrations in one sequence, each desk\'s among them', () => {
    expect(CACHE_MIGRATIONS.map((migration) => migration.version)).toEqual(CACHE_MIGRATIONS.map((_, index) => index + 1));
    for (const desk of Object.values(HOST_DESKS)) {
      for (const migration of desk.cacheMigrations) expect(CACHE_MIGRATIONS).toContain(migration);
    }
    expect(CACHE_MIGRATIONS.slice(0, WORKSTATION_MIGRATIONS.length)).toEqual(WORKSTATION_MIGRATIONS);
  });

  it('refuses two migrations with one number, or a gap, naming the one out of place', () => {
    const next = { version: 3, name: 'a desk table', sql: 'create table t (x text);' };
    expect(() => cacheMigrations([WORKSTATION_MIGRATIONS, [next], [{ ...next, name: 'another desk table' }]])).toThrow(/another desk table|a desk table/);
    expect(() => cacheMigrations([WORKSTATION_MIGRATIONS, [{ ...next, version: 4 }]])).toThrow(/expected number 3/);
  });
});
