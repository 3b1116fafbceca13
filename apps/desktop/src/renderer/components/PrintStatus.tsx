import { Body1, Button, Caption1, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { CheckmarkCircle16Filled, Dismiss12Regular } from '@fluentui/react-icons';
import { useModel, usePrintJobs } from '../state/hooks.js';
import { ErrorBar } from './ErrorBar.js';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', rowGap: '6px' },
  line: { display: 'flex', alignItems: 'center', columnGap: '8px', color: tokens.colorNeutralForeground2 },
  done: { color: tokens.colorPaletteGreenForeground1, display: 'inline-flex' },
  grow: { flexGrow: 1, minWidth: 0, overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
});

/** How the printouts under these keys went: printing, where they went, or why not with "Try again". */
export function PrintStatus({ keys }: { keys: readonly string[] }) {
  const styles = useStyles();
  const model = useModel();
  const prints = usePrintJobs();
  const jobs = keys.map((key) => prints[key]).filter((job) => job !== undefined);
  if (jobs.length === 0) return null;
  return (
    <div className={styles.list} data-testid="print-status">
      {jobs.map((job) => {
        switch (job.state) {
          case 'printing':
            return (
              <div key={job.key} className={styles.line}>
                <Spinner size="extra-tiny" />
                <Body1>Printing the {job.label.toLowerCase()}…</Body1>
              </div>
            );
          case 'done':
            return (
              <div key={job.key} className={styles.line} data-testid="print-done" data-kind={job.document.kind}>
                <span className={styles.done}><CheckmarkCircle16Filled /></span>
                <Caption1 className={styles.grow}>
                  {job.outcome?.file === undefined ? `${job.label} sent to ${job.outcome?.printer ?? 'the printer'}` : `${job.label} saved as ${job.outcome.file}`}
                </Caption1>
                <Button size="small" appearance="transparent" icon={<Dismiss12Regular />} aria-label="Dismiss" onClick={() => model.prints.dismiss(job.key)} />
              </div>
            );
          case 'failed':
            return job.error === undefined ? null : (
              <ErrorBar key={job.key} error={job.error} what={`${job.label} not printed`} onRetry={() => model.prints.retry(job.key)} />
            );
        }
      })}
    </div>
  );
}
