import { Button, Field, Input, Select, makeStyles } from '@fluentui/react-components';
import { useMemo, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { refusedFields } from '../../state/errors.js';
import { likelyAnalyte, testChoices } from './mapping-choices.js';

const useStyles = makeStyles({
  row: { display: 'flex', flexWrap: 'wrap', alignItems: 'flex-start', gap: '8px 12px' },
  test: { width: '260px', maxWidth: '100%' },
  small: { width: '150px' },
  fill: { width: '100%', minWidth: 0 },
  button: { marginTop: '26px' },
});

export interface MappingInput {
  analyzerCode: string;
  testCode: string;
  analyte?: string;
  unit?: string;
}

/**
 * One analyzer code to a catalogue test, the analyte within it and the unit the analyzer sends
 * (converted to the catalogue's by the server). The code is fixed for a code already seen.
 */
export function MappingForm({ interfaceName, analyzerCode, initial, onSave }: {
  interfaceName: string;
  /** Fixed (a code seen, or one being changed); undefined: typed here. */
  analyzerCode?: string;
  initial?: { testCode: string; analyte: string | null; unit: string | null };
  onSave(input: MappingInput): Promise<HostError | undefined>;
}) {
  const styles = useStyles();
  const tests = useMemo(() => testChoices(), []);
  const [code, setCode] = useState(analyzerCode ?? '');
  const [testCode, setTestCode] = useState(initial?.testCode ?? '');
  const test = tests.find((choice) => choice.code === testCode);
  const [analyte, setAnalyte] = useState(initial?.analyte ?? '');
  const [unit, setUnit] = useState(initial?.unit ?? '');
  const [error, setError] = useState<HostError | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  const fields = refusedFields(error);
  const chooseTest = (value: string) => {
    setTestCode(value);
    const guess = likelyAnalyte(tests.find((choice) => choice.code === value), code);
    setAnalyte(guess?.code ?? '');
    setUnit(guess?.unit ?? '');
  };
  const chooseAnalyte = (value: string) => {
    setAnalyte(value);
    setUnit(test?.analytes.find((choice) => choice.code === value)?.unit ?? '');
  };
  const save = async () => {
    setSaving(true);
    const input: MappingInput = { analyzerCode: code.trim(), testCode };
    if (analyte !== '') input.analyte = analyte;
    if (unit.trim() !== '') input.unit = unit.trim();
    const refused = await onSave(input);
    setSaving(false);
    setError(refused);
  };
  const label = analyzerCode ?? 'new';
  return (
    <form className={styles.row} aria-label={`Map ${label}`} data-testid="mapping-form" data-code={analyzerCode} onSubmit={(event) => { event.preventDefault(); void save(); }}>
      {analyzerCode === undefined ? (
        <Field label="Analyzer code" required validationMessage={fields.analyzerCode} className={styles.small}>
          <Input className={styles.fill} value={code} onChange={(_, data) => setCode(data.value)} />
        </Field>
      ) : null}
      <Field label="Test" required validationMessage={fields.testCode ?? (error !== undefined && Object.keys(fields).length === 0 ? error.message : undefined)} className={styles.test}>
        <Select className={styles.fill} value={testCode} onChange={(_, data) => chooseTest(data.value)} aria-label={`Test for ${label} on ${interfaceName}`}>
          <option value="">Choose a test…</option>
          {tests.map((choice) => <option key={choice.code} value={choice.code}>{choice.name} ({choice.code})</option>)}
        </Select>
      </Field>
      <Field label="Analyte" validationMessage={fields.analyte} className={styles.test}>
        <Select className={styles.fill} value={analyte} onChange={(_, data) => chooseAnalyte(data.value)} disabled={test === undefined} aria-label={`Analyte for ${label}`}>
          <option value="">The analyzer code itself</option>
          {(test?.analytes ?? []).map((choice) => <option key={choice.code} value={choice.code}>{choice.name} ({choice.code})</option>)}
        </Select>
      </Field>
      <Field label="Analyzer's unit" validationMessage={fields.unit} hint="Converted to the catalogue's" className={styles.small}>
        <Input className={styles.fill} value={unit} onChange={(_, data) => setUnit(data.value)} aria-label={`Unit for ${label}`} />
      </Field>
      <Button className={styles.button} appearance="primary" type="submit" disabled={saving || testCode === '' || code.trim() === ''}>Map</Button>
    </form>
  );
}
