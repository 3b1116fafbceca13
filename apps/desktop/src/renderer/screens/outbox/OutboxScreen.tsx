import {
  Badge, Body1, Button, Caption1, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, MessageBar, MessageBarBody,
  MessageBarTitle, Radio, RadioGroup, Select, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowSync20Regular, Delete20Regular, Mail20Regular, PlugConnected20Regular, Warning20Regular, Wrench20Regular } from '@fluentui/react-icons';
import { VISIT_TYPES } from '@hms/core';
import type { PatientDemographicsInput, VisitType } from '@hms/core';
import { useCallback, useEffect, useState } from 'react';
import type { ConflictView, OutboxEntryView } from '../../../shared/protocol/records.js';
import { changesMrn, correctedParams } from '../../../shared/reception/conflict-fix.js';
import { draftFromParams, toDemographics } from '../../../shared/reception/patient-draft.js';
import type { PatientDraft } from '../../../shared/reception/patient-draft.js';
import type { HostError } from '../../../shared/result.js';
import { ConnectionBadge } from '../../app/StatusBar.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Facts } from '../../components/Facts.js';
import { Page, Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { describeError, fieldErrors } from '../../state/errors.js';
import { useDraftErrors, useModel, useReception, useWorkstation } from '../../state/hooks.js';
import { VISIT_TYPE_LABELS } from '../reception/CheckInPanel.js';
import { PatientForm } from '../reception/PatientForm.js';

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
  twoCols: { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: '12px 16px' },
});

