import { Body1, Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { useState } from 'react';
import type { DispenseResult } from '../../../shared/pharmacy/views.js';
import type { HostError } from '../../../shared/result.js';
import { Panel } from '../../components/Page.js';
import { longDate } from '../../components/format.js';
import type { DispenseRecord, LineCheck } from './pharmacy-model.js';
import { usePharmacyModel } from './use-pharmacy.js';

// What the dispense screen says around the form: a line's check, the server's refusal, and the
// dispense made (what went out, what is still owed, the labels printed or why not).

const useStyles = makeStyles({
  mono: { fontFamily: tokens.fontFamilyMonospace },
  stack: { display: 'flex', flexDirection: 'column', rowGap: '8px' },
});

export function LineNote({ check }: { check: LineCheck }) {
  return <MessageBar intent={check.intent} layout="multiline" data-testid="line-check" data-intent={check.intent}><MessageBarBody>{check.message}</MessageBarBody></MessageBar>;
}

/** The server's refusal of a dispense, in the pharmacist's words: what was refused and what to do. */
export function Refusal({ error }: { error: HostError }) {
  const reason = typeof error.details?.['reason'] === 'string' ? error.details['reason'] : undefined;
  const advice: Partial<Record<string, string>> = {
    batch_expired: 'Hand out FEFO\'s batch instead, and take the expired packs off the shelf.',
    batch_recalled: 'Hand out another batch, and set the recalled packs aside.',
    reason_required: 'Say why this batch and not FEFO\'s, in the reason box.',
    insufficient_stock: 'Dispense what there is now: the rest stays on the worklist.',
    exceeds_prescribed: 'Another desk may have dispensed part of it: the screen shows what is still owed.',
    prescription_cancelled: 'Do not dispense it; ask the prescriber.',
  };
  return (
    <MessageBar intent="error" layout="multiline" data-testid="dispense-error" data-code={error.code} data-reason={reason}>
      <MessageBarBody>
        <MessageBarTitle>Not dispensed</MessageBarTitle>
        {error.message}{reason !== undefined && advice[reason] !== undefined ? ` ${advice[reason]}` : ''}
      </MessageBarBody>
    </MessageBar>
  );
}

const WARNINGS: Record<DispenseResult['warnings'][number]['code'], string> = {
  stock_short: 'the books held fewer units than were handed out: the difference is a stock discrepancy to resolve',
  batch_expired: 'the batch taken had expired by the day it was dispensed',
  batch_recalled: 'the batch taken has been recalled',
  not_fefo: 'another batch than FEFO\'s was taken',
  exceeds_prescribed: 'more was handed out than was still owed',
  prescription_cancelled: 'the prescriber had cancelled the prescription',
};

export function DispenseDone({ record, prescriptionId }: { record: DispenseRecord; prescriptionId: string }) {
  const styles = useStyles();
  const pharmacy = usePharmacyModel();
  const { outcome, handedOut } = record;
  const [labels, setLabels] = useState(outcome.labels);
  const [printing, setPrinting] = useState(false);
  const printAgain = async (dispensationId: string) => {
    setPrinting(true);
    const result = await pharmacy.printLabels(prescriptionId, dispensationId);
    setPrinting(false);
    const now = result.ok ? result.value : { error: result.error };
    setLabels(now);
    pharmacy.keepDispense(prescriptionId, { ...record, outcome: { ...outcome, labels: now } });
  };
  const labelLine = 'error' in labels ? (
    <MessageBar intent="warning" layout="multiline" data-testid="labels-not-printed">
      <MessageBarBody><MessageBarTitle>Labels not printed</MessageBarTitle>{labels.error.message}</MessageBarBody>
      {outcome.status === 'applied' ? (
        <MessageBarActions><Button disabled={printing} onClick={() => void printAgain(outcome.result.dispensation.id)}>{printing ? 'Printing…' : 'Print the labels again'}</Button></MessageBarActions>
      ) : null}
    </MessageBar>
  ) : <Body1 data-testid="labels-printed">{labels.printed.length} label{labels.printed.length === 1 ? '' : 's'} printed{labels.printed[0] === undefined ? '' : ` on ${labels.printed[0].printer}`}.</Body1>;
  if (outcome.status === 'queued') {
    return (
      <Panel title="Dispensed offline">
        <div data-testid="dispense-done" className={styles.stack}>
          {handedOut.map((text) => <Body1 key={text} data-testid="dispensed-line">{text}</Body1>)}
          <Body1>Queued: it is sent when the server is back, with the batch each line took.</Body1>
          {labelLine}
        </div>
      </Panel>
    );
  }
  const { dispensation, prescription, warnings } = outcome.result;
  return (
    <Panel title="Dispensed">
      <div data-testid="dispense-done" className={styles.stack}>
        {dispensation.lines.map((line) => {
          const item = prescription.items.find((candidate) => candidate.id === line.prescriptionItemId);
          // A generic substitution names what was handed out and what it stands for.
          const given = line.substitution === null ? undefined : item?.substitutions.find((substitute) => substitute.itemId === line.itemId);
          const name = given === undefined ? item?.name ?? 'item' : `${given.name} for ${item?.name ?? 'the prescribed item'}`;
          return <Body1 key={line.id} data-testid="dispensed-line">{line.quantity} × {name} from batch <span className={styles.mono}>{line.batchNumber}</span> (exp {longDate(line.expiry)}){line.chosenBy === 'fefo' ? '' : ` · ${line.reason ?? ''}`}{line.substitution === null ? '' : ` · substituted: ${line.substitution.reason}`}</Body1>;
        })}
        <Body1 data-testid="dispense-status">{prescription.status === 'complete' ? 'The prescription is fully dispensed.' : `Still to dispense: ${prescription.items.filter((item) => item.outstanding > 0).map((item) => `${item.outstanding} ${item.name}`).join(', ')}.`}</Body1>
        {warnings.length === 0 ? null : (
          <MessageBar intent="warning" layout="multiline"><MessageBarBody>Recorded, but {[...new Set(warnings.map((warning) => WARNINGS[warning.code]))].join('; ')}.</MessageBarBody></MessageBar>
        )}
        {labelLine}
      </div>
    </Panel>
  );
}
