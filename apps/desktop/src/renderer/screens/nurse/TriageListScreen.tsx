import {
  Badge, Body1, Caption1, Field, Select, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { useEffect, useMemo, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { TriageEntry } from '../../../shared/nurse/triage.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { PRIORITY_COLORS, PRIORITY_LABELS } from './triage-labels.js';
import { TriageStatus } from './TriageStatus.js';
import { useNow } from './use-now.js';
import { useNurse, useNurseModel } from './use-nurse.js';
import { waitingFor } from './vitals-draft.js';

const useStyles = makeStyles({
  top: { display: 'flex', alignItems: 'flex-end', columnGap: '24px', flexWrap: 'wrap', rowGap: '8px' },
  row: { cursor: 'pointer', ':focus-visible': { outline: `2px solid ${tokens.colorStrokeFocus2}`, outlineOffset: '-2px' } },
  token: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  who: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  name: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  badges: { display: 'flex', columnGap: '4px', flexWrap: 'wrap' },
  empty: { color: tokens.colorNeutralForeground3, padding: '8px 0' },
  hint: { color: tokens.colorNeutralForeground3 },
});

function PriorityCell({ entry }: { entry: TriageEntry }) {
  const priority = entry.pendingPriority ?? entry.priority;
  return (
    <span style={{ display: 'inline-flex', flexDirection: 'column', alignItems: 'flex-start', rowGap: '2px' }}>
      <Badge size="small" appearance={priority === 'normal' ? 'outline' : 'filled'} color={PRIORITY_COLORS[priority]}>{PRIORITY_LABELS[priority]}</Badge>
      {entry.pendingPriority !== null && entry.pendingPriority !== entry.priority ? <Caption1>not sent yet (was {PRIORITY_LABELS[entry.priority].toLowerCase()})</Caption1> : null}
    </span>
  );
}

/** What the list knows of the patient's allergies: the names of the active ones, "None known", or that nobody asked yet. */
function AllergyCell({ entry }: { entry: TriageEntry }) {
  const styles = useStyles();
  const { allergies } = entry;
  if (allergies === null) return <span className={styles.muted}>Not read here</span>;
  if (allergies.status === 'allergies') {
    return <Badge size="small" appearance="tint" color="danger" title={allergies.active.join(', ')}>{allergies.active.join(', ')}</Badge>;
  }
  return allergies.status === 'none_known' ? <span>None known</span> : <span className={styles.muted}>Not recorded</span>;
}

/**
 * The waiting patients of the nurse's departments, live, in calling order: Up and Down move,
 * Enter opens the triage form. Offline it shows the queue as last seen, and what is queued.
 */
export function TriageListScreen() {
  const styles = useStyles();
  const model = useModel();
  const nurse = useNurseModel();
  const { settings } = useWorkstation();
  const { list, listError } = useNurse();
  const now = useNow();
  const [department, setDepartment] = useState('');
  const rows = useRef<(HTMLElement | null)[]>([]);
  const departments = settings?.desks.nurse.departments ?? [];
  const key = departments.join(',');
  // The desk's setting may have changed in Settings: follow what it says now.
  useEffect(() => {
    void nurse.follow(departments);
  }, [nurse, key]);
  const entries = useMemo(() => (list?.entries ?? []).filter((entry) => department === '' || entry.department === department), [list, department]);

  // Keyboard first: once the list is there, the first patient has the focus (unless the person is elsewhere already).
  const focused = useRef(false);
  useEffect(() => {
    if (focused.current || entries.length === 0) return;
    focused.current = true;
    if (document.activeElement === null || document.activeElement === document.body) rows.current[0]?.focus();
  }, [entries.length]);

  const onKey = (event: KeyboardEvent<HTMLElement>, index: number, entry: TriageEntry) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      model.navigate('triage-patient', entry.visitId);
    } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault();
      rows.current[Math.min(entries.length - 1, Math.max(0, index + (event.key === 'ArrowDown' ? 1 : -1)))]?.focus();
    }
  };
  const waiting = list?.departments.reduce((sum, item) => sum + item.waitingCount, 0) ?? 0;

  return (
    <Page title="Triage" subtitle={list === undefined ? undefined : `${departments.length === 0 ? 'All departments' : list.departments.map((item) => item.departmentName).join(', ')} · ${waiting} waiting`}>
      <div className={styles.top}>
        <Field label="Department">
          <Select value={department} onChange={(_, data) => setDepartment(data.value)}>
            <option value="">All ({list?.entries.length ?? 0})</option>
            {(list?.departments ?? []).map((item) => <option key={item.department} value={item.department}>{item.departmentName}</option>)}
          </Select>
        </Field>
        <TriageStatus />
      </div>
      {listError === undefined ? null : <ErrorBar error={listError} what="The queue could not be read" onRetry={() => void nurse.follow(departments)} />}
      {list === undefined ? (listError === undefined ? <Spinner label="Reading the queue…" /> : null) : entries.length === 0 ? (
        <Body1 className={styles.empty}>Nobody is waiting{department === '' ? '' : ' in this department'}.</Body1>
      ) : (
        <Table size="small" aria-label="Waiting for triage">
          <TableHeader>
            <TableRow>
              <TableHeaderCell style={{ width: '90px' }}>Token</TableHeaderCell>
              <TableHeaderCell style={{ width: '130px' }}>Priority</TableHeaderCell>
              <TableHeaderCell>Patient</TableHeaderCell>
              <TableHeaderCell style={{ width: '130px' }}>Department</TableHeaderCell>
              <TableHeaderCell style={{ width: '80px' }}>Waiting</TableHeaderCell>
              <TableHeaderCell style={{ width: '150px' }}>Allergies</TableHeaderCell>
              <TableHeaderCell style={{ width: '100px' }}>Vitals</TableHeaderCell>
              <TableHeaderCell style={{ width: '100px' }}>This desk</TableHeaderCell>
            </TableRow>
          </TableHeader>
          <TableBody>
            {entries.map((entry, index) => (
              <TableRow
                key={entry.visitId}
                ref={(element) => {
                  rows.current[index] = element;
                }}
                className={styles.row}
                tabIndex={0}
                data-testid="triage-row"
                data-visit-id={entry.visitId}
                data-token={entry.token}
                aria-label={`${entry.token} ${entry.patient?.name ?? ''}`}
                onClick={() => model.navigate('triage-patient', entry.visitId)}
                onKeyDown={(event) => onKey(event, index, entry)}
              >
                <TableCell><span className={styles.token}>{entry.token}</span></TableCell>
                <TableCell><PriorityCell entry={entry} /></TableCell>
                <TableCell>
                  {entry.patient === null ? <span className={styles.muted}>…</span> : (
                    <span className={styles.who}>
                      <span className={styles.name}>{entry.patient.name}</span>
                      <Caption1 className={styles.muted}>{entry.patient.mrn}</Caption1>
                    </span>
                  )}
                </TableCell>
                <TableCell>{entry.departmentName}</TableCell>
                <TableCell title={`In the queue since ${shortTime(entry.queuedAt)}`}>{waitingFor(entry.queuedAt, now)}</TableCell>
                <TableCell><AllergyCell entry={entry} /></TableCell>
                <TableCell>{entry.vitalsAt === null ? <span className={styles.muted}>Not taken</span> : `Taken ${shortTime(entry.vitalsAt)}`}</TableCell>
                <TableCell>
                  <span className={styles.badges}>
                    {entry.queued > 0 ? <Badge size="small" appearance="tint" color="warning">{entry.queued} not sent</Badge> : null}
                    {entry.refused > 0 ? <Badge size="small" appearance="filled" color="danger">{entry.refused} refused</Badge> : null}
                  </span>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      )}
      {list?.departments.some((item) => item.beyond > 0) === true ? (
        <Caption1 className={styles.hint}>Some waiting patients are beyond what the queue lists; they appear as the queue moves.</Caption1>
      ) : null}
      <Caption1 className={styles.hint}>Up and Down move through the list; Enter opens the patient.</Caption1>
    </Page>
  );
}
