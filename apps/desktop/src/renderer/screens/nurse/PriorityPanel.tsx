import { Button, Caption1, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import { Flag20Regular } from '@fluentui/react-icons';
import { QUEUE_PRIORITIES } from '@hms/core';
import type { QueuePriority } from '@hms/core';
import { useState } from 'react';
import type { TriageEntry } from '../../../shared/nurse/triage.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Panel } from '../../components/Page.js';
import { useModel } from '../../state/hooks.js';
import { PRIORITY_LABELS } from './triage-labels.js';
import { useNurseModel } from './use-nurse.js';

const useStyles = makeStyles({
  row: { display: 'flex', alignItems: 'center', columnGap: '16px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

const HINTS: Readonly<Record<QueuePriority, string>> = {
  emergency: 'seen before everyone',
  urgent: 'before those of normal priority',
  normal: 'in order of arrival',
};

/** The triage priority the queue calls by (emergency > urgent > normal): arrows choose, Enter sets. */
export function PriorityPanel({ entry, onSaved }: { entry: TriageEntry; onSaved: () => void }) {
  const styles = useStyles();
  const model = useModel();
  const nurse = useNurseModel();
  const current = entry.pendingPriority ?? entry.priority;
  const [priority, setPriority] = useState<QueuePriority>(current);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<HostError | undefined>();

  const save = async () => {
    setSaving(true);
    setError(undefined);
    const result = await nurse.setPriority({ visitId: entry.visitId, priority });
    setSaving(false);
    if (!result.ok) {
      setError(result.error);
      return;
    }
    model.notify(result.value.status === 'applied'
      ? { intent: 'success', title: 'Priority set', message: `${entry.token} is ${PRIORITY_LABELS[priority].toLowerCase()} in the queue.` }
      : { intent: 'warning', title: 'Priority queued', message: 'The server cannot be reached: the queue takes it as soon as it is back.' });
    onSaved();
  };

  return (
    <Panel title="Triage priority" icon={<Flag20Regular />}>
      <form
        aria-label="Triage priority"
        className={styles.row}
        onSubmit={(event) => {
          event.preventDefault();
          void save();
        }}
      >
        <RadioGroup layout="horizontal" value={priority} onChange={(_, data) => setPriority(data.value as QueuePriority)} aria-label="Priority">
          {QUEUE_PRIORITIES.map((value) => <Radio key={value} value={value} label={`${PRIORITY_LABELS[value]} · ${HINTS[value]}`} />)}
        </RadioGroup>
        <Button type="submit" appearance="primary" disabled={saving || priority === current}>Set priority</Button>
        {entry.pendingPriority === null ? null : <Caption1 className={styles.muted}>{PRIORITY_LABELS[entry.pendingPriority]} is queued, not sent yet.</Caption1>}
      </form>
      {error === undefined ? null : <ErrorBar error={error} what="Priority not set" onRetry={() => void save()} />}
    </Panel>
  );
}
