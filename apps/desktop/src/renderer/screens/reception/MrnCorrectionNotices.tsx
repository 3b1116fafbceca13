import { Button, Link, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, makeStyles, tokens } from '@fluentui/react-components';
import { Checkmark20Regular, Print20Regular } from '@fluentui/react-icons';
import type { MrnCorrection, MrnCorrectionReason } from '../../../shared/protocol/reception.js';
import { PrintStatus } from '../../components/PrintStatus.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { printDocuments } from './reception-model.js';
import { useReception, useReceptionModel } from './use-reception.js';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', rowGap: '8px', padding: '12px 32px 0' },
  item: { display: 'flex', flexDirection: 'column', rowGap: '6px' },
  mrn: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold, whiteSpace: 'nowrap' },
  why: { color: tokens.colorNeutralForeground3 },
});

const WHY: Readonly<Record<MrnCorrectionReason, string>> = {
  lostReply: 'The registration had reached the server before the connection dropped, so the number printed here offline was not used.',
  refusedMrn: 'The server did not accept the number printed here offline and gave the patient another.',
};

function Correction({ correction }: { correction: MrnCorrection }) {
  const styles = useStyles();
  const model = useModel();
  const reception = useReceptionModel();
  const { status } = useWorkstation();
  const { patient } = correction;
  const by = status?.session.state === 'signedOut' ? undefined : status?.session.user.displayName;
  return (
    <div className={styles.item}>
      <MessageBar intent="warning" layout="multiline" data-testid="mrn-correction" data-printed-mrn={correction.printedMrn}>
        <MessageBarBody>
          <MessageBarTitle>Replace a wristband</MessageBarTitle>
          The wristband of <Link inline onClick={() => model.navigate('patient', patient.id)}>{correction.patientName}</Link> shows{' '}
          <span className={styles.mrn}>{correction.printedMrn}</span>, but the patient's MRN is <span className={styles.mrn}>{correction.mrn}</span>.
          Print a new wristband and registration slip, and take the old ones back.{' '}
          <span className={styles.why}>{WHY[correction.reason]}</span>
        </MessageBarBody>
        <MessageBarActions>
          <Button icon={<Print20Regular />} onClick={() => void reception.print(`wristband:${patient.id}`, 'Wristband', printDocuments.wristband(patient))}>
            Reprint wristband
          </Button>
          <Button icon={<Print20Regular />} onClick={() => void reception.print(`slip:${patient.id}`, 'Registration slip', printDocuments.slip(patient, by))}>
            Reprint slip
          </Button>
          <Button icon={<Checkmark20Regular />} onClick={() => void reception.acknowledgeMrnCorrection(correction)}>Wristband replaced</Button>
        </MessageBarActions>
      </MessageBar>
      <PrintStatus keys={[`wristband:${patient.id}`, `slip:${patient.id}`]} />
    </div>
  );
}

/** On every screen until acknowledged: wristbands printed at this desk with an MRN the patient does not have. */
export function MrnCorrectionNotices() {
  const styles = useStyles();
  const { mrnCorrections } = useReception();
  if (mrnCorrections.length === 0) return null;
  return (
    <section className={styles.list} aria-label="Wristbands to replace">
      {mrnCorrections.map((correction) => <Correction key={`${correction.patientId}:${correction.printedMrn}`} correction={correction} />)}
    </section>
  );
}
