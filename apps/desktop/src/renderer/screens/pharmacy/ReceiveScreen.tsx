import {
  Body1, Button, Caption1, Checkbox, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select, Spinner,
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { formatMinorUnits, lineTotalMinor, mayCall, methods } from '@hms/core';
import type { Result, StockLocation } from '@hms/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { longDate } from '../../components/format.js';
import { fieldErrors } from '../../state/errors.js';
import { useWorkstation } from '../../state/hooks.js';
import { ItemPicker } from './ItemPicker.js';
import { EMPTY_ENTRY, checkEntry, entryOf, hospitalToday, itemOfGtin, readPackCode, receiveParams, splitReceiveErrors } from './receipt-draft.js';
import type { EntryField, ItemChoice, LineEntry, ReceiptHeader, ReceiptLine } from './receipt-draft.js';
import { defaultLocation } from './stock-model.js';
import { usePharmacyModel } from './use-pharmacy.js';

const useStyles = makeStyles({
  header: { display: 'grid', gridTemplateColumns: 'repeat(auto-fit, minmax(220px, 1fr))', columnGap: '16px', rowGap: '12px', alignItems: 'start' },
  entry: { display: 'grid', gridTemplateColumns: 'minmax(260px, 3fr) minmax(110px, 1fr) minmax(120px, 1fr) auto', columnGap: '16px', rowGap: '12px', alignItems: 'start' },
  box: { minWidth: 0, width: '100%' },
  addLine: { paddingTop: '26px' },
  cell: { display: 'flex', flexDirection: 'column', rowGap: '2px', padding: '6px 0' },
  wide: { gridColumn: '1 / -1' },
  manual: { display: 'grid', gridTemplateColumns: 'minmax(180px, 1fr) minmax(140px, 1fr) minmax(140px, 1fr)', columnGap: '16px', gridColumn: '1 / -1', alignItems: 'start' },
  pack: { display: 'flex', flexWrap: 'wrap', columnGap: '24px', rowGap: '4px', padding: '8px 12px', borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground3, gridColumn: '1 / -1' },
  fact: { display: 'flex', flexDirection: 'column' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground3 },
  lineError: { color: tokens.colorPaletteRedForeground1 },
  actions: { display: 'flex', columnGap: '12px', alignItems: 'center', flexWrap: 'wrap' },
  right: { textAlign: 'right' },
  total: { fontWeight: tokens.fontWeightSemibold },
});

const EMPTY_HEADER: ReceiptHeader = { locationId: '', supplier: '', purchaseOrder: '', note: '' };

/**
 * Receive goods: one goods-received note (a supplier, an optional purchase order, the location)
 * with a line per batch, scanned from the pack's GS1 DataMatrix or typed by hand. What a scan
 * holds is shown before it is added; the server checks every line again and refuses the whole
 * note with its reasons on each line. Receiving is online only: a GRN is checked against the
 * books (known batches and their expiry, recalls) as it is made, so nothing is queued.
 */
export function ReceiveScreen() {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const { status, reference } = useWorkstation();
  const online = status?.connection.state === 'connected';
  const session = status?.session;
  const roles = session === undefined || session.state === 'signedOut' ? undefined : session.user.roles;
  const dispenses = mayCall(methods['dispensing.dispense'].access, roles);
  const timeZone = reference?.hospital?.timeZone;

  const [locations, setLocations] = useState<StockLocation[] | undefined>();
  const [locationsError, setLocationsError] = useState<HostError | undefined>();
  const [header, setHeader] = useState<ReceiptHeader>(EMPTY_HEADER);
  const [lines, setLines] = useState<ReceiptLine[]>([]);
  const [entry, setEntry] = useState<LineEntry>(EMPTY_ENTRY);
  const [noBarcode, setNoBarcode] = useState(false);
  const [barcode, setBarcode] = useState('');
  const [scanProblem, setScanProblem] = useState<string | undefined>();
  const [entryErrors, setEntryErrors] = useState<Partial<Record<EntryField, string>>>({});
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  const [posted, setPosted] = useState<Result<'stock.receive'> | undefined>();
  const barcodeRef = useRef<HTMLInputElement>(null);
  const quantityRef = useRef<HTMLInputElement>(null);
  const nextKey = useRef(1);
  /** GTINs whose item this screen has seen received: a later scan of one names its item at once. */
  const knownItems = useRef(new Map<string, ItemChoice>());

  const loadLocations = async () => {
    const result = await pharmacy.locations();
    if (!result.ok) return setLocationsError(result.error);
    setLocationsError(undefined);
    setLocations(result.value);
    setHeader((current) => (current.locationId === '' ? { ...current, locationId: defaultLocation(result.value, dispenses) } : current));
  };
  useEffect(() => {
    void loadLocations();
  }, [online]);

  const readBarcode = (text: string) => {
    const read = readPackCode(text, new Date(), hospitalToday(new Date(), timeZone));
    // What was read stays in the box, so a refused code can be seen (and scanned again).
    setNoBarcode(false);
    setBarcode(text);
    if (!read.ok) {
      setScanProblem(read.message);
      setEntry((current) => ({ ...current, pack: undefined }));
      barcodeRef.current?.focus();
      return;
    }
    setScanProblem(undefined);
    const item = itemOfGtin(lines, read.pack.gtin) ?? knownItems.current.get(read.pack.gtin);
    setEntry((current) => ({ ...current, pack: read.pack, item: item ?? current.item }));
    setEntryErrors({});
    quantityRef.current?.focus();
  };

  // A keyboard-wedge or serial scan made on this screen is a pack to receive, wherever the focus is.
  const readRef = useRef(readBarcode);
  readRef.current = readBarcode;
  useEffect(() => pharmacy.claimScans((code) => readRef.current(code)), [pharmacy]);

  const serverErrors = useMemo(() => splitReceiveErrors(fieldErrors(error)), [error]);

  const addLine = () => {
    if (!noBarcode && entry.pack === undefined) {
      setScanProblem(barcode.trim() === '' ? 'Scan the pack\'s barcode (or tick "No barcode" and type the pack).' : 'Press Enter in "Pack barcode" to read the code first.');
      barcodeRef.current?.focus();
      return;
    }
    const check = checkEntry(noBarcode ? { ...entry, pack: undefined } : entry, hospitalToday(new Date(), timeZone));
    if (!check.ok) return setEntryErrors(check.errors);
    setLines((current) => [...current, { key: String(nextKey.current++), ...check.line }]);
    // A server refusal was about the note as it was; a changed note is checked afresh.
    setError(undefined);
    setPosted(undefined);
    setEntry({ ...EMPTY_ENTRY, item: noBarcode ? entry.item : undefined, unitCost: entry.unitCost });
    setEntryErrors({});
    setBarcode('');
    setScanProblem(undefined);
    if (noBarcode) return;
    barcodeRef.current?.focus();
  };

  const editLine = (line: ReceiptLine) => {
    setLines((current) => current.filter((other) => other.key !== line.key));
    setEntry(entryOf(line, (minor) => formatMinorUnits(minor)));
    setNoBarcode(line.scan === undefined);
    setBarcode(line.scan ?? '');
    setError(undefined);
    setEntryErrors({});
  };

  const removeLine = (key: string) => {
    setLines((current) => current.filter((line) => line.key !== key));
    setError(undefined);
  };

  const post = async () => {
    if (lines.length === 0 || header.supplier.trim() === '' || header.locationId === '') return;
    setSending(true);
    setError(undefined);
    const result = await pharmacy.receive(receiveParams(header, lines));
    setSending(false);
    if (!result.ok) return setError(result.error);
    for (const line of result.value.lines) if (line.batch.gtin !== null) knownItems.current.set(line.batch.gtin, { id: line.item.id, name: line.item.name, unit: line.item.unit });
    setPosted(result.value);
    setLines([]);
    setEntry(EMPTY_ENTRY);
    setEntryErrors({});
    setHeader((current) => ({ ...current, purchaseOrder: '', note: '' }));
    barcodeRef.current?.focus();
  };

  const total = lines.reduce((sum, line) => sum + lineTotalMinor(line.quantity, line.unitCostMinor), 0);
  const locationName = (id: string) => locations?.find((location) => location.id === id)?.name ?? '';
  const supplierMissing = header.supplier.trim() === '';
  const headerError = (field: string) => serverErrors.header[field];
  const otherError = error !== undefined && (error.code !== 'VALIDATION' || (serverErrors.lines.size === 0 && Object.keys(serverErrors.header).length === 0));

  return (
    <Page title="Receive goods" subtitle="A goods-received note: scan each pack's barcode (or type a pack without one), give its quantity and unit cost, then post the note.">
      {posted === undefined ? null : (
        <MessageBar intent="success" layout="multiline" data-testid="grn-posted">
          <MessageBarBody>
            <MessageBarTitle>{posted.grn.number} posted</MessageBarTitle>
            {`${posted.lines.length} line${posted.lines.length === 1 ? '' : 's'} from ${posted.grn.supplier}${posted.grn.purchaseOrder === null ? '' : ` (order ${posted.grn.purchaseOrder})`} into ${locationName(posted.grn.locationId)}: `}
            {posted.lines.map((line) => `${line.item.name}, batch ${line.batch.batchNumber}, ${line.quantity}`).join('; ')}.
          </MessageBarBody>
        </MessageBar>
      )}
      {online ? null : (
        <MessageBar intent="warning" layout="multiline" data-testid="receive-offline">
          <MessageBarBody>
            <MessageBarTitle>The server cannot be reached</MessageBarTitle>
            Receiving needs the server: each note is checked against the books (known batches, their expiry, recalls) as it is posted, so nothing is kept to send later. The lines typed here stay on this screen; post them when the server is back.
          </MessageBarBody>
        </MessageBar>
      )}
      {locationsError === undefined ? null : <ErrorBar error={locationsError} what="The stock locations could not be read" onRetry={() => void loadLocations()} />}

      <Panel title="Delivery">
        <div className={styles.header}>
          <Field label="Supplier" required validationMessage={headerError('supplier')}>
            <Input value={header.supplier} maxLength={120} onChange={(_, data) => setHeader({ ...header, supplier: data.value })} />
          </Field>
          <Field label="Purchase order" hint="Optional" validationMessage={headerError('purchaseOrder')}>
            <Input value={header.purchaseOrder} maxLength={60} onChange={(_, data) => setHeader({ ...header, purchaseOrder: data.value })} />
          </Field>
          <Field label="Location" required validationMessage={headerError('locationId')}>
            {locations === undefined ? (
              locationsError === undefined ? <Spinner size="tiny" label="Reading the locations…" /> : <Input disabled value="" />
            ) : (
              <Select value={header.locationId} onChange={(_, data) => setHeader({ ...header, locationId: data.value })}>
                {locations.filter((location) => location.active).map((location) => <option key={location.id} value={location.id}>{location.name}</option>)}
              </Select>
            )}
          </Field>
          <Field label="Note" hint="Optional: what was wrong with the delivery" validationMessage={headerError('note')}>
            <Input value={header.note} maxLength={500} onChange={(_, data) => setHeader({ ...header, note: data.value })} />
          </Field>
        </div>
      </Panel>

      <Panel title="Packs">
        <form
          className={styles.entry}
          aria-label="Add a pack"
          onSubmit={(event) => {
            event.preventDefault();
            addLine();
          }}
        >
          {noBarcode ? null : (
            <Field
              className={styles.wide}
              label="Pack barcode"
              hint="Scan the pack's DataMatrix, or type the text printed under it, and press Enter."
              validationState={scanProblem === undefined ? 'none' : 'error'}
              validationMessage={scanProblem}
            >
              <Input
                ref={barcodeRef}
                className={styles.mono}
                value={barcode}
                autoFocus
                onChange={(_, data) => {
                  setBarcode(data.value);
                  if (entry.pack !== undefined) setEntry({ ...entry, pack: undefined });
                  setScanProblem(undefined);
                }}
                onKeyDown={(event) => {
                  if (event.key !== 'Enter') return;
                  event.preventDefault();
                  readBarcode(barcode);
                }}
                data-testid="pack-barcode"
              />
            </Field>
          )}
          {!noBarcode && entry.pack !== undefined ? (
            <div className={styles.pack} role="group" aria-label="Pack read from the barcode" data-testid="scanned-pack">
              <PackFact label="GTIN" value={entry.pack.gtin} />
              <PackFact label="Batch" value={entry.pack.batchNumber} />
              <PackFact label="Expiry" value={`${longDate(entry.pack.expiry)} (${entry.pack.expiry})`} />
              <PackFact label="Serial" value={entry.pack.serial ?? 'none on the code'} />
            </div>
          ) : null}
          <Checkbox
            className={styles.wide}
            label="No barcode: type the pack"
            checked={noBarcode}
            onChange={(_, data) => {
              setNoBarcode(data.checked === true);
              setScanProblem(undefined);
              setEntryErrors({});
            }}
          />
          {noBarcode ? (
            <div className={styles.manual}>
              <Field label="GTIN" hint="Optional: the digits under the barcode" validationMessage={entryErrors.gtin}>
                <Input className={styles.mono} inputMode="numeric" value={entry.gtin} onChange={(_, data) => setEntry({ ...entry, gtin: data.value })} />
              </Field>
              <Field label="Batch" required validationMessage={entryErrors.batchNumber}>
                <Input className={styles.mono} maxLength={20} value={entry.batchNumber} onChange={(_, data) => setEntry({ ...entry, batchNumber: data.value })} />
              </Field>
              <Field label="Expiry" required validationMessage={entryErrors.expiry}>
                <Input type="date" value={entry.expiry} onChange={(_, data) => setEntry({ ...entry, expiry: data.value })} />
              </Field>
            </div>
          ) : null}
          <ItemPicker
            value={entry.item}
            onChange={(item) => setEntry((current) => ({ ...current, item }))}
            validationMessage={entryErrors.item}
            hint={noBarcode ? 'From the formulary or the stock items' : 'Leave empty for a GTIN received before: it names its item'}
          />
          <Field label="Quantity" required hint="Units" validationMessage={entryErrors.quantity}>
            <Input ref={quantityRef} className={styles.box} inputMode="numeric" value={entry.quantity} onChange={(_, data) => setEntry({ ...entry, quantity: data.value })} />
          </Field>
          <Field label="Unit cost" required hint="Per unit, e.g. 4.50" validationMessage={entryErrors.unitCost}>
            <Input className={styles.box} inputMode="decimal" value={entry.unitCost} onChange={(_, data) => setEntry({ ...entry, unitCost: data.value })} />
          </Field>
          <div className={styles.addLine}>
            <Button type="submit">Add line</Button>
          </div>
        </form>

        {lines.length === 0 ? (
          <Body1 className={styles.muted} data-testid="receipt-empty">No packs on this note yet. Scan the first pack.</Body1>
        ) : (
          <Table size="small" aria-label="Lines of the note">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '40px' }}>#</TableHeaderCell>
                <TableHeaderCell style={{ width: '40%' }}>Item</TableHeaderCell>
                <TableHeaderCell style={{ width: '120px' }}>Batch</TableHeaderCell>
                <TableHeaderCell style={{ width: '110px' }}>Expiry</TableHeaderCell>
                <TableHeaderCell style={{ width: '80px' }}>Quantity</TableHeaderCell>
                <TableHeaderCell style={{ width: '90px' }}>Unit cost</TableHeaderCell>
                <TableHeaderCell style={{ width: '100px' }}>Value</TableHeaderCell>
                <TableHeaderCell style={{ width: '140px' }} />
              </TableRow>
            </TableHeader>
            <TableBody>
              {lines.map((line, index) => {
                const problems = serverErrors.lines.get(index) ?? [];
                return (
                  <TableRow key={line.key} data-testid="receipt-line" data-batch={line.batchNumber} aria-invalid={problems.length > 0 || undefined}>
                    <TableCell>{index + 1}</TableCell>
                    <TableCell>
                      <div className={styles.cell}>
                      <span>{line.item?.name ?? 'Named by its GTIN'}</span>
                      <Caption1 className={styles.muted}>
                        {[line.gtin === undefined ? 'no GTIN' : `GTIN ${line.gtin}`, line.serial === undefined ? undefined : `serial ${line.serial}`, line.scan === undefined ? 'typed by hand' : 'scanned'].filter(Boolean).join(' · ')}
                      </Caption1>
                      {problems.map((problem) => <Caption1 key={problem} className={styles.lineError} data-testid="line-error">{problem}</Caption1>)}
                      </div>
                    </TableCell>
                    <TableCell><span className={styles.mono}>{line.batchNumber}</span></TableCell>
                    <TableCell>{longDate(line.expiry)}</TableCell>
                    <TableCell>{line.quantity}</TableCell>
                    <TableCell>{formatMinorUnits(line.unitCostMinor)}</TableCell>
                    <TableCell>{formatMinorUnits(lineTotalMinor(line.quantity, line.unitCostMinor))}</TableCell>
                    <TableCell>
                      <div className={styles.actions}>
                        <Button size="small" onClick={() => editLine(line)}>Edit</Button>
                        <Button size="small" appearance="subtle" onClick={() => removeLine(line.key)}>Remove</Button>
                      </div>
                    </TableCell>
                  </TableRow>
                );
              })}
              <TableRow>
                <TableCell />
                <TableCell><span className={styles.total}>{lines.length} line{lines.length === 1 ? '' : 's'}</span></TableCell>
                <TableCell />
                <TableCell />
                <TableCell><span className={styles.total}>{lines.reduce((sum, line) => sum + line.quantity, 0)}</span></TableCell>
                <TableCell />
                <TableCell><span className={styles.total} data-testid="receipt-total">{formatMinorUnits(total)}</span></TableCell>
                <TableCell />
              </TableRow>
            </TableBody>
          </Table>
        )}
        {error !== undefined && error.code === 'VALIDATION' && !otherError ? (
          <MessageBar intent="error" layout="multiline" data-testid="receipt-refused">
            <MessageBarBody>
              <MessageBarTitle>Not posted</MessageBarTitle>
              The server refused the note and recorded nothing: see the reasons on the lines (Edit a line to correct it, or Remove it).
            </MessageBarBody>
          </MessageBar>
        ) : null}
        {otherError ? <ErrorBar error={error} what="Not posted" onRetry={() => void post()} retrying={sending} /> : null}
        <div className={styles.actions}>
          <Button appearance="primary" disabled={sending || !online || lines.length === 0 || supplierMissing || header.locationId === ''} onClick={() => void post()}>
            {sending ? 'Posting…' : 'Post receipt'}
          </Button>
          <Caption1 className={styles.muted}>
            {!online ? 'Needs the server.' : supplierMissing ? 'Name the supplier to post.' : lines.length === 0 ? 'Add at least one pack.' : `One note of ${lines.length} line${lines.length === 1 ? '' : 's'} into ${locationName(header.locationId)}.`}
          </Caption1>
        </div>
      </Panel>
    </Page>
  );
}

function PackFact({ label, value }: { label: string; value: string }) {
  const styles = useStyles();
  return (
    <div className={styles.fact}>
      <Caption1 className={styles.muted}>{label}</Caption1>
      <span className={styles.mono} data-testid={`pack-${label.toLowerCase()}`}>{value}</span>
    </div>
  );
}
