import { Button, Caption1, Field, Input, MessageBar, MessageBarBody, MessageBarTitle, Select, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { Print20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { PrintOutcome, PrinterRole } from '../../../shared/printing/documents.js';
import type { DiscoveredDevices } from '../../../shared/protocol/records.js';
import type { HostError } from '../../../shared/result.js';
import { PRINTER_SETTING } from '../../../shared/settings.js';
import type { LabelPrinter, PagePrinter, PdfTarget, PrinterConnection, ReceiptPrinter, WorkstationSettings } from '../../../shared/settings.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Panel } from '../../components/Page.js';
import { useModel } from '../../state/hooks.js';
import { toInt } from './use-settings-draft.js';
import type { SettingsDraft } from './use-settings-draft.js';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: '12px 16px', alignItems: 'start' },
  actions: { display: 'flex', alignItems: 'center', columnGap: '12px' },
  hint: { color: tokens.colorNeutralForeground3 },
});

type AnyPrinter = ReceiptPrinter | LabelPrinter | PagePrinter;

const TITLES = { receipt: 'Receipt printer', label: 'Label printer', page: 'Page printer (prescriptions)' } as const satisfies Record<PrinterRole, string>;
/** The raw printer a role can have besides a PDF; a page printer is always a PDF. */
const RAW = { receipt: { kind: 'escpos', label: '80 mm thermal printer (ESC/POS)' }, label: { kind: 'zpl', label: 'Label / wristband printer (ZPL)' }, page: undefined } as const;

function defaultConnection(type: PrinterConnection['type']): PrinterConnection {
  switch (type) {
    case 'tcp':
      return { type: 'tcp', host: '', port: 9100 };
    case 'serial':
      return { type: 'serial', path: '', baudRate: 9600 };
    case 'queue':
      return { type: 'queue', queue: '' };
  }
}

function ConnectionFields({ prefix, connection, onChange, fields, devices }: {
  prefix: string;
  connection: PrinterConnection;
  onChange: (connection: PrinterConnection) => void;
  fields: Record<string, string>;
  devices: DiscoveredDevices | undefined;
}) {
  const styles = useStyles();
  return (
    <div className={styles.grid}>
      <Field label="Connection">
        <Select value={connection.type} onChange={(_, data) => onChange(defaultConnection(data.value as PrinterConnection['type']))}>
          <option value="tcp">Network (TCP port 9100)</option>
          <option value="serial">Serial port</option>
          <option value="queue">System print queue (raw)</option>
        </Select>
      </Field>
      {connection.type === 'tcp' ? (
        <>
          <Field label="Address" validationMessage={fields[`${prefix}.connection.host`]}>
            <Input value={connection.host} placeholder="10.0.0.21" onChange={(_, data) => onChange({ ...connection, host: data.value })} />
          </Field>
          <Field label="Port" validationMessage={fields[`${prefix}.connection.port`]}>
            <Input type="number" value={String(connection.port)} onChange={(_, data) => onChange({ ...connection, port: toInt(data.value, 0) })} />
          </Field>
        </>
      ) : null}
      {connection.type === 'serial' ? (
        <>
          <Field label="Serial port" validationMessage={fields[`${prefix}.connection.path`]}>
            <Input value={connection.path} list={`${prefix}-ports`} placeholder="/dev/ttyUSB0 or COM3" onChange={(_, data) => onChange({ ...connection, path: data.value })} />
          </Field>
          <datalist id={`${prefix}-ports`}>
            {devices?.serialPorts.map((port) => <option key={port.path} value={port.path}>{port.manufacturer ?? ''}</option>)}
          </datalist>
          <Field label="Baud rate">
            <Select value={String(connection.baudRate)} onChange={(_, data) => onChange({ ...connection, baudRate: toInt(data.value, 9600) })}>
              {[9600, 19_200, 38_400, 57_600, 115_200].map((rate) => <option key={rate} value={rate}>{rate}</option>)}
            </Select>
          </Field>
        </>
      ) : null}
      {connection.type === 'queue' ? (
        <>
          <Field label="Queue name" validationMessage={fields[`${prefix}.connection.queue`]}>
            <Input value={connection.queue} list={`${prefix}-queues`} onChange={(_, data) => onChange({ ...connection, queue: data.value })} />
          </Field>
          <datalist id={`${prefix}-queues`}>
            {devices?.queues.map((queue) => <option key={queue} value={queue} />)}
          </datalist>
        </>
      ) : null}
    </div>
  );
}

function PdfTargetFields({ prefix, target, onChange, fields }: { prefix: string; target: PdfTarget; onChange: (target: PdfTarget) => void; fields: Record<string, string> }) {
  const styles = useStyles();
  return (
    <div className={styles.grid}>
      <Field label="Send the PDF to">
        <Select
          value={target.type}
          onChange={(_, data) => onChange(data.value === 'queue' ? { type: 'queue', queue: '' } : { type: 'folder', dir: '' })}
        >
          <option value="queue">A system print queue</option>
          <option value="folder">A folder</option>
        </Select>
      </Field>
      {target.type === 'queue' ? (
        <Field label="Queue name" validationMessage={fields[`${prefix}.target.queue`]}>
          <Input value={target.queue} onChange={(_, data) => onChange({ ...target, queue: data.value })} />
        </Field>
      ) : (
        <Field label="Folder" validationMessage={fields[`${prefix}.target.dir`]}>
          <Input value={target.dir} onChange={(_, data) => onChange({ ...target, dir: data.value })} />
        </Field>
      )}
    </div>
  );
}