/** Per-field reasons the server gave, whatever the code (a CONFLICT names `mrn` this way too). */
function refusedFields(error: ConflictView['error'] | HostError): Record<string, string> {
  const fields = error.details?.fields;
  if (typeof fields !== 'object' || fields === null) return {};
  return Object.fromEntries(Object.entries(fields).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

const METHOD_LABELS: Partial<Record<ConflictView['method'], string>> = {
  'patients.register': 'Registration',
  'patients.update': 'Correction',
  'visits.checkIn': 'Check-in',
};

function describeMethod(conflict: ConflictView): string {
  return METHOD_LABELS[conflict.method] ?? conflict.method;
}

type FixDraft =
  | { kind: 'patient'; draft: PatientDraft }
  | { kind: 'checkIn'; department: string; visitType: VisitType; complaint: string }
  | { kind: 'asIs' };

function fixDraftOf(conflict: ConflictView): FixDraft {
  const params = (conflict.params ?? {}) as Record<string, unknown>;
  if (conflict.method === 'patients.register') return { kind: 'patient', draft: draftFromParams(params as Partial<PatientDemographicsInput>) };
  if (conflict.method === 'visits.checkIn') {
    return {
      kind: 'checkIn',
      department: typeof params.department === 'string' ? params.department : '',
      visitType: (VISIT_TYPES as readonly unknown[]).includes(params.visitType) ? (params.visitType as VisitType) : 'new',
      complaint: typeof params.complaint === 'string' ? params.complaint : '',
    };
  }
  return { kind: 'asIs' };
}

function corrections(fix: FixDraft): Record<string, unknown> {
  switch (fix.kind) {
    case 'patient': {
      // Every demographic field is replaced: one emptied in the form must not come back from the original.
      const demographics = toDemographics(fix.draft) as Record<string, unknown>;
      const keys = ['givenName', 'middleName', 'familyName', 'sex', 'birthDate', 'estimatedAgeYears', 'phone', 'alternatePhone', 'nationalId', 'address', 'emergencyContact', 'insurance', 'bloodGroup', 'preferredLanguage'];
      return Object.fromEntries(keys.map((key) => [key, demographics[key]]));
    }
    case 'checkIn':
      return { department: fix.department, visitType: fix.visitType, complaint: fix.complaint.trim() === '' ? undefined : fix.complaint.trim() };
    case 'asIs':
      return {};
  }
}

function FixDialog({ conflict, onClose }: { conflict: ConflictView; onClose: () => void }) {
  const styles = useStyles();
  const model = useModel();
  const { overview } = useReception();
  const [fix, setFix] = useState<FixDraft>(() => fixDraftOf(conflict));
  const [error, setError] = useState<HostError | undefined>();
  const [sending, setSending] = useState(false);
  const refused = refusedFields(error ?? conflict.error);
  const formErrors = useDraftErrors({ ...refused, ...fieldErrors(error) }, error ?? conflict);
  const resent = correctedParams(conflict.params, corrections(fix), refusedFields(conflict.error));
  const newMrn = conflict.method === 'patients.register' && changesMrn(conflict.params, resent);

  const send = async () => {
    setSending(true);
    const result = await model.api.request('outbox.resend', { id: conflict.id, params: resent, resolution: 'Corrected and sent again.' });
    setSending(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    const outcome = result.value;
    if (outcome.status === 'applied' && conflict.method === 'patients.register') {
      const patient = (outcome.result as { patient?: { id?: unknown; mrn?: unknown } }).patient;
      if (typeof patient?.id === 'string') {
        // A new MRN: the desk is told, until someone says so, to replace the wristband printed offline.
        model.notify({ intent: 'success', title: 'Registered', message: `The patient is registered as ${String(patient.mrn)}.` });
        onClose();
        model.navigate('patient', patient.id);
        return;
      }
    }
    model.notify({ intent: 'success', title: outcome.status === 'applied' ? 'Sent' : 'Queued again', message: `${conflict.label}: ${outcome.status === 'applied' ? 'the server accepted it.' : 'it waits in the outbox.'}` });
    onClose();
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
            {newMrn ? (
              <MessageBar intent="warning">
                <MessageBarBody>The server refused this desk's MRN: it gives a new one. Print a new wristband afterwards.</MessageBarBody>
              </MessageBar>
            ) : null}
            {fix.kind === 'patient' ? (
              <PatientForm draft={fix.draft} onChange={(draft) => {
                formErrors.edited(fix.draft, draft);
                setFix({ kind: 'patient', draft });
              }} errors={formErrors.errors} disabled={sending} />
            ) : null}
            {fix.kind === 'checkIn' ? (
              <div className={styles.twoCols}>
                <Field label="Department" validationMessage={refused.department}>
                  <Select value={fix.department} onChange={(_, data) => setFix({ ...fix, department: data.value })}>
                    {(overview?.departments ?? []).map((department) => <option key={department.code} value={department.code}>{department.name}</option>)}
                  </Select>
                </Field>
                <Field label="Visit type">
                  <RadioGroup layout="horizontal" value={fix.visitType} onChange={(_, data) => setFix({ ...fix, visitType: data.value as VisitType })}>
                    {VISIT_TYPES.map((type) => <Radio key={type} value={type} label={VISIT_TYPE_LABELS[type]} />)}
                  </RadioGroup>
                </Field>
                <Field label="Complaint" style={{ gridColumn: '1 / -1' }}>
                  <Textarea value={fix.complaint} onChange={(_, data) => setFix({ ...fix, complaint: data.value })} />
                </Field>
              </div>
            ) : null}
            {fix.kind === 'asIs' ? <Body1>This change is sent again exactly as it was made.</Body1> : null}
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
  const fields = Object.entries(refusedFields(conflict.error));
  const title = describeError(conflict.error).title;
  return (
    <li className={styles.conflict} data-testid="conflict" data-method={conflict.method}>
      <div className={styles.conflictHead}>
        <span className={styles.label}>{conflict.label}</span>
        <Badge appearance="tint" color="danger">{describeMethod(conflict)} refused</Badge>
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
  const [fixing, setFixing] = useState<ConflictView | undefined>();
  const [discarding, setDiscarding] = useState<ConflictView | undefined>();
  const counts = status?.outbox;
  const reload = useCallback(async () => {
    const result = await model.api.request('outbox.list', {});
    if (!result.ok) return;
    setPending(result.value.pending);
    setConflicts(result.value.conflicts);
  }, [model]);
  useEffect(() => {
    void reload();
  }, [reload, counts?.pending, counts?.conflicts, counts?.draining]);

  const open = conflicts.filter((conflict) => conflict.resolvedAt === null);
  const resolved = conflicts.filter((conflict) => conflict.resolvedAt !== null).reverse();
  if (info?.outbox === false) {
    return (
      <Page title="Outbox">
        <Panel title="Outbox" icon={<Mail20Regular />}>
          <Body1 className={styles.muted}>This browser workstation works online only: changes go straight to the server.</Body1>
        </Panel>
      </Page>
    );
  }
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
