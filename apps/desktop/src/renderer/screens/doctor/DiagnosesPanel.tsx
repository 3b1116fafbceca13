import { Badge, Body1, Radio, RadioGroup, makeStyles, tokens } from '@fluentui/react-components';
import { Tag20Regular } from '@fluentui/react-icons';
import type { Icd10Code } from '@hms/core';
import { useState } from 'react';
import { Panel } from '../../components/Page.js';
import type { Consultation, ConsultationState } from './consultation.js';
import { diagnosisLines } from './consultation-lists.js';
import { PendingBadge } from './PendingBadge.js';
import { SearchPicker } from './SearchPicker.js';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', rowGap: '6px', margin: 0, padding: 0, listStyleType: 'none' },
  line: { display: 'flex', alignItems: 'center', columnGap: '8px', flexWrap: 'wrap' },
  code: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  row: { display: 'flex', alignItems: 'flex-end', columnGap: '12px', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '240px' },
});

/** ICD-10-CM by words or code (typing "pneumonia" offers J18.9), coded in this encounter. */
export function DiagnosesPanel({ consultation, state }: { consultation: Consultation; state: ConsultationState }) {
  const styles = useStyles();
  const [certainty, setCertainty] = useState<'provisional' | 'confirmed'>('provisional');
  const diagnoses = diagnosisLines(state.view, state.names);
  const open = consultation.writable;
  return (
    <Panel title="Diagnoses" icon={<Tag20Regular />}>
      {diagnoses.length === 0 ? <Body1 className={styles.muted}>No diagnosis yet.</Body1> : (
        <ul className={styles.list} aria-label="Diagnoses">
          {diagnoses.map((diagnosis) => (
            <li key={diagnosis.key} className={styles.line}>
              <span className={styles.code}>{diagnosis.code}</span>
              <Body1>{diagnosis.description}</Body1>
              {diagnosis.rank === null ? null : <Badge appearance="tint" color={diagnosis.rank === 'primary' ? 'brand' : 'informative'}>{diagnosis.rank}</Badge>}
              <PendingBadge pending={diagnosis.pending} />
              <Badge appearance="outline" color={diagnosis.certainty === 'confirmed' ? 'success' : 'warning'}>{diagnosis.certainty}</Badge>
            </li>
          ))}
        </ul>
      )}
      {open ? (
        <div className={styles.row}>
          <div className={styles.grow}>
            <SearchPicker<Icd10Code>
              label="Add a diagnosis"
              placeholder="Words or an ICD-10 code: pneumonia, J18.9"
              search={(query) => consultation.searchDiagnoses(query)}
              toOptions={(codes) => codes.map((code) => ({ key: code.code, text: `${code.code} ${code.description}`, value: code }))}
              onPick={(code) => void consultation.addDiagnosis(code, certainty)}
            />
          </div>
          <RadioGroup layout="horizontal" value={certainty} onChange={(_, data) => setCertainty(data.value === 'confirmed' ? 'confirmed' : 'provisional')} aria-label="Certainty">
            <Radio value="provisional" label="Provisional" />
            <Radio value="confirmed" label="Confirmed" />
          </RadioGroup>
        </div>
      ) : null}
    </Panel>
  );
}
