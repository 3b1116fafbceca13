import { ChargeSchema, InvoiceSchema, PaymentSchema, ShiftSchema } from '@hms/core';
import { z } from 'zod';
import type { ShiftView } from '../../shared/billing/views.js';
import type { KeyValueStore } from '../cache/local-cache.js';

const StoredAccountSchema = z.object({
  serverUrl: z.string(),
  asOf: z.string(),
  charges: z.array(ChargeSchema),
  uninvoicedMinor: z.number().int(),
  invoices: z.array(InvoiceSchema),
  /** The server's payments and refunds of the patient (any desk's). */
  payments: z.array(PaymentSchema),
  depositBalanceMinor: z.number().int(),
});
export type StoredAccount = z.infer<typeof StoredAccountSchema>;

const StoredShiftSchema = z.object({ serverUrl: z.string(), username: z.string(), shift: ShiftSchema });

const accountKey = (patientId: string) => `billing.account.${patientId}`;
const SHIFT_KEY = 'billing.shift';

/**
 * What the cashier desk keeps in the key/value area, per server: each account read at this desk
 * (the balances a payment is taken against offline) and the cashier's shift as it was opened or
 * closed here (payments offline still belong to it).
 */
export class AccountStore {
  private readonly values: KeyValueStore;
  private readonly serverUrl: () => string;

  constructor(values: KeyValueStore, serverUrl: () => string) {
    this.values = values;
    this.serverUrl = serverUrl;
  }

  account(patientId: string): StoredAccount | undefined {
    const stored = this.values.getValue(accountKey(patientId), StoredAccountSchema);
    return stored?.serverUrl === this.serverUrl() ? stored : undefined;
  }

  keepAccount(patientId: string, account: Omit<StoredAccount, 'serverUrl'>): void {
    this.values.setValue(accountKey(patientId), { serverUrl: this.serverUrl(), ...account });
  }

  shift(username: string | null): ShiftView | undefined {
    const stored = this.values.getValue(SHIFT_KEY, StoredShiftSchema);
    return stored?.serverUrl === this.serverUrl() && stored.username === username ? stored.shift : undefined;
  }

  keepShift(username: string, shift: ShiftView): void {
    this.values.setValue(SHIFT_KEY, { serverUrl: this.serverUrl(), username, shift });
  }
}
