import { Body1, Button, Caption1, Field, Input, MessageBar, MessageBarBody, makeStyles, tokens } from '@fluentui/react-components';
import { Heart20Regular } from '@fluentui/react-icons';
import type { LatestVitals } from '@hms/core';
import { useState } from 'react';
import type { TriagePatientView } from '../../../shared/nurse/triage.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { fieldErrors } from '../../state/errors.js';
import { useModel } from '../../state/hooks.js';
import { useNurseModel } from './use-nurse.js';
import { EMPTY_VITALS, VITAL_FIELDS, checkVitals, draftBmi, readingText, takenAtOf } from './vitals-draft.js';
import type { VitalsDraft } from './vitals-draft.js';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(170px, 1fr))', gap: '12px 16px', alignItems: 'start' },
  box: { width: '100%', minWidth: 0 },
  bmi: { display: 'flex', flexDirection: 'column', justifyContent: 'center', padding: '4px 12px', borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground3 },
  bmiValue: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightSemibold },
  actions: { display: 'flex', alignItems: 'center', columnGap: '12px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** The latest reading kept of a measurement, as the box's hint. */
function lastHint(latest: LatestVitals | null, name: keyof Omit<LatestVitals, 'bmi'>): string | undefined {
  const reading = latest?.[name];
  return reading == null ? undefined : `Last ${readingText(name, reading.value)} · ${shortTime(reading.takenAt)}`;
}

/**
 * The vitals form: one box per measurement with its unit, checked as typed by the server's own
 * rules (core vitalsProblems), BMI worked out as weight and height are typed. Enter saves.
 */
export function VitalsForm({ view, onSaved }: { view: TriagePatientView; onSaved: () => void }) {
  const styles = useStyles();
  const model = useModel();
  const nurse = useNurseModel();
  const [draft, setDraft] = useState<VitalsDraft>(EMPTY_VITALS);
  const [takenTyped, setTakenTyped] = useState('');
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  const [queued, setQueued] = useState(false);
  const checked = checkVitals(draft);
  const serverFields = fieldErrors(error);
  const bmi = draftBmi(draft, view.latestVitals);
  const shown = (name: string) => serverFields[name] ?? (tried || touched.has(name) ? checked.errors[name] : undefined);

  const taken = takenAtOf(takenTyped, new Date());
  const save = async () => {
    setTried(true);
    if (Object.keys(checked.errors).length > 0 || 'error' in taken) return;
    setSaving(true);
    setError(undefined);
    const result = await nurse.recordVitals({
      // Tied to the visit, waiting or not (called in meanwhile): the server checks it is this patient's.
      patientId: view.patient.id, visitId: view.visitId, takenAt: taken.takenAt, ...checked.readings,
    });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setDraft(EMPTY_VITALS);
    setTakenTyped('');
    setTouched(new Set());
    setTried(false);
    setQueued(result.value.status === 'queued');
    model.notify(result.value.status === 'applied'
      ? { intent: 'success', title: 'Vitals recorded', message: `Vitals of ${view.patient.name} are on the chart.` }
      : { intent: 'warning', title: 'Vitals queued', message: 'The server cannot be reached: they are sent as soon as it is back.' });
    onSaved();
  };

  return (
    <Panel title="Vitals" icon={<Heart20Regular />}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
        style={{ display: 'flex', flexDirection: 'column', rowGap: '12px' }}
        aria-label="Vitals"
      >
        <div className={styles.grid}>
          {VITAL_FIELDS.map((field, index) => (
            <Field key={field.name} label={field.label} validationMessage={shown(field.name)} hint={shown(field.name) === undefined ? lastHint(view.latestVitals, field.name) : undefined}>
              <Input
                className={styles.box}
                name={field.name}
                inputMode="decimal"
                autoComplete="off"
                autoFocus={index === 0}
                value={draft[field.name]}
                contentAfter={<Caption1 className={styles.muted}>{field.unit}</Caption1>}
                onChange={(_, data) => {
                  setDraft({ ...draft, [field.name]: data.value });
                  if (error !== undefined) setError(undefined);
                }}
                onBlur={() => setTouched(new Set([...touched, field.name]))}
              />
            </Field>
          ))}
          <Field label="Taken at" validationMessage={serverFields.takenAt ?? ('error' in taken && (tried || touched.has('takenAt')) ? taken.error : undefined)} hint="Empty: now">
            <Input
              className={styles.box}
              autoComplete="off"
              placeholder="HH:MM"
              value={takenTyped}
              onChange={(_, data) => setTakenTyped(data.value)}
              onBlur={() => setTouched(new Set([...touched, 'takenAt']))}
            />
          </Field>
          <div className={styles.bmi} data-testid="bmi" aria-live="polite">
            <Caption1 className={styles.muted}>BMI (kg/m²)</Caption1>
            <span className={styles.bmiValue}>{bmi === undefined ? '—' : bmi.bmi.toFixed(1)}</span>
            {bmi === undefined || bmi.from === 'typed' ? null : <Caption1 className={styles.muted}>{bmi.from === 'latest' ? 'from the last weight and height' : 'with the last weight or height'}</Caption1>}
          </div>
        </div>
        {tried && checked.errors._ !== undefined ? <Body1 role="alert" style={{ color: tokens.colorPaletteRedForeground1 }}>Record at least one measurement.</Body1> : null}
        {error !== undefined && error.code !== 'VALIDATION' ? <ErrorBar error={error} what="Vitals not recorded" onRetry={() => void save()} /> : null}
        {queued ? (
          <MessageBar intent="warning"><MessageBarBody>The last vitals are queued on this workstation: they are sent when the server is back.</MessageBarBody></MessageBar>
        ) : null}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabled={saving}>{saving ? 'Saving…' : 'Save vitals'}</Button>
          <Caption1 className={styles.muted}>Enter saves. Leave a box empty when it was not measured.</Caption1>
        </div>
      </form>
    </Panel>
  );
}
