import { Caption1, Link, Tooltip, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { ArrowSync16Regular, CheckmarkCircle16Filled, DismissCircle16Filled, Mail16Regular, Person16Regular, Warning16Filled } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { ConnectionStatus, HostStatus } from '../../shared/protocol/status.js';
import { secondsUntil } from '../components/format.js';

const useStyles = makeStyles({
  bar: {
    display: 'flex',
    alignItems: 'center',
    columnGap: '20px',
    height: '28px',
    padding: '0 12px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground2,
    flexShrink: 0,
  },
  item: { display: 'inline-flex', alignItems: 'center', columnGap: '6px', whiteSpace: 'nowrap' },
  spacer: { flexGrow: 1 },
  connected: { color: tokens.colorPaletteGreenForeground1 },
  offline: { color: tokens.colorPaletteRedForeground1 },
  connecting: { color: tokens.colorPaletteMarigoldForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  conflictLink: { fontSize: tokens.fontSizeBase200, color: tokens.colorPaletteRedForeground1 },
});

/** Re-renders every second while `active`, for "retrying in 3 s". */
function useTicker(active: boolean): void {
  const [, setTick] = useState(0);
  useEffect(() => {
    if (!active) return undefined;
    const timer = window.setInterval(() => setTick((tick) => tick + 1), 1_000);
    return () => window.clearInterval(timer);
  }, [active]);
}

export function ConnectionBadge({ connection }: { connection: ConnectionStatus }) {
  const styles = useStyles();
  useTicker(connection.state === 'offline');
  switch (connection.state) {
    case 'connected':
      return (
        <Tooltip content={`Connected to ${connection.serverUrl}`} relationship="description">
          <span className={mergeClasses(styles.item, styles.connected)} data-testid="connection-state" data-state="connected">
            <CheckmarkCircle16Filled />
            <Caption1>Connected</Caption1>
          </span>
        </Tooltip>
      );
    case 'connecting':
      return (
        <span className={mergeClasses(styles.item, styles.connecting)} data-testid="connection-state" data-state="connecting">
          <ArrowSync16Regular />
          <Caption1>Connecting…</Caption1>
        </span>
      );
    case 'offline': {
      const retry = secondsUntil(connection.nextAttemptAt);
      return (
        <Tooltip content={connection.lastError ?? `Cannot reach ${connection.serverUrl}`} relationship="description">
          <span className={mergeClasses(styles.item, styles.offline)} data-testid="connection-state" data-state="offline">
            <DismissCircle16Filled />
            <Caption1>{retry === undefined ? 'Offline' : `Offline · retrying ${retry}`}</Caption1>
          </span>
        </Tooltip>
      );
    }
  }
}

/** Always visible: the link to the server, who is signed in, and what waits in the outbox. */
export function StatusBar({ status, workstationId, outbox: hasOutbox, onOpenOutbox }: {
  status: HostStatus;
  workstationId: string | undefined;
  outbox: boolean;
  onOpenOutbox?: () => void;
}) {
  const styles = useStyles();
  const { session, outbox } = status;
  return (
    <footer className={styles.bar} role="contentinfo" aria-label="Status bar">
      <ConnectionBadge connection={status.connection} />
      <span className={styles.item} data-testid="status-user">
        <Person16Regular />
        <Caption1>{session.state === 'signedOut' ? 'Not signed in' : `${session.user.displayName} (${session.user.username})`}</Caption1>
      </span>
      <span className={mergeClasses(styles.item, outbox.pending > 0 ? styles.warning : undefined)} data-testid="status-outbox" data-pending={outbox.pending}>
        <Mail16Regular />
        <Caption1>
          {!hasOutbox ? 'Online only: no outbox' : outbox.pending === 1 ? '1 change waiting to send' : `${outbox.pending} changes waiting to send`}
        </Caption1>
      </span>
      {outbox.conflicts > 0 ? (
        <span className={mergeClasses(styles.item, styles.offline)} data-testid="status-conflicts" data-conflicts={outbox.conflicts}>
          <Warning16Filled />
          <Link className={styles.conflictLink} onClick={onOpenOutbox}>
            {outbox.conflicts === 1 ? '1 conflict to resolve' : `${outbox.conflicts} conflicts to resolve`}
          </Link>
        </span>
      ) : null}
      <span className={styles.spacer} />
      <Caption1>{status.connection.serverUrl}</Caption1>
      {workstationId !== undefined ? <Caption1>Workstation {workstationId}</Caption1> : null}
    </footer>
  );
}
