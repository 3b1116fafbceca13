import { Caption1, Checkbox, Field, Input, MessageBar, MessageBarBody, Radio, RadioGroup, Select, makeStyles } from '@fluentui/react-components';
import { ALLERGY_SEVERITIES, QUEUE_PRIORITIES } from '@hms/core';
import type { AllergySeverity, QueuePriority } from '@hms/core';
import { useEffect, useState } from 'react';
import type { ConflictFixProps, OfflineWrites } from '../../app/desk-module.js';
import { refusedFields } from '../../state/errors.js';
import { PRIORITY_LABELS, SEVERITY_LABELS } from './triage-labels.js';
import { resentAllergy, resentVitals, vitalsDraftOf } from './conflict-fix.js';
import { VITAL_FIELDS, checkVitals } from './vitals-draft.js';
import type { VitalsDraft } from './vitals-draft.js';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: '12px 16px' },
  twoCols: { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: '12px 16px' },
});

/** Refused vitals: the readings as sent, each box checked by the rules again; an emptied box is left out. */
function VitalsFix({ conflict, resendError, disabled, onParams }: ConflictFixProps<'vitals.record'>) {
  const styles = useStyles();
  const { params } = conflict;
  const [draft, setDraft] = useState<VitalsDraft>(() => vitalsDraftOf(params));
  const checked = checkVitals(draft);
  const refused = refusedFields(resendError ?? conflict.error);
  useEffect(() => onParams(resentVitals(params, checked.readings)), [draft]);
  return (
    <div className={styles.grid}>
      {VITAL_FIELDS.map((field) => (
        <Field key={field.name} label={`${field.label} (${field.unit})`} validationMessage={checked.errors[field.name] ?? refused[field.name]}>
          <Input disabled={disabled} inputMode="decimal" value={draft[field.name]} onChange={(_, data) => setDraft({ ...draft, [field.name]: data.value })} />
        </Field>
      ))}
    </div>
  );
}

/**
 * A refused allergy: its reaction and severity; refused as a second allergy to the same
 * substance, it may be sent as a new revision of the one on the chart instead.
 */
function AllergyFix({ conflict, disabled, onParams }: ConflictFixProps<'allergies.record'>) {
  const styles = useStyles();
  const { params } = conflict;
  const existing = conflict.error.details?.reason === 'already_recorded' && typeof conflict.error.details.allergyId === 'string' ? conflict.error.details.allergyId : undefined;
  const [reaction, setReaction] = useState(params.reaction ?? '');
  const [severity, setSeverity] = useState<AllergySeverity>((ALLERGY_SEVERITIES as readonly unknown[]).includes(params.severity) ? params.severity : 'moderate');
  const [revise, setRevise] = useState(existing !== undefined);
  useEffect(() => onParams(resentAllergy(params, { reaction, severity, reviseAllergyId: revise ? existing : undefined })), [reaction, severity, revise]);
  return (
    <>
      <Caption1>Substance: <strong>{params.substance.text}</strong></Caption1>
      {existing === undefined ? null : (
        <MessageBar intent="info">
          <MessageBarBody>
            An allergy to this substance was recorded meanwhile.{' '}
            <Checkbox disabled={disabled} checked={revise} onChange={(_, data) => setRevise(data.checked === true)} label="Send this as an update of that allergy" />
          </MessageBarBody>
        </MessageBar>
      )}
      <div className={styles.twoCols}>
        <Field label="Reaction"><Input disabled={disabled} value={reaction} onChange={(_, data) => setReaction(data.value)} /></Field>
        <Field label="Severity">
          <Select disabled={disabled} value={severity} onChange={(_, data) => setSeverity(data.value as AllergySeverity)}>
            {ALLERGY_SEVERITIES.map((value) => <option key={value} value={value}>{SEVERITY_LABELS[value]}</option>)}
          </Select>
        </Field>
      </div>
    </>
  );
}

/** A refused triage (the visit was called or ended meanwhile, say): the priority to send again. */
function TriageFix({ conflict, disabled, onParams }: ConflictFixProps<'queue.triage'>) {
  const [priority, setPriority] = useState<QueuePriority>((QUEUE_PRIORITIES as readonly unknown[]).includes(conflict.params.priority) ? conflict.params.priority : 'normal');
  useEffect(() => onParams({ ...conflict.params, priority }), [priority]);
  return (
    <Field label="Priority">
      <RadioGroup disabled={disabled} layout="horizontal" value={priority} onChange={(_, data) => setPriority(data.value as QueuePriority)}>
        {QUEUE_PRIORITIES.map((value) => <Radio key={value} value={value} label={PRIORITY_LABELS[value]} />)}
      </RadioGroup>
    </Field>
  );
}

/** The nurse desk's offline writes, as the outbox and the conflicts inbox show them. */
export const nurseOfflineWrites: OfflineWrites<'nurse'> = {
  'vitals.record': { label: 'Vitals', Fix: VitalsFix },
  'allergies.record': { label: 'Allergy', Fix: AllergyFix },
  // Refused only beside an active allergy: nothing to correct in it, it is sent again as made or discarded.
  'allergies.noneKnown': { label: 'No known allergies' },
  'queue.triage': { label: 'Triage priority', Fix: TriageFix },
};
