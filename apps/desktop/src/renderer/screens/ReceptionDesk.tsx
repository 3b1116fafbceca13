import { Badge, Body1, Button, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { Megaphone20Regular, Mail20Regular, PlugConnected20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { ConflictView, OutboxEntryView } from '../../shared/protocol/records.js';
import { Facts } from '../components/Facts.js';
import { Page, Panel } from '../components/Page.js';
import { ConnectionBadge } from '../app/StatusBar.js';
import { shortTime } from '../components/format.js';
import { useModel, useWorkstation } from '../state/hooks.js';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(360px, 1fr))', gap: '16px', alignItems: 'start' },
  feed: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: '10px' },
  item: { display: 'flex', flexDirection: 'column', rowGap: '2px', paddingBottom: '10px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  meta: { display: 'flex', alignItems: 'center', columnGap: '8px', color: tokens.colorNeutralForeground3 },
  muted: { color: tokens.colorNeutralForeground3 },
  conflict: { color: tokens.colorPaletteRedForeground1 },
});

function ConnectionPanel() {
  const { status, settings, info } = useWorkstation();
  if (status === undefined) return null;
  const session = status.session;
  return (
    <Panel title="Connection" icon={<PlugConnected20Regular />}>
      <Facts
        items={[
          ['Server', status.connection.serverUrl],
          ['State', <ConnectionBadge key="state" connection={status.connection} />],
          ['Since', shortTime(status.connection.since)],
          ['Workstation', settings?.workstationId ?? ''],
          ['Host', info?.kind === 'browser' ? 'Browser workstation (online only)' : 'Desktop workstation (works offline)'],
          ['Session ends', session.state === 'signedOut' ? '' : shortTime(session.expiresAt)],
        ]}
      />
    </Panel>
  );
}

function AnnouncementsPanel() {
  const styles = useStyles();
  const { announcements } = useWorkstation();
  return (
    <Panel title="Announcements" icon={<Megaphone20Regular />}>
      {announcements.length === 0 ? (
        <Body1 className={styles.muted}>No announcements since you signed in.</Body1>
      ) : (
        <ul className={styles.feed} aria-label="Announcements">
          {announcements.map((announcement) => (
            <li key={announcement.seq} className={styles.item}>
              <Body1>{announcement.message}</Body1>
              <span className={styles.meta}>
                {announcement.severity === 'warning' ? <Badge color="warning" size="small">Warning</Badge> : null}
                <Caption1>
                  {announcement.from} · {shortTime(announcement.at)}
                </Caption1>
              </span>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

function OutboxPanel() {
  const styles = useStyles();
  const model = useModel();
  const { status, info } = useWorkstation();
  const [pending, setPending] = useState<OutboxEntryView[]>([]);
  const [conflicts, setConflicts] = useState<ConflictView[]>([]);
  const counts = status?.outbox;
  useEffect(() => {
    let live = true;
    void model.api.outbox().then((result) => {
      if (!live || !result.ok) return;
      setPending(result.value.pending);
      setConflicts(result.value.conflicts.filter((conflict) => conflict.resolvedAt === null));
    });
    return () => {
      live = false;
    };
  }, [model, counts?.pending, counts?.conflicts]);

  if (info?.outbox === false) {
    return (
      <Panel title="Outbox" icon={<Mail20Regular />}>
        <Body1 className={styles.muted}>This browser workstation works online only: changes go straight to the server.</Body1>
      </Panel>
    );
  }
  return (
    <Panel
      title="Outbox"
      icon={<Mail20Regular />}
      actions={
        pending.length > 0 ? (
          <Button size="small" onClick={() => void model.api.retryOutbox()} disabled={status?.connection.state !== 'connected'}>
            Send now
          </Button>
        ) : undefined
      }
    >
      {pending.length === 0 && conflicts.length === 0 ? (
        <Body1 className={styles.muted}>Nothing waiting: every change has reached the server.</Body1>
      ) : null}
      {pending.length > 0 ? (
        <ul className={styles.feed} aria-label="Changes waiting to send">
          {pending.map((entry) => (
            <li key={entry.id} className={styles.item}>
              <Body1>{entry.label}</Body1>
              <Caption1 className={styles.muted}>
                Queued {shortTime(entry.queuedAt)}
                {entry.queuedBy === null ? '' : ` by ${entry.queuedBy}`}
                {entry.attempts > 0 ? ` · ${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}` : ''}
              </Caption1>
            </li>
          ))}
        </ul>
      ) : null}
      {conflicts.length > 0 ? (
        <ul className={styles.feed} aria-label="Conflicts to resolve">
          {conflicts.map((conflict) => (
            <li key={conflict.id} className={styles.item}>
              <Body1 className={styles.conflict}>{conflict.label}</Body1>
              <Caption1>{conflict.error.message}</Caption1>
            </li>
          ))}
        </ul>
      ) : null}
    </Panel>
  );
}

/**
 * The reception desk. Patient search, registration, check-in and the queue board arrive with
 * the front-desk contract (phase 2); until then the desk shows what is live and real.
 */
export function ReceptionDesk() {
  const styles = useStyles();
  const today = new Date().toLocaleDateString([], { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  return (
    <Page title="Reception" subtitle={today}>
      <div className={styles.grid}>
        <AnnouncementsPanel />
        <div style={{ display: 'flex', flexDirection: 'column', rowGap: '16px' }}>
          <ConnectionPanel />
          <OutboxPanel />
        </div>
      </div>
    </Page>
  );
}
