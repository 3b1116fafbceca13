import {
  Badge, Body1, Button, Caption1, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, MessageBar, MessageBarBody,
  MessageBarTitle, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowSync20Regular, Delete20Regular, Eye20Regular, Mail20Regular, PlugConnected20Regular, Warning20Regular, Wrench20Regular } from '@fluentui/react-icons';
import type { MethodName, Result } from '@hms/core';
import { useCallback, useEffect, useState } from 'react';
import type { ConflictView, OfflineReadsView, OutboxEntryView } from '../../../shared/protocol/records.js';
import type { HostError } from '../../../shared/result.js';
import { ConnectionBadge } from '../../app/StatusBar.js';
import type { ConflictFixProps, OfflineWrite } from '../../app/desk-module.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Facts } from '../../components/Facts.js';
import { Page, Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { describeError, refusedFields } from '../../state/errors.js';
import { useModel, useWorkstation } from '../../state/hooks.js';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 3fr) minmax(300px, 2fr)', gap: '16px', alignItems: 'start' },
  side: { display: 'flex', flexDirection: 'column', rowGap: '16px' },
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column', rowGap: '12px' },
  item: { display: 'flex', flexDirection: 'column', rowGap: '4px', paddingBottom: '12px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}`, ':last-child': { borderBottom: 'none', paddingBottom: 0 } },
  conflict: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '8px',
    padding: '12px 14px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorPaletteRedBorder1}`,
    backgroundColor: tokens.colorNeutralBackground1,
  },
  conflictHead: { display: 'flex', alignItems: 'center', columnGap: '8px', justifyContent: 'space-between' },
  label: { fontWeight: tokens.fontWeightSemibold },
  why: { color: tokens.colorPaletteRedForeground1 },
  fields: { margin: 0, paddingLeft: '18px', color: tokens.colorNeutralForeground2 },
  actions: { display: 'flex', columnGap: '8px' },
  muted: { color: tokens.colorNeutralForeground3 },
  dialog: { maxWidth: '980px', width: '92vw' },
  dialogForm: { display: 'flex', flexDirection: 'column', rowGap: '12px' },
});

/** The desk's fix form for this conflict's method, typed by it (the registry keyed the write by the same method). */
function FixForm<M extends MethodName>({ write, ...props }: ConflictFixProps<M> & { write: OfflineWrite<M> | undefined }) {
  const Fix = write?.Fix;
  return Fix === undefined ? <Body1>This change is sent again exactly as it was made.</Body1> : <Fix {...props} />;
}

