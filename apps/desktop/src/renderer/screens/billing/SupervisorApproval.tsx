import { Caption1, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { ShieldKeyhole20Regular } from '@fluentui/react-icons';

const useStyles = makeStyles({
  box: { display: 'grid', gridTemplateColumns: '1fr 1fr', columnGap: '12px', rowGap: '4px', padding: '12px', borderRadius: tokens.borderRadiusMedium, backgroundColor: tokens.colorNeutralBackground3 },
  title: { gridColumn: '1 / -1', display: 'flex', alignItems: 'center', columnGap: '6px', color: tokens.colorNeutralForeground2 },
});

export interface Approval {
  username: string;
  password: string;
}

export const NO_APPROVAL: Approval = { username: '', password: '' };

/** The approval a change sends: none when both fields are empty (the server then says one is required). */
export function approvalOf(approval: Approval): { approval?: Approval } {
  return approval.username.trim() === '' && approval.password === '' ? {} : { approval: { username: approval.username.trim(), password: approval.password } };
}

/**
 * A billing supervisor signs in here, on the cashier's screen, to approve: their own username and
 * password, checked by the server with the change itself (never kept by the desk).
 */
export function SupervisorApproval({ value, onChange, disabled }: { value: Approval; onChange(value: Approval): void; disabled?: boolean }) {
  const styles = useStyles();
  return (
    <div className={styles.box} role="group" aria-label="Supervisor approval">
      <Caption1 className={styles.title}><ShieldKeyhole20Regular />A billing supervisor approves by signing in here</Caption1>
      <Field label="Supervisor username">
        <Input value={value.username} onChange={(_, data) => onChange({ ...value, username: data.value })} autoComplete="off" disabled={disabled} />
      </Field>
      <Field label="Supervisor password">
        <Input type="password" value={value.password} onChange={(_, data) => onChange({ ...value, password: data.value })} autoComplete="new-password" disabled={disabled} />
      </Field>
    </div>
  );
}
