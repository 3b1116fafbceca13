import { Badge } from '@fluentui/react-components';
import { CloudArrowUp16Regular, ErrorCircle16Regular } from '@fluentui/react-icons';
import type { Pending } from './consultation-lists.js';

/** A write of this desk not on the server yet: waiting in the outbox, or refused (fixed in the conflicts inbox). */
export function PendingBadge({ pending }: { pending: Pending | null }) {
  if (pending === null) return null;
  return pending === 'queued'
    ? <Badge appearance="tint" color="warning" icon={<CloudArrowUp16Regular />} data-testid="pending-queued">waiting to send</Badge>
    : <Badge appearance="filled" color="danger" icon={<ErrorCircle16Regular />} data-testid="pending-refused">refused: see Outbox</Badge>;
}
