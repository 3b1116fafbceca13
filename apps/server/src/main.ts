#!/usr/bin/env node
// Composition root of the LAN server: configuration, database (embedded or external),
// migrations, demo data, the HTTP + WebSocket server, and an orderly shutdown.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';
import type { Knex } from 'knex';
import { startApp } from './app.js';
import { auditKeyExposed, loadOrCreateAuditKey } from './audit/index.js';
import type { AuditKey } from './audit/index.js';
import { systemClock } from './clock.js';
import { ConfigError, loadConfig } from './config.js';
import { EmbeddedStartError } from './db/embedded.js';
import { openDatabase } from './db/open.js';
import { prepareSchema } from './db/prepare-schema.js';
import { demoPassword } from './demo/demo-password.js';
import { seedDemo } from './demo/seed-demo.js';
import { loadShippedIcd10 } from './diagnoses/index.js';
import { createStaticFiles } from './http/static-files.js';
import { createLogger } from './log.js';

/** Start-up failed: one sentence on standard error (its cause on a second line), no stack. */
function failStart(error: unknown): never {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`HMS server could not start: ${error instanceof Error ? error.message : String(error)}\n`);
  const cause = error instanceof Error && !(error instanceof EmbeddedStartError) ? error.cause : undefined;
  if (cause !== undefined) process.stderr.write(`  cause: ${cause instanceof Error ? cause.message : String(cause)}\n`);
  process.exit(1);
}

// Until the server is up, anything thrown anywhere (an 'error' event nobody listened to) is a
// failed start; main() replaces these with the running server's handlers.
const onStartFailure = (error: unknown) => failStart(error);
process.on('uncaughtException', onStartFailure);
process.on('unhandledRejection', onStartFailure);

async function main(): Promise<void> {
  const config = loadConfig();
  const log = createLogger(config.logLevel);
  const database = await openDatabase(config, log);
  let app: Awaited<ReturnType<typeof startApp>> | undefined;
  const backgroundWork = new AbortController();
  let stopping = false;
  const shutdown = async (reason: string, code: number) => {
    if (stopping) return;
    stopping = true;
    log.info({ reason }, 'shutting down');
    backgroundWork.abort();
    try {
      await app?.stop();
      await database.close();
      log.info('stopped');
    } catch (error) {
      log.error({ err: error }, 'shutdown failed');
      code = code || 1;
    }
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
  process.off('uncaughtException', onStartFailure);
  process.off('unhandledRejection', onStartFailure);
  process.on('uncaughtException', (error) => {
    log.fatal({ err: error }, 'uncaught exception');
    void shutdown('uncaughtException', 1);
  });
  process.on('unhandledRejection', (error) => {
    log.fatal({ err: error }, 'unhandled rejection');
    void shutdown('unhandledRejection', 1);
  });

  try {
    const report = await prepareSchema(database, log);
    log.info({ applied: report.applied, current: report.current }, 'database schema is current');
    const auditKey = await loadOrCreateAuditKey(config.audit.keyFile);
    if (await auditKeyExposed(config.audit.keyFile)) log.warn({ file: config.audit.keyFile }, 'the audit key file is readable by other users: chmod 600 it');
    const demo = config.demo ? await seedDemoMode(database.db, auditKey, config.demoPassword, config.dataDir) : undefined;
    app = await startApp(
      {
        db: database.db,
        databaseUrl: database.url,
        clock: systemClock,
        log,
        sessions: config.session,
        loginThrottle: config.loginThrottle,
        sockets: config.sockets,
        fallback: staticRoutes(config.rendererDir, config.updatesDir),
        auditKey,
        auditCheckpoints: { file: config.audit.checkpointFile, intervalMs: config.audit.checkpointIntervalMs },
        chargeCaptureIntervalMs: 2_000,
      },
      config.host,
      config.port,
    );
    printBanner(app.port, config.host, database.embedded ? config.dataDir : undefined, demo);
    // Once per database, behind the running server: diagnoses.search answers UNAVAILABLE until it is in.
    loadShippedIcd10(database.db, auditKey, () => systemClock.now(), backgroundWork.signal).then(
      (outcome) => {
        if (outcome === 'loaded') log.info('loaded the shipped ICD-10-CM FY2026 list');
      },
      (error: unknown) => {
        if (!backgroundWork.signal.aborted) log.error({ err: error }, 'could not load the shipped ICD-10-CM list: load one with hms reference import icd10');
      },
    );
  } catch (error) {
    await database.close().catch(() => undefined);
    throw error;
  }
}

/**
 * Workstation updates (electron-updater's generic provider: latest.yml and installers) under
 * /updates/desktop/, and the browser workstation (the desktop app's renderer) at /.
 */
function staticRoutes(rendererDir: string, updatesDir: string) {
  const updates = createStaticFiles({ root: updatesDir, mountPath: '/updates/desktop', spaFallback: false });
  const renderer = createStaticFiles({ root: rendererDir });
  return async (request: IncomingMessage, response: ServerResponse) => (await updates(request, response)) || renderer(request, response);
}

async function seedDemoMode(db: Knex, auditKey: AuditKey, configured: string | undefined, dataDir: string) {
  const password = await demoPassword(configured, dataDir);
  const seeded = await seedDemo(db, { password, now: systemClock.now(), auditKey });
  return { password, usernames: seeded.usernames };
}

function printBanner(port: number, host: string, embeddedDataDir: string | undefined, demo: { password: string; usernames: string[] } | undefined): void {
  const hosts = host === '0.0.0.0' || host === '::' ? lanAddresses() : [host];
  const lines = [
    '',
    'HMS server is running.',
    ...hosts.map((address) => `  Workstations connect to: http://${address}:${port}  (WebSocket ws://${address}:${port}/ws)`),
    ...hosts.map((address) => `  Browser workstation: http://${address}:${port}/`),
    `  Health: http://127.0.0.1:${port}/health   Metrics: http://127.0.0.1:${port}/metrics`,
    `  Database: ${embeddedDataDir !== undefined ? `embedded PostgreSQL, data in ${embeddedDataDir} (HMS_DATA_DIR)` : 'DATABASE_URL'}`,
  ];
  if (demo !== undefined) {
    lines.push('', 'Demo mode: one sign-in per role, all with the same password.');
    lines.push(`  Usernames: ${demo.usernames.join(', ')}`);
    lines.push(`  Password:  ${demo.password}`);
  }
  lines.push('', 'Press Ctrl+C to stop.', '');
  process.stdout.write(`${lines.join('\n')}\n`);
}

function lanAddresses(): string[] {
  const addresses = Object.values(networkInterfaces())
    .flat()
    .filter((entry) => entry !== undefined && entry.family === 'IPv4')
    .map((entry) => entry!.address);
  return addresses.length > 0 ? addresses : ['127.0.0.1'];
}

main().catch(failStart);
