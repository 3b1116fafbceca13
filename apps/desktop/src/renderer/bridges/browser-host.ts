import { HmsError, VISIT_READER_ROLES, localDateOf, mayCall, validatePatientInput } from '@hms/core';
import type { HospitalSettings, MethodName, ParamsIn } from '@hms/core';
import type { OpenSocket, Runtime } from '../../shared/connection/runtime.js';
import { ServerConnection, memoryCursorStore } from '../../shared/connection/server-connection.js';
import type { HostBridge } from '../../shared/ipc.js';
import { dispatchHostRequest } from '../../shared/protocol/channels.js';
import type { HostChannel, HostEventName, HostEvents, HostHandlers, HostRequest, HostResponse } from '../../shared/protocol/channels.js';
import type { Announcement } from '../../shared/protocol/records.js';
import type { DeskCheckIn, ReceptionOverview } from '../../shared/protocol/reception.js';
import { listItemOf } from '../../shared/reception/patients.js';
import { QueueBoards } from '../../shared/reception/queue-boards.js';
import type { HostInfo, HostStatus, SessionStatus } from '../../shared/protocol/status.js';
import { HostFailure } from '../../shared/result.js';
import type { HostResult } from '../../shared/result.js';
import { WorkstationSettingsSchema } from '../../shared/settings.js';
import type { WorkstationSettings } from '../../shared/settings.js';
import { printInBrowser } from './browser-print.js';

const SETTINGS_KEY = 'hms.workstation.settings';

const browserRuntime: Runtime = {
  now: () => Date.now(),
  schedule(callback, ms) {
    const timer = window.setTimeout(callback, ms);
    return () => window.clearTimeout(timer);
  },
  random: () => {
    const value = new Uint32Array(1);
    crypto.getRandomValues(value);
    return value[0]! / 2 ** 32;
  },
};

const openBrowserSocket: OpenSocket = (url, events) => {
  const socket = new WebSocket(url);
  socket.onopen = () => events.open();
  socket.onmessage = (message: MessageEvent) => {
    if (typeof message.data === 'string') events.message(message.data);
  };
  socket.onerror = () => events.error('The server cannot be reached.');
  socket.onclose = (event) => events.close(event.code, event.reason);
  return {
    send(text) {
      if (socket.readyState !== WebSocket.OPEN) throw new Error('not connected');
      socket.send(text);
    },
    close(code, reason) {
      socket.close(code ?? 1000, reason);
    },
  };
};

function randomId(): string {
  const bytes = new Uint8Array(6);
  crypto.getRandomValues(bytes);
  return [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');
}

function loadSettings(origin: string): WorkstationSettings {
  try {
    const stored = WorkstationSettingsSchema.safeParse(JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? 'null'));
    // The browser workstation always talks to the server that served it.
    if (stored.success) return { ...stored.data, serverUrl: origin };
  } catch {
    // Unreadable settings: start from the defaults below.
  }
  return WorkstationSettingsSchema.parse({ serverUrl: origin, workstationId: `browser-${randomId()}` });
}

/**
 * The browser workstation's host, inside the page: online only, straight to the server's /ws.
 * No cache, no outbox, no serial devices; printing through the browser's dialog. Unlocking the
 * screen signs in again (a browser has no safe place for an offline verifier).
 */
