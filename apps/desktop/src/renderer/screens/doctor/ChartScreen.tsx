import { Link, Spinner, makeStyles } from '@fluentui/react-components';
import { ArrowLeft16Regular } from '@fluentui/react-icons';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page } from '../../components/Page.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { EncountersPanel, MedicationsPanel, ProblemsPanel } from './ChartPanels.js';
import { LabResultsPanel } from './LabResultsPanel.js';
import { KeptCopyNotice, PatientBanner } from './PatientBanner.js';
import { keptCopyAsOf } from './chart-feed.js';
import { useChart } from './use-doctor.js';
import { VitalsPanel } from './VitalsPanel.js';

const useStyles = makeStyles({
  grid: { display: 'grid', gridTemplateColumns: 'repeat(2, minmax(0, 1fr))', gap: '16px', alignItems: 'start' },
  wide: { gridColumn: '1 / -1' },
  back: { display: 'inline-flex', alignItems: 'center', columnGap: '4px', width: 'fit-content' },
});

/** The patient's chart: banner, vitals with trends, problems, medications, encounters and results (`#/chart/<patientId>`). */
export function ChartScreen() {
  const styles = useStyles();
  const model = useModel();
  const { routeArgs, status } = useWorkstation();
  const patientId = routeArgs[0];
  const state = useChart(patientId);
  const chart = state?.view?.chart;
  const keptAsOf = keptCopyAsOf(state?.view, status?.connection.state);
  return (
    <Page
      title={chart === undefined ? 'Chart' : `Chart: ${chart.patient.name}`}
      breadcrumb={<Link className={styles.back} onClick={() => window.history.length > 1 ? window.history.back() : model.navigate('doctor')}><ArrowLeft16Regular /> Back</Link>}
    >
      <PatientBanner chart={chart} loading={state?.loading ?? true} />
      {keptAsOf === undefined ? null : <KeptCopyNotice asOf={keptAsOf} />}
      {state?.error !== undefined ? <ErrorBar error={state.error} what="Chart not read" /> : null}
      {chart === undefined ? (state?.error === undefined ? <Spinner size="small" label="Reading the chart…" /> : null) : (
        <div className={styles.grid}>
          <div className={styles.wide}><VitalsPanel latest={chart.latestVitals} history={state?.vitals ?? []} /></div>
          <ProblemsPanel problems={chart.problems} />
          <MedicationsPanel medications={chart.medications} />
          <EncountersPanel encounters={chart.recentEncounters} total={chart.encounterCount} />
          <div className={styles.wide}><LabResultsPanel patientId={chart.patient.id} results={chart.results} online={status?.connection.state === 'connected'} /></div>
        </div>
      )}
    </Page>
  );
}
