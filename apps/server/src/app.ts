import { MAX_FRAME_BYTES, SERVER_CLOSE_CODES } from '@hms/core';
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Knex } from 'knex';
import { WebSocketServer } from 'ws';
import type { WebSocket } from 'ws';
import type { AuditKey, CheckpointSchedule } from './audit/index.js';
import { auditHandlers, scheduleAuditCheckpoints } from './audit/index.js';
import { authHandlers, AuthService } from './auth/index.js';
import type { Clock } from './clock.js';
import type { LoginThrottlePolicy, SessionPolicy, SocketPolicy } from './config.js';
import { createClient } from './db/connect.js';
import { EventHub, eventsHandlers } from './events/index.js';
import { Connection } from './gateway/connection.js';
import type { ConnectionLimits } from './gateway/connection.js';
import { Gateway } from './gateway/gateway.js';
import { SignInWatch } from './gateway/sign-in-watch.js';
import type { Handlers } from './gateway/handler.js';
import { createHttpServer } from './http/http-server.js';
import { scheduleHousekeeping } from './housekeeping/housekeeping.js';
import { Metrics } from './http/metrics.js';
import type { Logger } from './log.js';
import { systemHandlers } from './system/index.js';
import { usersHandlers } from './users/index.js';
import { mrnHandlers } from './mrn/index.js';
import { patientsHandlers } from './patients/index.js';
import { appointmentsHandlers } from './appointments/index.js';
import { queueHandlers } from './queue/index.js';
import { referenceHandlers } from './reference/index.js';
import { visitsHandlers } from './visits/index.js';
import { diagnosesHandlers } from './diagnoses/index.js';
import { encountersHandlers } from './encounters/index.js';
import { vitalsHandlers } from './vitals/index.js';
import { allergiesHandlers } from './allergies/index.js';
import { chartsHandlers } from './charts/index.js';
import { formularyHandlers, SafetyKnowledgeCache } from './pharmacology/index.js';
import { ordersHandlers } from './orders/index.js';
import { prescriptionsHandlers } from './prescriptions/index.js';
import { stockHandlers } from './stock/index.js';
import { dispensingHandlers } from './dispensing/index.js';
import { labHandlers, scheduleCriticalEscalation } from './lab/index.js';
import { interfacesHandlers, InterfaceSupervisor } from './interfaces/index.js';
import { billingHandlers, scheduleChargeCapture } from './billing/index.js';

export interface AppOptions {
  db: Knex;
  databaseUrl: string;
  clock: Clock;
  log: Logger;
  sessions: SessionPolicy;
  loginThrottle: LoginThrottlePolicy;
  limits?: Partial<ConnectionLimits>;
  sockets?: Partial<SocketPolicy>;
  /** Serves the browser workstation and other static routes. */
  fallback?: (request: IncomingMessage, response: ServerResponse) => Promise<boolean>;
  heartbeatMs?: number;
  /** Chains the audit rows; kept outside the database (HMS_AUDIT_KEY_FILE). */
  auditKey: AuditKey;
  /** Where and how often the chain's head is checkpointed (main always sets it). */
  auditCheckpoints?: CheckpointSchedule;
  /** How often dispensing's outbox is turned into charges (main always sets it; tests call the capture themselves). */
  chargeCaptureIntervalMs?: number;
}

export interface RunningApp {
  readonly port: number;
  readonly http: Server;
  readonly hub: EventHub;
  readonly metrics: Metrics;
  stop(): Promise<void>;
}

/** Per socket: 200 at once, 100 a second; refused for 5 s on end (no quiet second between) closes it. */
const DEFAULT_LIMITS: ConnectionLimits = { burst: 200, perSecond: 100, maxInFlight: 64, floodCloseAfterMs: 5_000, floodQuietMs: 1_000 };
const DEFAULT_SOCKETS: SocketPolicy = { signInDeadlineMs: 30_000, maxUnauthenticatedPerAddress: 50 };

export function createHandlers(auth: AuthService): Handlers {
  return {
    ...authHandlers(auth),
    ...systemHandlers(),
    ...eventsHandlers(),
    ...auditHandlers(),
    ...usersHandlers(),
    ...patientsHandlers(),
    ...mrnHandlers(),
    ...referenceHandlers(),
    ...visitsHandlers(),
    ...queueHandlers(),
    ...appointmentsHandlers(),
    ...formularyHandlers(),
    ...diagnosesHandlers(),
    ...encountersHandlers(),
    ...vitalsHandlers(),
    ...allergiesHandlers(),
    ...chartsHandlers(),
    ...ordersHandlers(),
    ...prescriptionsHandlers(new SafetyKnowledgeCache()),
    ...stockHandlers(),
    ...dispensingHandlers(),
    ...labHandlers(),
    ...interfacesHandlers(),
    ...billingHandlers(),
  };
}

