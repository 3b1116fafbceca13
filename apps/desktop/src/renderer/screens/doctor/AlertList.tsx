import { Badge, Body1, Caption1, Field, Input, makeStyles, tokens } from '@fluentui/react-components';
import { ShieldError20Filled, Warning20Regular } from '@fluentui/react-icons';
import type { Alert } from './consultation.js';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', rowGap: '8px', margin: 0, padding: 0, listStyleType: 'none' },
  alert: {
    display: 'flex',
    flexDirection: 'column',
    rowGap: '4px',
    padding: '10px 12px',
    borderRadius: tokens.borderRadiusMedium,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderLeft: `4px solid ${tokens.colorPaletteYellowBorder2}`,
    backgroundColor: tokens.colorNeutralBackground2,
  },
  blocking: { borderLeftColor: tokens.colorPaletteRedBorder2, backgroundColor: tokens.colorPaletteRedBackground1 },
  head: { display: 'flex', alignItems: 'center', columnGap: '8px', flexWrap: 'wrap' },
  rule: { color: tokens.colorNeutralForeground3 },
});

const SEVERITY_COLOR = { contraindicated: 'danger', major: 'danger', moderate: 'warning', minor: 'informative' } as const;

/**
 * The safety check's alerts: each names its rule, version and citation. A blocking one
 * (contraindicated, major) asks for the reason to go ahead, which is stored with the prescription.
 */
export function AlertList({ alerts, overrides, onOverride, disabled }: {
  alerts: readonly Alert[];
  overrides: Readonly<Record<string, string>>;
  onOverride: (alertKey: string, reason: string) => void;
  disabled: boolean;
}) {
  const styles = useStyles();
  if (alerts.length === 0) return null;
  return (
    <ul className={styles.list} aria-label="Safety alerts">
      {alerts.map((alert) => (
        <li key={alert.alertKey} className={`${styles.alert} ${alert.blocking ? styles.blocking : ''}`} data-testid="safety-alert" data-severity={alert.severity} data-kind={alert.kind} data-blocking={alert.blocking}>
          <span className={styles.head}>
            {alert.blocking ? <ShieldError20Filled color={tokens.colorPaletteRedForeground1} /> : <Warning20Regular />}
            <Badge appearance="filled" color={SEVERITY_COLOR[alert.severity]}>{alert.severity}</Badge>
            <Body1><strong>{alert.title}</strong></Body1>
          </span>
          <Body1>{alert.message}</Body1>
          <Caption1><strong>What to do:</strong> {alert.management}</Caption1>
          <Caption1 className={styles.rule} data-testid="alert-rule">
            Rule {alert.ruleCode} v{alert.ruleVersion} (rule set {alert.ruleSetVersion}) · {alert.citation}
          </Caption1>
          {alert.blocking ? (
            <Field label="Reason to prescribe despite this alert" hint="Required to go ahead; stored with the prescription and audited.">
              <Input value={overrides[alert.alertKey] ?? ''} disabled={disabled} onChange={(_, data) => onOverride(alert.alertKey, data.value)} />
            </Field>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
