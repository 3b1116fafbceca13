import {
  Badge, Body1, Button, Caption1, Field, Input, MessageBar, MessageBarBody, Spinner, Tab, TabList, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, makeStyles, tokens,
} from '@fluentui/react-components';
import { LAB_SECTIONS } from '@hms/core';
import type { LabWorklistEntry } from '@hms/core';
import { useEffect, useState } from 'react';
import { filterWorklist, sectionCounts, sectionTests } from '../../../shared/lab/worklist-filter.js';
import type { LabSection } from '../../../shared/lab/worklist-filter.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Page } from '../../components/Page.js';
import { shortTime } from '../../components/format.js';
import { SECTION_LABELS, SPECIMEN_STATUS_LABELS, TEST_STATUS_LABELS, containerLabel } from './labels.js';
import { useLab, useLabModel } from './use-lab.js';
import { ResultLink } from './ResultLink.js';

const useStyles = makeStyles({
  top: { display: 'flex', alignItems: 'flex-end', columnGap: '16px', flexWrap: 'wrap', rowGap: '8px' },
  accession: { fontFamily: tokens.fontFamilyMonospace, fontWeight: tokens.fontWeightSemibold },
  who: { display: 'flex', flexDirection: 'column' },
  name: { fontWeight: tokens.fontWeightSemibold },
  muted: { color: tokens.colorNeutralForeground3 },
  chips: { display: 'flex', flexWrap: 'wrap', gap: '4px' },
  chip: { whiteSpace: 'nowrap' },
  specimens: { display: 'flex', flexDirection: 'column', rowGap: '2px' },
  barcode: { fontFamily: tokens.fontFamilyMonospace },
  found: { backgroundColor: tokens.colorBrandBackground2 },
  scroll: { overflowX: 'auto' },
});

const PRIORITY_COLORS = { routine: 'informative', urgent: 'warning', stat: 'danger' } as const;

function TestChips({ entry, section }: { entry: LabWorklistEntry; section: LabSection | undefined }) {
  const styles = useStyles();
  return (
    <span className={styles.chips}>
      {sectionTests(entry, section).map((test) => (
        <Badge key={test.id ?? test.orderItemId ?? test.code} className={styles.chip} appearance="tint" color={test.status === 'awaiting_collection' ? 'warning' : test.status === 'cancelled' ? 'subtle' : 'brand'} title={`${test.name}: ${TEST_STATUS_LABELS[test.status]}`} data-testid="lab-test">
          {test.code} · {TEST_STATUS_LABELS[test.status]}
        </Badge>
      ))}
    </span>
  );
}

function Specimens({ entry, highlight }: { entry: LabWorklistEntry; highlight: string | undefined }) {
  const styles = useStyles();
  if (entry.specimens.length === 0) return <Caption1 className={styles.muted}>None collected</Caption1>;
  return (
    <span className={styles.specimens}>
      {entry.specimens.map((specimen) => (
        <span key={specimen.id} className={specimen.barcode === highlight ? styles.found : undefined} data-testid="lab-specimen" data-barcode={specimen.barcode}>
          <span className={styles.barcode}>{specimen.barcode}</span> {containerLabel(specimen.container)} ·{' '}
          <Badge size="small" appearance="outline" color={specimen.status === 'rejected' ? 'danger' : specimen.status === 'received' ? 'success' : 'informative'}>{SPECIMEN_STATUS_LABELS[specimen.status]}</Badge>
        </span>
      ))}
    </span>
  );
}

/**
 * The lab's open work, oldest first, live (a doctor's order or a collection at another desk
 * arrives by its event): per section, narrowed by text; a scanned or typed specimen barcode or
 * accession finds its row.
 */
