import {
  Badge, Body1, Button, Caption1, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowLeft16Regular, Print24Regular } from '@fluentui/react-icons';
import { SPECIMEN_CONTAINERS } from '@hms/core';
import type { SpecimenContainer } from '@hms/core';
import { useCallback, useEffect, useState } from 'react';
import type { CollectOutcome, CollectionPlan, LabelOutcome } from '../../../shared/lab/views.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { useWorkstation } from '../../state/hooks.js';
import { groupsOf } from './collect-draft.js';
import { SECTION_LABELS, containerLabel } from './labels.js';
import { useLabModel } from './use-lab.js';

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  stack: { display: 'flex', flexDirection: 'column', rowGap: '12px' },
  actions: { display: 'flex', columnGap: '8px', alignItems: 'center' },
  muted: { color: tokens.colorNeutralForeground3 },
});

function LabelsSaid({ labels, onReprint }: { labels: LabelOutcome; onReprint(): void }) {
  if ('error' in labels) {
    return (
      <MessageBar intent="error" layout="multiline" data-testid="lab-labels-error">
        <MessageBarBody><MessageBarTitle>The labels did not print</MessageBarTitle>{labels.error.message} The collection is recorded; print the labels again once the printer is ready.</MessageBarBody>
        <MessageBarActions><Button onClick={onReprint}>Print the labels again</Button></MessageBarActions>
      </MessageBar>
    );
  }
  return <Caption1 data-testid="lab-labels-printed">{labels.printed.length} label{labels.printed.length === 1 ? '' : 's'} sent to {labels.printed[0]?.printer ?? 'the label printer'}.</Caption1>;
}

/**
 * Collection of one request or doctor's order: its tests still to collect, each in the
 * container it is usually drawn into (grouped: one tube per kind), which the phlebotomist may
 * change; "Collect" records it and prints a label per tube at once. Offline it is labelled with
 * this desk's own accession numbers and sent when the server is back.
 */
