import {
  Badge, Body1, Button, Caption1, Field, Input, Link, MessageBar, MessageBarBody, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { useEffect, useState } from 'react';
import type { WorklistEntry } from '@hms/core';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { usePharmacy, usePharmacyModel } from './use-pharmacy.js';

const useStyles = makeStyles({
  top: { display: 'flex', alignItems: 'flex-end', columnGap: '16px', flexWrap: 'wrap', rowGap: '8px' },
  row: { cursor: 'pointer', ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' } },
  number: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  who: { display: 'flex', flexDirection: 'column' },
  name: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  /** A narrow window scrolls the table sideways rather than crushing its columns. */
  scroll: { overflowX: 'auto' },
});

const STATUS_LABELS = { open: 'To dispense', partial: 'Part dispensed', complete: 'Dispensed' } as const;

function itemsText(entry: WorklistEntry): string {
  return entry.items.map((item) => `${item.name} ${item.outstanding}/${item.prescribed}`).join(' · ');
}

/**
 * Prescriptions waiting at the pharmacy, newest first, live (a doctor's new prescription arrives
 * by its event). Search narrows by patient name or MRN; a scanned or typed RX- number (or the id
 * an offline prescription carries) opens its dispense screen.
 */
export function WorklistScreen() {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const { worklist, worklistError, scanMiss, stockChanged } = usePharmacy();
  const [query, setQuery] = useState('');
  const [code, setCode] = useState('');
  const [openDiscrepancies, setOpenDiscrepancies] = useState(0);
  useEffect(() => {
    void pharmacy.loadWorklist('');
  }, [pharmacy]);
  // A replayed offline dispense may have left a discrepancy: said here, where the pharmacist works.
  const live = worklist?.live === true;
  useEffect(() => {
    if (!live) return;
    void pharmacy.openDiscrepancyCount().then((count) => {
      if (count !== undefined) setOpenDiscrepancies(count);
    });
  }, [pharmacy, live, stockChanged.serial]);
  const entries = (worklist?.entries ?? []).filter((entry) => {
    const words = query.trim().toLowerCase().split(/\s+/).filter((word) => word !== '');
    return words.every((word) => `${entry.patient.name} ${entry.patient.mrn}`.toLowerCase().includes(word));
  });
  const subtitle = worklist === undefined ? undefined : `${worklist.entries.length} to dispense · ${worklist.live ? 'live' : worklist.asOf === null ? 'not read yet' : `as kept at ${shortTime(worklist.asOf)} (offline)`}`;
  return (
    <Page title="Dispensing worklist" subtitle={subtitle}>
      <div className={styles.top}>
        <Field label="Patient name or MRN">
          <Input value={query} onChange={(_, data) => setQuery(data.value)} placeholder="Search the worklist" data-testid="worklist-search" />
        </Field>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (code.trim() !== '') void pharmacy.openByCode(code).then((found) => found && setCode(''));
          }}
          style={{ display: 'flex', alignItems: 'flex-end', columnGap: '8px' }}
        >
          <Field label="Prescription number (or scan it)">
            <Input value={code} onChange={(_, data) => setCode(data.value)} placeholder="RX-000123" data-testid="rx-code" />
          </Field>
          <Button type="submit" appearance="primary">Open</Button>
        </form>
        {worklist?.live === false ? <Badge color="warning" appearance="tint">Offline: the worklist as last kept</Badge> : null}
      </div>
      {openDiscrepancies === 0 || !live ? null : (
        <MessageBar intent="warning" data-testid="discrepancies-waiting">
          <MessageBarBody>
            {openDiscrepancies === 1 ? 'A stock discrepancy waits' : `${openDiscrepancies} stock discrepancies wait`} to be resolved: an offline dispense took more than the books held.{' '}
            <Link onClick={() => pharmacy.openDiscrepancies()}>Count and resolve</Link>
          </MessageBarBody>
        </MessageBar>
      )}
      {scanMiss === undefined ? null : <MessageBar intent="warning" data-testid="scan-miss"><MessageBarBody>{scanMiss}</MessageBarBody></MessageBar>}
      {worklistError === undefined ? null : <ErrorBar error={worklistError} what="The worklist could not be read" onRetry={() => void pharmacy.loadWorklist('')} />}
      {worklist === undefined ? (worklistError === undefined ? <Spinner label="Reading the worklist…" /> : null) : entries.length === 0 ? (
        <Body1 className={styles.muted}>{query === '' ? 'Nothing waits to be dispensed.' : 'No prescription on the worklist is for that patient.'}</Body1>
      ) : (
        <div className={styles.scroll}>
          <Table size="small" aria-label="Prescriptions to dispense" style={{ minWidth: '960px' }}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '110px' }}>Prescription</TableHeaderCell>
                <TableHeaderCell style={{ width: '200px' }}>Patient</TableHeaderCell>
                <TableHeaderCell>Items (outstanding / prescribed)</TableHeaderCell>
                <TableHeaderCell style={{ width: '150px' }}>Prescriber</TableHeaderCell>
                <TableHeaderCell style={{ width: '70px' }}>Written</TableHeaderCell>
                <TableHeaderCell style={{ width: '120px' }}>Status</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.map((entry) => (
                <TableRow
                  key={entry.prescriptionId}
                  className={styles.row}
                  tabIndex={0}
                  data-testid="worklist-row"
                  data-number={entry.number}
                  onClick={() => pharmacy.openByCode(entry.prescriptionId)}
                  onKeyDown={(event) => {
                    if (event.key === 'Enter') void pharmacy.openByCode(entry.prescriptionId);
                  }}
                >
                  <TableCell><span className={styles.number}>{entry.number}</span></TableCell>
                  <TableCell>
                    <span className={styles.who}><span className={styles.name}>{entry.patient.name}</span><Caption1 className={styles.muted}>{entry.patient.mrn}</Caption1></span>
                  </TableCell>
                  <TableCell>{itemsText(entry)}</TableCell>
                  <TableCell>{entry.prescriberName}</TableCell>
                  <TableCell>{shortTime(entry.createdAt)}</TableCell>
                  <TableCell>
                    <Badge appearance="tint" color={entry.status === 'partial' ? 'warning' : 'brand'}>{STATUS_LABELS[entry.status]}</Badge>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <Caption1 className={styles.muted}>Scan a prescription's barcode anywhere on this screen to open it.</Caption1>
    </Page>
  );
}
