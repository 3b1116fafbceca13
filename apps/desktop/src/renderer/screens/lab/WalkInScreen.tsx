import {
  Body1, Button, Caption1, Checkbox, Field, Input, Radio, RadioGroup, Table, TableBody, TableCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import type { CatalogueEntry } from '@hms/core';
import { useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { longDate } from '../../components/format.js';
import type { WalkInPatient } from './lab-model.js';
import { SECTION_LABELS } from './labels.js';
import { useLabModel } from './use-lab.js';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'flex-end', columnGap: '8px', flexWrap: 'wrap', rowGap: '8px' },
  stack: { display: 'flex', flexDirection: 'column', rowGap: '12px' },
  tests: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', rowGap: '2px', columnGap: '12px' },
  chosen: { backgroundColor: tokens.colorBrandBackground2 },
  muted: { color: tokens.colorNeutralForeground3 },
});

type LabItem = Extract<CatalogueEntry, { kind: 'lab' }>;

/**
 * The lab's own reception: a registered patient sent by a clinician outside the system (or not
 * a user), with the tests asked for. Registered, the request opens at collection. Offline it is
 * numbered from this desk's block and sent when the server is back.
 */
export function WalkInScreen() {
  const styles = useStyles();
  const lab = useLabModel();
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<WalkInPatient[] | undefined>(undefined);
  const [patient, setPatient] = useState<WalkInPatient | undefined>(undefined);
  const [catalogue, setCatalogue] = useState<LabItem[]>([]);
  const [filter, setFilter] = useState('');
  const [tests, setTests] = useState<string[]>([]);
  const [clinician, setClinician] = useState('');
  const [priority, setPriority] = useState<'routine' | 'urgent' | 'stat'>('routine');
  const [error, setError] = useState<HostError | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    void lab.catalogue().then((result) => {
      if (result.ok) setCatalogue(result.value.filter((item): item is LabItem => item.kind === 'lab'));
      else setError(result.error);
    });
  }, [lab]);

  const search = async () => {
    const result = await lab.searchPatients(query);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setFound(result.value);
  };
  const register = async () => {
    if (patient === undefined) return;
    setBusy(true);
    const result = await lab.registerWalkIn({ patientId: patient.id, patient: { name: patient.name, mrn: patient.mrn }, referringClinician: clinician.trim(), priority, tests });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    const { entry } = result.value;
    lab.notify({ intent: 'success', title: `Walk-in ${entry.accession ?? ''} registered${result.value.status === 'queued' ? ' offline' : ''}`, message: `${patient.name}: ${tests.join(', ')}.` });
    if (entry.requestId !== null) lab.navigate('lab-collect', 'request', entry.requestId);
  };
  const words = filter.trim().toLowerCase().split(/\s+/).filter((word) => word !== '');
  const shown = catalogue.filter((item) => words.every((word) => `${item.code} ${item.name} ${item.synonyms.join(' ')}`.toLowerCase().includes(word)));
  const ready = patient !== undefined && clinician.trim() !== '' && tests.length > 0;

  return (
    <Page title="Walk-in" subtitle="A patient sent to the lab by a clinician, with the tests asked for.">
      <Panel title="Patient">
        <div className={styles.stack}>
          <form className={styles.row} onSubmit={(event) => {
            event.preventDefault();
            if (query.trim() !== '') void search();
          }}>
            <Field label="Name, MRN, phone or birth year">
              <Input value={query} onChange={(_, data) => setQuery(data.value)} data-testid="lab-walkin-search" />
            </Field>
            <Button type="submit">Search</Button>
          </form>
          {found === undefined ? null : found.length === 0 ? <Body1 className={styles.muted}>No registered patient matches: the front desk registers new patients.</Body1> : (
            <Table size="small" aria-label="Patients found">
              <TableBody>
                {found.map((candidate) => (
                  <TableRow key={candidate.id} className={candidate.id === patient?.id ? styles.chosen : undefined} onClick={() => setPatient(candidate)} style={{ cursor: 'pointer' }} data-testid="lab-walkin-patient" data-mrn={candidate.mrn}>
                    <TableCell><b>{candidate.name}</b></TableCell>
                    <TableCell>{candidate.mrn}</TableCell>
                    <TableCell>{longDate(candidate.birthDate)}</TableCell>
                    <TableCell><Button size="small" appearance={candidate.id === patient?.id ? 'primary' : 'secondary'} onClick={() => setPatient(candidate)}>{candidate.id === patient?.id ? 'Chosen' : 'Choose'}</Button></TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
          )}
        </div>
      </Panel>
      <Panel title="Request">
        <div className={styles.stack}>
          <div className={styles.row}>
            <Field label="Referring clinician" required>
              <Input value={clinician} onChange={(_, data) => setClinician(data.value)} placeholder="Dr Mwangi, Uhuru Clinic" style={{ minWidth: '320px' }} data-testid="lab-walkin-clinician" />
            </Field>
            <Field label="Priority">
              <RadioGroup layout="horizontal" value={priority} onChange={(_, data) => setPriority(data.value as typeof priority)}>
                <Radio value="routine" label="Routine" /><Radio value="urgent" label="Urgent" /><Radio value="stat" label="STAT" />
              </RadioGroup>
            </Field>
          </div>
          <Field label="Tests">
            <Input value={filter} onChange={(_, data) => setFilter(data.value)} placeholder="Filter the tests" data-testid="lab-walkin-filter" />
          </Field>
          <div className={styles.tests}>
            {shown.map((item) => (
              <Checkbox
                key={item.code}
                checked={tests.includes(item.code)}
                onChange={(_, data) => setTests((current) => data.checked === true ? [...current, item.code] : current.filter((code) => code !== item.code))}
                label={`${item.code} · ${item.name} (${SECTION_LABELS[item.section]})`}
                data-testid="lab-walkin-test"
                data-code={item.code}
              />
            ))}
          </div>
          <Caption1 className={styles.muted}>{tests.length === 0 ? 'No test chosen.' : `Chosen: ${tests.join(', ')}`}</Caption1>
          {error === undefined ? null : <ErrorBar error={error} what="Not registered" />}
          <span className={styles.row}>
            <Button appearance="primary" disabled={!ready || busy} onClick={() => void register()} data-testid="lab-walkin-register">Register and collect</Button>
            {patient === undefined ? <Caption1 className={styles.muted}>Choose the patient first.</Caption1> : <Caption1>For {patient.name} ({patient.mrn})</Caption1>}
          </span>
        </div>
      </Panel>
    </Page>
  );
}
