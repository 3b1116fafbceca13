import {
  Badge, Body1, Button, Field, Input, MessageBar, MessageBarBody, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { SHELF_LOCATION_KINDS } from '@hms/core';
import type { StockLocation } from '@hms/core';
import { useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { useWorkstation } from '../../state/hooks.js';
import { KIND_WORDS, configurableLocations, newLocationProblems } from './locations-model.js';
import type { ShelfKind } from './locations-model.js';
import { usePharmacyModel } from './use-pharmacy.js';

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace },
  muted: { color: tokens.colorNeutralForeground3 },
  row: { display: 'flex', columnGap: '8px', alignItems: 'center', flexWrap: 'wrap' },
  form: { display: 'flex', columnGap: '16px', alignItems: 'end', flexWrap: 'wrap' },
});

/**
 * Stock locations (storekeepers and administrators): the stores, dispensaries and ward stores
 * stock is kept at. Add one, rename one, close one (the server refuses while it holds stock,
 * has transfers under way or a count waiting; a closed one keeps its history and receives
 * nothing), reopen one. Quarantine and transit are the system's. Online only.
 */
export function LocationsScreen() {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const online = useWorkstation().status?.connection.state === 'connected';
  const [locations, setLocations] = useState<StockLocation[] | undefined>();
  const [error, setError] = useState<HostError | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const load = async () => {
    const result = await pharmacy.api.call('stock.locations', {});
    setError(result.ok ? undefined : result.error);
    if (result.ok) setLocations(configurableLocations(result.value.items));
  };
  useEffect(() => {
    void load();
  }, [online]);
  const save = async (params: { id?: string; code?: string; kind?: ShelfKind; name: string; active: boolean }, said: (location: StockLocation) => string) => {
    const result = await pharmacy.api.call('stock.saveLocation', params, { idempotencyKey: crypto.randomUUID() });
    if (!result.ok) return result.error;
    setNotice(said(result.value.location));
    await load();
    return undefined;
  };

  return (
    <Page title="Stock locations" subtitle="Stores, dispensaries and ward stores. A closed location keeps its history and receives nothing more.">
      {notice === undefined ? null : <MessageBar intent="success" data-testid="locations-notice"><MessageBarBody>{notice}</MessageBarBody></MessageBar>}
      {online ? null : <Body1 className={styles.muted}>Locations are set up on the server: changes wait until it can be reached.</Body1>}
      {error === undefined ? null : <ErrorBar error={error} what="The locations could not be read" onRetry={() => void load()} />}
      <Panel title="Locations">
        {locations === undefined ? <Spinner label="Reading the locations…" /> : (
          <Table size="small" aria-label="Stock locations">
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '120px' }}>Code</TableHeaderCell>
                <TableHeaderCell style={{ width: '130px' }}>Kind</TableHeaderCell>
                <TableHeaderCell>Name</TableHeaderCell>
                <TableHeaderCell style={{ width: '100px' }}>State</TableHeaderCell>
              </TableRow>
            </TableHeader>
            <TableBody>
              {locations.map((location) => (
                <LocationRow key={location.id} location={location} online={online} onSave={(name, active) => save({ id: location.id, name, active }, (saved) =>
                  saved.active === location.active ? `${location.name} is now called ${saved.name}.` : saved.active ? `${saved.name} is open again.` : `${saved.name} is closed: it receives nothing more.`)} />
              ))}
            </TableBody>
          </Table>
        )}
      </Panel>
      <Panel title="Add a location">
        <NewLocation online={online} existing={locations ?? []} onAdd={(draft) => save({ ...draft, active: true }, (saved) => `${saved.name} (${saved.code}) added.`)} />
      </Panel>
    </Page>
  );
}

function LocationRow({ location, online, onSave }: { location: StockLocation; online: boolean; onSave(name: string, active: boolean): Promise<HostError | undefined> }) {
  const styles = useStyles();
  const [name, setName] = useState(location.name);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  useEffect(() => setName(location.name), [location.name]);
  const send = (active: boolean) => {
    setBusy(true);
    void onSave(name.trim(), active).then((failed) => {
      setBusy(false);
      setError(failed);
    });
  };
  return (
    <TableRow data-testid="location-row" data-code={location.code} data-active={String(location.active)}>
      <TableCell><span className={styles.mono}>{location.code}</span></TableCell>
      <TableCell>{KIND_WORDS[location.kind as ShelfKind]}</TableCell>
      <TableCell>
        <div className={styles.row} style={{ padding: '6px 0' }}>
          <Input aria-label={`Name of ${location.code}`} value={name} maxLength={80} onChange={(_, data) => setName(data.value)} data-testid="location-name" />
          <Button size="small" disabled={busy || !online || name.trim() === '' || name.trim() === location.name} onClick={() => send(location.active)} data-testid="location-rename">Rename</Button>
          <Button size="small" disabled={busy || !online || name.trim() === ''} onClick={() => send(!location.active)} data-testid={location.active ? 'location-close' : 'location-reopen'}>
            {location.active ? 'Close' : 'Reopen'}
          </Button>
        </div>
        {error === undefined ? null : <ErrorBar error={error} what={`${location.name} not saved`} />}
      </TableCell>
      <TableCell>{location.active ? <Badge color="success">Open</Badge> : <Badge color="subtle">Closed</Badge>}</TableCell>
    </TableRow>
  );
}

function NewLocation({ online, existing, onAdd }: { online: boolean; existing: readonly StockLocation[]; onAdd(draft: { code: string; name: string; kind: ShelfKind }): Promise<HostError | undefined> }) {
  const styles = useStyles();
  const [code, setCode] = useState('');
  const [name, setName] = useState('');
  const [kind, setKind] = useState<ShelfKind>('ward');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  const problems = newLocationProblems({ code, name }, existing);
  const typed = code !== '' || name !== '';
  return (
    <>
      <div className={styles.form}>
        <Field label="Code" validationMessage={typed ? problems['code'] : undefined}>
          <Input value={code} maxLength={20} onChange={(_, data) => setCode(data.value.toUpperCase())} placeholder="W4" data-testid="new-location-code" />
        </Field>
        <Field label="Name" validationMessage={typed ? problems['name'] : undefined}>
          <Input value={name} maxLength={80} onChange={(_, data) => setName(data.value)} placeholder="Ward 4 store" data-testid="new-location-name" />
        </Field>
        <Field label="Kind">
          <Select value={kind} onChange={(_, data) => setKind(data.value as ShelfKind)} data-testid="new-location-kind">
            {SHELF_LOCATION_KINDS.map((value) => <option key={value} value={value}>{KIND_WORDS[value]}</option>)}
          </Select>
        </Field>
        <Button appearance="primary" disabled={busy || !online || Object.keys(problems).length > 0} data-testid="add-location" onClick={() => {
          setBusy(true);
          void onAdd({ code: code.trim(), name: name.trim(), kind }).then((failed) => {
            setBusy(false);
            setError(failed);
            if (failed === undefined) {
              setCode('');
              setName('');
            }
          });
        }}>{busy ? 'Adding…' : 'Add location'}</Button>
      </div>
      {error === undefined ? null : <ErrorBar error={error} what="Not added" />}
    </>
  );
}
