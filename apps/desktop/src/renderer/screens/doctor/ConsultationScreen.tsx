import {
  Badge, Body1, Caption1, Link, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Toolbar, ToolbarButton, makeStyles, tokens,
} from '@fluentui/react-components';
import { ArrowLeft16Regular, CheckmarkCircle20Regular, DocumentSignature20Regular, FolderOpen20Regular, Print20Regular } from '@fluentui/react-icons';
import { useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { PrintStatus } from '../../components/PrintStatus.js';
import { shortTime } from '../../components/format.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { keptCopyAsOf } from './chart-feed.js';
import { DiagnosesPanel } from './DiagnosesPanel.js';
import { NotesPanel } from './NotesPanel.js';
import { OrdersPanel } from './OrdersPanel.js';
import { KeptCopyNotice, PatientBanner } from './PatientBanner.js';
import { PrescriptionPanel } from './PrescriptionPanel.js';
import { visitSummaryPrintKey } from './print-visit-summary.js';
import { useChart, useConsultation, useDoctorModel } from './use-doctor.js';
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
});

const STATE_LABEL = { starting: 'Starting (waiting to send)', open: 'Open', signed: 'Signed', completed: 'Visit completed', refused: 'Start refused' } as const;
const STATE_COLOR = { starting: 'warning', open: 'informative', signed: 'success', completed: 'success', refused: 'danger' } as const;

/** A consultation (`#/consult/<visitId>`): the note, diagnoses, orders and prescription, then sign and complete. */
export function ConsultationScreen() {
  const styles = useStyles();
  const model = useModel();
  const { routeArgs, status } = useWorkstation();
  const visitId = routeArgs[0] ?? '';
  const doctor = useDoctorModel();
  const [printError, setPrintError] = useState<HostError | undefined>();
  const { consultation, state } = useConsultation(visitId);
  const view = state.view ?? undefined;
  const chartState = useChart(view?.patientId);
  const chart = chartState?.view?.chart;
  const offline = status?.connection.state === 'offline';
  const keptAsOf = keptCopyAsOf(chartState?.view, status?.connection.state);
  const signed = view?.state === 'signed' || view?.state === 'completed';
  const completed = view?.state === 'completed';
  const name = view?.patient?.name ?? chart?.patient.name;

  const finish = async () => {
    if (await consultation.complete()) {
      model.notify({ intent: 'success', title: 'Visit completed', message: `${name ?? 'The patient'}'s visit is complete.` });
      model.navigate('doctor');
    }
  };

  return (
    <Page
      title={name === undefined ? 'Consultation' : `Consultation: ${name}`}
      breadcrumb={<Link className={styles.back} onClick={() => model.navigate('doctor')}><ArrowLeft16Regular /> My patients</Link>}
      meta={view === undefined ? undefined : (
        <div className={styles.meta}>
          <Badge appearance="tint" color={STATE_COLOR[view.state]} data-testid="encounter-status">{STATE_LABEL[view.state]}</Badge>
          <Caption1 className={styles.muted}>Started {shortTime(view.startedAt)}</Caption1>
        </div>
      )}
    >
      <PatientBanner chart={chart} loading={chartState?.loading ?? true} />
      {offline ? (
        <MessageBar intent="warning" data-testid="doctor-offline">
          <MessageBarBody>
            <MessageBarTitle>Working offline</MessageBarTitle>
            What you write is kept on this workstation and sent, in order, when the server is back; prescriptions are checked here against the rules and chart it kept.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {keptAsOf === undefined ? null : <KeptCopyNotice asOf={keptAsOf} />}
      {state.openError === undefined ? null : <ErrorBar error={state.openError} what="The consultation could not be opened" onRetry={() => void consultation.refresh()} />}
      {state.actionError === undefined ? null : <ErrorBar error={state.actionError.error} what={`${state.actionError.what} failed`} />}
      {view === undefined && state.openError === undefined ? <Spinner size="small" label="Opening the consultation…" /> : null}
      {view === undefined ? null : (
        <>
          <Toolbar className={styles.toolbar} aria-label="Consultation actions">
            <ToolbarButton icon={<FolderOpen20Regular />} onClick={() => model.navigate('chart', view.patientId)}>Full chart</ToolbarButton>
            <ToolbarButton icon={<DocumentSignature20Regular />} disabled={signed || state.signing || view.state === 'refused'} onClick={() => void consultation.sign()}>
              {state.signing ? 'Signing…' : signed ? 'Signed' : 'Sign note'}
            </ToolbarButton>
            <ToolbarButton icon={<CheckmarkCircle20Regular />} disabled={!signed || completed} onClick={() => void finish()}>Complete visit</ToolbarButton>
            <ToolbarButton icon={<Print20Regular />} disabled={chart === undefined || view.state === 'refused'} onClick={() => {
              if (chart !== undefined) void doctor.printVisitSummary(state, chart).then(setPrintError);
            }}>Print visit summary</ToolbarButton>
          </Toolbar>
          <PrintStatus keys={[visitSummaryPrintKey(view.visitId)]} />
          {printError === undefined ? null : <ErrorBar error={printError} what="Visit summary not printed" />}
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
              <PrescriptionPanel consultation={consultation} state={state} chart={chart} />
            </div>
          </div>
          {signed ? <Body1 className={styles.muted}>The note is signed: later words are addenda.</Body1> : null}
        </>
      )}
    </Page>
  );
}
