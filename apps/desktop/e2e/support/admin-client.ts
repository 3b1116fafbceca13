import type { MethodName, ParamsIn, Result } from '@hms/core';
import { TestClient } from '@hms/server/test-support';

/** Signs in to the server as the demo admin and announces `message` to every workstation. */
export async function announce(serverUrl: string, password: string, message: string, severity: 'info' | 'warning' = 'info'): Promise<void> {
  await callAs(serverUrl, 'admin', password, 'system.announce', { message, severity });
}

/** One call of the server's protocol as a demo user, on its own connection (another desk, signed in with `workstationId` if given). */
export async function callAs<M extends MethodName>(
  serverUrl: string, username: string, password: string, method: M, params: ParamsIn<M>, workstationId?: string,
): Promise<Result<M>> {
  const client = await TestClient.connect(`${serverUrl.replace(/^http/, 'ws')}/ws`);
  try {
    await client.signIn(username, password, workstationId);
    return await client.call(method, params);
  } finally {
    await client.close();
  }
}
