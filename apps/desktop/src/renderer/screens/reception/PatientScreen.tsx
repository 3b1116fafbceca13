import {
  Badge, Body1, Button, Caption1, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Link, MessageBar, MessageBarActions,
  MessageBarBody, MessageBarTitle, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Toolbar, ToolbarButton,
  ToolbarDivider, makeStyles, tokens,
} from '@fluentui/react-components';
import {
  ArrowLeft16Regular, Edit20Regular, History20Regular, Person20Regular, Phone20Regular, Print20Regular, ShieldPerson20Regular, TicketDiagonal20Regular,
  Wallet20Regular,
} from '@fluentui/react-icons';
import type { Patient, PatientHistoryEntry } from '@hms/core';
import { useCallback, useEffect, useState } from 'react';
import type { PatientRecordView } from '../../../shared/protocol/reception.js';
import { receptionPermissions } from '../../../shared/reception/desk-permissions.js';
import { changesSomething, draftFromPatient, toUpdate } from '../../../shared/reception/patient-draft.js';
import type { PatientDraft } from '../../../shared/reception/patient-draft.js';
import { SEX_LABELS, ageLabel, formatPhone, patientName } from '../../../shared/reception/patients.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Facts } from '../../components/Facts.js';
import { Page, Panel } from '../../components/Page.js';
import { PrintStatus } from '../../components/PrintStatus.js';
import { localToday, longDate, shortTime } from '../../components/format.js';
import { fieldErrors } from '../../state/errors.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { printDocuments } from './reception-model.js';
import { CheckInPanel } from './CheckInPanel.js';
import { PatientForm } from './PatientForm.js';
import { useDraftErrors, useReception, useReceptionModel } from './use-reception.js';

const useStyles = makeStyles({
  titleRow: { display: 'flex', alignItems: 'center', columnGap: '16px', flexWrap: 'wrap', marginTop: '4px' },
  mrn: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase400, color: tokens.colorNeutralForeground2 },
  badges: { display: 'flex', columnGap: '6px', flexWrap: 'wrap', alignItems: 'center' },
  toolbar: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '2px 4px',
    flexWrap: 'wrap',
  },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: '16px', alignItems: 'start' },
  muted: { color: tokens.colorNeutralForeground3 },
  editActions: { display: 'flex', columnGap: '8px', alignItems: 'center' },
  back: { display: 'inline-flex', alignItems: 'center', columnGap: '4px', marginBottom: '4px', width: 'fit-content' },
});

const none = (value: string | null | undefined) => (value === null || value === undefined || value === '' ? '—' : value);

function addressText(patient: Patient): string {
  const address = patient.address;
  if (address === null) return '—';
  return [address.line1, address.line2, address.village, address.city, address.region, address.postalCode, address.country].filter((part) => part !== undefined && part !== '').join(', ');
}

function coverText(patient: Patient): string {
  const from = longDate(patient.insurance?.validFrom ?? null);
  const to = longDate(patient.insurance?.validTo ?? null);
  if (from === '' && to === '') return '—';
  if (from === '') return `Until ${to}`;
  return to === '' ? `From ${from}` : `${from} to ${to}`;
}

