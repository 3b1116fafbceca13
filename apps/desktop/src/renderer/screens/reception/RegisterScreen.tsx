import {
  Badge, Body1, Button, Caption1, MessageBar, MessageBarBody, MessageBarTitle, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { CheckmarkCircle24Filled, Open16Regular, PersonAdd20Regular, Print20Regular, TicketDiagonal20Regular } from '@fluentui/react-icons';
import { DuplicateCandidateSchema } from '@hms/core';
import type { DuplicateCandidate, DuplicateReason } from '@hms/core';
import { useState } from 'react';
import type { FormEvent } from 'react';
import { z } from 'zod';
import type { RegisterOutcome } from '../../../shared/protocol/reception.js';
import { receptionPermissions } from '../../../shared/reception/desk-permissions.js';
import { emptyDraft, toDemographics } from '../../../shared/reception/patient-draft.js';
import type { PatientDraft } from '../../../shared/reception/patient-draft.js';
import { SEX_LABELS, formatPhone, patientName } from '../../../shared/reception/patients.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { PrintStatus } from '../../components/PrintStatus.js';
import { longDate } from '../../components/format.js';
import { fieldErrors } from '../../state/errors.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { printDocuments } from './reception-model.js';
import { PatientForm, unplacedErrors } from './PatientForm.js';
import { useDraftErrors, useReceptionModel } from './use-reception.js';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: '16px', maxWidth: '980px' },
  actions: {
    display: 'flex',
    alignItems: 'center',
    columnGap: '8px',
    position: 'sticky',
    bottom: '-24px',
    padding: '12px 0 16px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  hint: { color: tokens.colorNeutralForeground3 },
  done: { display: 'flex', flexDirection: 'column', rowGap: '14px', maxWidth: '760px' },
  doneHead: { display: 'flex', alignItems: 'center', columnGap: '12px', color: tokens.colorPaletteGreenForeground1 },
  mrn: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold, color: tokens.colorNeutralForeground1 },
  buttons: { display: 'flex', flexWrap: 'wrap', columnGap: '8px', rowGap: '8px' },
  reasons: { display: 'flex', flexWrap: 'wrap', gap: '4px', padding: '4px 0' },
});

const REASON_LABELS: Readonly<Record<DuplicateReason, string>> = {
  national_id: 'Same national ID',
  phone: 'Same phone',
  name: 'Same name',
  similar_name: 'Similar name',
  birth_date: 'Same date of birth',
  birth_year: 'Same birth year',
  sex: 'Same sex',
};

const CandidatesSchema = z.array(DuplicateCandidateSchema);

/** The likely duplicates a CONFLICT names, if that is what it is. */
function candidatesOf(error: HostError | undefined): DuplicateCandidate[] | undefined {
  if (error?.code !== 'CONFLICT') return undefined;
  const parsed = CandidatesSchema.safeParse(error.details?.candidates);
  return parsed.success && parsed.data.length > 0 ? parsed.data : undefined;
}

/** What was typed in the search box, as a start: a number is a phone, words are names. */
function draftFromTyped(typed: string | undefined): PatientDraft {
  const draft = emptyDraft();
  if (typed === undefined || typed.trim() === '') return draft;
  if (/^[\d\s+()-]+$/.test(typed)) return { ...draft, phone: typed.trim() };
  if (/\d/.test(typed)) return draft;
  const words = typed.trim().split(/\s+/).map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return { ...draft, givenName: words[0] ?? '', familyName: words.length > 1 ? words.at(-1)! : '', middleName: words.slice(1, -1).join(' ') };
}

