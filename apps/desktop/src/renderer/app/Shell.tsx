import {
  Button, MessageBar, MessageBarBody, MessageBarTitle, NavDrawer, NavDrawerBody, NavItem, NavSectionHeader, Persona, Subtitle2, Text, Tooltip,
  makeStyles, tokens,
} from '@fluentui/react-components';
import { HeartPulse24Regular, LockClosed20Regular, Settings24Regular, SignOut20Regular } from '@fluentui/react-icons';
import type { SessionUser } from '@hms/core';
import { rolesOf } from '../components/format.js';
import { useModel, useWorkstation } from '../state/hooks.js';
import { SettingsScreen } from '../screens/settings/SettingsScreen.js';
import { NoDeskScreen } from '../screens/NoDeskScreen.js';
import { desksFor } from './desks.js';
import { StatusBar } from './StatusBar.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', height: '100%', backgroundColor: tokens.colorNeutralBackground2 },
  header: {
    display: 'flex',
    alignItems: 'center',
    columnGap: '12px',
    height: '48px',
    padding: '0 12px 0 16px',
    backgroundColor: tokens.colorNeutralBackground1,
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    flexShrink: 0,
  },
  brand: { display: 'flex', alignItems: 'center', columnGap: '10px', color: tokens.colorBrandForeground1 },
  product: { color: tokens.colorNeutralForeground3 },
  spacer: { flexGrow: 1 },
  body: { display: 'flex', flexGrow: 1, minHeight: 0 },
  nav: { height: '100%', width: '220px', backgroundColor: tokens.colorNeutralBackground2, borderRight: `1px solid ${tokens.colorNeutralStroke2}` },
  main: { flexGrow: 1, display: 'flex', flexDirection: 'column', minWidth: 0 },
  content: { flexGrow: 1, overflow: 'auto', padding: '24px 32px' },
  user: { display: 'flex', alignItems: 'center', columnGap: '4px' },
  separator: { width: '1px', height: '24px', backgroundColor: tokens.colorNeutralStroke2, margin: '0 8px' },
  offline: { borderRadius: 0, flexShrink: 0 },
});

function UserArea({ user }: { user: SessionUser }) {
  const styles = useStyles();
  const model = useModel();
  return (
    <div className={styles.user}>
      <Persona name={user.displayName} secondaryText={rolesOf(user)} size="small" avatar={{ color: 'colorful' }} />
      <span className={styles.separator} aria-hidden="true" />
      <Tooltip content="Lock the workstation" relationship="label">
        <Button appearance="subtle" icon={<LockClosed20Regular />} onClick={() => void model.lock()}>
          Lock
        </Button>
      </Tooltip>
      <Button appearance="subtle" icon={<SignOut20Regular />} onClick={() => void model.signOut()}>
        Sign out
      </Button>
    </div>
  );
}

/** The frame of every desk: header, left navigation, the desk's screen, and the status bar. */
export function Shell({ user }: { user: SessionUser }) {
  const styles = useStyles();
  const model = useModel();
  const { route, status, settings, info } = useWorkstation();
  const desks = desksFor(user.roles);
  const current = route === 'settings' ? 'settings' : (desks.find((desk) => desk.id === route) ?? desks[0])?.id ?? 'settings';
  const Desk = desks.find((desk) => desk.id === current)?.component;

  return (
    <div className={styles.root}>
      <header className={styles.header}>
        <div className={styles.brand}>
          <HeartPulse24Regular />
          <Subtitle2 as="span" data-testid="hospital-name">{settings?.hospitalName ?? 'Hospital'}</Subtitle2>
        </div>
        <Text className={styles.product} size={200}>HMS Workstation</Text>
        <span className={styles.spacer} />
        <UserArea user={user} />
      </header>
      <div className={styles.body}>
        <NavDrawer
          className={styles.nav}
          type="inline"
          open
          selectedValue={current}
          onNavItemSelect={(_, data) => model.navigate(String(data.value))}
          aria-label="Desks"
        >
          <NavDrawerBody>
            <NavSectionHeader>Desks</NavSectionHeader>
            {desks.map((desk) => (
              <NavItem key={desk.id} value={desk.id} icon={<desk.icon />}>
                {desk.label}
              </NavItem>
            ))}
            <NavSectionHeader>Workstation</NavSectionHeader>
            <NavItem value="settings" icon={<Settings24Regular />}>
              Settings
            </NavItem>
          </NavDrawerBody>
        </NavDrawer>
        <div className={styles.main}>
          {status?.connection.state === 'offline' ? (
            <MessageBar intent="warning" className={styles.offline} data-testid="offline-banner">
              <MessageBarBody>
                <MessageBarTitle>Working offline</MessageBarTitle>
                The server cannot be reached{status.connection.lastError === undefined ? '' : ` (${status.connection.lastError.replace(/\.$/, '')})`}. The
                workstation keeps trying on its own{info?.outbox === true ? '; changes wait in the outbox until then' : ''}.
              </MessageBarBody>
            </MessageBar>
          ) : null}
          <main className={styles.content}>{current === 'settings' ? <SettingsScreen /> : Desk !== undefined ? <Desk /> : <NoDeskScreen />}</main>
        </div>
      </div>
      {status !== undefined ? <StatusBar status={status} workstationId={settings?.workstationId} outbox={info?.outbox ?? false} /> : null}
    </div>
  );
}
