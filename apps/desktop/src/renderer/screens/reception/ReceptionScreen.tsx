import { makeStyles } from '@fluentui/react-components';
import { PersonSearch20Regular } from '@fluentui/react-icons';
import { receptionPermissions } from '../../../shared/reception/desk-permissions.js';
import { Page, Panel } from '../../components/Page.js';
import { DISPLAY_LOCALE } from '../../components/format.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { AnnouncementsPanel } from './AnnouncementsPanel.js';
import { DeskCheckInsPanel } from './DeskCheckInsPanel.js';
import { PatientSearch } from './PatientSearch.js';
import { useReception } from './use-reception.js';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 1fr) 320px', gap: '16px', alignItems: 'start' },
  side: { display: 'flex', flexDirection: 'column', rowGap: '16px', minWidth: 0 },
});

/** The desk's home: find a patient (or scan one), today's check-ins here, announcements. */
export function ReceptionScreen() {
  const styles = useStyles();
  const model = useModel();
  const { status } = useWorkstation();
  const { overview } = useReception();
  // The hospital's day (its time zone), once known; this computer's until then.
  const serviceDate = overview?.hospital?.serviceDate;
  const day = serviceDate === undefined ? new Date() : new Date(`${serviceDate}T12:00:00Z`);
  const today = day.toLocaleDateString(DISPLAY_LOCALE, { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', ...(serviceDate === undefined ? {} : { timeZone: 'UTC' }) });
  const mayRegister = receptionPermissions(status?.session.state === 'signedOut' ? [] : (status?.session.user.roles ?? [])).register;
  return (
    <Page title="Reception" subtitle={today}>
      <div className={styles.grid}>
        <Panel title="Find a patient" icon={<PersonSearch20Regular />}>
          <PatientSearch {...(mayRegister ? { onRegister: (typed: string) => model.navigate('register', ...(typed === '' ? [] : [typed])) } : {})} />
        </Panel>
        <div className={styles.side}>
          <DeskCheckInsPanel />
          <AnnouncementsPanel />
        </div>
      </div>
    </Page>
  );
}
