import { Button, Caption1, Field, Input, MessageBar, MessageBarBody, Tab, TabList, makeStyles, tokens } from '@fluentui/react-components';
import { Desktop20Regular } from '@fluentui/react-icons';
import { useEffect, useState } from 'react';
import type { DiscoveredDevices } from '../../../shared/protocol/records.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { PrinterSection } from './PrinterSection.js';
import { ScannerSection } from './ScannerSection.js';
import { toInt, useSettingsDraft } from './use-settings-draft.js';

const useStyles = makeStyles({
  stack: { display: 'flex', flexDirection: 'column', rowGap: '16px', maxWidth: '880px' },
  grid: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(260px, 1fr))', gap: '12px 16px', alignItems: 'start' },
  saveBar: {
    display: 'flex',
    alignItems: 'center',
    columnGap: '8px',
    position: 'sticky',
    bottom: '-24px',
    padding: '12px 0 16px',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  hint: { color: tokens.colorNeutralForeground3 },
});

/** The workstation's own tabs, then one per desk the user sees that has settings (`desk:<id>`). */
type SettingsTab = 'workstation' | 'printers' | 'scanner' | `desk:${string}`;

export function SettingsScreen() {
  const styles = useStyles();
  const model = useModel();
  const { info, status } = useWorkstation();
  const session = status?.session;
  const deskTabs = (session === undefined || session.state === 'signedOut' ? [] : model.registry.desksFor(session.user.roles))
    .flatMap((desk) => (desk.settings === undefined ? [] : [{ value: `desk:${desk.id}` as const, ...desk.settings }]));
  const settings = useSettingsDraft();
  const [tab, setTab] = useState<SettingsTab>('workstation');
  const [devices, setDevices] = useState<DiscoveredDevices | undefined>();
  useEffect(() => {
    let live = true;
    void model.discoverDevices().then((result) => {
      if (live && result.ok) setDevices(result.value);
    });
    return () => {
      live = false;
    };
  }, [model]);
  const { draft } = settings;
  if (draft === undefined) return null;
  const browser = info?.kind === 'browser';
  const unexplained = settings.error !== undefined && Object.keys(settings.fields).length === 0;

  return (
    <Page title="Settings" subtitle="This workstation's own settings, kept on this computer.">
      <TabList selectedValue={tab} onTabSelect={(_, data) => setTab(data.value as SettingsTab)} aria-label="Settings sections">
        <Tab value="workstation">Server and workstation</Tab>
        <Tab value="printers">Printers</Tab>
        <Tab value="scanner">Scanners</Tab>
        {deskTabs.map((desk) => <Tab key={desk.value} value={desk.value}>{desk.label}</Tab>)}
      </TabList>
      <div className={styles.stack}>
        {settings.error?.code === 'VALIDATION' && !unexplained ? (
          <MessageBar intent="error">
            <MessageBarBody>Some settings are not valid; see the marked fields.</MessageBarBody>
          </MessageBar>
        ) : null}
        {unexplained && settings.error !== undefined ? <ErrorBar error={settings.error} /> : null}
        {tab === 'workstation' ? (
          <Panel title="Server and workstation" icon={<Desktop20Regular />}>
            <div className={styles.grid}>
              <Field label="Server address" validationMessage={settings.fields.serverUrl} hint={browser ? 'The server that served this page.' : 'e.g. http://hms-server:7400'}>
                <Input value={draft.serverUrl} disabled={browser} onChange={(_, data) => settings.update((current) => ({ ...current, serverUrl: data.value }))} />
              </Field>
              <Field label="Workstation ID" validationMessage={settings.fields.workstationId} hint="Names this desk in the audit log.">
                <Input value={draft.workstationId} onChange={(_, data) => settings.update((current) => ({ ...current, workstationId: data.value }))} />
              </Field>
              <Field label="Lock after (minutes idle)" validationMessage={settings.fields.idleLockMinutes}>
                <Input type="number" value={String(draft.idleLockMinutes)} onChange={(_, data) => settings.update((current) => ({ ...current, idleLockMinutes: toInt(data.value, 0) }))} />
              </Field>
            </div>
          </Panel>
        ) : null}
        {tab === 'printers' ? (
          <>
            <PrinterSection role="receipt" settings={settings} devices={devices} silentPrinting={info?.silentPrinting ?? false} />
            <PrinterSection role="label" settings={settings} devices={devices} silentPrinting={info?.silentPrinting ?? false} />
            <PrinterSection role="page" settings={settings} devices={devices} silentPrinting={info?.silentPrinting ?? false} />
          </>
        ) : null}
        {tab === 'scanner' ? <ScannerSection settings={settings} devices={devices} serial={info?.serial ?? false} /> : null}
        {deskTabs.filter((desk) => desk.value === tab).map(({ value, Section }) => <Section key={value} settings={settings} />)}
        <div className={styles.saveBar}>
          <Button appearance="primary" disabled={!settings.dirty || settings.saving} onClick={() => void settings.save()}>
            {settings.saving ? 'Saving…' : 'Save changes'}
          </Button>
          <Button disabled={!settings.dirty || settings.saving} onClick={settings.reset}>
            Discard
          </Button>
          {!settings.dirty && settings.savedAt !== undefined ? <Caption1 className={styles.hint}>Saved.</Caption1> : null}
        </div>
      </div>
    </Page>
  );
}