/** Builds the HTTP + WebSocket server over a migrated database and starts listening. */
export async function startApp(options: AppOptions, host: string, port: number): Promise<RunningApp> {
  const { db, clock, log } = options;
  const metrics = new Metrics(db);
  const auth = new AuthService({ db, clock, sessions: options.sessions, throttle: options.loginThrottle, auditKey: options.auditKey });
  const hub = new EventHub({
    db,
    createListener: () => createClient(options.databaseUrl, 'hms-events'),
    log,
    onSessionChange: (key) => auth.sessionChanged(key),
  });
  const gateway = new Gateway({ db, clock, log, auth, handlers: createHandlers(auth), metrics, hub, auditKey: options.auditKey });
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const signInWatch = new SignInWatch<Connection>({ ...DEFAULT_SOCKETS, ...options.sockets });
  await hub.start();
  const stopHousekeeping = scheduleHousekeeping(db, clock, log);
  const stopCriticalEscalation = scheduleCriticalEscalation(db, options.auditKey, clock, log);
  // Dispensing's outbox turned into charges (issue 15), exactly once whichever server polls.
  const stopChargeCapture = options.chargeCaptureIntervalMs === undefined ? () => undefined : scheduleChargeCapture(db, options.auditKey, clock, log, options.chargeCaptureIntervalMs);
  // One runner per enabled lab instrument interface, in this process (issue 14).
  const instrumentInterfaces = new InterfaceSupervisor({ db, auditKey: options.auditKey, clock, log, registry: metrics.registry });
  await instrumentInterfaces.start();
  const checkpoints = options.auditCheckpoints === undefined ? undefined : scheduleAuditCheckpoints(db, options.auditKey, clock, log, options.auditCheckpoints);

  const http = createHttpServer({ db, metrics, log, ...(options.fallback === undefined ? {} : { fallback: options.fallback }) });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES, perMessageDeflate: false });
  const connections = new Set<Connection>();
  const alive = new WeakMap<WebSocket, boolean>();

  http.on('upgrade', (request, socket, head) => {
    if (new URL(request.url ?? '/', 'http://localhost').pathname !== '/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, request));
  });

  wss.on('connection', (ws: WebSocket, request: IncomingMessage) => {
    const address = (request.socket.remoteAddress ?? 'unknown').replace(/^::ffff:/, '');
    const connection = new Connection(randomUUID(), ws, { connectionId: '', address, workstationId: null }, limits, clock.now().getTime(), (changed, signedIn) =>
      signedIn ? signInWatch.signedIn(changed) : signInWatch.signedOut(changed),
    );
    connection.origin.connectionId = connection.id;
    if (!signInWatch.admit(connection)) {
      log.warn({ address }, 'refusing a socket: too many from this address waiting to sign in');
      ws.close(SERVER_CLOSE_CODES.tooManyWaiting, 'Too many connections waiting to sign in from this address: try again later');
      return;
    }
    connections.add(connection);
    hub.add(connection);
    metrics.openSockets.inc();
    alive.set(ws, true);
    ws.on('pong', () => alive.set(ws, true));
    ws.on('message', (data, isBinary) => {
      if (isBinary) {
        connection.fail(null, { code: 'BAD_REQUEST', message: 'Frames are JSON text.' });
        return;
      }
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      void gateway.handleFrame(connection, text);
    });
    ws.on('error', (error) => log.debug({ err: error, connection: connection.id }, 'socket error'));
    ws.on('close', () => {
      signInWatch.closed(connection);
      connections.delete(connection);
      hub.remove(connection);
      metrics.openSockets.dec();
    });
  });

  // Dead peers (a workstation unplugged mid-shift) are found by ping and dropped.
  const heartbeat = setInterval(() => {
    for (const ws of wss.clients) {
      if (alive.get(ws) === false) {
        ws.terminate();
        continue;
      }
      alive.set(ws, false);
      ws.ping();
    }
  }, options.heartbeatMs ?? 30_000);
  heartbeat.unref();

  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(port, host, () => {
      http.off('error', reject);
      resolve();
    });
  });

  let stopping: Promise<void> | undefined;
  return {
    port: (http.address() as AddressInfo).port,
    http,
    hub,
    metrics,
    stop: () => {
      stopping ??= (async () => {
        clearInterval(heartbeat);
        stopHousekeeping();
        stopCriticalEscalation();
        stopChargeCapture();
        const closed = new Promise<void>((resolve) => http.close(() => resolve()));
        for (const connection of connections) connection.close(1001, 'Server shutting down');
        // Requests already running finish (and are acknowledged) before the database goes.
        const deadline = Date.now() + 10_000;
        while ([...connections].some((connection) => connection.inFlight > 0) && Date.now() < deadline) {
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
        for (const ws of wss.clients) ws.terminate();
        wss.close();
        http.closeAllConnections();
        await closed;
        await instrumentInterfaces.stop();
        await checkpoints?.stop();
        await hub.stop();
      })();
      return stopping;
    },
  };
}
