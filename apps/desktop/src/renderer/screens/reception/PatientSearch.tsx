import { Badge, Body1, Button, Caption1, Input, MessageBar, MessageBarBody, Spinner, makeStyles, mergeClasses, tokens } from '@fluentui/react-components';
import { PersonAdd20Regular, Search20Regular } from '@fluentui/react-icons';
import { useEffect, useRef, useState } from 'react';
import type { KeyboardEvent } from 'react';
import type { PatientListItem, PatientSearchOutcome } from '../../../shared/protocol/reception.js';
import { SEX_LABELS, ageLabel, formatPhone, patientName } from '../../../shared/reception/patients.js';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { localToday, longDate } from '../../components/format.js';
import { useDebounced, useModel } from '../../state/hooks.js';
import { useReception, useReceptionModel } from './use-reception.js';

const useStyles = makeStyles({
  root: { display: 'flex', flexDirection: 'column', rowGap: '12px', minWidth: 0 },
  searchRow: { display: 'flex', columnGap: '8px', alignItems: 'center' },
  input: { flexGrow: 1 },
  table: { display: 'flex', flexDirection: 'column', border: `1px solid ${tokens.colorNeutralStroke2}`, borderRadius: tokens.borderRadiusMedium, overflow: 'hidden' },
  row: {
    display: 'grid',
    gridTemplateColumns: '150px minmax(120px, 1fr) 210px 140px',
    columnGap: '12px',
    alignItems: 'center',
    padding: '8px 12px',
    borderTop: `1px solid ${tokens.colorNeutralStroke3}`,
    cursor: 'pointer',
    ':hover': { backgroundColor: tokens.colorNeutralBackground1Hover },
  },
  header: {
    borderTop: 'none',
    cursor: 'default',
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground3,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    ':hover': { backgroundColor: tokens.colorNeutralBackground3 },
  },
  active: {
    backgroundColor: tokens.colorBrandBackground2,
    boxShadow: `inset 3px 0 0 ${tokens.colorBrandStroke1}`,
    ':hover': { backgroundColor: tokens.colorBrandBackground2Hover },
  },
  mrn: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200 },
  name: { display: 'flex', alignItems: 'center', columnGap: '8px', fontWeight: tokens.fontWeightSemibold, minWidth: 0 },
  muted: { color: tokens.colorNeutralForeground3 },
  empty: { padding: '24px 12px', display: 'flex', flexDirection: 'column', alignItems: 'center', rowGap: '10px', color: tokens.colorNeutralForeground3 },
  footer: { display: 'flex', alignItems: 'center', justifyContent: 'space-between', color: tokens.colorNeutralForeground3 },
});

interface Outcome {
  query: string;
  result: PatientSearchOutcome | undefined;
  error: HostError | undefined;
}

/**
 * One box for a name, MRN, phone or national ID; results as you type (debounced, stale
 * answers dropped), arrows and Enter to open. The host answers from the server, or from this
 * workstation's copy while offline.
 */
