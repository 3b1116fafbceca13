import { Badge, Body1, Button, Caption1, Link, MessageBar, MessageBarBody, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { ArrowLeft16Regular, ArrowRight20Regular, CloudArrowUp20Regular } from '@fluentui/react-icons';
import { useCallback, useEffect, useState } from 'react';
import { SEX_LABELS, ageLabel } from '../../../shared/patient-records.js';
import type { TriagePatientView } from '../../../shared/nurse/triage.js';
import { allergiesOnList } from '../../../shared/nurse/triage-list.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { localToday, shortTime } from '../../components/format.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { AllergiesPanel, allergyStatusText } from './AllergiesPanel.js';
import { PriorityPanel } from './PriorityPanel.js';
import { PRIORITY_COLORS, PRIORITY_LABELS } from './triage-labels.js';
import { TriageStatus } from './TriageStatus.js';
import { useNow } from './use-now.js';
import { useNurse, useNurseModel } from './use-nurse.js';
import { VitalsForm } from './VitalsForm.js';
import { nextToTriage } from './next-patient.js';
import { waitingFor } from './vitals-draft.js';

const useStyles = makeStyles({
  back: { display: 'inline-flex', alignItems: 'center', columnGap: '4px', width: 'fit-content' },
  meta: { display: 'flex', alignItems: 'center', columnGap: '12px', flexWrap: 'wrap', color: tokens.colorNeutralForeground2 },
  mrn: { fontFamily: tokens.fontFamilyMonospace },
  allergyBanner: { padding: '8px 12px', borderRadius: tokens.borderRadiusMedium, fontWeight: tokens.fontWeightSemibold },
  hasAllergies: { backgroundColor: tokens.colorPaletteRedBackground2, color: tokens.colorPaletteRedForeground2 },
  noAllergies: { backgroundColor: tokens.colorNeutralBackground3 },
  pending: { display: 'flex', flexDirection: 'column', rowGap: '4px', margin: 0, paddingLeft: '18px' },
  muted: { color: tokens.colorNeutralForeground3 },
  next: { display: 'flex', justifyContent: 'flex-end', alignItems: 'center' },
});

/**
 * One waiting patient's triage: vitals, allergies and the queue priority, for a nurse (or a
 * doctor). Offline it works from what this workstation kept, and says so; what it records then
 * is queued and listed here until sent.
 */
export function TriagePatientScreen() {
  const { routeArgs } = useWorkstation();
  const visitId = routeArgs[0] ?? '';
  // One form per visit: what was typed for one patient never stays on the next one's.
  return <TriagePatient key={visitId} visitId={visitId} />;
}

function TriagePatient({ visitId }: { visitId: string }) {
  const styles = useStyles();
  const model = useModel();
  const nurse = useNurseModel();
  const { status } = useWorkstation();
  const { patientsChanged, pending, list } = useNurse();
  const now = useNow();
  const [view, setView] = useState<TriagePatientView | undefined>();
  const [error, setError] = useState<HostError | undefined>();
  const online = status?.connection.state === 'connected';

  const load = useCallback(async () => {
    const result = await nurse.patient(visitId);
    if (result.ok) {
      setView(result.value);
      setError(undefined);
    } else setError(result.error);
  }, [nurse, visitId]);
  // Again when this patient's data changed, this desk's queue moved, or the link came back.
  useEffect(() => {
    void load();
  }, [load, online, pending, patientsChanged.serial]);

  // The host follows the chart of the form on screen (another desk's records reach it): until it closes.
  const patientId = view?.patient.id;
  useEffect(() => (patientId === undefined ? undefined : () => nurse.leavePatient(patientId)), [nurse, patientId]);

  // The list is live: the entry's priority and place follow it.
  const entry = list?.entries.find((item) => item.visitId === visitId) ?? view?.entry ?? null;
  const back = <Link className={styles.back} data-testid="triage-back" onClick={() => model.navigate('triage')}><ArrowLeft16Regular /> Triage list</Link>;
  if (view === undefined) {
    return (
      <Page title="Triage" breadcrumb={back}>
        {error === undefined ? <Spinner label="Opening the patient…" /> : <ErrorBar error={error} what="The patient could not be opened" onRetry={() => void load()} />}
      </Page>
    );
  }
  const { patient } = view;
  const age = ageLabel(patient.birthDate, patient.birthDateEstimated, localToday());
  const priority = entry === null ? null : entry.pendingPriority ?? entry.priority;
  const next = nextToTriage(list?.entries ?? [], visitId);
  const allergic = allergiesOnList(view.allergies, view.pending)?.status === 'allergies';
  return (
    <Page
      title={patient.name}
      breadcrumb={back}
      meta={(
        <div className={styles.meta} data-testid="triage-banner">
          <span className={styles.mrn}>{patient.mrn}</span>
          {patient.sex === null ? null : <span>{SEX_LABELS[patient.sex]}</span>}
          {age === '' ? null : <span>{age}</span>}
          {entry === null ? <Badge appearance="outline">Not waiting</Badge> : (
            <>
              <span><strong>{entry.token}</strong> · {entry.departmentName}</span>
              <span>Waiting {waitingFor(entry.queuedAt, now)}</span>
              {priority === null ? null : <Badge appearance={priority === 'normal' ? 'outline' : 'filled'} color={PRIORITY_COLORS[priority]} data-testid="triage-priority">{PRIORITY_LABELS[priority]}</Badge>}
            </>
          )}
          <TriageStatus />
        </div>
      )}
    >
      <div className={`${styles.allergyBanner} ${allergic ? styles.hasAllergies : styles.noAllergies}`} role="note" aria-label="Allergy status">
        {allergyStatusText(view)}
      </div>
      {view.source === 'server' ? null : (
        <MessageBar intent="warning" data-testid="triage-offline">
          <MessageBarBody>
            {view.source === 'cache'
              ? `Offline: allergies and vitals as this workstation kept them at ${view.asOf === null ? 'an unknown time' : shortTime(view.asOf)}. What you record is queued and sent when the server is back.`
              : 'Offline, and this patient\'s allergies and vitals were never read on this workstation: ask the patient. What you record is queued and sent when the server is back.'}
          </MessageBarBody>
        </MessageBar>
      )}
      {view.pending.length === 0 ? null : (
        <Panel title={`Not sent yet (${view.pending.length})`} icon={<CloudArrowUp20Regular />} label="Not sent yet">
          <ul className={styles.pending}>
            {view.pending.map((write) => (
              <li key={write.key}>
                <Body1>{write.label}</Body1>{' '}
                <Caption1 className={styles.muted}>queued {shortTime(write.queuedAt)}</Caption1>{' '}
                {write.state === 'refused' ? (
                  <>
                    <Badge appearance="filled" color="danger">Refused</Badge>{' '}
                    <Link onClick={() => model.navigate('outbox')}>Fix it in the outbox</Link>
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        </Panel>
      )}
      <VitalsForm view={view} onSaved={() => void load()} />
      <AllergiesPanel view={view} onSaved={() => void load()} />
      {entry === null ? null : <PriorityPanel key={`${entry.visitId}:${entry.priority}:${entry.pendingPriority ?? ''}`} entry={entry} onSaved={() => void load()} />}
      <div className={styles.next}>
        {next === undefined ? <Caption1 className={styles.muted}>Everyone else on the list has had their vitals taken.</Caption1> : (
          <Button appearance="secondary" icon={<ArrowRight20Regular />} iconPosition="after" onClick={() => model.navigate('triage-patient', next.visitId)} data-testid="triage-next">
            Next patient: {next.patient?.name ?? next.token} ({next.token})
          </Button>
        )}
      </div>
    </Page>
  );
}
