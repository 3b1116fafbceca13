import { Button, Caption1, Card, Field, Input, Link, Spinner, Subtitle1, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { HeartPulse24Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { HostError } from '../../shared/result.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { ConnectionBadge } from '../app/StatusBar.js';
import { useModel, useWorkstation } from '../state/hooks.js';
import { ConnectionSettingsDialog } from './settings/ConnectionSettingsDialog.js';

const useStyles = makeStyles({
  page: {
    height: '100%',
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  card: {
    width: '380px',
    padding: '32px 32px 24px',
    rowGap: '20px',
    boxShadow: tokens.shadow16,
  },
  brand: { display: 'flex', alignItems: 'center', columnGap: '10px', color: tokens.colorBrandForeground1 },
  heading: { display: 'flex', flexDirection: 'column', rowGap: '4px' },
  form: { display: 'flex', flexDirection: 'column', rowGap: '16px' },
  footer: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'center',
    borderTop: `1px solid ${tokens.colorNeutralStroke2}`,
    paddingTop: '12px',
    color: tokens.colorNeutralForeground3,
  },
  submit: { marginTop: '4px' },
});

export function SignInScreen() {
  const styles = useStyles();
  const model = useModel();
  const { settings, status } = useWorkstation();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  const [connectionOpen, setConnectionOpen] = useState(false);
  const session = status?.session;
  const notice = session?.state === 'signedOut' && session.reason !== undefined && session.reason !== 'signedOut' ? session.message : undefined;

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    setError(undefined);
    const failure = await model.signIn(username, password);
    setBusy(false);
    if (failure !== undefined) {
      setError(failure);
      setPassword('');
    }
  };

  return (
    <main className={styles.page}>
      <Card className={styles.card}>
        <div className={styles.heading}>
          <div className={styles.brand}>
            <HeartPulse24Regular />
            <Subtitle1>{settings?.hospitalName ?? 'Hospital'}</Subtitle1>
          </div>
          <Title3 as="h1">Sign in</Title3>
          <Caption1>Workstation {settings?.workstationId ?? ''}</Caption1>
        </div>
        {notice !== undefined && error === undefined ? <ErrorBar error={{ code: 'UNAUTHENTICATED', message: notice }} /> : null}
        {error !== undefined ? <ErrorBar error={error} /> : null}
        <form className={styles.form} onSubmit={(event) => void submit(event)}>
          <Field label="Username" required>
            <Input value={username} onChange={(_, data) => setUsername(data.value)} autoComplete="username" autoFocus />
          </Field>
          <Field label="Password" required>
            <Input type="password" value={password} onChange={(_, data) => setPassword(data.value)} autoComplete="current-password" />
          </Field>
          <Button className={styles.submit} appearance="primary" type="submit" disabled={busy || username === '' || password === ''}>
            {busy ? <Spinner size="tiny" label="Signing in…" /> : 'Sign in'}
          </Button>
        </form>
        <div className={styles.footer}>
          {status !== undefined ? <ConnectionBadge connection={status.connection} /> : <span />}
          <Link as="button" onClick={() => setConnectionOpen(true)}>
            Connection settings
          </Link>
        </div>
      </Card>
      {connectionOpen ? <ConnectionSettingsDialog onClose={() => setConnectionOpen(false)} /> : null}
    </main>
  );
}
