import {
  Button, Caption1, Checkbox, Field, Input, Link, Select, Spinner, makeStyles, tokens,
} from '@fluentui/react-components';
import { INTERFACE_PROTOCOLS } from '@hms/core';
import { useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { refusedFields } from '../../state/errors.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { ACCESSION_FIELDS, BAUD_RATES, CHARSETS, EMPTY_DRAFT, TRANSPORT_KINDS, draftOf, paramsOf } from './interface-draft.js';
import type { InterfaceDraft } from './interface-draft.js';
import { PROTOCOL_LABELS, TRANSPORT_LABELS } from './labels.js';
import { useAdmin, useAdminModel } from './use-admin.js';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: '16px' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: '12px 16px', alignItems: 'start' },
  wide: { gridColumn: '1 / -1' },
  actions: { display: 'flex', columnGap: '8px', alignItems: 'center', flexWrap: 'wrap', rowGap: '8px' },
  muted: { color: tokens.colorNeutralForeground3 },
});

/** Where the server's refusal of a whole transport (another interface holds it) is shown. */
function transportField(draft: InterfaceDraft): string {
  return draft.kind === 'serial' ? 'transport.path' : 'transport.port';
}

/** A typed error's per-field messages, with a taken port or device put on its field. */
function errorsByField(error: HostError | undefined, draft: InterfaceDraft): Record<string, string> {
  const fields = refusedFields(error);
  if (error?.code === 'CONFLICT' && error.details?.reason === 'transport_taken') fields[transportField(draft)] = error.message;
  return fields;
}

/**
 * Adds an analyzer or feed (`#/admin-interface-new`) or edits one (`#/admin-interface-edit/<id>`):
 * protocol, transport (TCP either way, or a serial port with its line settings) and the lenient
 * options for known quirks. The server judges every field; its errors show on the field.
 */
