import { Badge, Body1, Button, Caption1, Field, Input, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle, Select, Spinner, makeStyles, tokens } from '@fluentui/react-components';
import { Delete20Regular, Pill20Regular, Print20Regular, Wrench20Regular } from '@fluentui/react-icons';
import { DOSE_UNITS, FREQUENCIES, FREQUENCY_CODES, ROUTES, quantityUnit } from '@hms/core';
import type { Chart, Drug } from '@hms/core';
import { useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { Panel } from '../../components/Page.js';
import { PrintStatus } from '../../components/PrintStatus.js';
import { shortTime } from '../../components/format.js';
import { AlertList } from './AlertList.js';
import type { Consultation, ConsultationState } from './consultation.js';
import { prescriptionLines } from './consultation-lists.js';
import type { PrescriptionLine } from './consultation-lists.js';
import { refusedAlerts } from './rx-fix.js';
import { describeError } from '../../state/errors.js';
import { useModel } from '../../state/hooks.js';
import { prescriptionPrintKey } from './doctor-model.js';
import { PendingBadge } from './PendingBadge.js';
import { useDoctorModel } from './use-doctor.js';
import type { RxDraftItem } from './rx-draft.js';
import { SearchPicker } from './SearchPicker.js';

const useStyles = makeStyles({
  lines: { display: 'flex', flexDirection: 'column', rowGap: '12px' },
  line: { display: 'flex', flexDirection: 'column', rowGap: '8px', padding: '10px 12px', borderRadius: tokens.borderRadiusMedium, border: `1px solid ${tokens.colorNeutralStroke2}` },
  head: { display: 'flex', alignItems: 'center', columnGap: '8px' },
  grow: { flexGrow: 1 },
  fields: {
    display: 'grid',
    gridTemplateColumns: 'repeat(4, minmax(0, 1fr))',
    gap: '8px',
    alignItems: 'start',
    // Fluent's boxes keep a minimum width of their own: in this grid they take the column's.
    '& .fui-Input, & .fui-Select': { minWidth: 0, width: '100%' },
  },
  wide: { gridColumn: 'span 2' },
  footer: { display: 'flex', alignItems: 'center', columnGap: '12px', flexWrap: 'wrap' },
  muted: { color: tokens.colorNeutralForeground3 },
  written: { display: 'flex', flexDirection: 'column', rowGap: '8px', margin: 0, padding: 0, listStyleType: 'none' },
  writtenLine: { display: 'flex', flexDirection: 'column', rowGap: '4px', paddingBottom: '8px', borderBottom: `1px solid ${tokens.colorNeutralStroke3}` },
  local: { color: tokens.colorPaletteDarkOrangeForeground1 },
});

export type RxLineEdit = Partial<Omit<RxDraftItem, 'key' | 'drug'>>;

/** One line of a prescription being written (the builder) or corrected (a refused one's fix form). */
export function RxLine({ item, errors, disabled, onEdit, onRemove }: {
  item: RxDraftItem;
  errors: Partial<Record<keyof RxDraftItem, string>>;
  disabled: boolean;
  onEdit: (patch: RxLineEdit) => void;
  /** Absent: the line cannot be removed (the last of a prescription being corrected). */
  onRemove: (() => void) | undefined;
}) {
  const styles = useStyles();
  const edit = onEdit;
  const drugName = item.drug.name;
  return (
    <div className={styles.line} role="group" aria-label={drugName} data-testid="rx-line">
      <div className={styles.head}>
        <Body1 className={styles.grow}><strong>{drugName}</strong></Body1>
        {onRemove === undefined ? null : <Button appearance="subtle" icon={<Delete20Regular />} aria-label={`Remove ${drugName}`} disabled={disabled} onClick={onRemove} />}
      </div>
      <div className={styles.fields}>
        <Field label="Dose" validationMessage={errors.dose}>
          <Input value={item.dose} inputMode="decimal" disabled={disabled} onChange={(_, data) => edit({ dose: data.value })} />
        </Field>
        <Field label="Unit">
          <Select value={item.doseUnit} disabled={disabled} onChange={(_, data) => edit({ doseUnit: DOSE_UNITS.find((unit) => unit === data.value) ?? item.doseUnit })}>
            {DOSE_UNITS.map((unit) => <option key={unit} value={unit}>{unit}</option>)}
          </Select>
        </Field>
        <Field label="Route">
          <Select value={item.route} disabled={disabled} onChange={(_, data) => edit({ route: item.drug.routes.find((route) => route === data.value) ?? item.route })}>
            {item.drug.routes.map((route) => <option key={route} value={route}>{ROUTES[route]}</option>)}
          </Select>
        </Field>
        <Field label="Frequency" validationMessage={errors.frequency}>
          <Select value={item.frequency} disabled={disabled} onChange={(_, data) => edit({ frequency: FREQUENCY_CODES.find((code) => code === data.value) ?? '' })}>
            <option value="">Choose…</option>
            {FREQUENCY_CODES.map((code) => <option key={code} value={code}>{FREQUENCIES[code].words}</option>)}
          </Select>
        </Field>
        <Field label="Days" validationMessage={errors.durationDays}>
          <Input value={item.durationDays} inputMode="numeric" disabled={disabled} onChange={(_, data) => edit({ durationDays: data.value })} />
        </Field>
        <Field label={`Quantity to dispense (${quantityUnit(item.drug.form)})`} validationMessage={errors.quantity}>
          <Input value={item.quantity} inputMode="decimal" disabled={disabled} onChange={(_, data) => edit({ quantity: data.value })} />
        </Field>
        <Field label="Instructions" className={styles.wide} validationMessage={errors.instructions}>
          <Input value={item.instructions} disabled={disabled} onChange={(_, data) => edit({ instructions: data.value })} />
        </Field>
      </div>
    </div>
  );
}

/** Why the server refused a prescription sent from this desk, and where to fix it (the conflicts inbox: change it or override, and send again). */
function RefusedNotice({ refusal }: { refusal: NonNullable<PrescriptionLine['refusal']> }) {
  const model = useModel();
  const blocking = refusedAlerts(refusal);
  return (
    <MessageBar intent="error" data-testid="rx-refused" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>{describeError(refusal).title}</MessageBarTitle>
        {refusal.message}
        {blocking.length === 0 ? null : ` ${blocking.map((alert) => alert.title).join('; ')}.`}
      </MessageBarBody>
      <MessageBarActions>
        <Button size="small" appearance="primary" icon={<Wrench20Regular />} onClick={() => model.navigate('outbox')}>Fix and send again</Button>
      </MessageBarActions>
    </MessageBar>
  );
}

function Written({ state, chart }: { state: ConsultationState; chart: Chart | undefined }) {
  const styles = useStyles();
  const doctor = useDoctorModel();
  const [printError, setPrintError] = useState<HostError | undefined>();
  const lines = prescriptionLines(state.view, state.serverPrescriptions);
  if (lines.length === 0) return null;
  return (
    <>
      <ul className={styles.written} aria-label="Prescribed">
        {lines.map((line) => (
          <li key={line.id} className={styles.writtenLine} data-testid="prescribed">
            <div className={styles.head}>
              <Body1 className={styles.grow}><strong>{line.number ?? 'Number to follow'}</strong></Body1>
              <PendingBadge pending={line.pending} />
              {line.overrides > 0 ? <Badge appearance="tint" color="warning">{line.overrides === 1 ? 'one alert overridden' : `${line.overrides} alerts overridden`}</Badge> : null}
              {/* A refused prescription is not printed: the paper would be dispensed as if it stood. */}
              <Button size="small" icon={<Print20Regular />} disabled={chart === undefined || line.status === 'cancelled' || line.pending === 'refused'} onClick={() => {
                if (chart === undefined) return;
                void doctor.printPrescription(line, chart).then(setPrintError);
              }}>Print</Button>
            </div>
            <Caption1>{line.items.map((item) => `${'name' in item && item.name !== undefined ? item.name : state.names[`drug:${item.drugId}`] ?? 'Medicine'}: ${item.dose} ${item.doseUnit} ${FREQUENCIES[item.frequency].words} for ${item.durationDays} days`).join('; ')}</Caption1>
            {line.refusal === null ? null : <RefusedNotice refusal={line.refusal} />}
            <PrintStatus keys={[prescriptionPrintKey(line.id)]} />
          </li>
        ))}
      </ul>
      {printError === undefined ? null : <ErrorBar error={printError} what="Prescription not printed" />}
    </>
  );
}

/** The prescription builder: drugs from the formulary, the safety check as the doctor types, blocking alerts overridden with a reason. */
export function PrescriptionPanel({ consultation, state, chart }: { consultation: Consultation; state: ConsultationState; chart: Chart | undefined }) {
  const styles = useStyles();
  const { rx } = state;
  const open = consultation.writable;
  const unresolved = consultation.unresolved();
  const blocked = unresolved.length > 0;
  return (
    <Panel title="Prescription" icon={<Pill20Regular />}>
      <Written state={state} chart={chart} />
      {open ? (
        <>
          <SearchPicker<Drug>
            label="Add a drug"
            placeholder="Generic name: amoxicillin, azithro 500…"
            search={(query) => consultation.searchDrugs(query)}
            toOptions={(drugs) => drugs.map((drug) => ({ key: drug.id, text: drug.name, detail: drug.routes.map((route) => ROUTES[route]).join(', '), value: drug }))}
            onPick={(drug) => consultation.addDrug(drug)}
            disabled={rx.busy}
          />
          {rx.items.length === 0 ? null : (
            <div className={styles.lines}>
              {rx.items.map((item) => (
                <RxLine
                  key={item.key}
                  item={item}
                  errors={rx.fieldErrors[item.key] ?? {}}
                  disabled={rx.busy}
                  onEdit={(patch) => consultation.editLine(item.key, patch)}
                  onRemove={() => consultation.removeLine(item.key)}
                />
              ))}
            </div>
          )}
          {rx.checkError === undefined ? null : <ErrorBar error={rx.checkError} what="Safety check not done" />}
          {rx.check?.source === 'local' ? (
            <Caption1 className={styles.local} data-testid="checked-locally">
              Checked on this workstation (the server cannot be reached): rule set {rx.check.ruleSetVersion}
              {rx.check.knowledgeAsOf === null ? '' : `, formulary and rules as of ${shortTime(rx.check.knowledgeAsOf)}`}
              {rx.check.chartAsOf === null ? '' : `, chart as of ${shortTime(rx.check.chartAsOf)}`}. The server checks again when it is back.
            </Caption1>
          ) : null}
          <AlertList alerts={rx.alerts} overrides={rx.overrides} onOverride={(key, reason) => consultation.override(key, reason)} disabled={rx.busy} />
          {rx.error === undefined ? null : <ErrorBar error={rx.error} what="Not prescribed" />}
          {rx.items.length === 0 ? null : (
            <div className={styles.footer}>
              <Button appearance="primary" icon={<Pill20Regular />} disabled={blocked || rx.busy} onClick={() => void consultation.prescribe()}>
                {rx.busy ? 'Prescribing…' : 'Prescribe'}
              </Button>
              {rx.checking ? <Spinner size="extra-tiny" label="Checking…" /> : null}
              {blocked ? (
                <Caption1 data-testid="rx-blocked">
                  {unresolved.length === 1 ? 'One alert blocks this prescription' : `${unresolved.length} alerts block this prescription`}: change it, or give the reason to go ahead.
                </Caption1>
              ) : null}
            </div>
          )}
        </>
      ) : null}
    </Panel>
  );
}
