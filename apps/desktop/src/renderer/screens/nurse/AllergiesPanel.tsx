import {
  Badge, Body1, Button, Caption1, Combobox, Field, Input, Option, Select, makeStyles, tokens,
} from '@fluentui/react-components';
import { Warning20Regular } from '@fluentui/react-icons';
import { ALLERGY_SEVERITIES } from '@hms/core';
import type { Allergy, AllergySeverity } from '@hms/core';
import { useEffect, useRef, useState } from 'react';
import { allergiesOnDesk } from '../../../shared/nurse/allergy-rules.js';
import { allergiesOnList } from '../../../shared/nurse/triage-list.js';
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
  itemActions: { display: 'inline-flex', columnGap: '4px', marginLeft: 'auto' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const SEVERITY_COLORS: Readonly<Record<AllergySeverity, 'informative' | 'warning' | 'danger' | 'severe'>> = {
  mild: 'informative', moderate: 'warning', severe: 'severe', 'life-threatening': 'danger',
};
const FREE_KINDS = [['drug', 'Medicine'], ['food', 'Food'], ['other', 'Other']] as const;
const KIND_LABELS = { drug: 'Medicine', drugClass: 'Medicine class', food: 'Food', other: 'Other' } as const;
const STATUS_LABELS = { active: 'Active', inactive: 'No longer', refuted: 'Not an allergy' } as const;

/** What the banner says: the allergies, "No known allergies", or that nobody asked yet; this desk's queued writes counted. */
export function allergyStatusText(view: TriagePatientView): string {
  const shown = allergiesOnList(view.allergies, view.pending);
  const unsent = view.pending.some((write) => write.state === 'queued' && (write.change.kind === 'allergy' || write.change.kind === 'noneKnown'));
  const text = shown === null ? 'Allergies not known on this workstation'
    : shown.status === 'allergies' ? `Allergies: ${shown.active.join(', ')}`
      : shown.status === 'none_known' ? 'No known allergies' : 'Allergies not recorded';
  return unsent ? `${text} (not all sent yet)` : text;
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

  const onDesk = allergiesOnDesk(view.allergies, view.pending);
  const active = onDesk.some((allergy) => allergy.status === 'active');
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

  /** A recorded allergy marked inactive (no longer) or refuted (never was): a new revision, the history stays. */
  const revise = async (item: Allergy, status: 'inactive' | 'refuted') => {
    setSaving(true);
    setError(undefined);
    const { substance } = item;
    const result = await nurse.recordAllergy({
      patientId: view.patient.id, allergyId: item.id, status, severity: item.severity,
      substance: { kind: substance.kind, ...(substance.code === null ? {} : { code: substance.code }), text: substance.text },
      ...(item.reaction === null ? {} : { reaction: item.reaction }),
    });
    setSaving(false);
    if (!result.ok) setError(result.error);
    else done(result.value.status, status === 'refuted' ? `${substance.text}: marked as not an allergy` : `${substance.text}: marked inactive`);
  };

  const recorded = new Map((view.allergies?.items ?? []).map((item) => [item.id, item]));
  return (
    <Panel title="Allergies" icon={<Warning20Regular />}>
      {noneKnownQueued ? <Body1>"No known allergies" is queued, not sent yet.</Body1> : null}
      {onDesk.length === 0 ? null : (
        <ul className={styles.list} aria-label="Recorded allergies">
          {onDesk.map((allergy) => {
            const item = allergy.id === null ? undefined : recorded.get(allergy.id);
            return (
              <li key={allergy.pendingKey ?? allergy.id ?? allergy.text} className={styles.item}>
                <strong>{allergy.text}</strong>
                <Caption1 className={styles.muted}>{KIND_LABELS[allergy.kind as keyof typeof KIND_LABELS] ?? allergy.kind}</Caption1>
                <Badge size="small" appearance="tint" color={SEVERITY_COLORS[allergy.severity]}>{SEVERITY_LABELS[allergy.severity]}</Badge>
                {allergy.reaction === null ? null : <span>{allergy.reaction}</span>}
                {allergy.status === 'active' ? null : <Badge size="small" appearance="outline">{STATUS_LABELS[allergy.status]}</Badge>}
                {allergy.pendingKey === null ? null : <Badge size="small" appearance="filled" color="warning">Not sent yet</Badge>}
                {item === undefined ? null : <Caption1 className={styles.muted}>{item.recordedByName} · {shortTime(item.recordedAt)}</Caption1>}
                {item !== undefined && allergy.status === 'active' && allergy.pendingKey === null ? (
                  <span className={styles.itemActions}>
                    <Button size="small" appearance="subtle" disabled={saving} onClick={() => void revise(item, 'inactive')} aria-label={`${allergy.text}: no longer`}>No longer</Button>
                    <Button size="small" appearance="subtle" disabled={saving} onClick={() => void revise(item, 'refuted')} aria-label={`${allergy.text}: not an allergy`}>Not an allergy</Button>
                  </span>
                ) : null}
              </li>
            );
          })}
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
