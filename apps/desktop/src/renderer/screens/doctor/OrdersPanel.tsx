import { Badge, Body1, Caption1, Field, Select, makeStyles, tokens } from '@fluentui/react-components';
import { Beaker20Regular } from '@fluentui/react-icons';
import { ORDER_PRIORITIES } from '@hms/core';
import type { CatalogueEntry, OrderPriority } from '@hms/core';
import { useState } from 'react';
import { Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import type { Consultation, ConsultationState } from './consultation.js';
import { orderLines } from './consultation-lists.js';
import { PendingBadge } from './PendingBadge.js';
import { SearchPicker } from './SearchPicker.js';

const useStyles = makeStyles({
  list: { display: 'flex', flexDirection: 'column', rowGap: '6px', margin: 0, padding: 0, listStyleType: 'none' },
  line: { display: 'flex', alignItems: 'center', columnGap: '8px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  row: { display: 'flex', alignItems: 'flex-end', columnGap: '12px', flexWrap: 'wrap' },
  grow: { flexGrow: 1, minWidth: '240px' },
});

/** Lab tests and imaging from the catalogue, ordered in this encounter. */
export function OrdersPanel({ consultation, state }: { consultation: Consultation; state: ConsultationState }) {
  const styles = useStyles();
  const [priority, setPriority] = useState<OrderPriority>('routine');
  const open = consultation.writable;
  const orders = orderLines(state.view, state.serverOrders, state.names);
  return (
    <Panel title="Orders" icon={<Beaker20Regular />}>
      {orders.length === 0 ? <Body1 className={styles.muted}>Nothing ordered.</Body1> : (
        <ul className={styles.list} aria-label="Orders">
          {orders.map((item) => (
            <li key={item.key} className={styles.line}>
              <Body1>{item.name}</Body1>
              <Badge appearance="outline">{item.kind === 'lab' ? 'Lab' : 'Imaging'}</Badge>
              {item.priority === 'routine' ? null : <Badge appearance="filled" color="danger">{item.priority}</Badge>}
              {item.status === null ? null : <Badge appearance="tint" color={item.status === 'cancelled' ? 'subtle' : 'informative'}>{item.status}</Badge>}
              <PendingBadge pending={item.pending} />
              <Caption1 className={styles.muted}>{shortTime(item.orderedAt)}</Caption1>
            </li>
          ))}
        </ul>
      )}
      {open ? (
        <div className={styles.row}>
          <div className={styles.grow}>
            <SearchPicker<CatalogueEntry>
              label="Order a test or imaging"
              placeholder="Full blood count, FBC, chest X-ray…"
              minLength={2}
              search={(query) => consultation.searchCatalogue(query)}
              toOptions={(entries) => entries.map((entry) => ({
                key: `${entry.kind}:${entry.code}`,
                text: entry.name,
                detail: entry.kind === 'lab' ? `Lab · ${entry.specimen}` : `Imaging · ${entry.modality}`,
                value: entry,
              }))}
              onPick={(entry) => void consultation.order(entry, priority)}
            />
          </div>
          <Field label="Priority">
            <Select value={priority} onChange={(_, data) => setPriority(ORDER_PRIORITIES.find((value) => value === data.value) ?? 'routine')}>
              {ORDER_PRIORITIES.map((value) => <option key={value} value={value}>{value}</option>)}
            </Select>
          </Field>
        </div>
      ) : null}
    </Panel>
  );
}
