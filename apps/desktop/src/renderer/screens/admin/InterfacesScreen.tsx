import {
  Badge, Button, Caption1, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { Add20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { useModel } from '../../state/hooks.js';
import type { InterfaceRow } from './admin-model.js';
import { transportSummary } from './interface-draft.js';
import { LINK_STATE_LABELS, PROTOCOL_LABELS } from './labels.js';
import { useAdminModel, useLiveInterfaces } from './use-admin.js';

const useStyles = makeStyles({
  top: { display: 'flex', alignItems: 'center', columnGap: '12px', flexWrap: 'wrap' },
  scroll: { overflowX: 'auto' },
  name: { fontWeight: tokens.fontWeightSemibold },
  stack: { display: 'flex', flexDirection: 'column', rowGap: '2px', alignItems: 'flex-start' },
  muted: { color: tokens.colorNeutralForeground3 },
  error: { color: tokens.colorPaletteRedForeground1, overflowWrap: 'anywhere' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: 'anywhere' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: '4px' },
});

/** Inbound messages that need a person: waiting on a mapping, refused, or failed on the lab's side. */
function attentionCount(counts: Record<string, number>): number {
  return (counts.parsed ?? 0) + (counts.mapped ?? 0) + (counts.rejected ?? 0) + (counts.error ?? 0);
}

function LiveCell({ item }: { item: InterfaceRow }) {
  const styles = useStyles();
  const state = LINK_STATE_LABELS[item.live.state];
  return (
    <span className={styles.stack}>
      <span>
        <Badge appearance="filled" color={state.color} data-testid="interface-state" data-state={item.live.state}>{state.label}</Badge>
        {item.live.connections > 0 ? <Caption1> · {item.live.connections} connection{item.live.connections === 1 ? '' : 's'}</Caption1> : null}
      </span>
      {item.live.since === null ? null : <Caption1 className={styles.muted}>since {shortTime(item.live.since)}</Caption1>}
      {item.live.retryAt === null ? null : <Caption1 className={styles.muted}>next try {shortTime(item.live.retryAt)}</Caption1>}
    </span>
  );
}

/**
 * Every analyzer and feed with the server's live view of it (read again every two seconds while
 * open): listening or connected, the last message, the last error, and how many messages wait
 * for a person. Each is enabled, disabled, edited or mapped from its row.
 */
export function InterfacesScreen() {
  const styles = useStyles();
  const admin = useAdminModel();
  const { navigate } = useModel();
  const { interfaces, interfacesError, interfacesAt } = useLiveInterfaces();
  const [busy, setBusy] = useState<string | undefined>(undefined);
  const [actionError, setActionError] = useState<HostError | undefined>(undefined);
  const toggle = async (item: InterfaceRow) => {
    setBusy(item.id);
    const result = await admin.setEnabled(item.id, !item.enabled);
    setBusy(undefined);
    setActionError(result.ok ? undefined : result.error);
  };
  const subtitle = interfaces === undefined ? undefined : `${interfaces.length} interface${interfaces.length === 1 ? '' : 's'}${interfacesAt === undefined ? '' : ` · live state as of ${new Date(interfacesAt).toLocaleTimeString('en-GB')}`}`;
  return (
    <Page title="Interfaces" subtitle={subtitle}>
      <div className={styles.top}>
        <Button appearance="primary" icon={<Add20Regular />} onClick={() => navigate('admin-interface-new')}>Add interface</Button>
        <Button onClick={() => navigate('admin-attention')}>Needs attention</Button>
      </div>
      {interfacesError === undefined ? null : <ErrorBar error={interfacesError} what="Interfaces not read" onRetry={() => void admin.loadInterfaces()} />}
      {actionError === undefined ? null : <ErrorBar error={actionError} what="Not changed" />}
      {interfaces === undefined ? (interfacesError === undefined ? <Spinner label="Reading the interfaces…" /> : null) : interfaces.length === 0 ? (
        <Caption1 className={styles.muted}>No analyzer or feed yet. Add one to start receiving results.</Caption1>
      ) : (
        <div className={styles.scroll}>
          <Table aria-label="Interfaces" size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Interface</TableHeaderCell>
                <TableHeaderCell>Connection</TableHeaderCell>
                <TableHeaderCell>State</TableHeaderCell>
                <TableHeaderCell>Last message</TableHeaderCell>
                <TableHeaderCell>Messages</TableHeaderCell>
                <TableHeaderCell>Actions</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {interfaces.map((item) => {
                const attention = attentionCount(item.counts);
                return (
                  <TableRow key={item.id} data-testid="interface-row" data-name={item.name}>
                    <TableCell>
                      <span className={styles.stack}>
                        <span className={styles.name}>{item.name}</span>
                        <Caption1 className={styles.muted}>{PROTOCOL_LABELS[item.protocol]}{item.options.lenient === true ? ' · lenient' : ''}</Caption1>
                      </span>
                    </TableCell>
                    <TableCell><span className={styles.mono}>{transportSummary(item.transport)}</span></TableCell>
                    <TableCell><LiveCell item={item} /></TableCell>
                    <TableCell>
                      <span className={styles.stack}>
                        <span data-testid="interface-last-message">{item.live.lastMessageAt === null ? '—' : shortTime(item.live.lastMessageAt)}</span>
                        {item.live.lastError === null ? null : <Caption1 className={styles.error} data-testid="interface-error">{item.live.lastError}</Caption1>}
                      </span>
                    </TableCell>
                    <TableCell>
                      <span className={styles.stack}>
                        <Caption1>{item.counts.applied ?? 0} applied</Caption1>
                        {attention === 0 ? null : <Badge appearance="tint" color="warning" data-testid="interface-attention">{attention} need{attention === 1 ? 's' : ''} attention</Badge>}
                      </span>
                    </TableCell>
                    <TableCell>
                      <span className={styles.actions}>
                        <Button size="small" appearance={item.enabled ? 'secondary' : 'primary'} disabled={busy === item.id} onClick={() => void toggle(item)}>
                          {item.enabled ? 'Disable' : 'Enable'}
                        </Button>
                        <Button size="small" onClick={() => navigate('admin-interface-edit', item.id)}>Edit</Button>
                        <Button size="small" onClick={() => navigate('admin-mapping', item.id)}>Test codes</Button>
                        <Button size="small" onClick={() => navigate('admin-messages', item.id)}>Messages</Button>
                      </span>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
    </Page>
  );
}