export function WorklistScreen() {
  const styles = useStyles();
  const lab = useLabModel();
  const { worklist, worklistError, found } = useLab();
  const [section, setSection] = useState<LabSection | undefined>(undefined);
  const [query, setQuery] = useState('');
  const [code, setCode] = useState('');
  useEffect(() => {
    // What the last scan found was true then: back at the worklist, it is found again by a new scan.
    lab.clearFound();
    void lab.loadWorklist();
  }, [lab]);
  const [inHand, setInHand] = useState<number | undefined>(undefined);
  const live = worklist?.live === true;
  // How many tubes this desk can still label with the LAN down (topped up while it is live).
  useEffect(() => {
    void lab.accessions().then((result) => setInHand(result.ok ? result.value.remaining : undefined));
  }, [lab, live]);
  const all = worklist?.entries ?? [];
  const counts = sectionCounts(all);
  const entries = filterWorklist(all, section, query);
  const foundKey = found === undefined || found.found === 'none' ? undefined : found.entry.requestId;
  const foundBarcode = found?.found === 'specimen' ? found.specimen.barcode : undefined;
  const subtitle = worklist === undefined ? undefined : `${all.length} open · ${worklist.live ? 'live' : worklist.asOf === null ? 'not read yet' : `as kept at ${shortTime(worklist.asOf)} (offline)`}`;
  return (
    <Page title="Lab worklist" subtitle={subtitle}>
      <TabList selectedValue={section ?? 'all'} onTabSelect={(_, data) => setSection(data.value === 'all' ? undefined : data.value as LabSection)} data-testid="lab-sections">
        <Tab value="all">All ({all.length})</Tab>
        {LAB_SECTIONS.map((value) => <Tab key={value} value={value}>{SECTION_LABELS[value]} ({counts.get(value) ?? 0})</Tab>)}
      </TabList>
      <div className={styles.top}>
        <Field label="Patient, MRN, accession or test">
          <Input value={query} onChange={(_, data) => setQuery(data.value)} placeholder="Search the worklist" data-testid="lab-search" />
        </Field>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (code.trim() !== '') void lab.find(code).then((outcome) => outcome.found !== 'none' && setCode(''));
          }}
          style={{ display: 'flex', alignItems: 'flex-end', columnGap: '8px' }}
        >
          <Field label="Specimen barcode or accession (or scan it)">
            <Input value={code} onChange={(_, data) => setCode(data.value)} placeholder="L2600012344-1" data-testid="lab-code" />
          </Field>
          <Button type="submit" appearance="primary">Find</Button>
        </form>
        {worklist?.live === false ? <Badge color="warning" appearance="tint">Offline: the worklist as last kept</Badge> : null}
      </div>
      {found === undefined ? null : found.found === 'none' ? (
        <MessageBar intent="warning" data-testid="lab-scan-miss"><MessageBarBody>{found.message}</MessageBarBody></MessageBar>
      ) : (
        <MessageBar intent="success" data-testid="lab-scan-found">
          <MessageBarBody>
            {found.found === 'specimen' ? `Specimen ${found.specimen.barcode} (${containerLabel(found.specimen.container)}, ${SPECIMEN_STATUS_LABELS[found.specimen.status].toLowerCase()})` : `Accession ${found.entry.accession ?? ''}`}
            {' '}· {found.entry.patientName} ({found.entry.mrn}) · {found.entry.tests.map((test) => test.code).join(', ')}
          </MessageBarBody>
        </MessageBar>
      )}
      {worklistError === undefined ? null : <ErrorBar error={worklistError} what="The worklist could not be read" onRetry={() => void lab.loadWorklist()} />}
      {worklist === undefined ? (worklistError === undefined ? <Spinner label="Reading the worklist…" /> : null) : entries.length === 0 ? (
        <Body1 className={styles.muted}>{all.length === 0 ? 'Nothing waits in the lab.' : 'No open work matches.'}</Body1>
      ) : (
        <div className={styles.scroll}>
          <Table size="small" aria-label="Open lab work" style={{ minWidth: '1060px' }}>
            <TableHeader>
              <TableRow>
                <TableHeaderCell style={{ width: '120px' }}>Accession</TableHeaderCell>
                <TableHeaderCell style={{ width: '170px' }}>Patient</TableHeaderCell>
                <TableHeaderCell>Tests</TableHeaderCell>
                <TableHeaderCell style={{ width: '80px' }}>Priority</TableHeaderCell>
                <TableHeaderCell style={{ width: '230px' }}>Specimens</TableHeaderCell>
                <TableHeaderCell style={{ width: '130px' }}>Requested</TableHeaderCell>
                <TableHeaderCell style={{ width: '96px' }} />
              </TableRow>
            </TableHeader>
            <TableBody>
              {entries.map((entry) => (
                <TableRow
                  key={entry.requestId ?? entry.orderId}
                  className={foundKey !== undefined && entry.requestId === foundKey ? styles.found : undefined}
                  data-testid="lab-row"
                  data-accession={entry.accession ?? ''}
                  data-mrn={entry.mrn}
                >
                  <TableCell>{entry.accession === null ? <Caption1 className={styles.muted}>Not collected</Caption1> : <ResultLink entry={entry} className={styles.accession} />}</TableCell>
                  <TableCell>
                    <span className={styles.who}><span className={styles.name}>{entry.patientName}</span><Caption1 className={styles.muted}>{entry.mrn}</Caption1></span>
                  </TableCell>
                  <TableCell><TestChips entry={entry} section={section} /></TableCell>
                  <TableCell><Badge appearance="filled" color={PRIORITY_COLORS[entry.priority]}>{entry.priority}</Badge></TableCell>
                  <TableCell><Specimens entry={entry} highlight={foundBarcode} /></TableCell>
                  <TableCell>
                    <span className={styles.who}><span>{entry.requestedBy}</span><Caption1 className={styles.muted}>{shortTime(entry.orderedAt)}</Caption1></span>
                  </TableCell>
                  <TableCell>
                    {entry.tests.some((test) => test.status === 'awaiting_collection')
                      ? <Button size="small" appearance="primary" onClick={() => lab.openCollection(entry)} data-testid="lab-open-collect">{entry.specimens.some((specimen) => specimen.status === 'rejected') ? 'Recollect' : 'Collect'}</Button>
                      : null}
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        </div>
      )}
      <Caption1 className={styles.muted}>
        Scan a specimen label anywhere on this screen to find it.
        {inHand === undefined ? null : <span data-testid="lab-accessions"> {inHand} accession number{inHand === 1 ? '' : 's'} in hand for labelling offline.</span>}
      </Caption1>
    </Page>
  );
}
