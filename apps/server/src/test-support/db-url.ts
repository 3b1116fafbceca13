/** The role test servers run as (db/roles.ts): granted on every test database by the template. */
export const TEST_SERVER_ROLE = 'hms_test_server';
export const TEST_SERVER_PASSWORD = 'hms-test-server';

/** The same database, as the test server role. */
export function asTestServerRole(url: string): string {
  const parsed = new URL(url);
  parsed.username = TEST_SERVER_ROLE;
  parsed.password = TEST_SERVER_PASSWORD;
  return parsed.toString();
}

/** The same server URL, another database. */
export function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}
