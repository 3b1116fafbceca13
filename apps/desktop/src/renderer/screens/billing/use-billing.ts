import { useSyncExternalStore } from 'react';
import { useModel, useWorkstation } from '../../state/hooks.js';
import type { BillingSettings } from '../../../shared/billing/settings.js';
import { BillingSettingsSchema } from '../../../shared/billing/settings.js';
import { BILLING_MODEL } from './billing-model.js';
import type { BillingModel, BillingState } from './billing-model.js';

export function useBillingModel(): BillingModel {
  return useModel().desk(BILLING_MODEL);
}

export function useBilling(): BillingState {
  const billing = useBillingModel();
  return useSyncExternalStore(billing.subscribe, billing.getSnapshot);
}

const DEFAULTS = BillingSettingsSchema.parse({});

/** This workstation's cashier settings (currency, denominations, desk code); the defaults until the host answered. */
export function useBillingSettings(): BillingSettings {
  return useWorkstation().settings?.desks.billing ?? DEFAULTS;
}
