import { Body1, Caption1, Field, MessageBar, MessageBarBody, Spinner, Textarea, makeStyles } from '@fluentui/react-components';
import { ROUTES } from '@hms/core';
import type { Drug, SafetyAlert } from '@hms/core';
import { useEffect, useRef, useState } from 'react';
import type { HostError } from '../../../shared/result.js';
import type { ConflictFixProps } from '../../app/desk-module.js';
import { ErrorBar } from '../../components/ErrorBar.js';
import { refusedFields } from '../../state/errors.js';
import { useModel } from '../../state/hooks.js';
import { AlertList } from './AlertList.js';
import { RxLine } from './PrescriptionPanel.js';
import { checkItemOf, draftItemFor } from './rx-draft.js';
import type { RxDraftItem } from './rx-draft.js';
import { draftOfItem, refusedAlerts, resentPrescription } from './rx-fix.js';
import { SearchPicker } from './SearchPicker.js';

const useStyles = makeStyles({
  form: { display: 'flex', flexDirection: 'column', rowGap: '12px' },
});

/** The check runs this long after the last change, as in the builder. */
const CHECK_DELAY_MS = 250;

/**
 * A prescription the server refused on replay (a blocking alert this desk's copy of the chart or
 * rules did not know, or a line it would not take): its lines to change (another drug, another
 * dose), checked again as the doctor edits, and the reason for each blocking alert they go ahead
 * with. Sent again under the same prescription id. When the consultation was signed since (the
 * sign reached the server first), it goes on the signed consultation as an addendum prescription,
 * with the doctor's reason: the server adds an addendum naming it.
 */
