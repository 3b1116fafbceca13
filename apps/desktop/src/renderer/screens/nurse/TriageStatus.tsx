import { Caption1, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { CloudOff16Regular, Circle12Filled } from '@fluentui/react-icons';
import { shortTime } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import { useNurse } from './use-nurse.js';

const useStyles = makeStyles({
  root: { display: 'inline-flex', alignItems: 'center', columnGap: '6px', padding: '4px 10px', borderRadius: tokens.borderRadiusCircular },
  live: { color: tokens.colorPaletteGreenForeground1, backgroundColor: tokens.colorPaletteGreenBackground1 },
  offline: { color: tokens.colorPaletteDarkOrangeForeground1, backgroundColor: tokens.colorPaletteDarkOrangeBackground1, fontWeight: tokens.fontWeightSemibold },
});

/**
 * Whether what the desk shows is live, and, when the server is away, since when it is as kept
 * and how many of this desk's changes wait to be sent.
 */
export function TriageStatus() {
  const styles = useStyles();
  const { status } = useWorkstation();
  const { list, pending } = useNurse();
  const online = status?.connection.state === 'connected';
  const queued = pending.filter((write) => write.state === 'queued').length;
  const asOf = list?.departments.map((department) => department.asOf).filter((at): at is string => at !== null).sort()[0];
  if (online && (list === undefined || list.live)) {
    return (
      <span className={mergeClasses(styles.root, styles.live)} data-testid="triage-live" data-live="true">
        <Circle12Filled /><Caption1>Live{queued > 0 ? ` · sending ${queued} change${queued === 1 ? '' : 's'}` : ''}</Caption1>
      </span>
    );
  }
  return (
    <span className={mergeClasses(styles.root, styles.offline)} data-testid="triage-live" data-live="false" role="status">
      <CloudOff16Regular />
      <Caption1>
        Offline · the queue as of {asOf === undefined ? 'unknown' : shortTime(asOf)} · {queued === 0 ? 'nothing waiting to send' : `${queued} change${queued === 1 ? '' : 's'} waiting to send`}
      </Caption1>
    </span>
  );
}
