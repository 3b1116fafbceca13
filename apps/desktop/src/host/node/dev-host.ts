#!/usr/bin/env node
// The dev/test host: the same host as in Electron, as a plain Node process, with the renderer
// served to an ordinary browser over loopback. For developers without an Electron binary, and
// for the Playwright suite.
//
//   node apps/desktop/dist/host/node/dev-host.js --server http://127.0.0.1:7400 [--data-dir DIR]
//        [--port N] [--workstation ID] [--renderer DIR]
//
// It prints one line of JSON ({"url": ...}) on stdout when ready; logs go to stderr.
import { hostname, homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createNodeHost } from './create-host.js';
import { startLoopbackServer } from './loopback/loopback-server.js';

const here = dirname(fileURLToPath(import.meta.url));

function workstationIdFromHostname(): string {
  return hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 64) || 'workstation';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      server: { type: 'string', default: process.env.HMS_SERVER_URL ?? 'http://127.0.0.1:7400' },
      'data-dir': { type: 'string', default: process.env.HMS_DESKTOP_DATA_DIR ?? join(homedir(), '.hms-workstation-dev') },
      port: { type: 'string', default: process.env.HMS_DEV_HOST_PORT ?? '0' },
      workstation: { type: 'string', default: process.env.HMS_WORKSTATION_ID ?? workstationIdFromHostname() },
      renderer: { type: 'string', default: process.env.HMS_RENDERER_DIR ?? resolve(here, '..', '..', 'renderer') },
      'lp-command': { type: 'string' },
    },
  });
  const host = createNodeHost({
    dataDir: resolve(values['data-dir']),
    defaults: { serverUrl: values.server, workstationId: values.workstation },
    version: process.env.npm_package_version ?? '0.1.0',
    ...(values['lp-command'] === undefined ? {} : { lpCommand: values['lp-command'] }),
  });
  await host.start();
  const loopback = await startLoopbackServer({ host, rendererDir: resolve(values.renderer), port: Number(values.port) });
  process.stdout.write(`${JSON.stringify({ url: loopback.url, port: loopback.port, dataDir: resolve(values['data-dir']) })}\n`);
  process.stderr.write(`HMS dev host: open ${loopback.url}\n  server ${host.settings.get().serverUrl}, cache in ${host.cache?.file ?? 'none'}\n`);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await loopback.close();
    await host.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`HMS dev host could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
