import {
  Badge, Body1, Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select, Spinner, Tab, TabList,
  Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { Search20Regular } from '@fluentui/react-icons';
import { fefoFirst } from '@hms/core';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { StockLevelsView } from '../../../shared/pharmacy/stock-views.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { longDate, shortTime } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import { NEAR_EXPIRY_WINDOWS, batchFlag, nearExpiryOf, searchItems } from './stock-model.js';
import type { NearExpiryRow, NearExpiryWindow } from './stock-model.js';
import { usePharmacy, usePharmacyModel } from './use-pharmacy.js';
import { useStockLocations } from './use-stock-locations.js';

const useStyles = makeStyles({
  toolbar: { display: 'flex', columnGap: '16px', rowGap: '8px', alignItems: 'end', flexWrap: 'wrap' },
  search: { width: '320px' },
  location: { minWidth: '220px' },
  mono: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground3 },
  item: { display: 'flex', flexDirection: 'column', rowGap: '12px', padding: '12px 0', borderTop: `1px solid ${tokens.colorNeutralStroke2}` },
  itemHead: { display: 'flex', justifyContent: 'space-between', alignItems: 'baseline', columnGap: '16px', flexWrap: 'wrap' },
  itemName: { fontWeight: tokens.fontWeightSemibold, fontSize: tokens.fontSizeBase400 },
  units: { display: 'flex', columnGap: '20px' },
  unusable: { color: tokens.colorNeutralForeground3, textDecorationLine: 'line-through' },
  live: { display: 'flex', alignItems: 'center', columnGap: '8px' },
});

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? '' : 's'}`;

/**
 * Stock on hand at a location: per item the usable units (FEFO may dispense them: not expired,
 * not recalled) and the total, each batch in FEFO order with its expiry, expired and recalled
 * ones flagged; a search by name. Followed live (stock.changed); offline, the copy this
 * workstation kept, marked with its time. The near-expiry view lists what expires within 30, 60
 * or 90 days (stock.nearExpiry; from the kept copy while offline).
 */
export function StockScreen() {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const { stockChanged } = usePharmacy();
  const { status } = useWorkstation();
  const online = status?.connection.state === 'connected';
  const places = useStockLocations();
  const { locationId } = places;
  const [view, setView] = useState<StockLevelsView | undefined>();
  const [error, setError] = useState<HostError | undefined>();
  const [query, setQuery] = useState('');
  const [tab, setTab] = useState<'onHand' | 'nearExpiry'>('onHand');
  const [window_, setWindow] = useState<NearExpiryWindow>(90);
  const [near, setNear] = useState<{ rows: NearExpiryRow[]; source: 'server' | 'cache' } | undefined>();
  const [nearError, setNearError] = useState<HostError | undefined>();
  const serial = useRef(0);

  const load = async () => {
    if (locationId === '') return;
    const mine = ++serial.current;
    const result = await pharmacy.api.request('pharmacy.stockLevels', { locationId });
    if (mine !== serial.current) return;
    if (!result.ok) {
      setError(result.error);
      if (result.error.code !== 'UNAVAILABLE') setView(undefined);
      return;
    }
    setError(undefined);
    setView(result.value);
  };

  const loadNear = async () => {
    if (locationId === '' || tab !== 'nearExpiry') return;
    if (online) {
      const result = await pharmacy.api.call('stock.nearExpiry', { locationId, withinDays: window_, limit: 1000 });
      if (result.ok) {
        setNearError(undefined);
        setNear({
          source: 'server',
          rows: result.value.items.map((row) => ({ itemName: row.item.name, unit: row.item.unit, batchId: row.batchId, batchNumber: row.batchNumber, expiry: row.expiry, onHand: row.onHand, daysLeft: row.daysLeft, expired: row.expired })),
        });
        return;
      }
      if (result.error.code !== 'UNAVAILABLE') {
        setNearError(result.error);
        return;
      }
    }
    // Offline: the same list from the kept copy.
    setNearError(undefined);
    setNear(view === undefined ? undefined : { source: 'cache', rows: nearExpiryOf(view.items, view.today, window_) });
  };

  useEffect(() => {
    setView((current) => (current?.locationId === locationId ? current : undefined));
    void load();
  }, [locationId, online]);
  // Stock moved somewhere (a receipt, a dispense, a count approved): read this location again.
  useEffect(() => {
    if (stockChanged.serial > 0) void load();
  }, [stockChanged.serial]);
  useEffect(() => {
    void loadNear();
  }, [tab, window_, locationId, online, view]);

  const shown = useMemo(() => (view === undefined ? [] : searchItems(view.items, query)), [view, query]);
  const kept = view?.source === 'cache';

  return (
    <Page title="Stock on hand" subtitle="What a location holds, per item and batch. Batches are listed in FEFO order: the first usable one is what dispensing takes.">
      {kept ? (
        <MessageBar intent="warning" layout="multiline" data-testid="stock-kept">
          <MessageBarBody>
            <MessageBarTitle>Kept copy</MessageBarTitle>
            {`The server cannot be reached. This is the stock as this workstation last read it, ${shortTime(view.asOf)}; movements since then (here or at other desks) are not in it.`}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {places.error === undefined ? null : <ErrorBar error={places.error} what="The stock locations could not be read" onRetry={() => void places.reload()} />}
      {error === undefined || (kept && error.code === 'UNAVAILABLE') ? null : <ErrorBar error={error} what="The stock could not be read" onRetry={() => void load()} />}
      <div className={styles.toolbar}>
        <Field label="Location" className={styles.location}>
          <Select value={locationId} onChange={(_, data) => places.setLocationId(data.value)} disabled={!places.loaded}>
            {places.locations.map((location) => <option key={location.id} value={location.id}>{location.name}</option>)}
          </Select>
        </Field>
        <TabList selectedValue={tab} onTabSelect={(_, data) => setTab(data.value as 'onHand' | 'nearExpiry')}>
          <Tab value="onHand">On hand</Tab>
          <Tab value="nearExpiry">Near expiry</Tab>
        </TabList>
        <Caption1 className={styles.live} data-testid="stock-live" data-live={view?.source === 'server' && online ? 'true' : 'false'}>
          {view === undefined ? '' : view.source === 'server' && online ? `Live · read ${shortTime(view.asOf)}` : `Kept copy of ${shortTime(view.asOf)}`}
        </Caption1>
      </div>

      {tab === 'onHand' ? (
        <Panel
          title={places.name(locationId) === '' ? 'Stock' : places.name(locationId)}
          actions={(
            <Input
              className={styles.search}
              contentBefore={<Search20Regular />}
              placeholder="Search by name"
              aria-label="Search items"
              value={query}
              onChange={(_, data) => setQuery(data.value)}
            />
          )}
        >
          {view === undefined ? (
            error === undefined ? <Spinner label="Reading the stock…" /> : null
          ) : view.items.length === 0 ? (
            <Body1 className={styles.muted} data-testid="stock-empty">Nothing is held here: receive goods or transfer stock to this location.</Body1>
          ) : shown.length === 0 ? (
            <Body1 className={styles.muted} data-testid="stock-no-match">{`No item here matches "${query.trim()}".`}</Body1>
          ) : (
            shown.map((held) => (
              <section key={held.item.id} className={styles.item} aria-label={held.item.name} data-testid="stock-item" data-item={held.item.name}>
                <div className={styles.itemHead}>
                  <span className={styles.itemName}>{held.item.name}</span>
                  <div className={styles.units}>
                    <Body1 data-testid="stock-usable"><strong>{plural(held.usable, held.item.unit)}</strong> usable</Body1>
                    <Body1 className={styles.muted} data-testid="stock-total">{`${plural(held.onHand, held.item.unit)} in all`}</Body1>
                  </div>
                </div>
                <Table size="small" aria-label={`Batches of ${held.item.name}`}>
                  <TableHeader>
                    <TableRow>
                      <TableHeaderCell style={{ width: '200px' }}>Batch</TableHeaderCell>
                      <TableHeaderCell style={{ width: '160px' }}>Expiry</TableHeaderCell>
                      <TableHeaderCell style={{ width: '140px' }}>On hand</TableHeaderCell>
                      <TableHeaderCell>Status</TableHeaderCell>
                    </TableRow>
                  </TableHeader>
                  <TableBody>
                    {held.batches.map((batch) => {
                      const flag = batchFlag(batch, view.today);
                      return (
                        <TableRow key={batch.batchId} data-testid="stock-batch" data-batch={batch.batchNumber} data-flag={flag.kind}>
                          <TableCell><span className={`${styles.mono} ${flag.kind === 'expired' || flag.kind === 'recalled' ? styles.unusable : ''}`}>{batch.batchNumber}</span></TableCell>
                          <TableCell>{longDate(batch.expiry)}</TableCell>
                          <TableCell>{plural(batch.onHand, held.item.unit)}</TableCell>
                          <TableCell>
                            {flag.kind === 'recalled' ? <Badge appearance="filled" color="danger">Recalled: may not be dispensed</Badge> : null}
                            {flag.kind === 'expired' ? <Badge appearance="filled" color="danger">{`${flag.label}: quarantine`}</Badge> : null}
                            {flag.kind === 'near' ? <Badge appearance="tint" color="warning">{flag.label}</Badge> : null}
                            {flag.kind === 'ok' ? <Caption1 className={styles.muted}>{flag.label}</Caption1> : null}
                            {batch.batchId === fefoFirst(held.batches, view.today)?.batchId ? <Badge appearance="outline" color="brand" style={{ marginLeft: '8px' }}>FEFO next</Badge> : null}
                          </TableCell>
                        </TableRow>
                      );
                    })}
                  </TableBody>
                </Table>
              </section>
            ))
          )}
        </Panel>
      ) : (
        <Panel
          title="Near expiry"
          actions={(
            <TabList size="small" selectedValue={String(window_)} onTabSelect={(_, data) => setWindow(Number(data.value) as NearExpiryWindow)} aria-label="Expiring within">
              {NEAR_EXPIRY_WINDOWS.map((days) => <Tab key={days} value={String(days)}>{`${days} days`}</Tab>)}
            </TabList>
          )}
        >
          {nearError === undefined ? null : <ErrorBar error={nearError} what="The near-expiry list could not be read" onRetry={() => void loadNear()} />}
          {near === undefined ? (
            nearError === undefined && error === undefined ? <Spinner label="Reading…" /> : null
          ) : near.rows.length === 0 ? (
            <Body1 className={styles.muted} data-testid="near-empty">{`Nothing here expires within ${window_} days, and nothing expired waits to be quarantined.`}</Body1>
          ) : (
            <>
              {near.source === 'cache' ? <Caption1 className={styles.muted}>From the kept copy: the server cannot be reached.</Caption1> : null}
              <Table size="small" aria-label={`Expiring within ${window_} days`}>
                <TableHeader>
                  <TableRow>
                    <TableHeaderCell>Item</TableHeaderCell>
                    <TableHeaderCell style={{ width: '180px' }}>Batch</TableHeaderCell>
                    <TableHeaderCell style={{ width: '150px' }}>Expiry</TableHeaderCell>
                    <TableHeaderCell style={{ width: '180px' }}>Days left</TableHeaderCell>
                    <TableHeaderCell style={{ width: '140px' }}>On hand</TableHeaderCell>
                  </TableRow>
                </TableHeader>
                <TableBody>
                  {near.rows.map((row) => (
                    <TableRow key={row.batchId} data-testid="near-row" data-batch={row.batchNumber}>
                      <TableCell>{row.itemName}</TableCell>
                      <TableCell><span className={styles.mono}>{row.batchNumber}</span></TableCell>
                      <TableCell>{longDate(row.expiry)}</TableCell>
                      <TableCell>
                        {row.expired
                          ? <Badge appearance="filled" color="danger">{`Expired ${-row.daysLeft} day${row.daysLeft === -1 ? '' : 's'} ago`}</Badge>
                          : <Badge appearance="tint" color={row.daysLeft <= 30 ? 'danger' : 'warning'}>{`${row.daysLeft} day${row.daysLeft === 1 ? '' : 's'}`}</Badge>}
                      </TableCell>
                      <TableCell>{plural(row.onHand, row.unit)}</TableCell>
                    </TableRow>
                  ))}
                </TableBody>
              </Table>
            </>
          )}
        </Panel>
      )}
    </Page>
  );
}
