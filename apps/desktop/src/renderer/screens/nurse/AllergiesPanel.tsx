import {
  Badge, Body1, Button, Caption1, Combobox, Field, Input, Option, Select, makeStyles, tokens,
} from '@fluentui/react-components';
import { Warning20Regular } from '@fluentui/react-icons';
import { ALLERGY_SEVERITIES } from '@hms/core';
import type { AllergySeverity } from '@hms/core';
import { useEffect, useRef, useState } from 'react';
import type { SubstanceSuggestion, TriagePatientView } from '../../../shared/nurse/triage.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { fieldErrors } from '../../state/errors.js';
import { useModel } from '../../state/hooks.js';
import { SEVERITY_LABELS } from './triage-labels.js';
import { useNurseModel } from './use-nurse.js';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', rowGap: '6px', margin: 0, padding: 0, listStyle: 'none' },
  item: { display: 'flex', alignItems: 'center', columnGap: '8px', flexWrap: 'wrap' },
  form: { display: 'grid', gridTemplateColumns: 'minmax(220px, 2fr) minmax(150px, 1fr) minmax(160px, 1.5fr) minmax(150px, 1fr)', gap: '12px 16px', alignItems: 'start' },
  box: { width: '100%', minWidth: 0 },
  actions: { display: 'flex', alignItems: 'center', columnGap: '12px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const SEVERITY_COLORS: Readonly<Record<AllergySeverity, 'informative' | 'warning' | 'danger' | 'severe'>> = {
  mild: 'informative', moderate: 'warning', severe: 'severe', 'life-threatening': 'danger',
};
const FREE_KINDS = [['drug', 'Medicine'], ['food', 'Food'], ['other', 'Other']] as const;
const KIND_LABELS = { drug: 'Medicine', drugClass: 'Medicine class', food: 'Food', other: 'Other' } as const;

/** What the banner says: the allergies, "No known allergies", or that nobody asked yet. */
export function allergyStatusText(view: TriagePatientView): string {
  const { allergies } = view;
  if (allergies === null) return 'Allergies not known on this workstation';
  if (allergies.status === 'none_known') return 'No known allergies';
  if (allergies.status === 'not_recorded') return 'Allergies not recorded';
  return `Allergies: ${allergies.items.filter((item) => item.status === 'active').map((item) => item.substance.text).join(', ')}`;
}

/**
 * The patient's allergies and a form for a new one: the substance from the formulary's drug
 * classes and generics (so the prescription checks match it), or free text; reaction and
 * severity. "No known allergies" records that the patient was asked.
 */
