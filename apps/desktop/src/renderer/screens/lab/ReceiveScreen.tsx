import {
  Badge, Body1, Button, Caption1, Field, Input, MessageBar, MessageBarBody, Select, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, Textarea, makeStyles, tokens,
} from '@fluentui/react-components';
import { REJECTION_REASONS, REJECTION_REASON_LABELS, parseSpecimenBarcode } from '@hms/core';
import type { LabSpecimen, RejectionReason } from '@hms/core';
import { useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { SPECIMEN_STATUS_LABELS, containerLabel } from './labels.js';
import { useLab, useLabModel } from './use-lab.js';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'flex-end', columnGap: '8px', flexWrap: 'wrap', rowGap: '8px' },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  stack: { display: 'flex', flexDirection: 'column', rowGap: '12px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/**
 * Receipt in the lab: tubes scanned (or typed) into a batch, each checked against the worklist,
 * then received together; and rejection of a specimen with its reason, which puts its tests back
 * on the worklist to collect again.
 */
export function ReceiveScreen() {
  const styles = useStyles();
  const lab = useLabModel();
  const { worklist } = useLab();
  const [batch, setBatch] = useState<string[]>([]);
  const [code, setCode] = useState('');
  const [miss, setMiss] = useState<string | undefined>(undefined);
  const [error, setError] = useState<HostError | undefined>(undefined);
  const [said, setSaid] = useState<string | undefined>(undefined);
  const [rejectBarcode, setRejectBarcode] = useState('');
  const [reason, setReason] = useState<RejectionReason>('haemolysed');
  const [note, setNote] = useState('');
  const [busy, setBusy] = useState(false);
  const specimens = new Map<string, { specimen: LabSpecimen; patient: string }>((worklist?.entries ?? []).flatMap((entry) => entry.specimens.map((specimen) => [specimen.barcode, { specimen, patient: `${entry.patientName} (${entry.mrn})` }] as const)));

  const add = (scanned: string) => {
    const parsed = parseSpecimenBarcode(scanned);
    if (parsed === null) return setMiss(`${scanned.trim()} is not a specimen barcode (its check digit does not hold, or the container number is missing).`);
    const barcode = `${parsed.accession}-${parsed.containerNumber}`;
    const known = specimens.get(barcode);
    if (known === undefined) return setMiss(`Specimen ${barcode} is not on the worklist.`);
    if (known.specimen.status !== 'collected') return setMiss(`Specimen ${barcode} is already ${SPECIMEN_STATUS_LABELS[known.specimen.status].toLowerCase()}.`);
    setMiss(undefined);
    setBatch((current) => current.includes(barcode) ? current : [...current, barcode]);
  };
  useEffect(() => lab.claimScans(add), [lab, worklist]);
  useEffect(() => {
    void lab.loadWorklist();
  }, [lab]);

  const receive = async () => {
    setBusy(true);
    const result = await lab.receive(batch);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setSaid(`${result.value.specimens.length} specimen${result.value.specimens.length === 1 ? '' : 's'} received${result.value.status === 'queued' ? ' (offline: sent when the server is back)' : ''}.`);
    setBatch([]);
  };
  const reject = async () => {
    setBusy(true);
    const result = await lab.reject(rejectBarcode.trim().toUpperCase(), reason, note);
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setSaid(`${rejectBarcode.trim().toUpperCase()} rejected (${REJECTION_REASON_LABELS[reason].toLowerCase()}): its tests wait on the worklist for a new specimen.`);
    setRejectBarcode('');
    setNote('');
  };

  return (
    <Page title="Receive specimens" subtitle="Scan each tube as it arrives in the lab, then receive them together.">
      <Panel title="Tubes scanned">
        <div className={styles.stack}>
          <form className={styles.row} onSubmit={(event) => {
            event.preventDefault();
            if (code.trim() !== '') add(code);
            setCode('');
          }}>
            <Field label="Specimen barcode (or scan it)">
              <Input value={code} onChange={(_, data) => setCode(data.value)} placeholder="L2600012344-1" data-testid="lab-receive-code" />
            </Field>
            <Button type="submit">Add</Button>
          </form>
          {miss === undefined ? null : <MessageBar intent="warning" data-testid="lab-receive-miss"><MessageBarBody>{miss}</MessageBarBody></MessageBar>}
          {batch.length === 0 ? <Body1 className={styles.muted}>No tube scanned yet.</Body1> : (
            <Table size="small" aria-label="Tubes to receive">
              <TableHeader><TableRow><TableHeaderCell>Barcode</TableHeaderCell><TableHeaderCell>Patient</TableHeaderCell><TableHeaderCell>Container</TableHeaderCell><TableHeaderCell>Tests</TableHeaderCell><TableHeaderCell /></TableRow></TableHeader>
              <TableBody>
                {batch.map((barcode) => {
                  const known = specimens.get(barcode);
                  return (
                    <TableRow key={barcode} data-testid="lab-receive-row" data-barcode={barcode}>
                      <TableCell><span className={styles.mono}>{barcode}</span></TableCell>
                      <TableCell>{known?.patient}</TableCell>
                      <TableCell>{known === undefined ? '' : containerLabel(known.specimen.container)}</TableCell>
                      <TableCell>{known?.specimen.tests.join(', ')}</TableCell>
                      <TableCell><Button size="small" appearance="transparent" onClick={() => setBatch((current) => current.filter((other) => other !== barcode))}>Remove</Button></TableCell>
                    </TableRow>
                  );
                })}
              </TableBody>
            </Table>
          )}
          <span className={styles.row}>
            <Button appearance="primary" disabled={busy || batch.length === 0} onClick={() => void receive()} data-testid="lab-receive">{batch.length === 0 ? 'Receive specimens' : `Receive ${batch.length} specimen${batch.length === 1 ? '' : 's'}`}</Button>
          </span>
        </div>
      </Panel>
      {said === undefined ? null : <MessageBar intent="success" data-testid="lab-receive-done"><MessageBarBody>{said}</MessageBarBody></MessageBar>}
      {error === undefined ? null : <ErrorBar error={error} what="Not done" />}
      <Panel title="Reject a specimen">
        <div className={styles.stack}>
          <div className={styles.row}>
            <Field label="Specimen barcode">
              <Input value={rejectBarcode} onChange={(_, data) => setRejectBarcode(data.value)} placeholder="L2600012344-1" data-testid="lab-reject-code" />
            </Field>
            <Field label="Reason">
              <Select value={reason} onChange={(_, data) => setReason(data.value as RejectionReason)} data-testid="lab-reject-reason">
                {REJECTION_REASONS.map((value) => <option key={value} value={value}>{REJECTION_REASON_LABELS[value]}</option>)}
              </Select>
            </Field>
          </div>
          <Field label="Note (optional)">
            <Textarea value={note} onChange={(_, data) => setNote(data.value)} resize="vertical" />
          </Field>
          {(() => {
            const known = specimens.get(rejectBarcode.trim().toUpperCase());
            return known === undefined ? null : <Caption1>{known.patient} · {containerLabel(known.specimen.container)} · {known.specimen.tests.join(', ')} · <Badge size="small" appearance="outline">{SPECIMEN_STATUS_LABELS[known.specimen.status]}</Badge></Caption1>;
          })()}
          <span className={styles.row}>
            <Button appearance="primary" disabled={busy || parseSpecimenBarcode(rejectBarcode) === null} onClick={() => void reject()} data-testid="lab-reject">Reject and ask for a new specimen</Button>
          </span>
        </div>
      </Panel>
    </Page>
  );
}
