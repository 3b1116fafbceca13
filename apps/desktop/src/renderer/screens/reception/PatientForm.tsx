import { Checkbox, Field, Input, Select, makeStyles, tokens } from '@fluentui/react-components';
import { BLOOD_GROUPS, SEXES } from '@hms/core';
import type { BloodGroup, Sex } from '@hms/core';
import type { ReactNode } from 'react';
import type { PatientDraft } from '../../../shared/reception/patient-draft.js';
import { SEX_LABELS } from '../../../shared/reception/patients.js';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: '20px' },
  section: { display: 'flex', flexDirection: 'column', rowGap: '10px' },
  heading: {
    margin: 0,
    fontSize: tokens.fontSizeBase300,
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground2,
    paddingBottom: '6px',
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
  },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(3, minmax(0, 1fr))', gap: '12px 16px', alignItems: 'start' },
  wide: { gridColumn: 'span 2' },
  ageToggle: { alignSelf: 'end', paddingBottom: '4px' },
});

export interface PatientFormProps {
  draft: PatientDraft;
  onChange: (draft: PatientDraft) => void;
  /** Messages by dotted field path (the server's VALIDATION details.fields). */
  errors: Record<string, string>;
  disabled?: boolean;
  /** Puts the cursor in the first box. */
  autoFocus?: boolean;
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    <section className={styles.section} aria-label={title}>
      <h3 className={styles.heading}>{title}</h3>
      {children}
    </section>
  );
}

/** Demographics as a form, for registering, correcting, and fixing a refused registration. */
export function PatientForm({ draft, onChange, errors, disabled = false, autoFocus = false }: PatientFormProps) {
  const styles = useStyles();
  const set = <K extends keyof PatientDraft>(key: K, value: PatientDraft[K]) => onChange({ ...draft, [key]: value });
  const text = (key: 'givenName' | 'middleName' | 'familyName' | 'phone' | 'alternatePhone' | 'nationalId' | 'preferredLanguage', label: string, extra: { required?: boolean; hint?: string; autoFocus?: boolean } = {}) => (
    <Field label={label} required={extra.required} validationMessage={errors[key]} hint={extra.hint}>
      <Input value={draft[key]} disabled={disabled} autoFocus={extra.autoFocus} onChange={(_, data) => set(key, data.value)} />
    </Field>
  );
  const group = <G extends 'address' | 'emergencyContact' | 'insurance'>(groupKey: G, key: keyof PatientDraft[G] & string, label: string, options: { type?: 'date'; className?: string } = {}) => (
    <Field label={label} validationMessage={errors[`${groupKey}.${key}`]} className={options.className}>
      <Input
        type={options.type ?? 'text'}
        value={String(draft[groupKey][key])}
        disabled={disabled}
        onChange={(_, data) => onChange({ ...draft, [groupKey]: { ...draft[groupKey], [key]: data.value } })}
      />
    </Field>
  );
  const birthError = errors.birthDate ?? (draft.ageOnly ? undefined : errors.estimatedAgeYears);

  return (
    <div className={styles.form}>
      <Section title="Identity">
        <div className={styles.grid}>
          {text('givenName', 'Given name', { required: true, autoFocus })}
          {text('middleName', 'Middle name')}
          {text('familyName', 'Family name', { required: true })}
          <Field label="Sex" required validationMessage={errors.sex}>
            <Select value={draft.sex} disabled={disabled} onChange={(_, data) => set('sex', data.value as Sex | '')}>
              <option value="">Choose…</option>
              {SEXES.map((sex) => <option key={sex} value={sex}>{SEX_LABELS[sex]}</option>)}
            </Select>
          </Field>
          {draft.ageOnly ? (
            <Field label="Age (years)" validationMessage={errors.estimatedAgeYears} hint="Stored as an estimated date of birth.">
              <Input type="number" min={0} max={130} value={draft.ageYears} disabled={disabled} onChange={(_, data) => set('ageYears', data.value)} />
            </Field>
          ) : (
            <Field label="Date of birth" validationMessage={birthError}>
              <Input type="date" value={draft.birthDate} disabled={disabled} onChange={(_, data) => set('birthDate', data.value)} />
            </Field>
          )}
          <Checkbox
            className={styles.ageToggle}
            label="Only the age is known"
            checked={draft.ageOnly}
            disabled={disabled}
            onChange={(_, data) => set('ageOnly', data.checked === true)}
          />
          {text('nationalId', 'National ID')}
        </div>
      </Section>
      <Section title="Contact">
        <div className={styles.grid}>
          {text('phone', 'Phone', { hint: 'e.g. 0722 123 456' })}
          {text('alternatePhone', 'Other phone')}
          {text('preferredLanguage', 'Preferred language')}
          {group('address', 'line1', 'Street or house', { className: styles.wide })}
          {group('address', 'village', 'Village or estate')}
          {group('address', 'city', 'Town or city')}
          {group('address', 'region', 'County or region')}
          {group('address', 'country', 'Country')}
        </div>
      </Section>
      <Section title="Emergency contact">
        <div className={styles.grid}>
          {group('emergencyContact', 'name', 'Contact name')}
          {group('emergencyContact', 'relationship', 'Relationship')}
          {group('emergencyContact', 'phone', 'Contact phone')}
        </div>
      </Section>
      <Section title="Insurance and other details">
        <div className={styles.grid}>
          {group('insurance', 'payer', 'Insurer (payer)')}
          {group('insurance', 'memberNumber', 'Member number')}
          <Field label="Blood group" validationMessage={errors.bloodGroup}>
            <Select value={draft.bloodGroup} disabled={disabled} onChange={(_, data) => set('bloodGroup', data.value as BloodGroup | '')}>
              <option value="">Not known</option>
              {BLOOD_GROUPS.map((group) => <option key={group} value={group}>{group}</option>)}
            </Select>
          </Field>
          {group('insurance', 'validFrom', 'Cover valid from', { type: 'date' })}
          {group('insurance', 'validTo', 'Cover valid to', { type: 'date' })}
        </div>
      </Section>
    </div>
  );
}

/** Messages for fields the form has no box for (they still must be seen). */
export function unplacedErrors(errors: Record<string, string>): [string, string][] {
  const placed = new Set([
    'givenName', 'middleName', 'familyName', 'sex', 'birthDate', 'estimatedAgeYears', 'nationalId', 'phone', 'alternatePhone', 'preferredLanguage', 'bloodGroup',
    'address.line1', 'address.village', 'address.city', 'address.region', 'address.country',
    'emergencyContact.name', 'emergencyContact.relationship', 'emergencyContact.phone',
    'insurance.payer', 'insurance.memberNumber', 'insurance.validFrom', 'insurance.validTo',
  ]);
  return Object.entries(errors).filter(([field]) => !placed.has(field));
}
