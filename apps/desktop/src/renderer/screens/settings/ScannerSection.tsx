import { Body1, Caption1, Field, Input, Select, Switch, makeStyles, tokens } from '@fluentui/react-components';
import { BarcodeScanner20Regular } from '@fluentui/react-icons';
import type { DiscoveredDevices } from '../../../shared/protocol/records.js';
import type { SCAN_SUFFIXES, SERIAL_TERMINATORS } from '../../../shared/settings.js';
import type { ScannerSettings } from '../../../shared/settings.js';
import { Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import { toInt } from './use-settings-draft.js';
import type { SettingsDraft } from './use-settings-draft.js';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(200px, 1fr))', gap: '12px 16px', alignItems: 'start' },
  hint: { color: tokens.colorNeutralForeground3 },
  scan: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase500 },
});

export function ScannerSection({ settings, devices, serial }: { settings: SettingsDraft; devices: DiscoveredDevices | undefined; serial: boolean }) {
  const styles = useStyles();
  const { lastScan } = useWorkstation();
  const draft = settings.draft;
  if (draft === undefined) return null;
  const { wedge } = draft.scanner;
  const port = draft.scanner.serial;
  const setScanner = (scanner: ScannerSettings) => settings.update((current) => ({ ...current, scanner }));
  const setWedge = (next: Partial<ScannerSettings['wedge']>) => setScanner({ ...draft.scanner, wedge: { ...wedge, ...next } });
  const setSerial = (next: Partial<ScannerSettings['serial']>) => setScanner({ ...draft.scanner, serial: { ...port, ...next } });

  return (
    <>
      <Panel title="Keyboard scanner" icon={<BarcodeScanner20Regular />} label="Keyboard scanner">
        <Caption1 className={styles.hint}>
          A scanner that types like a keyboard is told apart from a person by how fast the characters come.
        </Caption1>
        <Switch checked={wedge.enabled} onChange={(_, data) => setWedge({ enabled: data.checked })} label="Recognise keyboard scanners" />
        <div className={styles.grid}>
          <Field label="Prefix" hint="Characters the scanner sends first, if set up to">
            <Input value={wedge.prefix} onChange={(_, data) => setWedge({ prefix: data.value })} />
          </Field>
          <Field label="Ends with">
            <Select value={wedge.suffix} onChange={(_, data) => setWedge({ suffix: data.value as (typeof SCAN_SUFFIXES)[number] })}>
              <option value="Enter">Enter</option>
              <option value="Tab">Tab</option>
              <option value="none">Nothing (a pause)</option>
            </Select>
          </Field>
          <Field label="Longest gap between keys (ms)" validationMessage={settings.fields['scanner.wedge.maxInterKeyMs']}>
            <Input type="number" value={String(wedge.maxInterKeyMs)} onChange={(_, data) => setWedge({ maxInterKeyMs: toInt(data.value, 0) })} />
          </Field>
          <Field label="Shortest code" validationMessage={settings.fields['scanner.wedge.minLength']}>
            <Input type="number" value={String(wedge.minLength)} onChange={(_, data) => setWedge({ minLength: toInt(data.value, 0) })} />
          </Field>
        </div>
      </Panel>
      <Panel title="Serial scanner" icon={<BarcodeScanner20Regular />} label="Serial scanner">
        {serial ? (
          <>
            <Switch checked={port.enabled} onChange={(_, data) => setSerial({ enabled: data.checked })} label="Use a serial scanner" />
            <div className={styles.grid}>
              <Field label="Port" validationMessage={settings.fields['scanner.serial.path']}>
                <Input value={port.path} list="scanner-ports" placeholder="/dev/ttyACM0 or COM4" onChange={(_, data) => setSerial({ path: data.value })} />
              </Field>
              <datalist id="scanner-ports">
                {devices?.serialPorts.map((candidate) => <option key={candidate.path} value={candidate.path}>{candidate.manufacturer ?? ''}</option>)}
              </datalist>
              <Field label="Baud rate">
                <Select value={String(port.baudRate)} onChange={(_, data) => setSerial({ baudRate: toInt(data.value, 9600) })}>
                  {[4800, 9600, 19_200, 38_400, 57_600, 115_200].map((rate) => <option key={rate} value={rate}>{rate}</option>)}
                </Select>
              </Field>
              <Field label="Data bits">
                <Select value={String(port.dataBits)} onChange={(_, data) => setSerial({ dataBits: data.value === '7' ? 7 : 8 })}>
                  <option value="8">8</option>
                  <option value="7">7</option>
                </Select>
              </Field>
              <Field label="Parity">
                <Select value={port.parity} onChange={(_, data) => setSerial({ parity: data.value as ScannerSettings['serial']['parity'] })}>
                  <option value="none">None</option>
                  <option value="even">Even</option>
                  <option value="odd">Odd</option>
                </Select>
              </Field>
              <Field label="Stop bits">
                <Select value={String(port.stopBits)} onChange={(_, data) => setSerial({ stopBits: data.value === '2' ? 2 : 1 })}>
                  <option value="1">1</option>
                  <option value="2">2</option>
                </Select>
              </Field>
              <Field label="Code ends with">
                <Select value={port.terminator} onChange={(_, data) => setSerial({ terminator: data.value as (typeof SERIAL_TERMINATORS)[number] })}>
                  <option value="CR">CR</option>
                  <option value="LF">LF</option>
                  <option value="CRLF">CR LF</option>
                </Select>
              </Field>
            </div>
          </>
        ) : (
          <Caption1 className={styles.hint}>Serial scanners need the desktop app.</Caption1>
        )}
      </Panel>
      <Panel title="Last scan" icon={<BarcodeScanner20Regular />}>
        {lastScan === undefined ? (
          <Body1 className={styles.hint}>Scan any barcode to check the scanner; the code appears here.</Body1>
        ) : (
          <div data-testid="last-scan">
            <div className={styles.scan}>{lastScan.code}</div>
            <Caption1 className={styles.hint}>
              {lastScan.source === 'serial' ? 'Serial scanner' : 'Keyboard scanner'} · {shortTime(lastScan.at)}
            </Caption1>
          </div>
        )}
      </Panel>
    </>
  );
}
