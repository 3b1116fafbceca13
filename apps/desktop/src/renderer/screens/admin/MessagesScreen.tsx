import {
  Badge, Button, Caption1, Checkbox, Field, Input, Link, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { MESSAGE_STATUSES } from '@hms/core';
import type { MessageSummary } from '@hms/core';
import { useCallback, useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { MESSAGE_STATUS_LABELS, REPLAYABLE } from './labels.js';
import { EMPTY_FILTER, isMessageStatus, messageParams } from './message-filter.js';
import type { MessageFilter } from './message-filter.js';
import { useAdmin, useAdminModel } from './use-admin.js';

const useStyles = makeStyles({
  filters: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-end', gap: '8px 12px' },
  scroll: { overflowX: 'auto' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  stack: { display: 'flex', flexDirection: 'column', rowGap: '2px', alignItems: 'flex-start' },
  reason: { color: tokens.colorNeutralForeground3, overflowWrap: 'anywhere', maxWidth: '320px' },
  actions: { display: 'flex', flexWrap: 'wrap', gap: '4px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * The message log (`#/admin-messages[/<interfaceId>]`), newest first, searched by time,
 * interface, accession and status; and, as `#/admin-attention[/<interfaceId>]`, the dead-letter
 * list: what waits for a person (unmapped codes, refused, failed), each replayable once fixed.
 */
export function MessagesScreen() {
  const styles = useStyles();
  const admin = useAdminModel();
  const { navigate } = useModel();
  const { route, routeArgs } = useWorkstation();
  const attention = route === 'admin-attention';
  const routeInterface = routeArgs[0] ?? '';
  const { interfaces } = useAdmin();
  const [filter, setFilter] = useState<MessageFilter>({ ...EMPTY_FILTER, interfaceId: routeArgs[0] ?? '', attention });
  const [items, setItems] = useState<MessageSummary[] | undefined>(undefined);
  const [cursor, setCursor] = useState<string | undefined>(undefined);
  const [error, setError] = useState<HostError | undefined>(undefined);
  const [replayed, setReplayed] = useState<Record<string, MessageSummary | HostError>>({});
  const search = useCallback(async (wanted: MessageFilter, after?: string) => {
    const result = await admin.messages(messageParams(wanted, after));
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    setItems((current) => (after === undefined ? result.value.items : [...(current ?? []), ...result.value.items]));
    setCursor(result.value.nextCursor);
  }, [admin]);
  useEffect(() => {
    if (interfaces === undefined) void admin.loadInterfaces();
  }, [admin, interfaces]);
  // A new route (the log or the dead letters, another interface) starts its own search.
  useEffect(() => {
    const fresh = { ...EMPTY_FILTER, interfaceId: routeInterface, attention };
    setFilter(fresh);
    setReplayed({});
    void search(fresh);
  }, [attention, routeInterface, search]);
  const change = (patch: Partial<MessageFilter>) => setFilter((current) => ({ ...current, ...patch }));
  const replay = async (message: MessageSummary) => {
    const result = await admin.replay(message.id);
    setReplayed((current) => ({ ...current, [message.id]: result.ok ? result.value.message : result.error }));
  };
  const nameOf = (id: string) => interfaces?.find((item) => item.id === id)?.name ?? '…';
  return (
    <Page
      title={attention ? 'Needs attention' : 'Message log'}
      subtitle={attention ? 'Messages waiting on a mapping, refused or failed: fix the cause, then replay' : 'Every message in and out, newest first'}
      breadcrumb={<Link onClick={() => navigate('admin-interfaces')}>Interfaces</Link>}
    >
      <form className={styles.filters} aria-label="Search messages" onSubmit={(event) => { event.preventDefault(); void search(filter); }}>
        <Field label="Interface">
          <Select value={filter.interfaceId} onChange={(_, data) => change({ interfaceId: data.value })}>
            <option value="">All</option>
            {(interfaces ?? []).map((item) => <option key={item.id} value={item.id}>{item.name}</option>)}
          </Select>
        </Field>
        <Field label="Status">
          <Select value={filter.status} onChange={(_, data) => change({ status: isMessageStatus(data.value) ? data.value : '' })}>
            <option value="">Any</option>
            {MESSAGE_STATUSES.map((status) => <option key={status} value={status}>{MESSAGE_STATUS_LABELS[status].label}</option>)}
          </Select>
        </Field>
        <Field label="Accession or specimen barcode">
          <Input value={filter.accession} onChange={(_, data) => change({ accession: data.value })} placeholder="L2600012344" />
        </Field>
        <Field label="From">
          <Input type="datetime-local" value={filter.from} onChange={(_, data) => change({ from: data.value })} />
        </Field>
        <Field label="To">
          <Input type="datetime-local" value={filter.to} onChange={(_, data) => change({ to: data.value })} />
        </Field>
        <Checkbox checked={filter.attention} onChange={(_, data) => change({ attention: data.checked === true })} label="Needs attention only" />
        <Button appearance="primary" type="submit">Search</Button>
      </form>
      {error === undefined ? null : <ErrorBar error={error} what="Messages not read" onRetry={() => void search(filter)} />}
      {items === undefined ? (error === undefined ? <Spinner label="Reading the log…" /> : null) : items.length === 0 ? (
        <Caption1 className={styles.muted}>{attention ? 'Nothing waits for a person.' : 'No message matches.'}</Caption1>
      ) : (
        <div className={styles.scroll}>
          <Table aria-label={attention ? 'Messages needing attention' : 'Messages'} size="small">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>Time</TableHeaderCell>
                <TableHeaderCell>Interface</TableHeaderCell>
                <TableHeaderCell>Message</TableHeaderCell>
                <TableHeaderCell>Accession</TableHeaderCell>
                <TableHeaderCell>Status</TableHeaderCell>
                <TableHeaderCell>Actions</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {items.map((listed) => {
                const outcome = replayed[listed.id];
                const message = outcome !== undefined && 'status' in outcome ? outcome : listed;
                const replayError = outcome !== undefined && !('status' in outcome) ? outcome : undefined;
                const status = MESSAGE_STATUS_LABELS[message.status];
                return (
                  <TableRow key={message.id} data-testid="message-row" data-status={message.status} data-accession={message.accession ?? ''}>
                    <TableCell>{shortTime(message.at)}</TableCell>
                    <TableCell>{nameOf(message.interfaceId)}</TableCell>
                    <TableCell>
                      <span className={styles.stack}>
                        <span>{message.direction === 'in' ? '← ' : '→ '}{message.kind}</span>
                        {message.controlId === null ? null : <Caption1 className={styles.mono}>{message.controlId}</Caption1>}
                      </span>
                    </TableCell>
                    <TableCell><span className={styles.mono}>{message.accession ?? '—'}</span></TableCell>
                    <TableCell>
                      <span className={styles.stack}>
                        <Badge appearance="tint" color={status.color} data-testid="message-status">{status.label}</Badge>
                        {message.unmappedCodes.length > 0 ? <Caption1>Unmapped: <span className={styles.mono}>{message.unmappedCodes.join(', ')}</span></Caption1> : null}
                        {message.reason === null || message.status === 'applied' || (message.status === 'parsed' && message.unmappedCodes.length > 0) ? null : <Caption1 className={styles.reason}>{message.reason}</Caption1>}
                        {message.replays > 0 ? <Caption1 className={styles.muted}>replayed {message.replays}×</Caption1> : null}
                        {replayError === undefined ? null : <Caption1 className={styles.reason} data-testid="replay-error">{replayError.message}</Caption1>}
                      </span>
                    </TableCell>
                    <TableCell>
                      <span className={styles.actions}>
                        <Button size="small" onClick={() => navigate('admin-message', message.id)}>View</Button>
                        {message.direction === 'in' && REPLAYABLE.has(message.status) ? (
                          <Button size="small" appearance="primary" onClick={() => void replay(message)}>Replay</Button>
                        ) : null}
                        {message.unmappedCodes.length > 0 ? <Button size="small" onClick={() => navigate('admin-mapping', message.interfaceId)}>Map codes</Button> : null}
                      </span>
                    </TableCell>
                  </TableRow>
                );
              })}
            </TableBody>
          </Table>
        </div>
      )}
      {cursor === undefined ? null : <Button onClick={() => void search(filter, cursor)}>Older messages</Button>}
    </Page>
  );
}