export function AllergiesPanel({ view, onSaved }: { view: TriagePatientView; onSaved: () => void }) {
  const styles = useStyles();
  const model = useModel();
  const nurse = useNurseModel();
  const [typed, setTyped] = useState('');
  const [picked, setPicked] = useState<SubstanceSuggestion | undefined>();
  const [freeKind, setFreeKind] = useState<'drug' | 'food' | 'other'>('drug');
  const [suggestions, setSuggestions] = useState<SubstanceSuggestion[]>([]);
  const [open, setOpen] = useState(false);
  const [reaction, setReaction] = useState('');
  const [severity, setSeverity] = useState<AllergySeverity | ''>('');
  const [tried, setTried] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  const serial = useRef(0);

  useEffect(() => {
    if (picked !== undefined && picked.text === typed) return undefined;
    const mine = ++serial.current;
    const timer = window.setTimeout(() => {
      void nurse.substances(typed).then((result) => {
        if (mine !== serial.current) return;
        const found = result.ok ? result.value : [];
        setSuggestions(found);
        setOpen(found.length > 0);
      });
    }, 120);
    return () => window.clearTimeout(timer);
  }, [typed]);

  const queuedAllergies = view.pending.filter((write) => write.state === 'queued' && write.change.kind === 'allergy');
  const active = (view.allergies?.items.some((item) => item.status === 'active') ?? false) || queuedAllergies.length > 0;
  const noneKnownQueued = view.pending.some((write) => write.state === 'queued' && write.change.kind === 'noneKnown');
  const serverFields = fieldErrors(error);
  const substanceMissing = typed.trim() === '' ? 'Name the substance' : undefined;
  const severityMissing = severity === '' ? 'Choose the severity' : undefined;

  const done = (status: 'applied' | 'queued', title: string) => {
    model.notify(status === 'applied'
      ? { intent: 'success', title, message: `Recorded for ${view.patient.name}.` }
      : { intent: 'warning', title: `${title} (queued)`, message: 'The server cannot be reached: it is sent as soon as it is back.' });
    onSaved();
  };

  const record = async () => {
    setTried(true);
    if (substanceMissing !== undefined || severity === '') return;
    setSaving(true);
    setError(undefined);
    const text = typed.trim();
    const substance = picked !== undefined && picked.text === typed ? { kind: picked.kind, code: picked.code, text: picked.text } : { kind: freeKind, text };
    const result = await nurse.recordAllergy({
      patientId: view.patient.id, substance, severity, status: 'active', ...(reaction.trim() === '' ? {} : { reaction: reaction.trim() }),
    });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setTyped('');
    setPicked(undefined);
    setReaction('');
    setSeverity('');
    setTried(false);
    done(result.value.status, 'Allergy recorded');
  };

  const noneKnown = async () => {
    setSaving(true);
    setError(undefined);
    const result = await nurse.recordNoneKnown(view.patient.id);
    setSaving(false);
    if (!result.ok) setError(result.error);
    else done(result.value.status, 'No known allergies recorded');
  };

  const items = view.allergies?.items ?? [];
  return (
    <Panel title="Allergies" icon={<Warning20Regular />}>
      {noneKnownQueued ? <Body1>"No known allergies" is queued, not sent yet.</Body1> : null}
      {items.length + queuedAllergies.length === 0 ? null : (
        <ul className={styles.list} aria-label="Recorded allergies">
          {items.map((item) => (
            <li key={item.id} className={styles.item}>
              <strong>{item.substance.text}</strong>
              <Caption1 className={styles.muted}>{KIND_LABELS[item.substance.kind]}</Caption1>
              <Badge size="small" appearance="tint" color={SEVERITY_COLORS[item.severity]}>{SEVERITY_LABELS[item.severity]}</Badge>
              {item.reaction === null ? null : <span>{item.reaction}</span>}
              {item.status === 'active' ? null : <Badge size="small" appearance="outline">{item.status}</Badge>}
              <Caption1 className={styles.muted}>{item.recordedByName} · {shortTime(item.recordedAt)}</Caption1>
            </li>
          ))}
          {queuedAllergies.map((write) => write.change.kind === 'allergy' ? (
            <li key={write.key} className={styles.item}>
              <strong>{write.change.substance.text}</strong>
              <Badge size="small" appearance="tint" color={SEVERITY_COLORS[write.change.severity]}>{SEVERITY_LABELS[write.change.severity]}</Badge>
              {write.change.reaction === null ? null : <span>{write.change.reaction}</span>}
              <Badge size="small" appearance="filled" color="warning">Not sent yet</Badge>
            </li>
          ) : null)}
        </ul>
      )}
      <form
        aria-label="Record an allergy"
        onSubmit={(event) => {
          event.preventDefault();
          void record();
        }}
        style={{ display: 'flex', flexDirection: 'column', rowGap: '12px' }}
      >
        <div className={styles.form}>
          <Field
            label="Substance"
            required
            validationMessage={serverFields['substance.text'] ?? (tried ? substanceMissing : undefined)}
            hint={picked !== undefined && picked.text === typed ? (picked.kind === 'drugClass' ? 'A medicine class: every medicine in it is checked' : 'A medicine of the formulary') : 'A medicine, a medicine class (penicillins, sulfa), food or anything else'}
          >
            <Combobox
              className={styles.box}
              freeform
              value={typed}
              open={open}
              onOpenChange={(_, data) => setOpen(data.open && suggestions.length > 0)}
              onInput={(event) => {
                setTyped((event.target as HTMLInputElement).value);
                setPicked(undefined);
              }}
              onOptionSelect={(_, data) => {
                const choice = suggestions.find((item) => `${item.kind}:${item.code}` === data.optionValue);
                if (choice === undefined) return;
                setPicked(choice);
                setTyped(choice.text);
                setOpen(false);
              }}
            >
              {suggestions.map((item) => (
                <Option key={`${item.kind}:${item.code}`} value={`${item.kind}:${item.code}`} text={item.text}>
                  <span style={{ display: 'flex', flexDirection: 'column' }}>
                    <span>{item.text}</span>
                    <span style={{ fontSize: '12px', opacity: 0.75 }}>{item.kind === 'drugClass' ? 'Medicine class' : 'Medicine'}</span>
                  </span>
                </Option>
              ))}
            </Combobox>
          </Field>
          {picked !== undefined && picked.text === typed ? (
            <Field label="Kind"><Input className={styles.box} readOnly value={KIND_LABELS[picked.kind]} /></Field>
          ) : (
            <Field label="Kind">
              <Select className={styles.box} value={freeKind} onChange={(_, data) => setFreeKind(data.value as 'drug' | 'food' | 'other')}>
                {FREE_KINDS.map(([kind, label]) => <option key={kind} value={kind}>{label}</option>)}
              </Select>
            </Field>
          )}
          <Field label="Reaction" validationMessage={serverFields.reaction}>
            <Input className={styles.box} value={reaction} onChange={(_, data) => setReaction(data.value)} placeholder="Rash, swelling, wheeze…" />
          </Field>
          <Field label="Severity" required validationMessage={serverFields.severity ?? (tried ? severityMissing : undefined)}>
            <Select className={styles.box} value={severity} onChange={(_, data) => setSeverity(data.value as AllergySeverity | '')}>
              <option value="">Choose…</option>
              {ALLERGY_SEVERITIES.map((value) => <option key={value} value={value}>{SEVERITY_LABELS[value]}</option>)}
            </Select>
          </Field>
        </div>
        {error !== undefined && error.code !== 'VALIDATION' ? <ErrorBar error={error} what="Not recorded" /> : null}
        <div className={styles.actions}>
          <Button type="submit" appearance="primary" disabled={saving}>Record allergy</Button>
          <Button
            disabled={saving || active || view.allergies?.status === 'none_known' || noneKnownQueued}
            onClick={() => void noneKnown()}
            title={active ? 'The patient has an active allergy' : undefined}
          >
            No known allergies
          </Button>
        </div>
      </form>
    </Panel>
  );
}
