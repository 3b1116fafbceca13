import { createTestUser } from '../test-support/users.js';
import { benchDatabase } from './bench-db.js';
import { runClosedLoop } from './load.js';
import type { Benchmark } from './benchmark.js';
import { startServerProcess } from '../test-support/server-process.js';
import { TestClient } from '../test-support/test-client.js';

/**
 * A workstation reconnecting and working: `auth.resume` then one trivial authenticated call
 * (`system.ping`), over 200 concurrent sockets. Each pair is one timed iteration.
 */
export const authResumeBenchmark: Benchmark = {
  name: 'auth-resume',
  async run(options) {
    const database = await benchDatabase('hms_bench_auth', { fresh: true });
    const user = await createTestUser(database.db, 'bench.nurse', ['nurse']);
    await database.close();
    const server = await startServerProcess({ DATABASE_URL: database.url });
    try {
      const login = await TestClient.connect(server.wsUrl);
      const { token } = await login.signIn(user.username, user.password, 'bench');
      await login.close();
      const result = await runClosedLoop({
        url: server.wsUrl,
        connections: 200,
        warmupMs: options.quick ? 500 : 2_000,
        durationMs: options.quick ? 2_000 : 10_000,
        iteration: async (client) => {
          await client.call('auth.resume', { token });
          await client.call('system.ping', {});
        },
      });
      return { unit: 'auth.resume + system.ping round trips', ...result };
    } finally {
      await server.stop();
    }
  },
};
