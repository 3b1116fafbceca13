import { FluentProvider, Spinner, makeStyles, tokens, webLightTheme } from '@fluentui/react-components';
import type { ScanEvent } from '../../shared/protocol/records.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { LockScreen } from '../screens/LockScreen.js';
import { SignInScreen } from '../screens/SignInScreen.js';
import { ModelContext, useIdleLock, useModel, useWedgeScanner, useWorkstation } from '../state/hooks.js';
import type { WorkstationModel } from '../state/workstation-model.js';
import { Shell } from './Shell.js';

const useStyles = makeStyles({
  provider: { height: '100%', backgroundColor: tokens.colorNeutralBackground2 },
  centre: { height: '100%', display: 'flex', alignItems: 'center', justifyContent: 'center', padding: '24px' },
});

function Workstation() {
  const styles = useStyles();
  const model = useModel();
  const { ready, hostError, status, settings } = useWorkstation();
  const session = status?.session;
  useIdleLock(settings?.idleLockMinutes, session?.state === 'signedIn', () => void model.lock());
  useWedgeScanner(settings?.scanner.wedge, (code) => {
    const scan: ScanEvent = { source: 'keyboard', code, at: new Date().toISOString() };
    model.recordScan(scan);
  });

  if (!ready) {
    return (
      <div className={styles.centre}>
        <Spinner label="Starting the workstation…" />
      </div>
    );
  }
  if (hostError !== undefined || status === undefined || session === undefined) {
    return (
      <div className={styles.centre}>
        <ErrorBar error={hostError ?? { code: 'HOST_UNAVAILABLE', message: 'The workstation service did not answer.' }} onRetry={() => window.location.reload()} />
      </div>
    );
  }
  if (session.state === 'signedOut') return <SignInScreen />;
  return (
    <>
      <Shell user={session.user} />
      {session.state === 'locked' ? <LockScreen user={session.user} /> : null}
    </>
  );
}

export function App({ model }: { model: WorkstationModel }) {
  const styles = useStyles();
  return (
    // Layout goes on an inner element: the provider's class is copied onto its portals
    // (tooltips, dialogs), which must not take the whole page.
    <FluentProvider theme={webLightTheme}>
      <div className={styles.provider}>
        <ModelContext.Provider value={model}>
          <Workstation />
        </ModelContext.Provider>
      </div>
    </FluentProvider>
  );
}
