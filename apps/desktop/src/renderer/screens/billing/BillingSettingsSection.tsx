import { Field, Input } from '@fluentui/react-components';
import { Money20Regular } from '@fluentui/react-icons';
import { formatMinorUnits, parseMajorUnits } from '@hms/core';
import { useEffect, useState } from 'react';
import { Panel } from '../../components/Page.js';
import type { SettingsDraft } from '../settings/use-settings-draft.js';

/** Denominations typed as major units, largest first ("1000, 500, 0.5"); undefined when one does not read. */
export function parseDenominations(text: string, minorDigits: number): number[] | undefined {
  const parts = text.split(/[,;\s]+/).filter((part) => part !== '');
  const values: number[] = [];
  for (const part of parts) {
    const parsed = parseMajorUnits(part, minorDigits);
    if (!parsed.ok || parsed.minor === 0) return undefined;
    values.push(parsed.minor);
  }
  return values.length === 0 ? undefined : [...new Set(values)].sort((a, b) => b - a);
}

/** The cashier desk's own settings on this workstation: its code for offline receipts, the currency and the cash it is counted in. */
export function BillingSettingsSection({ settings }: { settings: SettingsDraft }) {
  const { draft } = settings;
  const billing = draft?.desks.billing;
  const [denominations, setDenominations] = useState('');
  useEffect(() => {
    if (billing !== undefined) setDenominations(billing.denominations.map((value) => formatMinorUnits(value, billing.currency.minorDigits).replace(/\.0+$/, '')).join(', '));
  }, [billing === undefined]);
  if (draft === undefined || billing === undefined) return null;
  const update = (patch: Partial<typeof billing>) => settings.update((current) => ({ ...current, desks: { ...current.desks, billing: { ...current.desks.billing, ...patch } } }));
  const parsed = parseDenominations(denominations, billing.currency.minorDigits);
  return (
    <Panel title="Cashier desk" icon={<Money20Regular />}>
      <Field
        label="Desk code"
        hint="Printed before the receipts this desk numbers itself while the server is away (CSH1-RCT-2026-000007). Each cashier desk has its own; without one, no payment is taken offline."
        validationMessage={settings.fields['desks.billing.deskCode']}
      >
        <Input value={billing.deskCode ?? ''} onChange={(_, data) => update({ deskCode: data.value.trim() === '' ? undefined : data.value.trim().toUpperCase() })} />
      </Field>
      <Field label="Currency" hint="ISO code, as amounts are shown" validationMessage={settings.fields['desks.billing.currency.code']}>
        <Input value={billing.currency.code} onChange={(_, data) => update({ currency: { ...billing.currency, code: data.value.trim().toUpperCase() } })} />
      </Field>
      <Field
        label="Notes and coins"
        hint="What the cash is counted in at closing, largest first, in the currency's units"
        validationMessage={parsed === undefined ? 'Each is an amount such as 1000 or 0.50' : settings.fields['desks.billing.denominations']}
      >
        <Input
          value={denominations}
          onChange={(_, data) => {
            setDenominations(data.value);
            const values = parseDenominations(data.value, billing.currency.minorDigits);
            if (values !== undefined) update({ denominations: values });
          }}
        />
      </Field>
    </Panel>
  );
}