function FixDialog({ conflict, onClose }: { conflict: ConflictView; onClose: () => void }) {
  const styles = useStyles();
  const model = useModel();
  const write = model.registry.offlineWrite(conflict.method);
  // Without a form, it goes again as it was made; a form reports its params from its first render.
  const [params, setParams] = useState<unknown>(conflict.params);
  const [error, setError] = useState<HostError | undefined>();
  const [sending, setSending] = useState(false);

  const send = async () => {
    setSending(true);
    const result = await model.api.request('outbox.resend', { id: conflict.id, params, resolution: 'Corrected and sent again.' });
    setSending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const outcome = result.value;
    onClose();
    // The desk may take the person on (to the patient it registered) and say so itself.
    const desk = { notify: model.notify.bind(model), navigate: model.navigate.bind(model) };
    if (outcome.status === 'applied' && write?.resent?.(outcome.result as Result<typeof conflict.method>, desk) === true) return;
    model.notify({ intent: 'success', title: outcome.status === 'applied' ? 'Sent' : 'Queued again', message: `${conflict.label}: ${outcome.status === 'applied' ? 'the server accepted it.' : 'it waits in the outbox.'}` });
  };

  return (
    <Dialog open onOpenChange={(_, data) => (data.open ? undefined : onClose())}>
      <DialogSurface className={styles.dialog}>
        <DialogBody>
          <DialogTitle>Fix and send again: {conflict.label}</DialogTitle>
          <DialogContent className={styles.dialogForm}>
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>{describeError(error ?? conflict.error).title}</MessageBarTitle>
                {(error ?? conflict.error).message}
              </MessageBarBody>
            </MessageBar>
            <FixForm write={write} conflict={conflict} resendError={error} disabled={sending} onParams={setParams} />
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={sending} onClick={() => void send()}>{sending ? 'Sending…' : 'Send again'}</Button>
            <Button disabled={sending} onClick={onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function DiscardDialog({ conflict, onClose }: { conflict: ConflictView; onClose: () => void }) {
  const model = useModel();
  const [reason, setReason] = useState('');
  const [error, setError] = useState<HostError | undefined>();
  const discard = async () => {
    const result = await model.api.request('outbox.resolveConflict', { id: conflict.id, resolution: `Discarded: ${reason.trim()}` });
    if (result.ok) onClose();
    else setError(result.error);
  };
  return (
    <Dialog open onOpenChange={(_, data) => (data.open ? undefined : onClose())}>
      <DialogSurface>
        <DialogBody>
          <DialogTitle>Discard: {conflict.label}</DialogTitle>
          <DialogContent>
            {error !== undefined ? <ErrorBar error={error} /> : null}
            <Field label="Reason" required hint="Kept on this workstation with the discarded change.">
              <Textarea value={reason} onChange={(_, data) => setReason(data.value)} placeholder="e.g. Already checked in at another desk" />
            </Field>
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" disabled={reason.trim() === ''} onClick={() => void discard()}>Discard</Button>
            <Button onClick={onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function ConflictCard({ conflict, onFix, onDiscard }: { conflict: ConflictView; onFix: () => void; onDiscard: () => void }) {
  const styles = useStyles();
  const model = useModel();
  const fields = Object.entries(refusedFields(conflict.error));
  const title = describeError(conflict.error).title;
  return (
    <li className={styles.conflict} data-testid="conflict" data-method={conflict.method}>
      <div className={styles.conflictHead}>
        <span className={styles.label}>{conflict.label}</span>
        <Badge appearance="tint" color="danger">{model.registry.methodLabel(conflict.method)} refused</Badge>
      </div>
      <Body1 className={styles.why}>{title}: {conflict.error.message}</Body1>
      {fields.length > 0 ? (
        <ul className={styles.fields}>
          {fields.map(([field, message]) => <li key={field}><Caption1>{field}: {message}</Caption1></li>)}
        </ul>
      ) : null}
      <Caption1 className={styles.muted}>
        Made {shortTime(conflict.queuedAt)}{conflict.queuedBy === null ? '' : ` by ${conflict.queuedBy}`} · refused {shortTime(conflict.failedAt)}
      </Caption1>
      <div className={styles.actions}>
        <Button size="small" appearance="primary" icon={<Wrench20Regular />} onClick={onFix}>Fix and send again</Button>
        <Button size="small" icon={<Delete20Regular />} onClick={onDiscard}>Discard…</Button>
      </div>
    </li>
  );
}

/** Changes waiting for the server, and the conflicts inbox: refused changes a person fixes and resends, or discards with a reason. */
export function OutboxScreen() {
  const styles = useStyles();
  const model = useModel();
  const { status, info, settings } = useWorkstation();
  const [pending, setPending] = useState<OutboxEntryView[]>([]);
  const [conflicts, setConflicts] = useState<ConflictView[]>([]);
  const [reads, setReads] = useState<OfflineReadsView>({ waiting: 0, unrecorded: [] });
  const [fixing, setFixing] = useState<ConflictView | undefined>();
  const [discarding, setDiscarding] = useState<ConflictView | undefined>();
  const counts = status?.outbox;
  const reload = useCallback(async () => {
    const result = await model.api.request('outbox.list', {});
    if (!result.ok) return;
    setPending(result.value.pending);
    setConflicts(result.value.conflicts);
    setReads(result.value.offlineReads);
  }, [model]);
  useEffect(() => {
    void reload();
  }, [reload, counts?.pending, counts?.conflicts, counts?.draining]);

  const open = conflicts.filter((conflict) => conflict.resolvedAt === null);
  const resolved = conflicts.filter((conflict) => conflict.resolvedAt !== null).reverse();
  return (
    <Page title="Outbox and conflicts" subtitle="Changes made while the server was out of reach, and those it refused.">
      <div className={styles.grid}>
        <div className={styles.side}>
          <Panel title={`Conflicts to resolve (${open.length})`} icon={<Warning20Regular />} label="Conflicts to resolve">
            {open.length === 0 ? <Body1 className={styles.muted}>No conflicts: the server took every change sent from this desk.</Body1> : (
              <ul className={styles.list} aria-label="Conflicts">
                {open.map((conflict) => (
                  <ConflictCard key={conflict.id} conflict={conflict} onFix={() => setFixing(conflict)} onDiscard={() => setDiscarding(conflict)} />
                ))}
              </ul>
            )}
          </Panel>
          {resolved.length > 0 ? (
            <Panel title="Resolved" label="Resolved conflicts">
              <ul className={styles.list}>
                {resolved.slice(0, 20).map((conflict) => (
                  <li key={conflict.id} className={styles.item}>
                    <Body1>{conflict.label}</Body1>
                    <Caption1 className={styles.muted}>{conflict.resolution} · {conflict.resolvedAt === null ? '' : shortTime(conflict.resolvedAt)}</Caption1>
                  </li>
                ))}
              </ul>
            </Panel>
          ) : null}
        </div>
        <div className={styles.side}>
          <Panel
            title={`Waiting to send (${pending.length})`}
            icon={<Mail20Regular />}
            label="Outbox"
            actions={pending.length > 0 ? (
              <Button size="small" icon={<ArrowSync20Regular />} onClick={() => void model.api.request('outbox.retry', {})} disabled={status?.connection.state !== 'connected'}>Send now</Button>
            ) : undefined}
          >
            {pending.length === 0 ? <Body1 className={styles.muted}>Nothing waiting: every change has reached the server.</Body1> : (
              <ul className={styles.list} aria-label="Changes waiting to send">
                {pending.map((entry) => (
                  <li key={entry.id} className={styles.item}>
                    <Body1>{entry.label}</Body1>
                    <Caption1 className={styles.muted}>
                      Made {shortTime(entry.queuedAt)}{entry.queuedBy === null ? '' : ` by ${entry.queuedBy}`}
                      {entry.attempts > 0 ? ` · ${entry.attempts} attempt${entry.attempts === 1 ? '' : 's'}` : ''}
                    </Caption1>
                  </li>
                ))}
              </ul>
            )}
          </Panel>
          {reads.waiting > 0 || reads.unrecorded.length > 0 ? (
            <Panel title={`Chart reads not on the server's record (${reads.unrecorded.length})`} icon={<Eye20Regular />} label="Offline chart reads">
              {reads.waiting > 0 ? (
                <Caption1 className={styles.muted} data-testid="offline-reads-waiting">
                  {reads.waiting} chart read{reads.waiting === 1 ? '' : 's'} shown from this workstation&apos;s copy while offline wait{reads.waiting === 1 ? 's' : ''} to be recorded: sent when the reader is signed in online.
                </Caption1>
              ) : null}
              {reads.unrecorded.length > 0 ? (
                <>
                  <Body1 className={styles.why}>
                    These reads of patient data are not in the server&apos;s audit log and will not be sent by themselves: kept here; tell the audit officer.
                  </Body1>
                  <ul className={styles.list} aria-label="Chart reads the server did not record">
                    {reads.unrecorded.map((read) => (
                      <li key={read.id} className={styles.item} data-testid="offline-read-unrecorded">
                        <Body1>Chart of patient {read.patientId}, read {shortTime(read.at)} by user {read.userId}</Body1>
                        <Caption1 className={styles.muted}>{read.why} Read id {read.id}.</Caption1>
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
            </Panel>
          ) : null}
          {status !== undefined ? (
            <Panel title="Connection" icon={<PlugConnected20Regular />}>
              <Facts items={[
                ['Server', status.connection.serverUrl],
                ['State', <ConnectionBadge key="state" connection={status.connection} />],
                ['Since', shortTime(status.connection.since)],
                ['Workstation', settings?.workstationId ?? ''],
                ['Host', info?.kind === 'browser' ? 'Browser workstation (online only)' : 'Desktop workstation (works offline)'],
              ]} />
            </Panel>
          ) : null}
        </div>
      </div>
      {fixing !== undefined ? <FixDialog conflict={fixing} onClose={() => {
        setFixing(undefined);
        void reload();
      }} /> : null}
      {discarding !== undefined ? <DiscardDialog conflict={discarding} onClose={() => {
        setDiscarding(undefined);
        void reload();
      }} /> : null}
    </Page>
  );
}