export function InterfaceFormScreen() {
  const styles = useStyles();
  const admin = useAdminModel();
  const { navigate } = useModel();
  const { route, routeArgs } = useWorkstation();
  const editingId = route === 'admin-interface-edit' ? routeArgs[0] : undefined;
  const { interfaces } = useAdmin();
  const editing = editingId === undefined ? undefined : interfaces?.find((item) => item.id === editingId);
  const [draft, setDraft] = useState<InterfaceDraft>(EMPTY_DRAFT);
  const [loadedId, setLoadedId] = useState<string | undefined>(undefined);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [error, setError] = useState<HostError | undefined>(undefined);
  const [saving, setSaving] = useState(false);
  useEffect(() => {
    if (editingId !== undefined && interfaces === undefined) void admin.loadInterfaces();
  }, [admin, editingId, interfaces]);
  useEffect(() => {
    if (editing !== undefined && loadedId !== editing.id) {
      setDraft(draftOf(editing));
      setLoadedId(editing.id);
    }
  }, [editing, loadedId]);
  if (editingId !== undefined && editing === undefined) return <Page title="Edit interface"><Spinner label="Reading the interface…" /></Page>;
  const fields = { ...errorsByField(error, draft), ...local };
  const message = (field: string) => fields[field];
  const change = (patch: Partial<InterfaceDraft>) => setDraft((current) => ({ ...current, ...patch }));
  const save = async (enable: boolean) => {
    const outcome = paramsOf(draft);
    setLocal(outcome.ok ? {} : outcome.fields);
    if (!outcome.ok) return;
    setSaving(true);
    const result = editing === undefined
      ? await admin.create({ ...outcome.params, enabled: enable })
      : await admin.update({ interfaceId: editing.id, version: editing.version, ...outcome.params });
    setSaving(false);
    setError(result.ok ? undefined : result.error);
    if (result.ok) navigate('admin-interfaces');
  };
  const shownError = error !== undefined && Object.keys(errorsByField(error, draft)).length === 0 ? error : undefined;
  return (
    <Page title={editing === undefined ? 'Add interface' : `Edit ${editing.name}`} breadcrumb={<Link onClick={() => navigate('admin-interfaces')}>Interfaces</Link>}>
      {shownError === undefined ? null : <ErrorBar error={shownError} what="Not saved" />}
      <form onSubmit={(event) => { event.preventDefault(); void save(false); }} aria-label="Interface" className={styles.form}>
        <Panel title="Analyzer or feed">
          <div className={styles.grid}>
            <Field label="Name" required validationMessage={message('name')}>
              <Input value={draft.name} onChange={(_, data) => change({ name: data.value })} placeholder="Sysmex XN-550, haematology" />
            </Field>
            <Field label="Protocol" validationMessage={message('protocol')}>
              <Select value={draft.protocol} disabled={editing !== undefined} onChange={(_, data) => change({ protocol: data.value as InterfaceDraft['protocol'] })}>
                {INTERFACE_PROTOCOLS.map((protocol) => <option key={protocol} value={protocol}>{PROTOCOL_LABELS[protocol]}</option>)}
              </Select>
            </Field>
            <Field label="Transport" validationMessage={message('transport.kind') ?? message('transport')}>
              <Select value={draft.kind} onChange={(_, data) => change({ kind: data.value as InterfaceDraft['kind'] })}>
                {TRANSPORT_KINDS.map((kind) => <option key={kind} value={kind}>{TRANSPORT_LABELS[kind]}</option>)}
              </Select>
            </Field>
          </div>
        </Panel>
        <Panel title={draft.kind === 'serial' ? 'Serial line' : 'Network'}>
          {draft.kind === 'serial' ? (
            <div className={styles.grid}>
              <Field label="Device" required validationMessage={message('transport.path')} className={styles.wide}>
                <Input value={draft.path} onChange={(_, data) => change({ path: data.value })} placeholder="/dev/ttyUSB0" />
              </Field>
              <Field label="Baud rate" validationMessage={message('transport.baudRate')}>
                <Select value={draft.baudRate} onChange={(_, data) => change({ baudRate: data.value })}>
                  {BAUD_RATES.map((rate) => <option key={rate} value={String(rate)}>{rate}</option>)}
                </Select>
              </Field>
              <Field label="Data bits" validationMessage={message('transport.dataBits')}>
                <Select value={draft.dataBits} onChange={(_, data) => change({ dataBits: data.value as InterfaceDraft['dataBits'] })}>
                  <option value="8">8</option>
                  <option value="7">7</option>
                </Select>
              </Field>
              <Field label="Parity" validationMessage={message('transport.parity')}>
                <Select value={draft.parity} onChange={(_, data) => change({ parity: data.value as InterfaceDraft['parity'] })}>
                  <option value="none">None</option>
                  <option value="even">Even</option>
                  <option value="odd">Odd</option>
                </Select>
              </Field>
              <Field label="Stop bits" validationMessage={message('transport.stopBits')}>
                <Select value={draft.stopBits} onChange={(_, data) => change({ stopBits: data.value as InterfaceDraft['stopBits'] })}>
                  <option value="1">1</option>
                  <option value="2">2</option>
                </Select>
              </Field>
              <Field label="Flow control" validationMessage={message('transport.flowControl')}>
                <Select value={draft.flowControl} onChange={(_, data) => change({ flowControl: data.value as InterfaceDraft['flowControl'] })}>
                  <option value="none">None</option>
                  <option value="rtscts">RTS/CTS (hardware)</option>
                  <option value="xonxoff">XON/XOFF (software)</option>
                </Select>
              </Field>
            </div>
          ) : (
            <div className={styles.grid}>
              <Field
                label={draft.kind === 'tcp-server' ? 'Listen on address (optional)' : 'Analyzer or middleware host'}
                required={draft.kind === 'tcp-client'}
                validationMessage={message('transport.host')}
                hint={draft.kind === 'tcp-server' ? 'Empty: every address of the server' : undefined}
              >
                <Input value={draft.host} onChange={(_, data) => change({ host: data.value })} placeholder={draft.kind === 'tcp-server' ? '0.0.0.0' : '192.168.10.40'} />
              </Field>
              <Field label="Port" required validationMessage={message('transport.port')}>
                <Input value={draft.port} inputMode="numeric" onChange={(_, data) => change({ port: data.value })} placeholder="5100" />
              </Field>
            </div>
          )}
        </Panel>
        <Panel title="Known quirks (lenient options)">
          <div className={styles.grid}>
            {draft.protocol === 'astm' ? (
              <>
                <Field validationMessage={message('options.lenient')} hint="Bad checksums, wrong frame numbers, frames over 240 bytes: taken with a warning">
                  <Checkbox checked={draft.lenient} onChange={(_, data) => change({ lenient: data.checked === true })} label="Accept faulty frames" />
                </Field>
                <Field label="Test code in R-3 component" validationMessage={message('options.testCodeComponent')} hint="Empty: the first one filled (Sysmex 5, GeneXpert 7)">
                  <Input value={draft.testCodeComponent} inputMode="numeric" onChange={(_, data) => change({ testCodeComponent: data.value })} />
                </Field>
              </>
            ) : (
              <Field label="Accession in" validationMessage={message('options.accessionField')}>
                <Select value={draft.accessionField} onChange={(_, data) => change({ accessionField: data.value as InterfaceDraft['accessionField'] })}>
                  <option value="">SPM-2, else OBR-3, else OBR-2</option>
                  {ACCESSION_FIELDS.map((field) => <option key={field} value={field}>{field}</option>)}
                </Select>
              </Field>
            )}
            <Field label="Character set" validationMessage={message('options.charset')}>
              <Select value={draft.charset} onChange={(_, data) => change({ charset: data.value as InterfaceDraft['charset'] })}>
                <option value="">As the analyzer declares</option>
                {CHARSETS.map((charset) => <option key={charset} value={charset}>{charset}</option>)}
              </Select>
            </Field>
          </div>
        </Panel>
        <div className={styles.actions}>
          {editing === undefined ? (
            <>
              <Button appearance="primary" disabled={saving} onClick={() => void save(true)}>Save and enable</Button>
              <Button type="submit" disabled={saving}>Save disabled</Button>
            </>
          ) : (
            <Button appearance="primary" type="submit" disabled={saving}>Save changes</Button>
          )}
          <Button appearance="subtle" onClick={() => navigate('admin-interfaces')}>Cancel</Button>
          {editing?.enabled === true ? <Caption1 className={styles.muted}>Saving restarts the running interface with the new settings.</Caption1> : null}
        </div>
      </form>
    </Page>
  );
}
