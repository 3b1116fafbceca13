import {
  Badge, Button, Caption1, Link, MessageBar, MessageBarBody, Spinner, Tab, TabList, Table, TableBody, TableCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import type { MessageDetail } from '@hms/core';
import { useCallback, useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Facts } from '../../components/Facts.js';
import { Page, Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { MESSAGE_STATUS_LABELS, REPLAYABLE } from './labels.js';
import { readableRaw } from './raw-text.js';
import { useAdminModel } from './use-admin.js';

const useStyles = makeStyles({
  raw: {
    margin: 0, padding: '12px', fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, whiteSpace: 'pre-wrap', overflowWrap: 'anywhere',
    backgroundColor: tokens.colorNeutralBackground3, borderRadius: tokens.borderRadiusMedium, maxHeight: '480px', overflowY: 'auto',
  },
  segments: { display: 'flex', flexDirection: 'column', rowGap: '16px' },
  segment: { display: 'flex', flexDirection: 'column', rowGap: '4px' },
  segmentTitle: { fontWeight: tokens.fontWeightSemibold },
  fields: { tableLayout: 'fixed' },
  position: { fontFamily: tokens.fontFamilyMonospace, whiteSpace: 'nowrap', width: '90px' },
  fieldName: { width: '300px' },
  value: { fontFamily: tokens.fontFamilyMonospace, overflowWrap: 'anywhere' },
  muted: { color: tokens.colorNeutralForeground3 },
  actions: { display: 'flex', alignItems: 'center', columnGap: '8px', flexWrap: 'wrap' },
});

/** A parsed message: each segment (HL7) or record (ASTM) with its fields named where the standard names them; empty fields left out. */
function Parsed({ message }: { message: MessageDetail }) {
  const styles = useStyles();
  if (!message.parsed.ok) return <MessageBar intent="warning"><MessageBarBody>Not parsed: {message.parsed.error}</MessageBarBody></MessageBar>;
  return (
    <div className={styles.segments}>
      {message.parsed.segments.map((segment, index) => (
        <section key={`${segment.id}-${index}`} className={styles.segment} aria-label={`${segment.id} ${index + 1}`} data-testid="parsed-segment" data-segment={segment.id}>
          <span className={styles.segmentTitle}>{segment.id}{segment.name === null ? '' : ` · ${segment.name}`}</span>
          <Table size="extra-small" className={styles.fields} aria-label={`${segment.id} fields`}>
            <TableBody>
              {segment.fields.filter((field) => field.value !== '').map((field) => (
                <TableRow key={field.position}>
                  <TableCell className={styles.position}>{field.position}</TableCell>
                  <TableCell className={styles.fieldName}>{field.name ?? <span className={styles.muted}>—</span>}</TableCell>
                  <TableCell className={styles.value}>{field.value}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </section>
      ))}
    </div>
  );
}

/**
 * One logged message (`#/admin-message/<id>`): what it is and where it stands, its bytes as
 * received (control characters named) and parsed; replayable when it did not reach the specimen.
 * The read is audited by the server (raw messages carry patient data).
 */
export function MessageScreen() {
  const styles = useStyles();
  const admin = useAdminModel();
  const { navigate } = useModel();
  const { routeArgs } = useWorkstation();
  const messageId = routeArgs[0] ?? '';
  const [message, setMessage] = useState<MessageDetail | undefined>(undefined);
  const [error, setError] = useState<HostError | undefined>(undefined);
  const [view, setView] = useState<'parsed' | 'raw'>('parsed');
  const [replaying, setReplaying] = useState(false);
  const [replayError, setReplayError] = useState<HostError | undefined>(undefined);
  const load = useCallback(async () => {
    const result = await admin.message(messageId);
    if (result.ok) setMessage(result.value.message);
    setError(result.ok ? undefined : result.error);
  }, [admin, messageId]);
  useEffect(() => {
    void load();
  }, [load]);
  const replay = async () => {
    setReplaying(true);
    const result = await admin.replay(messageId);
    setReplaying(false);
    setReplayError(result.ok ? undefined : result.error);
    if (result.ok) await load();
  };
  const breadcrumb = <Link onClick={() => navigate('admin-messages', ...(message === undefined ? [] : [message.interfaceId]))}>Message log</Link>;
  if (message === undefined) {
    return <Page title="Message" breadcrumb={breadcrumb}>{error === undefined ? <Spinner label="Reading the message…" /> : <ErrorBar error={error} what="Not read" onRetry={() => void load()} />}</Page>;
  }
  const status = MESSAGE_STATUS_LABELS[message.status];
  return (
    <Page
      title={`${message.kind}${message.controlId === null ? '' : ` ${message.controlId}`}`}
      breadcrumb={breadcrumb}
      meta={<span><Badge appearance="tint" color={status.color} data-testid="message-status">{status.label}</Badge></span>}
    >
      <Panel title="Message">
        <Facts items={[
          ['Direction', message.direction === 'in' ? 'Received' : 'Sent'],
          ['Time', shortTime(message.at)],
          ['Sender', message.sender ?? '—'],
          ['Accession', message.accession ?? '—'],
          ['Reason', message.reason ?? '—'],
          ['Unmapped codes', message.unmappedCodes.length === 0 ? 'none' : message.unmappedCodes.join(', ')],
          ['Size', `${message.bytes} bytes`],
          ['Replays', String(message.replays)],
          ...(message.duplicates > 0 ? [['Repeats answered', String(message.duplicates)] as [string, string]] : []),
        ]} />
        {message.direction === 'in' && REPLAYABLE.has(message.status) ? (
          <div className={styles.actions}>
            <Button appearance="primary" disabled={replaying} onClick={() => void replay()}>{replaying ? 'Replaying…' : 'Replay'}</Button>
            {message.unmappedCodes.length > 0 ? <Button onClick={() => navigate('admin-mapping', message.interfaceId)}>Map codes</Button> : null}
            <Caption1 className={styles.muted}>Processes the message again with today's mappings.</Caption1>
          </div>
        ) : null}
        {replayError === undefined ? null : <ErrorBar error={replayError} what="Not replayed" />}
      </Panel>
      <Panel title="Content">
        <TabList selectedValue={view} onTabSelect={(_, data) => setView(data.value === 'raw' ? 'raw' : 'parsed')}>
          <Tab value="parsed">Parsed</Tab>
          <Tab value="raw">Raw</Tab>
        </TabList>
        {view === 'raw' ? <pre className={styles.raw} data-testid="raw-message">{readableRaw(message.raw)}</pre> : <Parsed message={message} />}
      </Panel>
    </Page>
  );
}
