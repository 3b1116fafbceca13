import {
  Body1, Button, Caption1, Link, MessageBar, MessageBarActions, MessageBarBody, Spinner, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import type { Result } from '@hms/core';
import { useCallback, useEffect, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page, Panel } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { useModel, useWorkstation } from '../../state/hooks.js';
import { MappingForm } from './MappingForm.js';
import type { MappingInput } from './MappingForm.js';
import { useAdmin, useAdminModel } from './use-admin.js';

const useStyles = makeStyles({
  code: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  unmapped: { display: 'flex', flexDirection: 'column', rowGap: '16px' },
  item: { display: 'flex', flexDirection: 'column', rowGap: '4px', paddingBottom: '12px', borderBottom: `1px solid ${tokens.colorNeutralStroke2}` },
  muted: { color: tokens.colorNeutralForeground3 },
  scroll: { overflowX: 'auto' },
});

type Unmapped = Result<'interfaces.unmappedCodes'>['items'];
type Mappings = Result<'interfaces.mappings'>['items'];

/**
 * One interface's analyzer codes (`#/admin-mapping/<interfaceId>`): the codes its messages
 * carried that map to nothing yet, each offered for mapping to a catalogue test, and the
 * mappings in force (each can be changed). A message waiting on a code is replayed from the log.
 */
export function MappingScreen() {
  const styles = useStyles();
  const admin = useAdminModel();
  const { navigate } = useModel();
  const { routeArgs } = useWorkstation();
  const interfaceId = routeArgs[0] ?? '';
  const { interfaces } = useAdmin();
  const item = interfaces?.find((candidate) => candidate.id === interfaceId);
  const [unmapped, setUnmapped] = useState<Unmapped | undefined>(undefined);
  const [mappings, setMappings] = useState<Mappings | undefined>(undefined);
  const [error, setError] = useState<HostError | undefined>(undefined);
  const [mapped, setMapped] = useState<string | undefined>(undefined);
  const [changing, setChanging] = useState<string | undefined>(undefined);
  const load = useCallback(async () => {
    const [codes, current] = await Promise.all([admin.unmappedCodes(interfaceId), admin.mappings(interfaceId)]);
    if (codes.ok) setUnmapped(codes.value.items);
    if (current.ok) setMappings(current.value.items);
    setError(!codes.ok ? codes.error : !current.ok ? current.error : undefined);
  }, [admin, interfaceId]);
  useEffect(() => {
    if (interfaces === undefined) void admin.loadInterfaces();
  }, [admin, interfaces]);
  useEffect(() => {
    void load();
  }, [load]);
  const save = async (input: MappingInput): Promise<HostError | undefined> => {
    const result = await admin.setMapping({ interfaceId, ...input });
    if (!result.ok) return result.error;
    setMapped(`${input.analyzerCode} → ${result.value.mapping.testCode}${result.value.mapping.analyte === null ? '' : ` · ${result.value.mapping.analyte}`}`);
    setChanging(undefined);
    await load();
    return undefined;
  };
  const name = item?.name ?? 'Interface';
  return (
    <Page title={`Test codes · ${name}`} subtitle="Analyzer codes to the lab's catalogue tests" breadcrumb={<Link onClick={() => navigate('admin-interfaces')}>Interfaces</Link>}>
      {error === undefined ? null : <ErrorBar error={error} what="Not read" onRetry={() => void load()} />}
      {mapped === undefined ? null : (
        <MessageBar intent="success" data-testid="mapping-saved">
          <MessageBarBody>Mapped {mapped}. Messages that waited on it can now be replayed.</MessageBarBody>
          <MessageBarActions><Button onClick={() => navigate('admin-attention', interfaceId)}>Waiting messages</Button></MessageBarActions>
        </MessageBar>
      )}
      <Panel title="Unmapped codes seen">
        {unmapped === undefined ? <Spinner size="small" label="Reading…" /> : unmapped.length === 0 ? (
          <Caption1 className={styles.muted}>Every code this interface has sent maps to a test.</Caption1>
        ) : (
          <div className={styles.unmapped}>
            {unmapped.map((code) => (
              <div key={code.analyzerCode} className={styles.item} data-testid="unmapped-code" data-code={code.analyzerCode}>
                <Body1>
                  <span className={styles.code}>{code.analyzerCode}</span>
                  <Caption1 className={styles.muted}> · {code.messages} message{code.messages === 1 ? '' : 's'} waiting · last seen {shortTime(code.lastSeenAt)}</Caption1>
                </Body1>
                <MappingForm interfaceName={name} analyzerCode={code.analyzerCode} onSave={save} />
              </div>
            ))}
          </div>
        )}
      </Panel>
      <Panel title="Mappings in force">
        {mappings === undefined ? <Spinner size="small" label="Reading…" /> : mappings.length === 0 ? <Caption1 className={styles.muted}>None yet.</Caption1> : (
          <div className={styles.scroll}>
            <Table aria-label="Mappings" size="small">
              <TableHeader>
                <TableRow>
                  <TableHeaderCell>Analyzer code</TableHeaderCell>
                  <TableHeaderCell>Test</TableHeaderCell>
                  <TableHeaderCell>Analyte</TableHeaderCell>
                  <TableHeaderCell>Analyzer's unit</TableHeaderCell>
                  <TableHeaderCell>Changed</TableHeaderCell>
                  <TableHeaderCell />
                </TableRow>
              </TableHeader>
              <TableBody>
                {mappings.map((mapping) => (
                  changing === mapping.analyzerCode ? (
                    <TableRow key={mapping.analyzerCode}>
                      <TableCell colSpan={6}>
                        <MappingForm interfaceName={name} analyzerCode={mapping.analyzerCode} initial={mapping} onSave={save} />
                      </TableCell>
                    </TableRow>
                  ) : (
                    <TableRow key={mapping.analyzerCode} data-testid="mapping-row" data-code={mapping.analyzerCode}>
                      <TableCell><span className={styles.code}>{mapping.analyzerCode}</span></TableCell>
                      <TableCell>{mapping.testCode}</TableCell>
                      <TableCell>{mapping.analyte ?? '(the code itself)'}</TableCell>
                      <TableCell>{mapping.unit ?? 'as sent'}</TableCell>
                      <TableCell>{shortTime(mapping.updatedAt)}</TableCell>
                      <TableCell><Button size="small" onClick={() => setChanging(mapping.analyzerCode)}>Change</Button></TableCell>
                    </TableRow>
                  )
                ))}
              </TableBody>
            </Table>
          </div>
        )}
      </Panel>
      <Panel title="Map a code not seen yet">
        <MappingForm interfaceName={name} onSave={save} />
      </Panel>
    </Page>
  );
}
