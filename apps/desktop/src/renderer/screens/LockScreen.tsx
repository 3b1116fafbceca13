import { Button, Card, Field, Input, Link, Persona, Title3, makeStyles, tokens } from '@fluentui/react-components';
import { LockClosed24Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { FormEvent } from 'react';
import type { SessionUser } from '@hms/core';
import type { HostError } from '../../shared/result.js';
import { ErrorBar } from '../components/ErrorBar.js';
import { rolesOf } from '../components/format.js';
import { useModel } from '../state/hooks.js';

const useStyles = makeStyles({
  overlay: {
    position: 'fixed',
    inset: '0',
    zIndex: 1000,
    display: 'flex',
    alignItems: 'center',
    justifyContent: 'center',
    backgroundColor: tokens.colorNeutralBackground3,
  },
  card: { width: '380px', padding: '28px 32px', rowGap: '18px', boxShadow: tokens.shadow16 },
  title: { display: 'flex', alignItems: 'center', columnGap: '8px' },
  form: { display: 'flex', flexDirection: 'column', rowGap: '14px' },
  actions: { display: 'flex', justifyContent: 'space-between', alignItems: 'center' },
});

/** Covers the desk after inactivity: patient data stays hidden until the same user's password. */
export function LockScreen({ user }: { user: SessionUser }) {
  const styles = useStyles();
  const model = useModel();
  const [password, setPassword] = useState('');
  const [error, setError] = useState<HostError | undefined>();
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    const failure = await model.unlock(password);
    setBusy(false);
    setPassword('');
    setError(failure);
  };

  return (
    <div className={styles.overlay} role="dialog" aria-modal="true" aria-label="Workstation locked">
      <Card className={styles.card}>
        <div className={styles.title}>
          <LockClosed24Regular />
          <Title3 as="h1">Workstation locked</Title3>
        </div>
        <Persona name={user.displayName} secondaryText={rolesOf(user)} size="large" />
        {error !== undefined ? <ErrorBar error={error} /> : null}
        <form className={styles.form} onSubmit={(event) => void submit(event)}>
          <Field label="Password" required>
            <Input type="password" value={password} onChange={(_, data) => setPassword(data.value)} autoComplete="current-password" autoFocus />
          </Field>
          <div className={styles.actions}>
            <Link as="button" onClick={() => void model.signOut()}>
              Sign out instead
            </Link>
            <Button appearance="primary" type="submit" disabled={busy || password === ''}>
              Unlock
            </Button>
          </div>
        </form>
      </Card>
    </div>
  );
}
