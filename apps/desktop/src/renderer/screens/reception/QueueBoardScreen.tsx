import {
  Badge, Body1, Caption1, Field, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, mergeClasses, tokens,
} from '@fluentui/react-components';
import { Circle12Filled, MegaphoneLoud20Regular, PeopleQueue20Regular } from '@fluentui/react-icons';
import type { QueueBoard, QueuePriority } from '@hms/core';
import { Page, Panel } from '../../components/Page.js';
import { longDate, shortTime } from '../../components/format.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { PRIORITY_LABELS } from './CheckInPanel.js';
import { defaultDepartment } from './default-department.js';
import { useQueueBoard, useReception, useReceptionModel } from './use-reception.js';

const useStyles = makeStyles({
  top: { display: 'flex', alignItems: 'flex-end', columnGap: '24px', flexWrap: 'wrap', rowGap: '8px' },
  live: { display: 'inline-flex', alignItems: 'center', columnGap: '6px', paddingBottom: '6px' },
  liveOn: { color: tokens.colorPaletteGreenForeground1 },
  liveOff: { color: tokens.colorPaletteDarkOrangeForeground1 },
  serving: { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(300px, 1fr))', gap: '12px' },
  card: {
    display: 'grid',
    gridTemplateColumns: 'auto 1fr',
    columnGap: '16px',
    alignItems: 'center',
    padding: '12px 16px',
    borderRadius: tokens.borderRadiusLarge,
    backgroundColor: tokens.colorBrandBackground2,
    border: `1px solid ${tokens.colorBrandStroke2}`,
  },
  bigToken: { fontSize: '28px', lineHeight: '36px', fontWeight: tokens.fontWeightBold, fontFamily: tokens.fontFamilyMonospace, color: tokens.colorBrandForeground1 },
  token: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  who: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  empty: { color: tokens.colorNeutralForeground3, padding: '8px 0' },
  footer: { display: 'flex', columnGap: '16px', color: tokens.colorNeutralForeground3 },
});

const PRIORITY_COLORS: Readonly<Record<QueuePriority, 'danger' | 'warning' | 'informative'>> = { emergency: 'danger', urgent: 'warning', normal: 'informative' };

