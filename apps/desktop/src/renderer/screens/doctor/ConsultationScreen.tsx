import {
  Badge, Body1, Caption1, Link, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Toolbar, ToolbarButton, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowLeft16Regular, CheckmarkCircle20Regular, DocumentSignature20Regular, FolderOpen20Regular } from '@fluentui/react-icons';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { DiagnosesPanel } from './DiagnosesPanel.js';
import { NotesPanel } from './NotesPanel.js';
import { OrdersPanel } from './OrdersPanel.js';
import { PatientBanner } from './PatientBanner.js';
import { PrescriptionPanel } from './PrescriptionPanel.js';
import { useChart, useConsultation } from './use-doctor.js';
import { LatestVitalsTiles } from './VitalsPanel.js';

const useStyles = makeStyles({
  toolbar: {
    backgroundColor: tokens.colorNeutralBackground1,
    border: `1px solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    padding: '2px 4px',
    flexWrap: 'wrap',
    columnGap: '4px',
  },
  grid: { display: 'grid', gridTemplateColumns: 'minmax(0, 5fr) minmax(0, 6fr)', gap: '16px', alignItems: 'start' },
  column: { display: 'flex', flexDirection: 'column', rowGap: '16px', minWidth: 0 },
  back: { display: 'inline-flex', alignItems: 'center', columnGap: '4px', width: 'fit-content' },
  meta: { display: 'flex', columnGap: '8px', alignItems: 'center', marginTop: '4px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  queued: { margin: 0, paddingLeft: '18px' },
});

/** A consultation (`#/consult/<visitId>`): the note, diagnoses, orders and prescription, then sign and complete. */
export function ConsultationScreen() {
  const styles = useStyles();
  const model = useModel();
  const { routeArgs, status } = useWorkstation();
  const visitId = routeArgs[0] ?? '';
  const { consultation, state } = useConsultation(visitId);
  const chartState = useChart(state.visit?.patientId);
  const chart = chartState?.chart;
  const offline = status?.connection.state === 'offline';
  const encounter = state.encounter;
  const signed = encounter?.status === 'signed';

  const finish = async () => {
    if (await consultation.complete()) {
      model.notify({ intent: 'success', title: 'Visit completed', message: `${state.visit?.patient.name ?? 'The patient'}'s visit is complete.` });
      model.navigate('doctor');
    }
  };

  return (
    <Page
      title={state.visit === undefined ? 'Consultation' : `Consultation: ${state.visit.patient.name}`}
      breadcrumb={<Link className={styles.back} onClick={() => model.navigate('doctor')}><ArrowLeft16Regular /> My patients</Link>}
      meta={state.visit === undefined ? undefined : (
        <div className={styles.meta}>
          <Badge appearance="outline">{state.visit.token}</Badge>
          <Caption1 className={styles.muted}>{state.visit.departmentName}{state.visit.complaint === null ? '' : ` · “${state.visit.complaint}”`}</Caption1>
          {encounter === undefined ? null : <Badge appearance="tint" color={signed ? 'success' : 'informative'} data-testid="encounter-status">{signed ? 'Signed' : 'Open'}</Badge>}
          {state.completed ? <Badge appearance="filled" color="success">Visit completed</Badge> : null}
        </div>
      )}
    >
      <PatientBanner chart={chart} loading={chartState?.loading ?? true} />
      {offline ? (
        <MessageBar intent="warning" data-testid="doctor-offline">
          <MessageBarBody>
            <MessageBarTitle>Working offline</MessageBarTitle>
            What you write is kept on this workstation and sent, in order, when the server is back.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {state.queued.length === 0 ? null : (
        <MessageBar intent="info" data-testid="doctor-queued">
          <MessageBarBody>
            <MessageBarTitle>Waiting to be sent</MessageBarTitle>
            <ul className={styles.queued}>{state.queued.map((what, index) => <li key={`${index}-${what}`}>{what}</li>)}</ul>
          </MessageBarBody>
        </MessageBar>
      )}
      {state.openError === undefined ? null : <ErrorBar error={state.openError} what="The consultation could not be opened" onRetry={() => void consultation.refresh()} />}
      {state.actionError === undefined ? null : <ErrorBar error={state.actionError.error} what={`${state.actionError.what} failed`} />}
      {encounter === undefined && state.openError === undefined ? <Spinner size="small" label="Opening the consultation…" /> : null}
      {encounter === undefined ? null : (
        <>
          <Toolbar className={styles.toolbar} aria-label="Consultation actions">
            <ToolbarButton icon={<FolderOpen20Regular />} onClick={() => model.navigate('chart', encounter.patientId)}>Full chart</ToolbarButton>
            <ToolbarButton icon={<DocumentSignature20Regular />} disabled={signed || state.signing} onClick={() => void consultation.sign()}>
              {state.signing ? 'Signing…' : signed ? 'Signed' : 'Sign note'}
            </ToolbarButton>
            <ToolbarButton icon={<CheckmarkCircle20Regular />} disabled={!signed || state.completed} onClick={() => void finish()}>Complete visit</ToolbarButton>
          </Toolbar>
          <div className={styles.grid}>
            <div className={styles.column}>
              <NotesPanel consultation={consultation} state={state} />
            </div>
            <div className={styles.column}>
              <Panel title="Latest vitals">
                {chart === undefined ? <Spinner size="tiny" /> : <LatestVitalsTiles latest={chart.latestVitals} />}
              </Panel>
              <DiagnosesPanel consultation={consultation} state={state} />
              <OrdersPanel consultation={consultation} state={state} />
              <PrescriptionPanel consultation={consultation} state={state} />
            </div>
          </div>
          {signed ? <Body1 className={styles.muted}>The note is signed: later words are addenda.</Body1> : null}
        </>
      )}
    </Page>
  );
}
