import {
  Badge, Body1, Button, Caption1, Field, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowForward20Regular, MegaphoneLoud20Regular, People20Regular, PersonArrowRight20Regular, Stethoscope20Regular } from '@fluentui/react-icons';
import type { QueueBoard } from '@hms/core';
import { useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { DISPLAY_LOCALE, shortTime } from '../../components/format.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { departmentsOf, myPatients } from './my-queue.js';
import type { MyPatient } from './my-queue.js';
import { TransferDialog } from './TransferDialog.js';
import { useDoctor, useDoctorModel, useMyQueues } from './use-doctor.js';

const useStyles = makeStyles({
  bar: { display: 'flex', alignItems: 'flex-end', columnGap: '12px', flexWrap: 'wrap' },
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr)', gap: '16px' },
  token: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', columnGap: '6px', flexWrap: 'wrap' },
  keys: { color: tokens.colorNeutralForeground3 },
});

const PRIORITY_COLOR = { emergency: 'danger', urgent: 'warning', normal: 'informative' } as const;

function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
}

/** The doctor's day: who is with them, who waits for them (or for any doctor of the department); call next, recall, transfer. */
export function MyPatientsScreen() {
  const styles = useStyles();
  const model = useModel();
  const doctor = useDoctorModel();
  const { status, reference } = useWorkstation();
  const { boards, boardErrors } = useDoctor();
  const userId = status?.session.state === 'signedOut' ? undefined : status?.session.user.id;
  const departments = departmentsOf(reference?.doctors, userId);
  useMyQueues(departments);
  const [department, setDepartment] = useState<string | undefined>();
  const chosen = department !== undefined && departments.includes(department) ? department : departments[0];
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<{ what: string; error: HostError } | undefined>();
  const [nobody, setNobody] = useState(false);
  const [transferring, setTransferring] = useState<MyPatient | undefined>();
  const shown = departments.flatMap((code) => (boards[code] === undefined ? [] : [boards[code]])) satisfies QueueBoard[];
  const patients = userId === undefined ? [] : myPatients(shown, userId);
  const withMe = patients.filter((patient) => patient.kind === 'withMe');
  const waiting = patients.filter((patient) => patient.kind === 'waiting');

  const callNext = async () => {
    if (chosen === undefined || busy) return;
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
    if (result.ok) model.notify({ intent: 'success', title: 'Called again', message: `${result.value.token} is announced once more.` });
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
  if (userId !== undefined && reference !== undefined && departments.length === 0) {
    return (
      <Page title="My patients" subtitle={today}>
        <Body1>You have no doctor profile with a department yet: an administrator sets one up (Departments and doctors).</Body1>
      </Page>
    );
  }
  return (
    <Page title="My patients" subtitle={today}>
      <div className={styles.bar}>
        {departments.length > 1 ? (
          <Field label="Department">
            <Select value={chosen ?? ''} onChange={(_, data) => setDepartment(data.value)}>
              {departments.map((code) => <option key={code} value={code}>{reference?.departments.find((item) => item.code === code)?.name ?? code}</option>)}
            </Select>
          </Field>
        ) : null}
        <Button appearance="primary" size="large" icon={<MegaphoneLoud20Regular />} onClick={() => void callNext()} disabled={busy || chosen === undefined} aria-keyshortcuts="N">
          {busy ? 'Calling…' : 'Call next patient'}
        </Button>
        <Caption1 className={styles.keys}>Press N to call the next patient; Enter on a row opens the consultation.</Caption1>
      </div>
      {nobody ? <Body1 className={styles.muted} data-testid="nobody-waiting">Nobody is waiting for you in {chosen}.</Body1> : null}
      {error !== undefined ? <ErrorBar error={error.error} what={error.what} /> : null}
      {Object.entries(boardErrors).map(([code, boardError]) => <ErrorBar key={code} error={boardError} what={`The ${code} queue could not be read`} />)}
      <div className={styles.grid}>
        <Panel title="With me now" icon={<Stethoscope20Regular />}>
          {withMe.length === 0 ? <Body1 className={styles.muted}>Nobody is with you. Call the next patient.</Body1> : (
            <Table aria-label="With me now" size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Token</TableHeaderCell>
                  <TableHeaderCell>Patient</TableHeaderCell>
                  <TableHeaderCell>Called</TableHeaderCell>
                  <TableHeaderCell>Actions</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {withMe.map((patient) => patient.kind !== 'withMe' ? null : (
                  <TableRow key={patient.entry.visitId} tabIndex={0} onKeyDown={(event) => {
                    if (event.key === 'Enter' && event.target === event.currentTarget) model.navigate('consult', patient.entry.visitId);
                  }}>
                    <TableCell className={styles.token}>{patient.entry.token}</TableCell>
                    <TableCell>{patient.entry.patient?.name ?? '—'} <Caption1 className={styles.muted}>{patient.entry.patient?.mrn}</Caption1></TableCell>
                    <TableCell>{shortTime(patient.entry.calledAt)}{patient.entry.room === null ? '' : ` · ${patient.entry.room}`}{patient.entry.recallCount > 0 ? ` · recalled ${patient.entry.recallCount}×` : ''}</TableCell>
                    <TableCell>
                      <div className={styles.actions}>
                        <Button appearance="primary" size="small" icon={<ArrowForward20Regular />} onClick={() => model.navigate('consult', patient.entry.visitId)}>Consultation</Button>
                        <Button size="small" icon={<MegaphoneLoud20Regular />} onClick={() => void recall(patient.entry.visitId)}>Recall</Button>
                        <Button size="small" icon={<PersonArrowRight20Regular />} onClick={() => setTransferring(patient)}>Transfer</Button>
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Panel>
        <Panel title="Waiting" icon={<People20Regular />} actions={<Caption1 className={styles.muted}>{waiting.length} waiting</Caption1>}>
          {shown.length < departments.length && Object.keys(boardErrors).length === 0 ? <Spinner size="tiny" label="Reading the queue…" /> : null}
          {shown.length === departments.length && waiting.length === 0 ? <Body1 className={styles.muted}>Nobody is waiting for you.</Body1> : null}
          {waiting.length === 0 ? null : (
            <Table aria-label="Waiting" size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Token</TableHeaderCell>
                  <TableHeaderCell>Patient</TableHeaderCell>
                  <TableHeaderCell>Priority</TableHeaderCell>
                  <TableHeaderCell>Queue</TableHeaderCell>
                  <TableHeaderCell>Waiting since</TableHeaderCell>
                  <TableHeaderCell>Actions</TableHeaderCell>
                </TableRow>
              </TableHeader>
              <TableBody>
                {waiting.map((patient) => patient.kind !== 'waiting' ? null : (
                  <TableRow key={patient.entry.visitId}>
                    <TableCell className={styles.token}>{patient.entry.token}</TableCell>
                    <TableCell>{patient.entry.patient?.name ?? '—'} <Caption1 className={styles.muted}>{patient.entry.patient?.mrn}</Caption1></TableCell>
                    <TableCell><Badge appearance="tint" color={PRIORITY_COLOR[patient.entry.priority]}>{patient.entry.priority}</Badge></TableCell>
                    <TableCell>{patient.mine ? 'Yours' : `${patient.departmentName} pool`}</TableCell>
                    <TableCell>{shortTime(patient.entry.queuedAt)} · ~{patient.entry.estimatedWaitMinutes} min</TableCell>
                    <TableCell>
                      <div className={styles.actions}>
                        {patient.entry.patient === null ? null : (
                          <Button size="small" onClick={() => model.navigate('chart', patient.entry.patient?.id ?? '')}>Chart</Button>
                        )}
                        <Button size="small" icon={<PersonArrowRight20Regular />} onClick={() => setTransferring(patient)}>Transfer</Button>
                      </div>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </Panel>
      </div>
      {transferring === undefined ? null : (
        <TransferDialog
          patient={transferring}
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
