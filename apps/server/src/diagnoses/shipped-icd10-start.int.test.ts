import type { Result } from '@hms/core';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient, createTestDatabase, createTestUser, startServerProcess } from '../test-support/index.js';
import type { ServerProcess, TestDatabase } from '../test-support/index.js';

let database: TestDatabase | undefined;
let server: ServerProcess | undefined;

afterAll(async () => {
  await server?.stop();
  await database?.drop();
});

describe('a server\'s first start on a database without an ICD-10-CM list', () => {
  it('loads the shipped FY2026 list behind the running server, once', async () => {
    database = await createTestDatabase();
    const user = await createTestUser(database.db, 'first.start.doctor', ['doctor']);
    server = await startServerProcess({ DATABASE_URL: database.url, HMS_AUDIT_KEY_FILE: database.auditKeyFile });
    const client = await TestClient.connect(server.wsUrl);
    try {
      await client.signIn(user.username, user.password);
      // The server answers before the list is in: UNAVAILABLE until then, never an empty answer.
      let found: Result<'diagnoses.search'> | undefined;
      for (let tries = 0; found === undefined && tries < 600; tries += 1) {
        try {
          found = await client.call('diagnoses.search', { query: 'J18.9' });
        } catch (error) {
          expect((error as { code?: string }).code).toBe('UNAVAILABLE');
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      }
      expect(found).toMatchObject({ release: { label: 'ICD-10-CM FY2026 (CMS/NCHS)' }, items: [{ code: 'J18.9', description: 'Pneumonia, unspecified organism' }] });
      expect(await database.db('icd10_releases').select('loaded_by', 'code_count')).toEqual([{ loaded_by: 'server', code_count: 98_186 }]);
    } finally {
      await client.close();
    }
    // A server process's start and 98,000 rows: more than the default budget on a busy machine.
  }, 90_000);
});
