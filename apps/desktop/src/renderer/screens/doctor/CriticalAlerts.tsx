import {
  Badge, Button, Checkbox, Dialog, DialogActions, DialogBody, DialogContent, DialogSurface, DialogTitle, Field, Input, Link, MessageBar, MessageBarActions,
  MessageBarBody, MessageBarTitle, Radio, RadioGroup, makeStyles, tokens,
} from '@fluentui/react-components';
import { CheckmarkCircle20Regular, Warning20Filled } from '@fluentui/react-icons';
import type { LabCriticalAlert } from '@hms/core';
import { useState, useSyncExternalStore } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { shortTime } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import { useDoctorModel } from './use-doctor.js';

const useStyles = makeStyles({
  root: { padding: '12px 32px 0' },
  bar: { borderLeft: `6px solid ${tokens.colorStatusDangerBorderActive}` },
  value: { fontSize: tokens.fontSizeBase500, fontWeight: tokens.fontWeightBold, color: tokens.colorStatusDangerForeground1, whiteSpace: 'nowrap' },
  mrn: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap' },
  line: { display: 'flex', alignItems: 'center', columnGap: '10px', flexWrap: 'wrap' },
  form: { display: 'flex', flexDirection: 'column', rowGap: '12px' },
  readBack: { padding: '8px 12px', backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium },
});

const FLAG_WORDS: Readonly<Record<LabCriticalAlert['flag'], string>> = {
  LL: 'critically low', HH: 'critically high', L: 'low', H: 'high', A: 'abnormal',
};

/** The value as it is read back: "GLU 1.8 mmol/L, critically low". */
export function readBackText(alert: LabCriticalAlert): string {
  return `${alert.analyte} ${alert.value}${alert.unit === null ? '' : ` ${alert.unit}`}, ${FLAG_WORDS[alert.flag]}`;
}

/** Today's (local) clock time "HH:MM" as an instant, or undefined when it is not a time. */
function instantOfClock(clock: string, now = new Date()): string | undefined {
  const match = /^(\d{2}):(\d{2})$/.exec(clock);
  if (match === null) return undefined;
  const at = new Date(now);
  at.setHours(Number(match[1]), Number(match[2]), 0, 0);
  return at.toISOString();
}

function clockOf(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

function AcknowledgeDialog({ alert, onClose }: { alert: LabCriticalAlert; onClose: () => void }) {
  const styles = useStyles();
  const doctor = useDoctorModel();
  const { status } = useWorkstation();
  const me = status?.session.state === 'signedOut' ? undefined : status?.session.user.displayName;
  const [who, setWho] = useState<'me' | 'other'>('me');
  const [name, setName] = useState('');
  const [opened] = useState(() => clockOf(new Date()));
  const [clock, setClock] = useState(opened);
  const [readBack, setReadBack] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<HostError | undefined>();
  const toldName = who === 'me' ? undefined : name.trim();
  const ready = readBack && (who === 'me' || toldName !== '') && instantOfClock(clock) !== undefined;

  const submit = async () => {
    setBusy(true);
    // Left at the time the dialog opened: the host stamps the moment of acknowledging.
    const toldAt = clock === opened ? undefined : instantOfClock(clock);
    const result = await doctor.criticalAlerts.acknowledge(alert.id, { ...(toldName === undefined ? {} : { toldName }), ...(toldAt === undefined ? {} : { toldAt }) });
    setBusy(false);
    if (result.ok) onClose();
    else setError(result.error);
  };

  return (
    <Dialog open modalType="alert" onOpenChange={(_event, data) => { if (!data.open) onClose(); }}>
      <DialogSurface aria-label="Acknowledge the critical value">
        <DialogBody>
          <DialogTitle>Acknowledge the critical value</DialogTitle>
          <DialogContent className={styles.form}>
            <div className={styles.readBack} data-testid="read-back">
              <strong>{alert.patientName}</strong> <span className={styles.mrn}>{alert.mrn}</span>: <strong>{readBackText(alert)}</strong>
            </div>
            <Field label="Who was told">
              <RadioGroup value={who} onChange={(_event, data) => setWho(data.value === 'other' ? 'other' : 'me')}>
                <Radio value="me" label={`I was (${me ?? 'the signed-in doctor'})`} />
                <Radio value="other" label="Someone else, by name" />
              </RadioGroup>
            </Field>
            {who === 'other' ? (
              <Field label="Name of the person told" required>
                <Input value={name} maxLength={120} onChange={(_event, data) => setName(data.value)} autoFocus />
              </Field>
            ) : null}
            <Field label="Told at" hint="Today, this workstation's clock" validationMessage={instantOfClock(clock) === undefined ? 'Enter a time as HH:MM' : undefined}>
              <Input type="time" value={clock} onChange={(_event, data) => setClock(data.value)} />
            </Field>
            <Checkbox
              checked={readBack}
              onChange={(_event, data) => setReadBack(data.checked === true)}
              label={`The value was read back: ${readBackText(alert)}`}
            />
            {error === undefined ? null : <ErrorBar error={error} what="Not acknowledged" />}
          </DialogContent>
          <DialogActions>
            <Button appearance="primary" icon={<CheckmarkCircle20Regular />} disabled={!ready || busy} onClick={() => void submit()}>Acknowledge</Button>
            <Button onClick={onClose}>Cancel</Button>
          </DialogActions>
        </DialogBody>
      </DialogSurface>
    </Dialog>
  );
}

/**
 * Above every screen of the doctor desk until acknowledged: the oldest critical value waiting,
 * and how many more wait behind it. An alert acknowledged elsewhere disappears (the host says so).
 */
export function CriticalAlerts() {
  const styles = useStyles();
  const doctor = useDoctorModel();
  const { alerts, live } = useSyncExternalStore(doctor.criticalAlerts.subscribe, doctor.criticalAlerts.getSnapshot);
  const [acknowledging, setAcknowledging] = useState<string | undefined>();
  const alert = alerts[0];
  if (alert === undefined) return null;
  const open = alerts.find((item) => item.id === acknowledging);
  return (
    <section className={styles.root} aria-label="Critical lab values" aria-live="assertive">
      <MessageBar intent="error" layout="multiline" className={styles.bar} icon={<Warning20Filled />} data-testid="critical-alert" data-alert-id={alert.id}>
        <MessageBarBody>
          <MessageBarTitle>
            Critical value{alerts.length > 1 ? ` (1 of ${alerts.length})` : ''}
          </MessageBarTitle>
          <span className={styles.line}>
            <Link inline onClick={() => doctor.deps.navigate('chart', alert.patientId)}>{alert.patientName}</Link>
            <span className={styles.mrn}>{alert.mrn}</span>
            <span className={styles.value}>{alert.analyte} {alert.value}{alert.unit === null ? '' : ` ${alert.unit}`}</span>
            <Badge appearance="filled" color="danger">{alert.flag} {FLAG_WORDS[alert.flag]}</Badge>
            <span>at {shortTime(alert.raisedAt)}</span>
            {alert.escalatedAt === null ? null : <Badge appearance="tint" color="warning">escalated {shortTime(alert.escalatedAt)}</Badge>}
            {live ? null : <Badge appearance="outline" color="informative">offline: acknowledge when the server is back, or phone the lab</Badge>}
          </span>
        </MessageBarBody>
        <MessageBarActions>
          <Button appearance="primary" disabled={!live} onClick={() => setAcknowledging(alert.id)}>Acknowledge…</Button>
        </MessageBarActions>
      </MessageBar>
      {open === undefined ? null : <AcknowledgeDialog alert={open} onClose={() => setAcknowledging(undefined)} />}
    </section>
  );
}
