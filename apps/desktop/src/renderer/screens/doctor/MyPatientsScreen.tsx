import {
  Badge, Body1, Button, Caption1, Field, MessageBar, MessageBarBody, MessageBarTitle, Select, Spinner, Table, TableBody, TableCell, TableHeader,
  TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowForward20Regular, MegaphoneLoud20Regular, People20Regular, PersonArrowRight20Regular, Stethoscope20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { DoctorQueueEntry } from '../../../shared/doctor/views.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { DISPLAY_LOCALE, shortTime } from '../../components/format.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { TransferDialog } from './TransferDialog.js';
import { useDoctor, useDoctorModel } from './use-doctor.js';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'flex-end', columnGap: '12px', flexWrap: 'wrap' },
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: '16px' },
  token: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', columnGap: '6px', flexWrap: 'wrap' },
});

const PRIORITY_COLOR = { emergency: 'danger', urgent: 'warning', normal: 'informative' } as const;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** Where a row of My patients is: with the doctor now, or waiting (in their own queue or the department's pool). */
type Place = 'withMe' | 'waiting';

const HEADERS: Readonly<Record<Place, readonly string[]>> = {
  withMe: ['Token', 'Patient', 'Called', 'Actions'],
  waiting: ['Token', 'Patient', 'Priority', 'Queue', 'Waiting since', 'Actions'],
};

interface RowActions {
  offline: boolean;
  departmentName(code: string): string;
  consult(visitId: string): void;
  chart(patientId: string): void;
  recall(visitId: string): void;
  transfer(entry: DoctorQueueEntry): void;
}

/** One patient of My patients, with me now or waiting: the same cells and actions, those that apply to where they are. */
function QueueRow({ entry, place, actions }: { entry: DoctorQueueEntry; place: Place; actions: RowActions }) {
  const styles = useStyles();
  const { offline } = actions;
  const withMe = place === 'withMe';
  // With me: always. Waiting: offline nobody can be called, so the consultation starts here and the server calls them in when it is back.
  const canConsult = entry.patient !== null && (withMe || offline);
  return (
    <TableRow tabIndex={withMe ? 0 : undefined} onKeyDown={(event) => {
      if (withMe && event.key === 'Enter' && event.target === event.currentTarget) actions.consult(entry.visitId);
    }}>
      <TableCell className={styles.token}>{entry.token}</TableCell>
      <TableCell>{entry.patient?.name ?? '—'} <Caption1 className={styles.muted}>{entry.patient?.mrn}</Caption1></TableCell>
      {withMe ? (
        <TableCell>
          {entry.startedOffline ? <Badge appearance="tint" color="warning">started offline</Badge> : null}
          {entry.calledAt === null ? null : shortTime(entry.calledAt)}{entry.room === null ? '' : ` · ${entry.room}`}{entry.recallCount > 0 ? ` · recalled ${entry.recallCount}×` : ''}
        </TableCell>
      ) : (
        <>
          <TableCell>{entry.priority === null ? null : <Badge appearance="tint" color={PRIORITY_COLOR[entry.priority]}>{entry.priority}</Badge>}</TableCell>
          <TableCell>{entry.queue === 'mine' ? 'Yours' : `${actions.departmentName(entry.department)} pool`}</TableCell>
          <TableCell>{entry.queuedAt === null ? '' : shortTime(entry.queuedAt)}{entry.estimatedWaitMinutes === null ? '' : ` · ~${entry.estimatedWaitMinutes} min`}</TableCell>
        </>
      )}
      <TableCell>
        <div className={styles.actions}>
          {canConsult ? (
            <Button appearance="primary" size="small" icon={<ArrowForward20Regular />} onClick={() => actions.consult(entry.visitId)}>{withMe ? 'Consultation' : 'See now'}</Button>
          ) : null}
          {withMe ? <Button size="small" icon={<MegaphoneLoud20Regular />} disabled={offline} onClick={() => actions.recall(entry.visitId)}>Recall</Button> : null}
          {!withMe && entry.patient !== null ? <Button size="small" onClick={() => actions.chart(entry.patient?.id ?? '')}>Chart</Button> : null}
          <Button size="small" icon={<PersonArrowRight20Regular />} disabled={offline} onClick={() => actions.transfer(entry)}>Transfer</Button>
        </div>
      </TableCell>
    </TableRow>
  );
}

function QueueTable({ label, place, entries, actions }: { label: string; place: Place; entries: readonly DoctorQueueEntry[]; actions: RowActions }) {
  return (
    <Table aria-label={label} size="small">
      <TableHeader>
        <TableRow>{HEADERS[place].map((header) => <TableHeaderCell key={header}>{header}</TableHeaderCell>)}</TableRow>
      </TableHeader>
      <TableBody>
        {entries.map((entry) => <QueueRow key={entry.visitId} entry={entry} place={place} actions={actions} />)}
      </TableBody>
    </Table>
  );
}

/** The doctor's day: who is with them, who waits for them (or for any doctor of the department); call next, recall, transfer. */
export function MyPatientsScreen() {
  const styles = useStyles();
  const model = useModel();
  const doctor = useDoctorModel();
  const { status, reference } = useWorkstation();
  const { myPatients, myPatientsError } = useDoctor();
  const offline = status?.connection.state === 'offline';
  const departments = myPatients?.departments ?? [];
  const [department, setDepartment] = useState<string | undefined>();
  const chosen = department !== undefined && departments.includes(department) ? department : departments[0];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ what: string; error: HostError } | undefined>();
  const [nobody, setNobody] = useState(false);
  const [transferring, setTransferring] = useState<DoctorQueueEntry | undefined>();
  const withMe = myPatients?.inConsultation ?? [];
  const waiting = myPatients?.waiting ?? [];
  const departmentName = (code: string) => reference?.departments.find((item) => item.code === code)?.name ?? code;

  const callNext = async () => {
    if (chosen === undefined || busy || offline) return;
    setBusy(true);
    setError(undefined);
    const result = await doctor.callNext(chosen);
    setBusy(false);
    if (!result.ok) {
      setError({ what: 'Could not call the next patient', error: result.error });
      return;
    }
    setNobody(result.value === null);
    if (result.value !== null) model.navigate('consult', result.value.id);
  };
  const recall = async (visitId: string) => {
    const result = await doctor.recall(visitId);
    setError(result.ok ? undefined : { what: 'Could not recall', error: result.error });
    if (result.ok && result.value !== null) model.notify({ intent: 'success', title: 'Called again', message: `${result.value.token} is announced once more.` });
  };

  const rowActions: RowActions = {
    offline,
    departmentName,
    consult: (visitId) => model.navigate('consult', visitId),
    chart: (patientId) => model.navigate('chart', patientId),
    recall: (visitId) => void recall(visitId),
    transfer: setTransferring,
  };

  // Keyboard first: N calls the next patient, from anywhere on the screen but a text box.
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target)) return;
      if (event.key === 'n' || event.key === 'N') {
        event.preventDefault();
        void callNext();
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  });

  const today = new Date().toLocaleDateString(DISPLAY_LOCALE, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
  if (myPatients !== undefined && departments.length === 0) {
    return (
      <Page title="My patients" subtitle={today}>
        <Body1>You have no doctor profile with a department yet: an administrator sets one up (Departments and doctors).</Body1>
      </Page>
    );
  }
  return (
    <Page title="My patients" subtitle={today}>
      {myPatients !== undefined && !myPatients.live ? (
        <MessageBar intent="warning" data-testid="my-patients-offline">
          <MessageBarBody>
            <MessageBarTitle>Not live</MessageBarTitle>
            The queue as this workstation last saw it{myPatients.asOf === null ? '' : ` (${shortTime(myPatients.asOf)})`}. Calling waits for the server; open a waiting patient's consultation to see them now.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      <div className={styles.bar}>
        {departments.length > 1 ? (
          <Field label="Department">
            <Select value={chosen ?? ''} onChange={(_, data) => setDepartment(data.value)}>
              {departments.map((code) => <option key={code} value={code}>{departmentName(code)}</option>)}
            </Select>
          </Field>
        ) : null}
        <Button appearance="primary" size="large" icon={<MegaphoneLoud20Regular />} onClick={() => void callNext()} disabled={busy || chosen === undefined || offline} aria-keyshortcuts="N">
          {busy ? 'Calling…' : 'Call next patient'}
        </Button>
        <Caption1 className={styles.muted}>Press N to call the next patient; Enter on a row opens the consultation.</Caption1>
      </div>
      {nobody ? <Body1 className={styles.muted} data-testid="nobody-waiting">Nobody is waiting for you in {chosen === undefined ? 'your department' : departmentName(chosen)}.</Body1> : null}
      {error !== undefined ? <ErrorBar error={error.error} what={error.what} /> : null}
      {myPatientsError !== undefined ? <ErrorBar error={myPatientsError} what="My patients could not be read" onRetry={() => void doctor.loadMyPatients()} /> : null}
      <div className={styles.grid}>
        <Panel title="With me now" icon={<Stethoscope20Regular />}>
          {withMe.length === 0 ? <Body1 className={styles.muted}>Nobody is with you. Call the next patient.</Body1> : (
            <QueueTable label="With me now" place="withMe" entries={withMe} actions={rowActions} />
          )}
        </Panel>
        <Panel title="Waiting" icon={<People20Regular />} actions={<Caption1 className={styles.muted}>{waiting.length} waiting</Caption1>}>
          {myPatients === undefined && myPatientsError === undefined ? <Spinner size="tiny" label="Reading the queue…" /> : null}
          {myPatients !== undefined && waiting.length === 0 ? <Body1 className={styles.muted}>Nobody is waiting for you.</Body1> : null}
          {waiting.length === 0 ? null : (
            <QueueTable label="Waiting" place="waiting" entries={waiting} actions={rowActions} />
          )}
        </Panel>
      </div>
      {transferring === undefined ? null : (
        <TransferDialog
          entry={transferring}
          onClose={() => setTransferring(undefined)}
          onDone={(message) => {
            setTransferring(undefined);
            model.notify({ intent: 'success', title: 'Transferred', message });
          }}
        />
      )}
    </Page>
  );
}
