import { Badge, Body1, Button, Caption1, Link, makeStyles, tokens } from '@fluentui/react-components';
import { Print16Regular, TicketDiagonal20Regular } from '@fluentui/react-icons';
import type { DeskCheckIn } from '../../../shared/protocol/reception.js';
import { Panel } from '../../components/Page.js';
import { PrintStatus } from '../../components/PrintStatus.js';
import { shortTime } from '../../components/format.js';
import { useModel } from '../../state/hooks.js';
import { printDocuments } from './reception-model.js';
import { useReception, useReceptionModel } from './use-reception.js';

const useStyles = makeStyles({
  list: { listStyle: 'none', margin: 0, padding: 0, display: 'flex', flexDirection: 'column' },
  item: {
    display: 'grid',
    gridTemplateColumns: '92px 1fr auto',
    columnGap: '12px',
    alignItems: 'center',
    padding: '8px 0',
    borderTop: `1px solid ${tokens.colorNeutralStroke3}`,
    ':first-child': { borderTop: 'none' },
  },
  token: { fontSize: tokens.fontSizeBase400, fontWeight: tokens.fontWeightBold, fontFamily: tokens.fontFamilyMonospace },
  who: { display: 'flex', flexDirection: 'column', minWidth: 0 },
  name: { overflow: 'hidden', textOverflow: 'ellipsis', whiteSpace: 'nowrap' },
  muted: { color: tokens.colorNeutralForeground3 },
});

function TokenCell({ checkIn }: { checkIn: DeskCheckIn }) {
  const styles = useStyles();
  switch (checkIn.state) {
    case 'applied':
      return <span className={styles.token}>{checkIn.visit?.token}</span>;
    case 'queued':
      return <Badge appearance="tint" color="warning">Not sent yet</Badge>;
    case 'rejected':
      return <Badge appearance="tint" color="danger">Refused</Badge>;
  }
}

/** Today's check-ins at this desk, newest first: tokens once the server gave them, and a reprint. */
export function DeskCheckInsPanel() {
  const styles = useStyles();
  const model = useModel();
  const reception = useReceptionModel();
  const { checkIns } = useReception();
  const printKeys = checkIns.filter((checkIn) => checkIn.visit !== null).map((checkIn) => `token:${checkIn.visit!.id}`);
  return (
    <Panel title="Today at this desk" icon={<TicketDiagonal20Regular />}>
      {checkIns.length === 0 ? (
        <Body1 className={styles.muted}>No check-ins yet today.</Body1>
      ) : (
        <ul className={styles.list} aria-label="Check-ins today">
          {checkIns.slice(0, 12).map((checkIn) => (
            <li key={checkIn.key} className={styles.item} data-state={checkIn.state}>
              <TokenCell checkIn={checkIn} />
              <span className={styles.who}>
                <Link className={styles.name} onClick={() => model.navigate('patient', checkIn.patient.id)}>{checkIn.patient.name}</Link>
                <Caption1 className={styles.muted}>
                  {reception.departmentName(checkIn.department)} · {shortTime(checkIn.arrivedAt)}
                  {checkIn.state === 'queued' ? ' · token when the server is back' : ''}
                  {checkIn.state === 'rejected' ? ' · see Outbox' : ''}
                </Caption1>
              </span>
              {checkIn.visit !== null ? (
                <Button
                  size="small"
                  appearance="subtle"
                  icon={<Print16Regular />}
                  aria-label={`Print token ${checkIn.visit.token}`}
                  onClick={() => void reception.print(`token:${checkIn.visit!.id}`, 'Queue token', printDocuments.token(checkIn.visit!, reception.departmentName(checkIn.department)))}
                />
              ) : <span />}
            </li>
          ))}
        </ul>
      )}
      <PrintStatus keys={printKeys} />
    </Panel>
  );
}
