import type { HostCapability, HostInfo } from '../../shared/protocol/status.js';

export type { HostCapability } from '../../shared/protocol/status.js';

/** Why a screen needing it cannot work without it, in words for the person at the desk. */
export const CAPABILITY_REASONS: Readonly<Record<HostCapability, string>> = {
  cache: 'It reads the copy of records an installed workstation keeps for when the server is out of reach; a browser keeps none.',
  outbox: 'This browser workstation works online only: changes go straight to the server, and nothing is kept to send later.',
  serial: 'It uses devices plugged into this computer (serial scanners and printers), which a browser cannot reach.',
  silentPrinting: 'It prints straight to a chosen printer; a browser prints only through its print dialog.',
};

/** The capabilities of `needs` this host lacks (all of them before the host said what it offers). */
export function missingCapabilities(needs: readonly HostCapability[] | undefined, info: HostInfo | undefined): HostCapability[] {
  return (needs ?? []).filter((capability) => info?.[capability] !== true);
}