export function PatientSearch({ onRegister }: { onRegister?: (typed: string) => void }) {
  const styles = useStyles();
  const model = useModel();
  const reception = useReceptionModel();
  const { overview } = useReception();
  const [query, setQuery] = useState('');
  const [outcome, setOutcome] = useState<Outcome>({ query: '', result: undefined, error: undefined });
  const [active, setActive] = useState(0);
  const latest = useRef(0);
  const settled = useDebounced(query.trim(), 200);
  const today = overview?.hospital?.serviceDate ?? localToday();

  useEffect(() => {
    if (settled === '') {
      setOutcome({ query: '', result: undefined, error: undefined });
      return;
    }
    // Only the newest request's answer is shown: typing on makes older ones stale.
    const serial = ++latest.current;
    void reception.search(settled).then((result) => {
      if (serial !== latest.current) return;
      setOutcome(result.ok ? { query: settled, result: result.value, error: undefined } : { query: settled, result: undefined, error: result.error });
      setActive(0);
    });
  }, [model, settled]);

  const items = outcome.result?.items ?? [];
  const searching = query.trim() !== '' && (settled !== query.trim() || outcome.query !== settled);
  const open = (item: PatientListItem | undefined) => {
    if (item !== undefined) model.navigate('patient', item.id);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      setActive((index) => Math.min(items.length - 1, index + 1));
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      setActive((index) => Math.max(0, index - 1));
    } else if (event.key === 'Enter' && !searching) {
      event.preventDefault();
      open(items[active]);
    } else if (event.key === 'Escape') {
      setQuery('');
    }
  };
  const optionId = (index: number) => `patient-option-${index}`;

  return (
    <div className={styles.root}>
      <div className={styles.searchRow}>
        <Input
          className={styles.input}
          size="large"
          type="search"
          autoFocus
          value={query}
          placeholder="Name, MRN, phone or national ID"
          contentBefore={<Search20Regular />}
          contentAfter={searching ? <Spinner size="tiny" aria-label="Searching" /> : undefined}
          aria-label="Search patients"
          role="combobox"
          aria-expanded={items.length > 0}
          aria-controls="patient-results"
          aria-activedescendant={items.length > 0 ? optionId(active) : undefined}
          aria-autocomplete="list"
          onChange={(_, data) => setQuery(data.value)}
          onKeyDown={onKeyDown}
        />
        {onRegister !== undefined ? (
          <Button size="large" icon={<PersonAdd20Regular />} onClick={() => onRegister(query.trim())}>
            Register new patient
          </Button>
        ) : null}
      </div>
      {outcome.result?.source === 'cache' && outcome.query !== '' ? (
        <MessageBar intent="warning" data-testid="search-offline">
          <MessageBarBody>
            Offline: these results come from this workstation's copy (patients seen recently and today), not from the server.
          </MessageBarBody>
        </MessageBar>
      ) : null}
      {outcome.error !== undefined ? <ErrorBar error={outcome.error} /> : null}
      {outcome.result !== undefined && outcome.query !== '' ? (
        items.length === 0 ? (
          <div className={styles.empty}>
            <Body1>No patient matches “{outcome.query}”.</Body1>
            {onRegister !== undefined ? (
              <Button appearance="primary" icon={<PersonAdd20Regular />} onClick={() => onRegister(outcome.query)}>
                Register a new patient
              </Button>
            ) : null}
          </div>
        ) : (
          <div className={styles.table}>
            <div className={mergeClasses(styles.row, styles.header)} aria-hidden="true">
              <span>MRN</span>
              <span>Name</span>
              <span>Sex · age · born</span>
              <span>Phone</span>
            </div>
            <div role="listbox" id="patient-results" aria-label="Patients found">
              {items.map((item, index) => {
                const age = ageLabel(item.birthDate, item.birthDateEstimated, today);
                return (
                  <div
                    key={item.id}
                    id={optionId(index)}
                    role="option"
                    aria-selected={index === active}
                    className={mergeClasses(styles.row, index === active ? styles.active : undefined)}
                    onMouseEnter={() => setActive(index)}
                    onClick={() => open(item)}
                  >
                    <span className={styles.mrn}>{item.mrn}</span>
                    <span className={styles.name}>
                      {patientName(item)}
                      {item.pending ? <Badge size="small" appearance="tint" color="warning">Not sent yet</Badge> : null}
                    </span>
                    <span>
                      {SEX_LABELS[item.sex]}{age === '' ? '' : ` · ${age}`}
                      {item.birthDate === null ? null : <span className={styles.muted}> · {item.birthDateEstimated ? `~${item.birthDate.slice(0, 4)}` : longDate(item.birthDate)}</span>}
                    </span>
                    <span>{item.phone === null ? <span className={styles.muted}>None</span> : formatPhone(item.phone)}</span>
                  </div>
                );
              })}
            </div>
          </div>
        )
      ) : null}
      {query.trim() === '' ? (
        <Caption1 className={styles.muted}>Scan the barcode on a wristband or registration slip to open the record at once.</Caption1>
      ) : null}
      {items.length > 0 ? (
        <div className={styles.footer}>
          <Caption1>{items.length === 1 ? '1 patient' : `${items.length} patients`}</Caption1>
          <Caption1>↑ ↓ to choose · Enter to open</Caption1>
        </div>
      ) : null}
    </div>
  );
}