export function browserHostBridge(origin: string): HostBridge {
  let settings = loadSettings(origin);
  const connection = new ServerConnection({
    serverUrl: origin,
    workstationId: settings.workstationId,
    openSocket: openBrowserSocket,
    runtime: browserRuntime,
    cursor: memoryCursorStore(),
  });
  const listeners = new Map<HostEventName, Set<(data: unknown) => void>>();
  const emit = <E extends HostEventName>(event: E, data: HostEvents[E]) => {
    for (const listener of listeners.get(event) ?? []) listener(data);
  };
  const announcements: Announcement[] = [];
  let locked = false;
  let lastSignOut: Extract<SessionStatus, { state: 'signedOut' }> = { state: 'signedOut' };

  const session = (): SessionStatus => {
    const current = connection.currentSession;
    if (current === undefined) return lastSignOut;
    return { state: locked ? 'locked' : 'signedIn', user: current.user, expiresAt: current.expiresAt };
  };
  const status = (): HostStatus => ({ connection: connection.status, session: session(), outbox: { pending: 0, conflicts: 0, draining: false } });
  const emitStatus = () => emit('status', status());
  const requireSession = () => {
    const current = session();
    if (current.state === 'signedOut') throw new HmsError('UNAUTHENTICATED', 'Please sign in.');
    if (current.state === 'locked') throw new HostFailure('LOCKED', 'The workstation is locked. Unlock it first.');
  };
  const notHere = (what: string) => new HostFailure('NOT_SUPPORTED', `${what} needs the desktop app; the browser workstation works online only.`);

  // Reception: online only. Reference data read at most every five minutes; today's check-ins at this desk in memory.
  let reference: { overview: ReceptionOverview; at: number } | undefined;
  const deskCheckIns: DeskCheckIn[] = [];
  const online = () => connection.status.state === 'connected' && connection.currentSession !== undefined;
  const boards = new QueueBoards({
    call: (method, params) => connection.call(method, params),
    addSessionStep: (key, step, options) => connection.addSessionStep(key, step, options),
    isOnline: online,
    showsNames: () => mayCall(VISIT_READER_ROLES, connection.currentSession?.user.roles ?? []),
    publish: (view) => emit('reception.queue', view),
    now: () => new Date(),
    schedule: browserRuntime.schedule,
  });
  const hospital = (): HospitalSettings | null => reference?.overview.hospital ?? null;
  const today = () => {
    const zone = hospital()?.timeZone;
    return zone === undefined ? new Date().toISOString().slice(0, 10) : localDateOf(new Date(), zone);
  };
  const overview = async (refresh: boolean): Promise<ReceptionOverview> => {
    if (reference !== undefined && !refresh && Date.now() - reference.at < 5 * 60_000) return reference.overview;
    const [settingsResult, departments, doctors] = await Promise.all([
      connection.call('settings.get', {}), connection.call('departments.list', {}), connection.call('doctors.list', {}),
    ]);
    reference = {
      at: Date.now(),
      overview: {
        hospital: settingsResult.settings, departments: departments.items, doctors: doctors.items, source: 'server',
        fetchedAt: new Date().toISOString(), mrnBlock: null,
      },
    };
    return reference.overview;
  };
  const newKey = () => `hms:${settings.workstationId.slice(0, 40)}:${crypto.randomUUID()}`;

  connection.onStatus((status) => {
    if (status.state !== 'connected') boards.offline();
  });
  connection.onStatus(emitStatus);
  connection.onSession((change) => {
    if (change.state === 'signedOut') {
      locked = false;
      lastSignOut = { state: 'signedOut', reason: change.reason, message: change.message };
    }
    emitStatus();
  });
  connection.onEvent((event) => {
    if (event.event === 'system.announcement') {
      announcements.unshift({ ...event.data, seq: event.seq });
      announcements.splice(20);
    }
    if (event.event === 'queue.changed') boards.onChange(event.data);
    if (event.event === 'patients.changed') emit('reception.changed', { what: 'patients', ids: event.data.patients.map((patient) => patient.id) });
    if (event.event === 'reference.changed') {
      reference = undefined;
      emit('reception.changed', { what: 'overview' });
    }
    emit('server.event', event);
  });
  connection.onResync(() => {
    void boards.reloadAll();
    emit('server.resync', { reason: 'eventsPruned' });
  });
  connection.addSessionStep('patients', async (call) => {
    await call('patients.watch', {});
  });
  connection.start();

  const info: HostInfo = { kind: 'browser', version: '0.1.0', cache: false, outbox: false, serial: false, silentPrinting: false };
  const handlers: HostHandlers = {
    'host.info': async () => info,
    'status.get': async () => status(),
    'server.call': async ({ method, params, idempotencyKey, timeoutMs }) => {
      if (method === 'auth.login' || method === 'auth.logout' || method === 'auth.resume') {
        throw new HmsError('FORBIDDEN', 'Sign in and out through the workstation, not directly.');
      }
      if (locked) throw new HostFailure('LOCKED', 'The workstation is locked. Unlock it first.');
      return connection.call(method, params as ParamsIn<MethodName>, {
        ...(idempotencyKey === undefined ? {} : { idempotencyKey }),
        ...(timeoutMs === undefined ? {} : { timeoutMs }),
      });
    },
    'server.submit': async ({ method, params }) => {
      requireSession();
      const idempotencyKey = `hms:${settings.workstationId.slice(0, 40)}:${crypto.randomUUID()}`;
      const result = await connection.call(method, params as ParamsIn<MethodName>, { idempotencyKey });
      return { status: 'applied', result, idempotencyKey };
    },
    'session.signIn': async ({ username, password }) => {
      if (connection.currentSession !== undefined) await connection.signOut();
      await connection.signIn(username, password);
      locked = false;
      emitStatus();
      return session();
    },
    'session.signOut': async () => {
      await connection.signOut();
      locked = false;
      lastSignOut = { state: 'signedOut', reason: 'signedOut' };
      emitStatus();
      return session();
    },
    'session.lock': async () => {
      if (connection.currentSession !== undefined) locked = true;
      emitStatus();
      return session();
    },
    'session.unlock': async ({ password }) => {
      const current = connection.currentSession;
      if (!locked || current === undefined) return session();
      // Verified by the server: the same user signs in again on this connection.
      await connection.signIn(current.user.username, password);
      locked = false;
      emitStatus();
      return session();
    },
    'settings.get': async () => settings,
    'settings.update': async (next) => {
      settings = { ...next, serverUrl: origin };
      localStorage.setItem(SETTINGS_KEY, JSON.stringify(settings));
      connection.setWorkstationId(settings.workstationId);
      return settings;
    },
    'devices.discover': async () => ({ serialPorts: [], queues: [] }),
    'printers.testPage': async ({ role }) => {
      await printInBrowser({ kind: 'testPage', role }, hospital()?.name ?? settings.hospitalName);
      return { role, printer: "This browser's print dialog", bytes: 0 };
    },
    'printers.print': async ({ document }) => {
      requireSession();
      await printInBrowser(document, hospital()?.name ?? settings.hospitalName);
      return { role: document.kind === 'wristband' || document.kind === 'label' ? 'label' : 'receipt', printer: "This browser's print dialog", bytes: 0 };
    },
    'cache.searchPatients': async () => {
      throw notHere('Offline patient search');
    },
    'outbox.list': async () => ({ pending: [], conflicts: [] }),
    'outbox.retry': async () => ({ pending: 0, conflicts: 0, draining: false }),
    'outbox.resolveConflict': async () => {
      throw notHere('The outbox');
    },
    'announcements.recent': async () => {
      requireSession();
      return [...announcements];
    },
    'outbox.resend': async () => {
      throw notHere('The outbox');
    },
    'reception.overview': async ({ refresh }) => overview(refresh),
    'reference.get': async ({ refresh }) => {
      const { mrnBlock: _none, ...reference } = await overview(refresh);
      return reference;
    },
    'reception.search': async ({ query, limit }) => {
      requireSession();
      const result = await connection.call('patients.search', { query, limit });
      return { source: 'server', items: result.items.map((item) => listItemOf(item, false)), interpretedAs: result.interpretedAs };
    },
    'reception.patient': async (ref) => {
      requireSession();
      const result = await connection.call('patients.get', ref);
      return { patient: result.patient, source: 'server', detail: 'full', reachedThroughAlias: result.reachedThroughAlias };
    },
    'reception.register': async ({ confirmedNotDuplicate, ...demographics }) => {
      requireSession();
      await overview(false).catch(() => undefined);
      const valid = validatePatientInput(demographics, { today: today() });
      const result = await connection.call(
        'patients.register',
        { ...demographics, sex: valid.sex, id: crypto.randomUUID(), ...(confirmedNotDuplicate === true ? { confirmedNotDuplicate } : {}) },
        { idempotencyKey: newKey() },
      );
      return { status: 'applied', patient: result.patient, ...(result.duplicateReviewId === undefined ? {} : { duplicateReviewId: result.duplicateReviewId }) };
    },
    'reception.checkIn': async ({ patient, ...rest }) => {
      requireSession();
      const key = newKey();
      const { visit } = await connection.call('visits.checkIn', { ...rest, patientId: patient.id }, { idempotencyKey: key });
      const checkIn: DeskCheckIn = {
        key, state: 'applied', serviceDate: visit.serviceDate, patient, department: visit.department, doctorId: visit.doctorId, visitType: visit.visitType,
        priority: visit.priority, complaint: visit.complaint, arrivedAt: visit.arrivedAt, visit,
      };
      deskCheckIns.unshift(checkIn);
      emit('reception.changed', { what: 'checkIns' });
      return { status: 'applied', checkIn, visit };
    },
    'reception.checkIns': async () => {
      requireSession();
      return deskCheckIns.filter((checkIn) => checkIn.serviceDate === today());
    },
    'reception.watchQueue': async ({ department }) => {
      requireSession();
      return boards.watch(department);
    },
    'reception.unwatchQueue': async ({ department }) => {
      await boards.unwatch(department);
      return { ok: true };
    },
    // Online only: nothing is registered here with a number of its own.
    'reception.mrnCorrections': async () => [],
    'reception.acknowledgeMrnCorrection': async () => {
      throw notHere('Replacing a wristband printed offline');
    },
  };

  return {
    invoke<C extends HostChannel>(channel: C, request: HostRequest<C>): Promise<HostResult<HostResponse<C>>> {
      return dispatchHostRequest(handlers, channel, request) as Promise<HostResult<HostResponse<C>>>;
    },
    subscribe<E extends HostEventName>(event: E, listener: (data: HostEvents[E]) => void) {
      const set = listeners.get(event) ?? new Set<(data: unknown) => void>();
      listeners.set(event, set);
      const wrapped = listener as (data: unknown) => void;
      set.add(wrapped);
      return () => set.delete(wrapped);
    },
  };
}
