import type { HostStatus } from '../../shared/protocol/status.js';

/** What the desks do on a change of the host's status. */
export type DeskStep = 'load' | 'reload' | 'reset' | undefined;

/**
 * The desks' lifecycle from two successive statuses: `load` once per sign-in (also when the page
 * is opened again on a session that is still signed in), `reload` when the link comes back while
 * signed in, `reset` when the session ends. `loaded`: whether the desks loaded for this session.
 */
export function deskStep(previous: HostStatus | undefined, next: HostStatus, loaded: boolean): DeskStep {
  const session = next.session.state;
  if (session === 'signedOut') return loaded || (previous !== undefined && previous.session.state !== 'signedOut') ? 'reset' : undefined;
  if (session !== 'signedIn') return undefined;
  if (!loaded) return 'load';
  if (previous !== undefined && previous.connection.state !== 'connected' && next.connection.state === 'connected') return 'reload';
  return undefined;
}
