import { Badge, Body1, Caption1, MessageBar, MessageBarBody, Skeleton, SkeletonItem, Subtitle1, makeStyles, tokens } from '@fluentui/react-components';
import { Warning16Filled } from '@fluentui/react-icons';
import { SEX_LABELS, ageLabel } from '../../../shared/patient-records.js';
import type { Chart } from '@hms/core';
import { localToday, shortTime } from '../../components/format.js';

const useStyles = makeStyles({
  banner: {
    display: 'flex',
    flexWrap: 'wrap',
    alignItems: 'center',
    columnGap: '20px',
    rowGap: '8px',
    padding: '12px 16px',
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderLeft: `4px solid ${tokens.colorBrandStroke1}`,
    boxShadow: tokens.shadow2,
  },
  who: { display: 'flex', flexDirection: 'column', rowGap: '2px', minWidth: '200px' },
  ids: { display: 'flex', columnGap: '12px', color: tokens.colorNeutralForeground2 },
  mrn: { fontFamily: tokens.fontFamilyMonospace },
  allergies: { display: 'flex', alignItems: 'center', flexWrap: 'wrap', columnGap: '6px', rowGap: '4px', flexGrow: 1 },
  label: { color: tokens.colorNeutralForeground3 },
  allergyAlert: { borderLeftColor: tokens.colorPaletteRedBorder2 },
});

/** Every screen about one patient starts with this: who they are, and what they must not be given. Never blank. */
export function PatientBanner({ chart, loading = false }: { chart: Chart | undefined; loading?: boolean }) {
  const styles = useStyles();
  if (chart === undefined) {
    return (
      <div className={styles.banner} aria-label="Patient banner" aria-busy={loading}>
        <Skeleton style={{ width: '420px' }}><SkeletonItem size={24} /></Skeleton>
      </div>
    );
  }
  const { patient, allergies } = chart;
  const age = ageLabel(patient.birthDate, patient.birthDateEstimated, localToday());
  const active = allergies.items.filter((item) => item.status === 'active');
  return (
    <section className={`${styles.banner} ${allergies.status === 'allergies' ? styles.allergyAlert : ''}`} aria-label="Patient banner" data-testid="patient-banner">
      <div className={styles.who}>
        <Subtitle1 as="h2" style={{ margin: 0 }} data-testid="banner-name">{patient.name}</Subtitle1>
        <div className={styles.ids}>
          <Body1 className={styles.mrn} data-testid="banner-mrn">{patient.mrn}</Body1>
          <Body1 data-testid="banner-age-sex">{age === '' ? 'Age unknown' : age} · {SEX_LABELS[patient.sex]}</Body1>
        </div>
      </div>
      <div className={styles.allergies} data-testid="banner-allergies" data-status={allergies.status}>
        <Caption1 className={styles.label}>Allergies</Caption1>
        {allergies.status === 'allergies' ? active.map((allergy) => (
          <Badge key={allergy.id} appearance="filled" color="danger" icon={<Warning16Filled />} size="large">
            {allergy.substance.text} ({allergy.severity}{allergy.reaction === null ? '' : `: ${allergy.reaction}`})
          </Badge>
        )) : null}
        {allergies.status === 'none_known' ? <Badge appearance="tint" color="success" size="large">No known allergies</Badge> : null}
        {allergies.status === 'not_recorded' ? <Badge appearance="tint" color="warning" size="large" icon={<Warning16Filled />}>Allergies not recorded</Badge> : null}
      </div>
    </section>
  );
}

/** The chart shown is the copy this workstation kept: say how old it is. */
export function KeptCopyNotice({ asOf }: { asOf: string }) {
  return (
    <MessageBar intent="warning" data-testid="chart-kept-copy">
      <MessageBarBody>The chart as this workstation kept it at {shortTime(asOf)}: the server cannot be reached, so changes made at other desks since then are not shown.</MessageBarBody>
    </MessageBar>
  );
}