function Waiting({ board, doctorName }: { board: QueueBoard; doctorName: (id: string | null) => string | undefined }) {
  const styles = useStyles();
  if (board.waitingCount === 0) return <Body1 className={styles.empty}>Nobody is waiting.</Body1>;
  return (
    <Table size="small" aria-label="Waiting">
      <TableHeader>
        <TableRow>
          <TableHeaderCell style={{ width: '48px' }}>#</TableHeaderCell>
          <TableHeaderCell style={{ width: '120px' }}>Token</TableHeaderCell>
          <TableHeaderCell style={{ width: '120px' }}>Priority</TableHeaderCell>
          <TableHeaderCell>Patient</TableHeaderCell>
          <TableHeaderCell style={{ width: '220px' }}>Doctor</TableHeaderCell>
          <TableHeaderCell style={{ width: '90px' }}>Since</TableHeaderCell>
          <TableHeaderCell style={{ width: '100px' }}>Est. wait</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {board.waiting.map((entry) => (
          <TableRow key={entry.visitId} data-token={entry.token}>
            <TableCell>{entry.position}</TableCell>
            <TableCell><span className={styles.token}>{entry.token}</span></TableCell>
            <TableCell>
              <Badge size="small" appearance={entry.priority === 'normal' ? 'outline' : 'filled'} color={PRIORITY_COLORS[entry.priority]}>
                {PRIORITY_LABELS[entry.priority]}
              </Badge>
            </TableCell>
            <TableCell>
              {entry.patient === null ? <span className={styles.muted}>…</span> : (
                <span className={styles.who}>
                  <span>{entry.patient.name}</span>
                  <Caption1 className={styles.muted}>{entry.patient.mrn}</Caption1>
                </span>
              )}
            </TableCell>
            <TableCell>{doctorName(entry.doctorId) ?? <span className={styles.muted}>Any doctor</span>}</TableCell>
            <TableCell>{shortTime(entry.queuedAt)}</TableCell>
            <TableCell>{entry.position === 1 ? 'Next' : `${entry.estimatedWaitMinutes} min`}</TableCell>
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

/** A department's queue, live: who is being seen where, and who waits in calling order. */
export function QueueBoardScreen() {
  const styles = useStyles();
  const model = useModel();
  const reception = useReceptionModel();
  const { routeArgs, settings } = useWorkstation();
  const { overview, boards, checkIns } = useReception();
  const departments = overview?.departments.filter((department) => department.active) ?? [];
  const department = (routeArgs[0] ?? defaultDepartment(departments, { setting: settings?.desks.reception.defaultDepartment, checkIns })).toUpperCase();
  useQueueBoard(department === '' ? undefined : department);
  const view = boards[department];
  const board = view?.board ?? null;
  const doctorName = (id: string | null) => reception.doctorName(id);

  return (
    <Page title="Queue board" subtitle={board === null ? undefined : `${board.departmentName} · ${longDate(board.serviceDate)}`}>
      <div className={styles.top}>
        <Field label="Department">
          <Select value={department} onChange={(_, data) => model.navigate('queue', data.value)}>
            {departments.map((item) => <option key={item.code} value={item.code}>{item.name}</option>)}
          </Select>
        </Field>
        {view === undefined ? null : view.live ? (
          <span className={mergeClasses(styles.live, styles.liveOn)} data-testid="board-live" data-live="true">
            <Circle12Filled /><Caption1>Live</Caption1>
          </span>
        ) : (
          <span className={mergeClasses(styles.live, styles.liveOff)} data-testid="board-live" data-live="false">
            <Circle12Filled /><Caption1>Offline · as of {view.asOf === null ? 'unknown' : shortTime(view.asOf)}</Caption1>
          </span>
        )}
      </div>
      {board === null ? (
        view === undefined || view.live ? <Spinner label="Reading the queue…" /> : <Body1 className={styles.muted}>This board has not been seen on this workstation yet.</Body1>
      ) : (
        <>
          <Panel title="Now serving" icon={<MegaphoneLoud20Regular />}>
              {board.nowServing.length === 0 ? <Body1 className={styles.empty}>Nobody is being seen.</Body1> : (
                <div className={styles.serving} role="list" aria-label="Now serving">
                  {board.nowServing.map((entry) => (
                    <div key={entry.visitId} className={styles.card} role="listitem">
                      <span className={styles.bigToken}>{entry.token}</span>
                      <span className={styles.who}>
                        <Body1><strong>{entry.room ?? 'Consultation'}</strong> · {entry.servedByName}</Body1>
                        <Caption1 className={styles.muted}>{entry.patient?.name ?? ''} · called {shortTime(entry.calledAt)}</Caption1>
                      </span>
                    </div>
                  ))}
                </div>
              )}
          </Panel>
          <Panel title={`Waiting (${board.waitingCount})`} icon={<PeopleQueue20Regular />} label="Waiting list">
            <Waiting board={board} doctorName={doctorName} />
            {board.waitingCount > board.waiting.length ? (
              <Caption1 className={styles.muted} data-testid="waiting-beyond">
                and {board.waitingCount - board.waiting.length} more waiting
              </Caption1>
            ) : null}
          </Panel>
          <div className={styles.footer}>
            <Caption1>Typical consultation {Math.round(board.typicalConsultationMinutes)} min</Caption1>
            <Caption1>{board.activeServers === 1 ? '1 doctor or nurse calling' : `${board.activeServers} doctors or nurses calling`}</Caption1>
            <Caption1>Updated {shortTime(board.at)}</Caption1>
          </div>
        </>
      )}
    </Page>
  );
}
