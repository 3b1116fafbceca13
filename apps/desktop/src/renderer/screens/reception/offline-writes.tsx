import { Field, MessageBar, MessageBarBody, Radio, RadioGroup, Select, Textarea, makeStyles } from '@fluentui/react-components';
import { VISIT_TYPES } from '@hms/core';
import type { VisitType } from '@hms/core';
import { useEffect, useState } from 'react';
import { changesMrn, correctedParams } from '../../../shared/reception/conflict-fix.js';
import { draftFromParams, toDemographics } from '../../../shared/reception/patient-draft.js';
import type { PatientDraft } from '../../../shared/reception/patient-draft.js';
import type { ConflictFixProps, OfflineWrites } from '../../app/desk-module.js';
import { fieldErrors, refusedFields } from '../../state/errors.js';
import { VISIT_TYPE_LABELS } from './CheckInPanel.js';
import { PatientForm } from './PatientForm.js';
import { useDraftErrors, useReception } from './use-reception.js';

const useStyles = makeStyles({
  twoCols: { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: '12px 16px' },
});

/** Every demographic field is replaced: one emptied in the form must not come back from the original. */
const DEMOGRAPHIC_KEYS = [
  'givenName', 'middleName', 'familyName', 'sex', 'birthDate', 'estimatedAgeYears', 'phone', 'alternatePhone', 'nationalId', 'address',
  'emergencyContact', 'insurance', 'bloodGroup', 'preferredLanguage',
] as const;

function demographicsOf(draft: PatientDraft): Record<string, unknown> {
  const demographics = toDemographics(draft) as Record<string, unknown>;
  return Object.fromEntries(DEMOGRAPHIC_KEYS.map((key) => [key, demographics[key]]));
}

/** A refused registration: the patient form, filled as it was sent; a refused block MRN is left to the server. */
function RegistrationFix({ conflict, resendError, disabled, onParams }: ConflictFixProps<'patients.register'>) {
  const [draft, setDraft] = useState<PatientDraft>(() => draftFromParams(conflict.params));
  const refused = refusedFields(resendError ?? conflict.error);
  const formErrors = useDraftErrors({ ...refused, ...fieldErrors(resendError) }, resendError ?? conflict);
  const resent = correctedParams(conflict.params, demographicsOf(draft), refusedFields(conflict.error));
  // The params to send follow from the draft alone: reported at first and on every change.
  useEffect(() => onParams(resent), [draft]);
  return (
    <>
      {changesMrn(conflict.params, resent) ? (
        <MessageBar intent="warning">
          <MessageBarBody>The server refused this desk's MRN: it gives a new one. Print a new wristband afterwards.</MessageBarBody>
        </MessageBar>
      ) : null}
      <PatientForm draft={draft} onChange={(next) => {
        formErrors.edited(draft, next);
        setDraft(next);
      }} errors={formErrors.errors} disabled={disabled} />
    </>
  );
}

/** A refused check-in (already waiting there, an inactive department): department, visit type, complaint. */
function CheckInFix({ conflict, resendError, onParams }: ConflictFixProps<'visits.checkIn'>) {
  const styles = useStyles();
  const { overview } = useReception();
  const { params } = conflict;
  const [department, setDepartment] = useState(params.department);
  const [visitType, setVisitType] = useState<VisitType>((VISIT_TYPES as readonly unknown[]).includes(params.visitType) ? params.visitType : 'new');
  const [complaint, setComplaint] = useState(params.complaint ?? '');
  const refused = refusedFields(resendError ?? conflict.error);
  useEffect(() => {
    onParams(correctedParams(params, { department, visitType, complaint: complaint.trim() === '' ? undefined : complaint.trim() }, refusedFields(conflict.error)));
  }, [department, visitType, complaint]);
  return (
    <div className={styles.twoCols}>
      <Field label="Department" validationMessage={refused.department}>
        <Select value={department} onChange={(_, data) => setDepartment(data.value)}>
          {(overview?.departments ?? []).map((item) => <option key={item.code} value={item.code}>{item.name}</option>)}
        </Select>
      </Field>
      <Field label="Visit type">
        <RadioGroup layout="horizontal" value={visitType} onChange={(_, data) => setVisitType(data.value as VisitType)}>
          {VISIT_TYPES.map((type) => <Radio key={type} value={type} label={VISIT_TYPE_LABELS[type]} />)}
        </RadioGroup>
      </Field>
      <Field label="Complaint" style={{ gridColumn: '1 / -1' }}>
        <Textarea value={complaint} onChange={(_, data) => setComplaint(data.value)} />
      </Field>
    </div>
  );
}

/** The reception desk's offline writes, as the outbox and the conflicts inbox show them. */
export const receptionOfflineWrites: OfflineWrites<'reception'> = {
  'patients.register': {
    label: 'Registration',
    Fix: RegistrationFix,
    resent: (result, desk) => {
      // A new MRN: the desk is told, until someone says so, to replace the wristband printed offline.
      desk.notify({ intent: 'success', title: 'Registered', message: `The patient is registered as ${result.patient.mrn}.` });
      desk.navigate('patient', result.patient.id);
      return true;
    },
  },
  'patients.update': { label: 'Correction' },
  'visits.checkIn': { label: 'Check-in', Fix: CheckInFix },
};
