import {
  Body1, Button, Caption1, Field, MessageBar, MessageBarBody, MessageBarTitle, Radio, RadioGroup, Select, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import { Dismiss20Regular, Print20Regular, TicketDiagonal20Regular } from '@fluentui/react-icons';
import { QUEUE_PRIORITIES, VISIT_TYPES, defaultPriorityFor } from '@hms/core';
import type { Patient, QueuePriority, VisitType } from '@hms/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { CheckInOutcome } from '../../../shared/protocol/reception.js';
import { patientName } from '../../../shared/reception/patients.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Panel } from '../../components/Page.js';
import { PrintStatus } from '../../components/PrintStatus.js';
import { fieldErrors } from '../../state/errors.js';
import { useWorkstation } from '../../state/hooks.js';
import { defaultDepartment } from './default-department.js';
import { printDocuments } from './reception-model.js';
import { useQueueBoard, useReception, useReceptionModel } from './use-reception.js';

const useStyles = makeStyles({
  form: { display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: '12px 16px', alignItems: 'start' },
  full: { gridColumn: '1 / -1' },
  actions: { display: 'flex', alignItems: 'center', columnGap: '12px' },
  muted: { color: tokens.colorNeutralForeground3 },
  result: { display: 'flex', alignItems: 'center', columnGap: '24px', flexWrap: 'wrap', rowGap: '12px' },
  tokenBox: {
    display: 'flex',
    flexDirection: 'column',
    alignItems: 'center',
    padding: '10px 24px',
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorBrandBackground2,
    border: `1px solid ${tokens.colorBrandStroke2}`,
  },
  token: { fontSize: '32px', lineHeight: '40px', fontWeight: tokens.fontWeightBold, fontFamily: tokens.fontFamilyMonospace, color: tokens.colorBrandForeground1 },
  facts: { display: 'flex', flexDirection: 'column', rowGap: '4px' },
});

export const VISIT_TYPE_LABELS: Readonly<Record<VisitType, string>> = { new: 'New visit', follow_up: 'Follow-up', emergency: 'Emergency' };
export const PRIORITY_LABELS: Readonly<Record<QueuePriority, string>> = { emergency: 'Emergency', urgent: 'Urgent', normal: 'Normal' };

/** Check a patient in to a department's queue (optionally a doctor's); shows and prints the token. */
export function CheckInPanel({ patient, onClose }: { patient: Patient; onClose: () => void }) {
  const styles = useStyles();
  const reception = useReceptionModel();
  const { overview, boards, checkIns } = useReception();
  const { settings } = useWorkstation();
  const departments = overview?.departments.filter((department) => department.active) ?? [];
  const [visitType, setVisitType] = useState<VisitType>('new');
  const [department, setDepartment] = useState('');
  const [doctorId, setDoctorId] = useState('');
  const [priority, setPriority] = useState<QueuePriority | ''>('');
  const [complaint, setComplaint] = useState('');
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  const [outcome, setOutcome] = useState<CheckInOutcome | undefined>();
  const chosen = department !== '' ? department : defaultDepartment(departments, { setting: settings?.desks.reception.defaultDepartment, checkIns });
  useQueueBoard(chosen === '' ? undefined : chosen);
  const board = boards[chosen]?.board;
  const doctors = overview?.doctors.filter((doctor) => doctor.active && doctor.departments.includes(chosen)) ?? [];
  const fields = fieldErrors(error);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    const result = await reception.checkIn({
      patient: { id: patient.id, mrn: patient.mrn, name: patientName(patient) },
      visitType,
      department: chosen,
      ...(priority === '' ? {} : { priority }),
      ...(doctorId === '' ? {} : { doctorId }),
      ...(complaint.trim() === '' ? {} : { complaint: complaint.trim() }),
    }, patient);
    setSaving(false);
    if (result.ok) {
      setOutcome(result.value);
      setError(undefined);
    } else {
      setError(result.error);
    }
  };

  if (outcome !== undefined) {
    const visit = outcome.status === 'applied' ? outcome.visit : undefined;
    return (
      <Panel title="Checked in" icon={<TicketDiagonal20Regular />} actions={<Button appearance="subtle" icon={<Dismiss20Regular />} aria-label="Close" onClick={onClose} />}>
        {visit !== undefined ? (
          <div className={styles.result}>
            <div className={styles.tokenBox}>
              <Caption1>Token</Caption1>
              <span className={styles.token} data-testid="queue-token">{visit.token}</span>
            </div>
            <div className={styles.facts}>
              <Body1><strong>{reception.departmentName(visit.department)}</strong>{visit.doctorName === null ? '' : ` · ${visit.doctorName}`}</Body1>
              <Body1>
                {visit.position === null ? '' : visit.position === 1 ? 'Next in line' : `${visit.position - 1} waiting ahead`}
                {visit.estimatedWaitMinutes === null || visit.position === 1 ? '' : ` · about ${visit.estimatedWaitMinutes} min`}
              </Body1>
              <Caption1 className={styles.muted}>{VISIT_TYPE_LABELS[visit.visitType]} · {PRIORITY_LABELS[visit.priority]} priority</Caption1>
            </div>
            <Button icon={<Print20Regular />} onClick={() => void reception.print(`token:${visit.id}`, 'Queue token', printDocuments.token(visit, reception.departmentName(visit.department), patient))}>
              Print token
            </Button>
          </div>
        ) : (
          <MessageBar intent="info" layout="multiline" data-testid="checked-in-offline">
            <MessageBarBody>
              <MessageBarTitle>Checked in offline</MessageBarTitle>
              The arrival time is kept. The token is given when the server is back; it then shows under “Today at this desk” on the Reception page, ready to print.
            </MessageBarBody>
          </MessageBar>
        )}
        {visit !== undefined ? <PrintStatus keys={[`token:${visit.id}`]} /> : null}
      </Panel>
    );
  }

  return (
    <Panel title="Check in" icon={<TicketDiagonal20Regular />} actions={<Button appearance="subtle" icon={<Dismiss20Regular />} aria-label="Close" onClick={onClose} />}>
      <form className={styles.form} onSubmit={(event) => void submit(event)} aria-label="Check-in" noValidate>
        {error !== undefined && error.code !== 'VALIDATION' ? <div className={styles.full}><ErrorBar error={error} /></div> : null}
        <Field label="Visit type" className={styles.full} validationMessage={fields.visitType}>
          <RadioGroup layout="horizontal" value={visitType} onChange={(_, data) => setVisitType(data.value as VisitType)}>
            {VISIT_TYPES.map((type) => <Radio key={type} value={type} label={VISIT_TYPE_LABELS[type]} />)}
          </RadioGroup>
        </Field>
        <Field label="Department" required validationMessage={fields.department} hint={board === undefined || board === null ? undefined : `${board.waitingCount} waiting now`}>
          <Select value={chosen} onChange={(_, data) => {
            setDepartment(data.value);
            setDoctorId('');
          }}>
            {departments.map((item) => <option key={item.code} value={item.code}>{item.name}</option>)}
          </Select>
        </Field>
        <Field label="Doctor" validationMessage={fields.doctorId}>
          <Select value={doctorId} onChange={(_, data) => setDoctorId(data.value)}>
            <option value="">Any doctor (first free)</option>
            {doctors.map((doctor) => <option key={doctor.id} value={doctor.id}>{doctor.displayName}{doctor.room === null ? '' : ` · ${doctor.room}`}</option>)}
          </Select>
        </Field>
        <Field label="Priority" validationMessage={fields.priority}>
          <Select value={priority} onChange={(_, data) => setPriority(data.value as QueuePriority | '')}>
            <option value="">{PRIORITY_LABELS[defaultPriorityFor(visitType)]} (for this visit type)</option>
            {QUEUE_PRIORITIES.map((value) => <option key={value} value={value}>{PRIORITY_LABELS[value]}</option>)}
          </Select>
        </Field>
        <Field label="Complaint" className={styles.full} validationMessage={fields.complaint}>
          <Textarea value={complaint} resize="vertical" placeholder="What brings the patient in today" onChange={(_, data) => setComplaint(data.value)} />
        </Field>
        <div className={`${styles.actions} ${styles.full}`}>
          <Button appearance="primary" type="submit" disabled={saving || chosen === ''}>{saving ? 'Checking in…' : 'Check in'}</Button>
          <Button disabled={saving} onClick={onClose}>Cancel</Button>
          {departments.length === 0 ? <Caption1 className={styles.muted}>No departments known yet: connect to the server once.</Caption1> : null}
        </div>
      </form>
    </Panel>
  );
}
