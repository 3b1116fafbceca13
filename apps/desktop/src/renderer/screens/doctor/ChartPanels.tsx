import { Badge, Body1, Caption1, makeStyles, tokens } from '@fluentui/react-components';
import { History20Regular, Pill20Regular, TextBulletListSquare20Regular } from '@fluentui/react-icons';
import { FREQUENCIES, ROUTES } from '@hms/core';
import type { Chart } from '@hms/core';
import { Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', rowGap: '8px', margin: 0, padding: 0, listStyleType: 'none' },
  item: { display: 'flex', flexDirection: 'column', rowGap: '2px', paddingBottom: '8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  line: { display: 'flex', alignItems: 'center', columnGap: '8px', flexWrap: 'wrap' },
  code: { fontFamily: tokens.fontFamilyMonospace, color: tokens.colorNeutralForeground2 },
  muted: { color: tokens.colorNeutralForeground3 },
  timeline: { display: 'flex', flexDirection: 'column', margin: 0, padding: 0, listStyleType: 'none', borderLeft: `2px solid ${tokens.colorNeutralStroke2}` },
  event: { display: 'flex', flexDirection: 'column', rowGap: '2px', padding: '0 0 12px 14px', position: 'relative' },
  dot: { position: 'absolute', left: '-6px', top: '4px', width: '10px', height: '10px', borderRadius: '50%', backgroundColor: tokens.colorBrandBackground },
});

export function ProblemsPanel({ problems }: { problems: Chart['problems'] }) {
  const styles = useStyles();
  return (
    <Panel title="Problem list" icon={<TextBulletListSquare20Regular />}>
      {problems.length === 0 ? <Body1 className={styles.muted}>No active problems.</Body1> : (
        <ul className={styles.list} aria-label="Active problems">
          {problems.map((problem) => (
            <li key={problem.id} className={styles.item}>
              <span className={styles.line}>
                <span className={styles.code}>{problem.code}</span>
                <Body1>{problem.description}</Body1>
                {problem.certainty === 'provisional' ? <Badge appearance="outline" color="warning">provisional</Badge> : null}
              </span>
              <Caption1 className={styles.muted}>Since {shortTime(problem.recordedAt)} · {problem.recordedByName}</Caption1>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

export function MedicationsPanel({ medications }: { medications: Chart['medications'] }) {
  const styles = useStyles();
  return (
    <Panel title="Current medications" icon={<Pill20Regular />}>
      {!medications.available ? <Body1 className={styles.muted}>This server does not record medications yet.</Body1> : null}
      {medications.available && medications.items.length === 0 ? <Body1 className={styles.muted}>No current medications.</Body1> : null}
      {medications.items.length === 0 ? null : (
        <ul className={styles.list} aria-label="Current medications">
          {medications.items.map((item) => (
            <li key={item.itemId} className={styles.item}>
              <Body1><strong>{item.name}</strong></Body1>
              <Caption1>{item.dose}, {ROUTES[item.route as keyof typeof ROUTES] ?? item.route}, {FREQUENCIES[item.frequency as keyof typeof FREQUENCIES]?.words ?? item.frequency}</Caption1>
              <Caption1 className={styles.muted}>
                {item.prescriptionNumber} · {item.prescribedByName} · from {shortTime(item.startedAt)}{item.endsAt === null ? '' : ` to ${shortTime(item.endsAt)}`}
              </Caption1>
            </li>
          ))}
        </ul>
      )}
    </Panel>
  );
}

export function EncountersPanel({ encounters, total }: { encounters: Chart['recentEncounters']; total: number }) {
  const styles = useStyles();
  return (
    <Panel title="Encounters" icon={<History20Regular />} actions={total > encounters.length ? <Caption1 className={styles.muted}>{encounters.length} of {total}</Caption1> : undefined}>
      {encounters.length === 0 ? <Body1 className={styles.muted}>No earlier encounters.</Body1> : (
        <ol className={styles.timeline} aria-label="Encounters timeline">
          {encounters.map((encounter) => (
            <li key={encounter.id} className={styles.event}>
              <span className={styles.dot} />
              <span className={styles.line}>
                <Body1><strong>{shortTime(encounter.startedAt)}</strong></Body1>
                <Caption1 className={styles.muted}>{encounter.department} · {encounter.doctorName}</Caption1>
                <Badge appearance="tint" color={encounter.status === 'signed' ? 'success' : 'informative'}>{encounter.status}</Badge>
              </span>
              {encounter.diagnosis === null ? null : <Caption1><span className={styles.code}>{encounter.diagnosis.code}</span> {encounter.diagnosis.description}</Caption1>}
              {encounter.complaint === null ? null : <Caption1 className={styles.muted}>{encounter.complaint}</Caption1>}
            </li>
          ))}
        </ol>
      )}
    </Panel>
  );
}