function HistoryDialog({ patient, onClose }: { patient: Patient; onClose: () => void }) {
  const model = useModel();
  const [entries, setEntries] = useState<PatientHistoryEntry[] | undefined>();
  const [error, setError] = useState<HostError | undefined>();
  useEffect(() => {
    void model.api.call('patients.history', { id: patient.id, limit: 100 }).then((result) => {
      if (result.ok) setEntries(result.value.items);
      else setError(result.error);
    });
  }, [model, patient.id]);
  return (
    <Dialog open onOpenChange={(_, data) => (data.open ? undefined : onClose())}>
      <DialogSurface style={{ maxWidth: '820px' }}>
        <DialogBody>
          <DialogTitle>History of {patientName(patient)}</DialogTitle>
          <DialogContent>
            {error !== undefined ? <ErrorBar error={error} /> : null}
            {entries === undefined && error === undefined ? <Spinner size="small" label="Reading the history…" /> : null}
            {entries !== undefined ? (
              <Table size="small" aria-label="Record history">
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>When</TableHeaderCell>
                    <TableHeaderCell>What</TableHeaderCell>
                    <TableHeaderCell>By</TableHeaderCell>
                    <TableHeaderCell>Fields changed</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {entries.map((entry) => (
                    <TableRow key={entry.seq}>
                      <TableCell>{shortTime(entry.at)}</TableCell>
                      <TableCell>{entry.action.replace(/^patients\./, '')}{entry.version === null ? '' : ` (v${entry.version})`}</TableCell>
                      <TableCell>{entry.actorUsername ?? 'system'}{entry.workstationId === null ? '' : ` at ${entry.workstationId}`}</TableCell>
                      <TableCell>{entry.changedFields.join(', ') || '—'}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            ) : null}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" onClick={onClose}>Close</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

function Details({ patient, today }: { patient: Patient; today: string }) {
  const styles = useStyles();
  const age = ageLabel(patient.birthDate, patient.birthDateEstimated, today);
  return (
    <div className={styles.grid}>
      <Panel title="Identity" icon={<Person20Regular />}>
        <Facts items={[
          ['Given name', patient.givenName],
          ['Middle name', none(patient.middleName)],
          ['Family name', patient.familyName],
          ['Sex', SEX_LABELS[patient.sex]],
          // An estimate's day and month were never known: only its year is shown.
          ['Date of birth', patient.birthDate === null ? '—' : `${patient.birthDateEstimated ? `~${patient.birthDate.slice(0, 4)} (estimated)` : longDate(patient.birthDate)} · ${age}`],
          ['National ID', none(patient.nationalId)],
        ]} />
      </Panel>
      <Panel title="Contact" icon={<Phone20Regular />}>
        <Facts items={[
          ['Phone', none(formatPhone(patient.phone))],
          ['Other phone', none(formatPhone(patient.alternatePhone))],
          ['Address', addressText(patient)],
          ['Preferred language', none(patient.preferredLanguage)],
        ]} />
      </Panel>
      <Panel title="Emergency contact" icon={<ShieldPerson20Regular />}>
        <Facts items={[
          ['Name', none(patient.emergencyContact?.name)],
          ['Relationship', none(patient.emergencyContact?.relationship)],
          ['Phone', none(formatPhone(patient.emergencyContact?.phone ?? null))],
        ]} />
      </Panel>
      <Panel title="Insurance and other details" icon={<Wallet20Regular />}>
        <Facts items={[
          ['Insurer', none(patient.insurance?.payer)],
          ['Member number', none(patient.insurance?.memberNumber)],
          ['Cover', coverText(patient)],
          ['Blood group', none(patient.bloodGroup)],
          ['Registered', `${shortTime(patient.registeredAt)}${patient.registeredOffline ? ' (offline)' : ''}`],
        ]} />
      </Panel>
    </div>
  );
}

/** One patient: demographics, correction with optimistic concurrency, check-in, printing, history. */
export function PatientScreen() {
  const styles = useStyles();
  const model = useModel();
  const reception = useReceptionModel();
  const { routeArgs, status } = useWorkstation();
  const { overview, patientsChanged } = useReception();
  const id = routeArgs[0] ?? '';
  const [view, setView] = useState<PatientRecordView | undefined>();
  const [loadError, setLoadError] = useState<HostError | undefined>();
  const [draft, setDraft] = useState<PatientDraft | undefined>();
  const [saveError, setSaveError] = useState<HostError | undefined>();
  const saveFields = useDraftErrors(fieldErrors(saveError), saveError);
  const [saving, setSaving] = useState(false);
  const [savedOffline, setSavedOffline] = useState(false);
  const [changedElsewhere, setChangedElsewhere] = useState(false);
  const [history, setHistory] = useState(false);
  const checkingIn = routeArgs[1] === 'check-in';
  const roles = status?.session.state === 'signedOut' ? [] : (status?.session.user.roles ?? []);
  const may = receptionPermissions(roles);
  const online = status?.connection.state === 'connected';
  const today = overview?.hospital?.serviceDate ?? localToday();

  const load = useCallback(async () => {
    const result = await reception.patient(id);
    if (result.ok) {
      setView(result.value);
      setLoadError(undefined);
      setChangedElsewhere(false);
    } else {
      setLoadError(result.error);
    }
  }, [model, id]);

  useEffect(() => {
    setView(undefined);
    setDraft(undefined);
    void load();
  }, [load]);

  // Another desk changed this record (or the outbox delivered it): read it again, or say so while editing.
  useEffect(() => {
    if (patientsChanged.serial === 0 || !patientsChanged.ids.includes(id)) return;
    if (draft === undefined) void load();
    else setChangedElsewhere(true);
    // Only a new change notice triggers this (not the draft changing).
  }, [patientsChanged.serial]);

  if (loadError !== undefined) {
    return (
      <Page title="Patient">
        <ErrorBar error={loadError} onRetry={() => void load()} />
        <div><Link onClick={() => model.navigate('reception')}>Back to Reception</Link></div>
      </Page>
    );
  }
  if (view === undefined) return <Spinner label="Opening the record…" />;
  const { patient } = view;
  const by = status?.session.state === 'signedOut' ? undefined : status?.session.user.displayName;
  const print = (kind: 'wristband' | 'slip' | 'label') => {
    switch (kind) {
      case 'wristband':
        return void reception.print(`wristband:${patient.id}`, 'Wristband', printDocuments.wristband(patient));
      case 'slip':
        return void reception.print(`slip:${patient.id}`, 'Registration slip', printDocuments.slip(patient, by));
      case 'label':
        return void reception.print(`label:${patient.id}`, 'Label', printDocuments.label(patient));
    }
  };
  const save = async () => {
    if (draft === undefined) return;
    const update = toUpdate(patient, draft);
    if (!changesSomething(update)) {
      setDraft(undefined);
      return;
    }
    setSaving(true);
    const result = await model.api.submit('patients.update', update, `Correct ${patientName(patient)} (${patient.mrn})`);
    setSaving(false);
    if (!result.ok) {
      setSaveError(result.error);
      return;
    }
    setSaveError(undefined);
    setDraft(undefined);
    if (result.value.status === 'applied') setView({ ...view, patient: result.value.result.patient, source: 'server', detail: 'full' });
    else setSavedOffline(true);
  };
  const stale = saveError?.code === 'CONFLICT' && saveError.details?.mergedInto === undefined;

  return (
    <Page
      title={patientName(patient)}
      breadcrumb={<Link className={styles.back} onClick={() => model.navigate('reception')}><ArrowLeft16Regular /> Find patient</Link>}
      meta={
        <div className={styles.titleRow}>
          <span className={styles.mrn} data-testid="patient-mrn">{patient.mrn}</span>
          <span className={styles.badges}>
            <Badge appearance="outline" color="informative">{SEX_LABELS[patient.sex]}{patient.birthDate === null ? '' : ` · ${ageLabel(patient.birthDate, patient.birthDateEstimated, today)}`}</Badge>
            {view.detail === 'provisional' ? <Badge appearance="tint" color="warning">Registered offline · not sent yet</Badge> : null}
            {view.source === 'cache' && view.detail !== 'provisional' ? <Badge appearance="tint" color="warning">This workstation's copy</Badge> : null}
            {view.reachedThroughAlias ? <Badge appearance="tint" color="informative">Opened through a merged record</Badge> : null}
          </span>
        </div>
      }
    >
      {view.detail === 'brief' ? (
        <MessageBar intent="warning">
          <MessageBarBody>Offline: this workstation holds only this patient's summary. The full record shows when the server is back.</MessageBarBody>
        </MessageBar>
      ) : null}
      {savedOffline ? (
        <MessageBar intent="info">
          <MessageBarBody>
            <MessageBarTitle>Saved on this workstation</MessageBarTitle>
            The correction is sent to the server when the connection is back.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <Toolbar className={styles.toolbar} aria-label="Patient actions">
        {may.checkIn ? (
          <ToolbarButton appearance="primary" icon={<TicketDiagonal20Regular />} disabled={checkingIn} onClick={() => model.navigate('patient', patient.id, 'check-in')}>
            Check in
          </ToolbarButton>
        ) : null}
        {may.correct ? (
          <ToolbarButton icon={<Edit20Regular />} disabled={draft !== undefined || view.detail === 'brief'} onClick={() => {
            setDraft(draftFromPatient(patient));
            setSaveError(undefined);
          }}>
            Edit details
          </ToolbarButton>
        ) : null}
        <ToolbarDivider />
        <ToolbarButton icon={<Print20Regular />} onClick={() => print('wristband')}>Print wristband</ToolbarButton>
        <ToolbarButton icon={<Print20Regular />} onClick={() => print('slip')}>Print slip</ToolbarButton>
        <ToolbarButton icon={<Print20Regular />} onClick={() => print('label')}>Print label</ToolbarButton>
        {may.history ? (
          <>
            <ToolbarDivider />
            <ToolbarButton icon={<History20Regular />} disabled={!online || view.detail === 'provisional'} onClick={() => setHistory(true)}>History</ToolbarButton>
          </>
        ) : null}
      </Toolbar>
      <PrintStatus keys={[`wristband:${patient.id}`, `slip:${patient.id}`, `label:${patient.id}`]} />
      {checkingIn && may.checkIn ? <CheckInPanel patient={patient} onClose={() => model.navigate('patient', patient.id)} /> : null}
      {draft !== undefined ? (
        <Panel title="Edit details" icon={<Edit20Regular />}>
          {changedElsewhere ? (
            <MessageBar intent="warning">
              <MessageBarBody>This record was just changed at another desk. Saving now is refused; cancel to see the new version.</MessageBarBody>
            </MessageBar>
          ) : null}
          {stale ? (
            <MessageBar intent="warning" layout="multiline">
              <MessageBarBody>
                <MessageBarTitle>Changed meanwhile</MessageBarTitle>
                Someone changed this record since you opened it. Reload to see their change, then make yours again.
              </MessageBarBody>
              <MessageBarActions>
                <Button onClick={() => {
                  setDraft(undefined);
                  setSaveError(undefined);
                  void load();
                }}>Reload</Button>
              </MessageBarActions>
            </MessageBar>
          ) : null}
          {saveError !== undefined && !stale && saveError.code !== 'VALIDATION' ? <ErrorBar error={saveError} /> : null}
          <PatientForm draft={draft} onChange={(next) => {
            saveFields.edited(draft, next);
            setDraft(next);
          }} errors={saveFields.errors} disabled={saving} />
          <div className={styles.editActions}>
            <Button appearance="primary" disabled={saving} onClick={() => void save()}>{saving ? 'Saving…' : 'Save changes'}</Button>
            <Button disabled={saving} onClick={() => {
              setDraft(undefined);
              setSaveError(undefined);
              if (changedElsewhere) void load();
            }}>Cancel</Button>
            <Caption1 className={styles.muted}>Corrections are kept in the record's history.</Caption1>
          </div>
        </Panel>
      ) : (
        <Details patient={patient} today={today} />
      )}
      {history ? <HistoryDialog patient={patient} onClose={() => setHistory(false)} /> : null}
      <Body1 className={styles.muted}>
        {view.source === 'server' ? `Version ${patient.version} · last changed ${shortTime(patient.updatedAt)}` : 'Shown from this workstation\'s copy.'}
      </Body1>
    </Page>
  );
}
