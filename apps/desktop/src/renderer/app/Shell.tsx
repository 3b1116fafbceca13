import {
  Button, CounterBadge, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, NavDrawer, NavDrawerBody, NavItem, NavSectionHeader, Persona,
  Subtitle2, Text, Tooltip, makeStyles, tokens,
} from '@fluentui/react-components';
import { Dismiss20Regular, HeartPulse24Regular, LockClosed20Regular, SignOut20Regular } from '@fluentui/react-icons';
import type { SessionUser } from '@hms/core';
import { CapabilityNotice } from '../components/CapabilityNotice.js';
import { rolesOf } from '../components/format.js';
import { useModel, useWorkstation } from '../state/hooks.js';
import { NoDeskScreen } from '../screens/NoDeskScreen.js';
import type { ScreenChoice } from './desk-registry.js';
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
  // The pane's colour is the nav items' own (Fluent draws them on Background4), so only the selected one stands out.
  nav: { height: '100%', width: '220px', flexShrink: 0, backgroundColor: tokens.colorNeutralBackground4, borderRight: `1px solid ${tokens.colorNeutralStroke2}` },
  main: { flexGrow: 1, display: 'flex', flexDirection: 'column', minWidth: 0 },
  content: { flexGrow: 1, overflow: 'auto', padding: '24px 32px' },
  user: { display: 'flex', alignItems: 'center', columnGap: '4px' },
  separator: { width: '1px', height: '24px', backgroundColor: tokens.colorNeutralStroke2, margin: '0 8px' },
  offline: { borderRadius: 0, flexShrink: 0 },
  notices: { display: 'flex', flexDirection: 'column', rowGap: '8px', padding: '12px 32px 0' },
  navBadge: { marginLeft: 'auto' },
  address: { color: tokens.colorNeutralForeground3 },
});

/** The chosen screen, or what the person reads instead when this host lacks what it needs. */
function Screen({ choice }: { choice: ScreenChoice | undefined }) {
  if (choice === undefined) return <NoDeskScreen />;
  if (choice.missing.length > 0) return <CapabilityNotice title={choice.screen.label} missing={choice.missing} />;
  const Component = choice.screen.component;
  return <Component />;
}

function Notices() {
  const styles = useStyles();
  const model = useModel();
  const { notices } = useWorkstation();
  if (notices.length === 0) return null;
  return (
    <div className={styles.notices} aria-live="polite">
      {notices.map((notice) => (
        <MessageBar key={notice.id} intent={notice.intent} data-testid="notice">
          <MessageBarBody>
            <MessageBarTitle>{notice.title}</MessageBarTitle>
            {notice.message}
          </MessageBarBody>
          <MessageBarActions containerAction={<Button appearance="transparent" aria-label="Dismiss" icon={<Dismiss20Regular />} onClick={() => model.dismissNotice(notice.id)} />} />
        </MessageBar>
      ))}
    </div>
  );
}

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

/** The frame of every desk: header, left navigation (a section per desk the user sees), the screen, and the status bar. */
export function Shell({ user }: { user: SessionUser }) {
  const styles = useStyles();
  const model = useModel();
  const { route, status, settings, info, reference } = useWorkstation();
  const hospital = reference?.hospital ?? null;
  const choice = model.registry.choose(route, user.roles, info);
  const sections = model.registry.navigation(user.roles);
  const banners = model.registry.desksFor(user.roles).flatMap((desk) => (desk.banner === undefined ? [] : [{ id: desk.id, Banner: desk.banner }]));

  return (
    <div className={styles.root}>
      <header className={styles.header}>
        <div className={styles.brand}>
          <HeartPulse24Regular />
          {/* The hospital as the server names it; the workstation's own setting until the server was reached. */}
          <Subtitle2 as="span" data-testid="hospital-name">{hospital?.name ?? settings?.hospitalName ?? 'Hospital'}</Subtitle2>
        </div>
        {hospital?.address == null ? null : <Text className={styles.address} size={200}>{hospital.address}</Text>}
        <Text className={styles.product} size={200}>HMS Workstation</Text>
        <span className={styles.spacer} />
        <UserArea user={user} />
      </header>
      <div className={styles.body}>
        <NavDrawer
          className={styles.nav}
          type="inline"
          open
          selectedValue={choice?.selected}
          onNavItemSelect={(_, data) => model.navigate(String(data.value))}
          aria-label="Desks"
        >
          <NavDrawerBody>
            {sections.map((section) => (
              <div key={section.id}>
                <NavSectionHeader>{section.title}</NavSectionHeader>
                {section.entries.map((entry) => {
                  const count = entry.badge?.count(status) ?? 0;
                  return (
                    <NavItem key={entry.route} value={entry.route} icon={<entry.icon />}>
                      {entry.badge === undefined ? entry.label : (
                        <span style={{ display: 'flex', alignItems: 'center', width: '100%' }}>
                          {entry.label}
                          {count > 0 ? <CounterBadge className={styles.navBadge} count={count} color="danger" size="small" aria-label={entry.badge.label(count)} /> : null}
                        </span>
                      )}
                    </NavItem>
                  );
                })}
              </div>
            ))}
          </NavDrawerBody>
        </NavDrawer>
        <div className={styles.main}>
          {status?.connection.state === 'offline' ? (
            <MessageBar intent="warning" className={styles.offline} data-testid="offline-banner">
              <MessageBarBody>
                <MessageBarTitle>Working offline</MessageBarTitle>
                The server cannot be reached.{status.connection.lastError === undefined ? '' : ` ${status.connection.lastError.replace(/\.?$/, '.')}`} The workstation keeps trying on its
                own{info?.outbox === true ? '; changes wait in the outbox until then' : ''}.
              </MessageBarBody>
            </MessageBar>
          ) : null}
          {banners.map(({ id, Banner }) => <Banner key={id} />)}
          <Notices />
          <main className={styles.content}><Screen choice={choice} /></main>
        </div>
      </div>
      {status !== undefined ? (
        <StatusBar status={status} workstationId={settings?.workstationId} outbox={info?.outbox ?? false} onOpenOutbox={() => model.navigate('outbox')} />
      ) : null}
    </div>
  );
}