export function CollectScreen() {
  const styles = useStyles();
  const lab = useLabModel();
  const { routeArgs } = useWorkstation();
  const [kind, id] = routeArgs as [string | undefined, string | undefined];
  const work = kind === 'order' ? { orderId: id ?? '' } : { requestId: id ?? '' };
  const [plan, setPlan] = useState<CollectionPlan | undefined>(undefined);
  const [error, setError] = useState<HostError | undefined>(undefined);
  const [containers, setContainers] = useState<Record<string, SpecimenContainer>>({});
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<CollectOutcome | undefined>(undefined);
  const [refusal, setRefusal] = useState<HostError | undefined>(undefined);
  const [labels, setLabels] = useState<LabelOutcome | undefined>(undefined);

  const load = useCallback(async () => {
    const result = await lab.collectionPlan(work);
    if (!result.ok) return setError(result.error);
    setError(undefined);
    setPlan(result.value);
    setContainers(Object.fromEntries(result.value.groups.flatMap((group) => group.tests.map((code) => [code, group.container]))));
  }, [lab, kind, id]);
  useEffect(() => {
    setDone(undefined);
    setRefusal(undefined);
    setLabels(undefined);
    void load();
  }, [load]);

  const back = <Button style={{ alignSelf: 'flex-start' }} appearance="transparent" icon={<ArrowLeft16Regular />} onClick={() => lab.navigate('lab')}>Worklist</Button>;
  if (error !== undefined) return <Page title="Collect specimens" breadcrumb={back}><ErrorBar error={error} onRetry={() => void load()} /></Page>;
  if (plan === undefined) return <Page title="Collect specimens" breadcrumb={back}><Spinner label="Opening the request…" /></Page>;
  const { entry } = plan;
  const toCollect = entry.tests.filter((test) => test.status === 'awaiting_collection');
  const groups = groupsOf(toCollect.map((test) => test.code), containers);

  const collect = async () => {
    setBusy(true);
    setRefusal(undefined);
    const result = await lab.collect({ ...work, containers: groups });
    setBusy(false);
    if (!result.ok) return setRefusal(result.error);
    setDone(result.value);
    setLabels(result.value.labels);
  };
  const reprint = async () => {
    if (done === undefined) return;
    const result = await lab.printLabels(done.specimens.map((specimen) => specimen.barcode));
    setLabels(result.ok ? result.value : { error: result.error });
  };

  return (
    <Page
      title={`Collect: ${entry.patientName}`}
      breadcrumb={back}
      meta={(
        <span className={styles.actions}>
          <Caption1>MRN {entry.mrn}</Caption1>
          {entry.accession === null ? null : <Caption1 className={styles.mono}>{entry.accession}</Caption1>}
          <Badge appearance="filled" color={entry.priority === 'routine' ? 'informative' : entry.priority === 'urgent' ? 'warning' : 'danger'}>{entry.priority}</Badge>
          <Caption1>{entry.requestedBy} · {shortTime(entry.orderedAt)}</Caption1>
          {plan.source === 'cache' ? <Badge color="warning" appearance="tint">Offline: labelled with this desk's accession numbers</Badge> : null}
        </span>
      )}
    >
      {done !== undefined ? (
        <Panel title={done.status === 'applied' ? 'Collected' : 'Collected offline: sent when the server is back'}>
          <div className={styles.stack} data-testid="lab-collected" data-status={done.status}>
            <Table size="small" aria-label="Specimens collected">
              <TableHeader><TableRow><TableHeaderCell>Barcode</TableHeaderCell><TableHeaderCell>Container</TableHeaderCell><TableHeaderCell>Tests</TableHeaderCell></TableRow></TableHeader>
              <TableBody>
                {done.specimens.map((specimen) => (
                  <TableRow key={specimen.id} data-testid="lab-collected-specimen" data-barcode={specimen.barcode}>
                    <TableCell><span className={styles.mono}>{specimen.barcode}</span></TableCell>
                    <TableCell>{containerLabel(specimen.container)}</TableCell>
                    <TableCell>{specimen.tests.join(', ')}</TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            {labels === undefined ? null : <LabelsSaid labels={labels} onReprint={() => void reprint()} />}
            <span className={styles.actions}>
              <Button icon={<Print24Regular />} onClick={() => void reprint()} data-testid="lab-reprint">Print the labels again</Button>
              <Button appearance="primary" onClick={() => lab.navigate('lab')}>Back to the worklist</Button>
            </span>
          </div>
        </Panel>
      ) : toCollect.length === 0 ? (
        <Body1 className={styles.muted}>Every test of this request has its specimen.</Body1>
      ) : (
        <Panel title="Tests to collect">
          <div className={styles.stack}>
            <Table size="small" aria-label="Tests to collect">
              <TableHeader><TableRow><TableHeaderCell>Test</TableHeaderCell><TableHeaderCell>Section</TableHeaderCell><TableHeaderCell style={{ width: '260px' }}>Container</TableHeaderCell></TableRow></TableHeader>
              <TableBody>
                {toCollect.map((test) => (
                  <TableRow key={test.code} data-testid="lab-collect-test" data-code={test.code}>
                    <TableCell><b>{test.code}</b> {test.name}</TableCell>
                    <TableCell>{SECTION_LABELS[test.section]}</TableCell>
                    <TableCell>
                      <Select aria-label={`Container for ${test.code}`} value={containers[test.code]} onChange={(_, data) => setContainers((current) => ({ ...current, [test.code]: data.value as SpecimenContainer }))}>
                        {SPECIMEN_CONTAINERS.map((container) => <option key={container} value={container}>{containerLabel(container)}</option>)}
                      </Select>
                    </TableCell>
                  </TableRow>
                ))}
              </TableBody>
            </Table>
            <Caption1 className={styles.muted}>
              {groups.length} tube{groups.length === 1 ? '' : 's'}: {groups.map((group) => `${containerLabel(group.container)} (${group.tests.join(', ')})`).join(' · ')}
            </Caption1>
            {refusal === undefined ? null : <ErrorBar error={refusal} what="Not collected" />}
            <span className={styles.actions}>
              <Button appearance="primary" icon={<Print24Regular />} disabled={busy || groups.length === 0} onClick={() => void collect()} data-testid="lab-collect">
                {busy ? 'Collecting…' : `Collect and print ${groups.length} label${groups.length === 1 ? '' : 's'}`}
              </Button>
            </span>
          </div>
        </Panel>
      )}
    </Page>
  );
}