function Duplicates({ candidates, typed, onOpen, onRegisterAnyway, onBack, busy }: {
  candidates: DuplicateCandidate[];
  typed: PatientDraft;
  onOpen: (id: string) => void;
  onRegisterAnyway: () => void;
  onBack: () => void;
  busy: boolean;
}) {
  const styles = useStyles();
  return (
    <Panel title="Possible duplicates" label="Possible duplicates">
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>This patient may already be registered</MessageBarTitle>
          Check the records below with the patient. Open the right one, or register a new record if this is a different person.
        </MessageBarBody>
      </MessageBar>
      <Body1>
        Registering: <strong>{[typed.givenName, typed.middleName, typed.familyName].filter((part) => part.trim() !== '').join(' ')}</strong>
        {typed.sex === '' ? '' : ` · ${SEX_LABELS[typed.sex]}`}
        {typed.birthDate === '' || typed.ageOnly ? '' : ` · born ${longDate(typed.birthDate)}`}
        {typed.phone === '' ? '' : ` · ${typed.phone}`}
      </Body1>
      <Table size="small" aria-label="Likely duplicates">
        <TableHeader>
          <TableRow>
            <TableHeaderCell style={{ width: '170px' }}>MRN</TableHeaderCell>
            <TableHeaderCell>Name</TableHeaderCell>
            <TableHeaderCell style={{ width: '80px' }}>Sex</TableHeaderCell>
            <TableHeaderCell style={{ width: '120px' }}>Date of birth</TableHeaderCell>
            <TableHeaderCell style={{ width: '150px' }}>Phone</TableHeaderCell>
            <TableHeaderCell style={{ width: '260px' }}>Why it may be the same person</TableHeaderCell>
            <TableHeaderCell style={{ width: '90px' }} aria-label="Actions" />
          </TableRow>
        </TableHeader>
        <TableBody>
          {candidates.map((candidate) => (
            <TableRow key={candidate.patient.id}>
              <TableCell>{candidate.patient.mrn}</TableCell>
              <TableCell>{patientName(candidate.patient)}</TableCell>
              <TableCell>{SEX_LABELS[candidate.patient.sex]}</TableCell>
              <TableCell>{longDate(candidate.patient.birthDate)}</TableCell>
              <TableCell>{formatPhone(candidate.patient.phone)}</TableCell>
              <TableCell>
                <span className={styles.reasons}>
                  {candidate.reasons.map((reason) => <Badge key={reason} size="small" appearance="tint" color="informative">{REASON_LABELS[reason]}</Badge>)}
                </span>
              </TableCell>
              <TableCell>
                <Button size="small" icon={<Open16Regular />} onClick={() => onOpen(candidate.patient.id)}>Open</Button>
              </TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
      <div className={styles.buttons}>
        <Button appearance="primary" disabled={busy} onClick={onRegisterAnyway}>Register anyway</Button>
        <Button disabled={busy} onClick={onBack}>Back to the form</Button>
      </div>
    </Panel>
  );
}

function Registered({ outcome, onAnother }: { outcome: RegisterOutcome; onAnother: () => void }) {
  const styles = useStyles();
  const model = useModel();
  const reception = useReceptionModel();
  const { status } = useWorkstation();
  const { patient } = outcome;
  const by = status?.session.state === 'signedOut' ? undefined : status?.session.user.displayName;
  const mayCheckIn = receptionPermissions(status?.session.state === 'signedOut' ? [] : (status?.session.user.roles ?? [])).checkIn;
  return (
    <Panel title="Registered" label="Registration done">
      <div className={styles.done}>
        <div className={styles.doneHead}>
          <CheckmarkCircle24Filled />
          <Body1>
            <strong>{patientName(patient)}</strong> is registered.
          </Body1>
        </div>
        <div>
          <Caption1 className={styles.hint}>Medical record number</Caption1>
          <div className={styles.mrn} data-testid="registered-mrn">{patient.mrn}</div>
        </div>
        {outcome.status === 'queued' ? (
          <MessageBar intent="info" layout="multiline" data-testid="registered-offline">
            <MessageBarBody>
              <MessageBarTitle>Registered offline</MessageBarTitle>
              The MRN is final and printed on the wristband. The record reaches the server on its own when the connection is back.
            </MessageBarBody>
          </MessageBar>
        ) : null}
        <PrintStatus keys={[`wristband:${patient.id}`, `slip:${patient.id}`]} />
        <div className={styles.buttons}>
          {mayCheckIn ? <Button appearance="primary" icon={<TicketDiagonal20Regular />} onClick={() => model.navigate('patient', patient.id, 'check-in')}>Check in now</Button> : null}
          <Button icon={<Print20Regular />} onClick={() => void reception.print(`wristband:${patient.id}`, 'Wristband', printDocuments.wristband(patient))}>Print wristband</Button>
          <Button icon={<Print20Regular />} onClick={() => void reception.print(`slip:${patient.id}`, 'Registration slip', printDocuments.slip(patient, by))}>Print slip</Button>
          <Button onClick={() => model.navigate('patient', patient.id)}>Open record</Button>
          <Button appearance="subtle" icon={<PersonAdd20Regular />} onClick={onAnother}>Register another</Button>
        </div>
      </div>
    </Panel>
  );
}

/** Registration: the form, the server's field errors on their boxes, a duplicate warning, then printing and check-in. */
export function RegisterScreen() {
  const styles = useStyles();
  const model = useModel();
  const reception = useReceptionModel();
  const { routeArgs, status } = useWorkstation();
  const [draft, setDraft] = useState<PatientDraft>(() => draftFromTyped(routeArgs[0]));
  const [error, setError] = useState<HostError | undefined>();
  const [saving, setSaving] = useState(false);
  const [outcome, setOutcome] = useState<RegisterOutcome | undefined>();
  const candidates = candidatesOf(error);
  // A box's message goes once the box is edited; the others stay until the next submit.
  const fields = useDraftErrors(fieldErrors(error), error);
  const by = status?.session.state === 'signedOut' ? '' : (status?.session.user.displayName ?? '');

  const register = async (confirmedNotDuplicate: boolean) => {
    setSaving(true);
    const result = await reception.register({ ...toDemographics(draft), ...(confirmedNotDuplicate ? { confirmedNotDuplicate: true } : {}) }, by);
    setSaving(false);
    if (result.ok) {
      setOutcome(result.value);
      setError(undefined);
    } else {
      setError(result.error);
    }
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void register(false);
  };
  const another = () => {
    setOutcome(undefined);
    setDraft(emptyDraft());
    setError(undefined);
    model.navigate('register');
  };

  return (
    <Page title="Register a patient" subtitle="New patients get their MRN at once; the wristband and slip print on this desk's printers.">
      {outcome !== undefined ? <Registered outcome={outcome} onAnother={another} /> : null}
      {outcome === undefined && candidates !== undefined ? (
        <Duplicates
          candidates={candidates}
          typed={draft}
          busy={saving}
          onOpen={(id) => model.navigate('patient', id)}
          onRegisterAnyway={() => void register(true)}
          onBack={() => setError(undefined)}
        />
      ) : null}
      {outcome === undefined && candidates === undefined ? (
        <form className={styles.form} onSubmit={submit} aria-label="Patient registration" noValidate>
          {error !== undefined && error.code !== 'VALIDATION' ? <ErrorBar error={error} onRetry={() => void register(false)} /> : null}
          {error?.code === 'VALIDATION' && Object.keys(fields.errors).length > 0 ? (
            <MessageBar intent="error">
              <MessageBarBody>
                <MessageBarTitle>Please check the form</MessageBarTitle>
                {unplacedErrors(fields.errors).length === 0 ? 'The marked boxes need attention.' : unplacedErrors(fields.errors).map(([field, message]) => `${field}: ${message}`).join('; ')}
              </MessageBarBody>
            </MessageBar>
          ) : null}
          <Panel title="Patient details" label="Patient details">
            <PatientForm draft={draft} onChange={(next) => {
              fields.edited(draft, next);
              setDraft(next);
            }} errors={fields.errors} disabled={saving} autoFocus />
          </Panel>
          <div className={styles.actions}>
            <Button appearance="primary" type="submit" icon={<PersonAdd20Regular />} disabled={saving}>
              {saving ? 'Registering…' : 'Register'}
            </Button>
            <Button disabled={saving} onClick={() => model.navigate('reception')}>Cancel</Button>
            <Caption1 className={styles.hint}>Boxes marked * are needed. A date of birth, or the age if that is all the patient knows.</Caption1>
          </div>
        </form>
      ) : null}
    </Page>
  );
}
