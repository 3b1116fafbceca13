import type { LinkState, MessageStatus } from '@hms/core';

type BadgeColor = 'success' | 'warning' | 'danger' | 'informative' | 'subtle' | 'brand';

export const LINK_STATE_LABELS: Readonly<Record<LinkState, { label: string; color: BadgeColor }>> = {
  disabled: { label: 'Disabled', color: 'subtle' },
  starting: { label: 'Starting', color: 'informative' },
  listening: { label: 'Listening', color: 'brand' },
  connecting: { label: 'Connecting', color: 'informative' },
  connected: { label: 'Connected', color: 'success' },
  waiting: { label: 'Waiting to retry', color: 'warning' },
  failed: { label: 'Failed', color: 'danger' },
};

export const MESSAGE_STATUS_LABELS: Readonly<Record<MessageStatus, { label: string; color: BadgeColor }>> = {
  received: { label: 'Received', color: 'informative' },
  parsed: { label: 'Waiting (unmapped)', color: 'warning' },
  mapped: { label: 'Mapped', color: 'informative' },
  applied: { label: 'Applied', color: 'success' },
  rejected: { label: 'Rejected', color: 'danger' },
  error: { label: 'Error', color: 'danger' },
  sent: { label: 'Sent', color: 'subtle' },
};

/** What a person may replay: an inbound message that did not reach the specimen. */
export const REPLAYABLE: ReadonlySet<MessageStatus> = new Set(['parsed', 'mapped', 'rejected', 'error']);

export const PROTOCOL_LABELS = { hl7: 'HL7 v2 (MLLP)', astm: 'ASTM E1381/E1394' } as const;
export const TRANSPORT_LABELS = { 'tcp-server': 'TCP server (the analyzer connects)', 'tcp-client': 'TCP client (HMS connects)', serial: 'Serial port' } as const;
