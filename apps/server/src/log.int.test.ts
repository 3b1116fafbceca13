import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from './log.js';
import { createTestDatabase } from './test-support/index.js';
import type { TestDatabase } from './test-support/index.js';

let database: TestDatabase;
beforeAll(async () => {
  database = await createTestDatabase();
});
afterAll(async () => {
  await database.drop();
});

function capturedLogger() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString('utf8'));
      done();
    },
  });
  return { log: createLogger('info', sink), text: () => lines.join('') };
}

async function failure(work: () => Promise<unknown>): Promise<unknown> {
  try {
    await work();
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

describe('database errors in the log', () => {
  it('carry the code and constraint, never the value, the JSON being parsed or the statement', async () => {
    const { db } = database;
    await db.raw('create table log_probe (id int primary key, name text unique, address jsonb)');
    await db('log_probe').insert({ id: 1, name: 'Wanjiru Kamau' });
    // What PostgreSQL says about these: the duplicate's value (detail), the JSON text (where),
    // and knex puts the statement with its bindings in the message.
    const duplicate = await failure(() => db('log_probe').insert({ id: 2, name: 'Wanjiru Kamau' }));
    const badJson = await failure(() => db('log_probe').insert({ id: 3, name: 'Chiku Njeri', address: JSON.stringify({ line1: 'Chiku Njeri\u0000 Ngong Road 0722555010' }) }));
    const badUuid = await failure(() => db.raw('select ?::uuid', ['National ID 22334455']));
    expect(JSON.stringify(duplicate) + String((duplicate as Error).message)).toContain('Wanjiru Kamau');
    expect(String((badJson as { where?: string }).where)).toContain('Chiku Njeri');

    const { log, text } = capturedLogger();
    log.error({ err: duplicate, method: 'patients.register' }, 'request failed');
    log.error({ err: badJson }, 'request failed');
    log.warn({ err: new Error('wrapped', { cause: badUuid }) }, 'housekeeping failed');
    const written = text();
    for (const secret of ['Wanjiru', 'Kamau', 'Chiku', 'Njeri', 'Ngong', '0722555010', '22334455', 'insert into', 'log_probe_name_key (name)']) {
      expect(written).not.toContain(secret);
    }
    const [first, second, third] = written.trim().split('\n').map((line) => JSON.parse(line) as { err: Record<string, unknown> });
    expect(first!.err).toMatchObject({ type: 'DatabaseError', code: '23505', constraint: 'log_probe_name_key', table: 'log_probe' });
    expect(second!.err).toMatchObject({ type: 'DatabaseError', code: '22P05' });
    expect(third!.err).toMatchObject({ message: 'wrapped', cause: { type: 'DatabaseError', code: '22P02' } });
    expect(String(first!.err.stack)).toMatch(/^\s+at /);
  });
});
