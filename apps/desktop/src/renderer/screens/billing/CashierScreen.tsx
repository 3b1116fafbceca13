import { Body1, Button, Input, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens } from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { useDebounced } from '../../state/hooks.js';
import type { CashierPatient } from './billing-model.js';
import { useTableStyles } from './table-styles.js';
import { useBilling, useBillingModel } from './use-billing.js';

const useStyles = makeStyles({
  row: { display: 'flex', columnGap: '8px', alignItems: 'center', maxWidth: '640px' },
  grow: { flexGrow: 1 },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground3 },
  clickable: { cursor: 'pointer' },
});

/**
 * The cashier's window: a patient found by name or MRN (typed, or the MRN barcode on their card
 * or wristband scanned), whose account then opens. Offline, this workstation's copy is searched.
 */
export function CashierScreen() {
  const styles = useStyles();
  const tables = useTableStyles();
  const billing = useBillingModel();
  const { scanned } = useBilling();
  const [query, setQuery] = useState('');
  const typed = useDebounced(query, 250);
  const [found, setFound] = useState<{ query: string; items: CashierPatient[] } | undefined>();
  const [error, setError] = useState<HostError | undefined>();

  useEffect(() => {
    if (scanned !== undefined) setQuery(scanned.code.trim());
  }, [scanned?.at]);

  useEffect(() => {
    const asked = typed.trim();
    if (asked.length < 2) return setFound(undefined);
    let live = true;
    void billing.searchPatients(asked).then((result) => {
      if (!live) return;
      if (!result.ok) return setError(result.error);
      setError(undefined);
      setFound({ query: asked, items: result.value });
      // A scanned or typed MRN that names exactly one patient opens their account.
      const exact = result.value.filter((item) => item.mrn.toUpperCase() === asked.toUpperCase());
      if (exact.length === 1 && scanned !== undefined && scanned.code.trim() === asked) billing.open(exact[0]!);
    });
    return () => {
      live = false;
    };
  }, [typed]);

  return (
    <Page title="Cashier" subtitle="Find the patient at the window: their charges, invoices and payments open from here.">
      <Panel title="Find a patient">
        <div className={styles.row}>
          <Input
            className={styles.grow}
            value={query}
            onChange={(_, data) => setQuery(data.value)}
            contentBefore={<Search20Regular />}
            placeholder="Name or MRN (or scan the card)"
            aria-label="Find a patient by name or MRN"
            autoFocus
          />
        </div>
        {error === undefined ? null : <ErrorBar error={error} what="Patients could not be searched" />}
        {found === undefined ? (typed.trim().length >= 2 && error === undefined ? <Spinner size="tiny" label="Searching…" /> : null) : found.items.length === 0 ? (
          <Body1 className={styles.muted}>No patient matches “{found.query}”.</Body1>
        ) : (
          <Table className={tables.table} size="small" aria-label="Patients found">
            <TableHeader>
              <TableRow>
                <TableHeaderCell>MRN</TableHeaderCell>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell>Born</TableHeaderCell>
                <TableHeaderCell />
              </TableRow>
            </TableHeader>
            <TableBody>
              {found.items.map((patient) => (
                <TableRow key={patient.id} className={styles.clickable} onClick={() => billing.open(patient)}>
                  <TableCell className={styles.mono}>{patient.mrn}</TableCell>
                  <TableCell>{patient.name}</TableCell>
                  <TableCell>{patient.birthDate ?? '—'}</TableCell>
                  <TableCell><Button size="small" appearance="primary" onClick={() => billing.open(patient)}>Open account</Button></TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Panel>
    </Page>
  );
}
