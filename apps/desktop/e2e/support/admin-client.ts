import WebSocket from 'ws';

/** Signs in to the server as the demo admin and announces `message` to every workstation. */
export async function announce(serverUrl: string, password: string, message: string, severity: 'info' | 'warning' = 'info'): Promise<void> {
  await callAs(serverUrl, 'admin', password, 'system.announce', { message, severity });
}

/** One call of the server's protocol as a demo user, on its own connection (another desk). */
export async function callAs(serverUrl: string, username: string, password: string, method: string, params: unknown): Promise<unknown> {
  const socket = new WebSocket(`${serverUrl.replace(/^http/, 'ws')}/ws`);
  await new Promise<void>((resolve, reject) => socket.once('open', () => resolve()).once('error', reject));
  const replies = new Map<number, (frame: { result?: unknown; error?: { message: string } }) => void>();
  socket.on('message', (data) => {
    const frame = JSON.parse(String(data)) as { id?: number; result?: unknown; error?: { message: string } };
    if (typeof frame.id === 'number') replies.get(frame.id)?.(frame);
  });
  const call = (id: number, method: string, params: unknown) =>
    new Promise<unknown>((resolve, reject) => {
      replies.set(id, (frame) => (frame.error === undefined ? resolve(frame.result) : reject(new Error(frame.error.message))));
      socket.send(JSON.stringify({ id, method, params }));
    });
  try {
    await call(1, 'auth.login', { username, password });
    return await call(2, method, params);
  } finally {
    socket.close();
  }
}