export interface PrinterSectionProps {
  role: PrinterRole;
  settings: SettingsDraft;
  devices: DiscoveredDevices | undefined;
  silentPrinting: boolean;
}

/** One of the workstation's printers: what it is, where it is, and a test page that proves it. */
export function PrinterSection({ role, settings, devices, silentPrinting }: PrinterSectionProps) {
  const styles = useStyles();
  const model = useModel();
  const [result, setResult] = useState<{ ok: true; outcome: PrintOutcome } | { ok: false; error: HostError } | undefined>();
  const [printing, setPrinting] = useState(false);
  const draft = settings.draft;
  if (draft === undefined) return null;
  const key = PRINTER_SETTING[role];
  const printer: AnyPrinter = draft[key];
  const title = TITLES[role];
  const setPrinter = (next: AnyPrinter) => settings.update((current): WorkstationSettings => ({ ...current, [key]: next }));
  const raw = RAW[role];

  const printTest = async () => {
    setPrinting(true);
    setResult(undefined);
    // The host prints with what is saved: save the form first.
    if (settings.dirty && !(await settings.save())) {
      setPrinting(false);
      return;
    }
    const printed = await model.printTestPage(role);
    setPrinting(false);
    setResult(printed.ok ? { ok: true, outcome: printed.value } : { ok: false, error: printed.error });
  };

  const onKind = (kind: string) => {
    if (kind === 'none') setPrinter({ kind: 'none' });
    else if (kind === 'pdf') setPrinter({ kind: 'pdf', target: { type: 'queue', queue: '' } });
    else if (kind === 'escpos') setPrinter({ kind: 'escpos', connection: { type: 'tcp', host: '', port: 9100 }, columns: 48, statusQuery: false });
    else setPrinter({ kind: 'zpl', connection: { type: 'tcp', host: '', port: 9100 }, dpi: 203, statusQuery: false });
  };

  return (
    <Panel
      title={title}
      icon={<Print20Regular />}
      actions={
        <Button onClick={() => void printTest()} disabled={printing || (silentPrinting && printer.kind === 'none')} icon={<Print20Regular />}>
          {printing ? 'Printing…' : 'Print test page'}
        </Button>
      }
    >
      {silentPrinting ? (
        <>
          <div className={styles.grid}>
            <Field label="Printer type">
              <Select value={printer.kind} onChange={(_, data) => onKind(data.value)}>
                <option value="none">No printer</option>
                {raw === undefined ? null : <option value={raw.kind}>{raw.label}</option>}
                <option value="pdf">{role === 'page' ? 'A5 PDF (laser printer or folder)' : 'PDF (laser printer or folder)'}</option>
              </Select>
            </Field>
            {printer.kind === 'escpos' ? (
              <Field label="Characters per line">
                <Select value={String(printer.columns)} onChange={(_, data) => setPrinter({ ...printer, columns: data.value === '42' ? 42 : data.value === '32' ? 32 : 48 })}>
                  <option value="48">48 (most 80 mm printers)</option>
                  <option value="42">42</option>
                  <option value="32">32 (58 mm printers)</option>
                </Select>
              </Field>
            ) : null}
            {printer.kind === 'zpl' ? (
              <Field label="Resolution">
                <Select value={String(printer.dpi)} onChange={(_, data) => setPrinter({ ...printer, dpi: data.value === '300' ? 300 : 203 })}>
                  <option value="203">203 dpi</option>
                  <option value="300">300 dpi</option>
                </Select>
              </Field>
            ) : null}
          </div>
          {printer.kind === 'escpos' || printer.kind === 'zpl' ? (
            <>
              <ConnectionFields prefix={key} connection={printer.connection} onChange={(connection) => setPrinter({ ...printer, connection })} fields={settings.fields} devices={devices} />
              <Switch
                checked={printer.statusQuery}
                onChange={(_, data) => setPrinter({ ...printer, statusQuery: data.checked })}
                label={printer.kind === 'escpos' ? 'Check for paper before each job (the printer must answer DLE EOT 4)' : 'Check the printer status before each job (~HS)'}
              />
            </>
          ) : null}
          {printer.kind === 'pdf' ? <PdfTargetFields prefix={key} target={printer.target} onChange={(target) => setPrinter({ ...printer, target })} fields={settings.fields} /> : null}
        </>
      ) : (
        <Caption1 className={styles.hint}>This browser workstation prints through the browser&apos;s print dialog, to any printer the computer knows.</Caption1>
      )}
      {result?.ok === true ? (
        <MessageBar intent="success" data-testid="print-result">
          <MessageBarBody>
            <MessageBarTitle>Test page sent</MessageBarTitle>
            {result.outcome.file !== undefined ? `Saved as ${result.outcome.file}.` : `${result.outcome.printer} took the job.`}
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {result?.ok === false ? <ErrorBar error={result.error} onRetry={() => void printTest()} retrying={printing} /> : null}
    </Panel>
  );
}