export function PrescriptionFix({ conflict, resendError, disabled, onParams }: ConflictFixProps<'prescriptions.create'>) {
  const styles = useStyles();
  const { api } = useModel();
  const { params } = conflict;
  const [items, setItems] = useState<RxDraftItem[] | undefined>();
  const [loadError, setLoadError] = useState<HostError | undefined>();
  const [patientId, setPatientId] = useState<string | undefined>();
  /** Lines whose product this workstation's formulary does not have: left out, and said so. */
  const [missing, setMissing] = useState(0);
  /** The consultation was signed since (its sign was replayed after this): added to it after signing, with a reason. */
  const [signed, setSigned] = useState(false);
  const [afterSign, setAfterSign] = useState(() => params.afterSign?.reason ?? '');
  const [alerts, setAlerts] = useState<SafetyAlert[]>(() => refusedAlerts(conflict.error));
  const [checking, setChecking] = useState(false);
  const [reasons, setReasons] = useState<Record<string, string>>(() => Object.fromEntries((params.overrides ?? []).map((override) => [override.alertKey, override.reason])));
  const nextKey = useRef(params.items.length);
  const fields = refusedFields(resendError ?? conflict.error);

  // The lines in the builder's terms (their products from the formulary kept here), and the patient the check is about.
  useEffect(() => {
    void (async () => {
      const drugs = await api.request('doctor.drugs', { ids: [...new Set(params.items.map((item) => item.drugId))] });
      if (!drugs.ok) {
        setLoadError(drugs.error);
        return;
      }
      const byId = new Map(drugs.value.items.map((drug) => [drug.id, drug]));
      const found = params.items.flatMap((item, index) => {
        const drug = byId.get(item.drugId);
        return drug === undefined ? [] : [draftOfItem(item, drug, `fix-${index}`)];
      });
      setMissing(params.items.length - found.length);
      setItems(found);
      const encounter = await api.call('encounters.get', { encounterId: params.encounterId });
      if (encounter.ok) {
        setPatientId(encounter.value.encounter.patientId);
        setSigned(encounter.value.encounter.status !== 'open');
      }
    })();
  }, []);

  // Checked again as it changes: the alerts shown are those the corrected prescription meets now.
  useEffect(() => {
    if (items === undefined || patientId === undefined || items.length === 0) return undefined;
    const checked = items.map(checkItemOf);
    if (checked.some((item) => item === undefined)) return undefined;
    const timer = window.setTimeout(() => {
      setChecking(true);
      void api.request('doctor.checkPrescription', { patientId, items: checked.flatMap((item) => (item === undefined ? [] : [item])) }).then((result) => {
        setChecking(false);
        if (result.ok) setAlerts(result.value.alerts);
      });
    }, CHECK_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [items, patientId]);

  useEffect(() => {
    if (items !== undefined) onParams(resentPrescription(params, items, alerts, reasons, signed ? afterSign : undefined));
  }, [items, alerts, reasons, signed, afterSign]);

  if (loadError !== undefined) return <ErrorBar error={loadError} what="The prescription's medicines could not be read" />;
  if (items === undefined) return <Spinner size="tiny" label="Reading the prescription…" />;
  const complete = items.every((item) => checkItemOf(item) !== undefined);
  const edit = (key: string, patch: Partial<RxDraftItem>) => setItems(items.map((item) => (item.key === key ? { ...item, ...patch } : item)));
  return (
    <div className={styles.form} aria-label="Prescription to correct" role="group">
      {signed ? (
        <>
          <MessageBar intent="warning" data-testid="rx-fix-signed">
            <MessageBarBody>
              The consultation was signed after this prescription was written. Sent again, it is added to the signed consultation as a prescription after signing:
              the signed note stays as it is, and an addendum names the prescription and your reason.
            </MessageBarBody>
          </MessageBar>
          <Field
            label="Why it is added after signing"
            hint="Required; stored with the prescription and in the consultation's addendum."
            required
            validationMessage={fields['afterSign.reason']}
          >
            <Textarea value={afterSign} onChange={(_event, data) => setAfterSign(data.value)} disabled={disabled} resize="vertical" data-testid="rx-fix-after-sign" />
          </Field>
        </>
      ) : null}
      {missing > 0 ? (
        <MessageBar intent="warning"><MessageBarBody>A medicine of this prescription is not in this workstation&apos;s formulary: it is left out; add it again below if it is still wanted.</MessageBarBody></MessageBar>
      ) : null}
      {items.length === 0 ? <Body1>No medicine left: add one, or discard this prescription instead.</Body1> : null}
      {items.map((item, index) => (
        <RxLine
          key={item.key}
          item={item}
          errors={Object.fromEntries(Object.entries(fields).flatMap(([path, message]) => {
            const [line, field] = path.split('.').slice(-2);
            return path.startsWith('items.') && Number(line) === index && field !== undefined ? [[field, message]] : [];
          }))}
          disabled={disabled}
          onEdit={(patch) => edit(item.key, patch)}
          onRemove={items.length > 1 ? () => setItems(items.filter((other) => other.key !== item.key)) : undefined}
        />
      ))}
      <SearchPicker<Drug>
        label="Add a drug instead"
        placeholder="Generic name: azithromycin…"
        search={async (query) => {
          const result = await api.request('doctor.searchDrugs', { query, limit: 12 });
          return result.ok ? { ok: true, value: result.value.items } : result;
        }}
        toOptions={(drugs) => drugs.map((drug) => ({ key: drug.id, text: drug.name, detail: drug.routes.map((route) => ROUTES[route]).join(', '), value: drug }))}
        onPick={(drug) => setItems([...items, draftItemFor(drug, `fix-${nextKey.current++}`)])}
        disabled={disabled}
      />
      {checking ? <Spinner size="extra-tiny" label="Checking…" /> : null}
      {complete ? null : <Caption1>Checked again once every line has its dose and frequency: the alerts below are from the last check.</Caption1>}
      {complete && !checking && alerts.length === 0 ? <Caption1>No alert for the prescription as it stands now.</Caption1> : null}
      <AlertList alerts={alerts} overrides={reasons} onOverride={(key, reason) => setReasons({ ...reasons, [key]: reason })} disabled={disabled} />
    </div>
  );
}
