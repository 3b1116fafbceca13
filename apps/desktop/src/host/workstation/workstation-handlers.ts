import { HmsError } from '@hms/core';
import type { MethodName, ParamsIn } from '@hms/core';
import type { OwnedHandlers } from '../../shared/protocol/channels.js';
import { HostFailure } from '../../shared/result.js';
import type { Host } from '../host.js';

/** Methods the host keeps for itself: the session token never leaves it. */
const SESSION_METHODS: ReadonlySet<MethodName> = new Set<MethodName>(['auth.login', 'auth.resume', 'auth.logout']);

const notHere = (what: string) => new HostFailure('NOT_SUPPORTED', `${what} needs the desktop app; the browser workstation works online only.`);

/** The workstation's own host requests, shared by every desk: session, settings, printing, devices, outbox, writes. */
export function workstationHandlers(host: Host): OwnedHandlers<'workstation'> {
  const { connection, lock } = host;
  return {
    'host.info': async () => host.info(),
    'status.get': async () => host.status(),
    'server.call': async ({ method, params, idempotencyKey, timeoutMs }) => {
      if (SESSION_METHODS.has(method)) throw new HmsError('FORBIDDEN', 'Sign in and out through the workstation, not directly.');
      host.requireUnlocked();
      const options = { ...(idempotencyKey === undefined ? {} : { idempotencyKey }), ...(timeoutMs === undefined ? {} : { timeoutMs }) };
      return connection.call(method, params as ParamsIn<MethodName>, options);
    },
    'server.submit': async ({ method, params, label }) => {
      host.requireSession();
      return host.writes.send(method, params as ParamsIn<MethodName>, { label });
    },
    'session.signIn': async ({ username, password }) => {
      if (connection.currentSession !== undefined) await connection.signOut();
      await connection.signIn(username, password);
      await lock.arm(password);
      host.emitStatus();
      return host.sessionStatus();
    },
    'session.signOut': async () => {
      await connection.signOut();
      host.signedOut({ state: 'signedOut', reason: 'signedOut' });
      host.emitStatus();
      return host.sessionStatus();
    },
    'session.lock': async () => {
      lock.lock();
      host.emitStatus();
      return host.sessionStatus();
    },
    'session.unlock': async ({ password }) => {
      if (!lock.locked) return host.sessionStatus();
      const verdict = await lock.unlock(password);
      switch (verdict) {
        case 'unlocked':
          host.emitStatus();
          return host.sessionStatus();
        case 'wrong':
          throw new HmsError('UNAUTHENTICATED', 'Wrong password.', { reason: 'wrong_password' });
        case 'exhausted':
          await connection.signOut();
          host.signedOut({ state: 'signedOut', reason: 'lockedOut', message: 'Signed out after too many wrong passwords.' });
          host.emitStatus();
          throw new HmsError('UNAUTHENTICATED', 'Signed out after too many wrong passwords.', { reason: 'lockedOut' });
      }
    },
    'settings.get': async () => host.settings.get(),
    'settings.update': async (settings) => {
      host.requireUnlocked();
      return host.settings.update(settings);
    },
    'devices.discover': async () => host.platform.devices?.discover() ?? { serialPorts: [], queues: [] },
    'printers.testPage': async ({ role }) => {
      host.requireUnlocked();
      return host.printer.print({ kind: 'testPage', role });
    },
    'printers.print': async ({ document }) => {
      host.requireSession();
      return host.printer.print(document);
    },
    'cache.searchPatients': async ({ query, limit }) => {
      host.requireSession();
      if (host.patients === undefined) throw notHere('Offline patient search');
      return host.patients.search(query, limit);
    },
    'outbox.list': async () => {
      host.requireSession();
      return { pending: host.outbox?.pending() ?? [], conflicts: host.outbox?.conflicts() ?? [], offlineReads: host.offlineReads.view() };
    },
    'outbox.retry': async () => {
      host.requireSession();
      await host.drainOutbox();
      return host.status().outbox;
    },
    'outbox.resolveConflict': async ({ id, resolution }) => {
      host.requireSession();
      if (host.outbox === undefined) throw notHere('The outbox');
      const conflict = host.outbox.resolveConflict(id, resolution);
      host.writeHooks.discarded(conflict);
      return conflict;
    },
    'outbox.resend': async ({ id, params, resolution }) => {
      host.requireSession();
      const { outbox } = host;
      if (outbox === undefined) throw notHere('The outbox');
      const conflict = outbox.conflict(id);
      if (conflict === undefined || conflict.resolvedAt !== null) throw HmsError.notFound('An open conflict with this id', { id });
      // Checked like every write (the write path); refused again (online): the conflict stays open and the desk shows why.
      const outcome = await host.writes.send(conflict.method, params as ParamsIn<MethodName>, { label: conflict.label });
      const key = outcome.status === 'applied' ? outcome.idempotencyKey : outcome.entry.idempotencyKey;
      host.writeHooks.resent(outbox.resolveConflict(id, `${resolution} Sent again as ${key}.`));
      return outcome;
    },
    'reference.get': async ({ refresh }) => host.reference.view(refresh),
    'announcements.recent': async () => {
      host.requireSession();
      return host.announcements.recent();
    },
  };
}
