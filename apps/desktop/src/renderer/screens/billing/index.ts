import { Clock24Regular, Money24Regular, PeopleMoney24Regular, PersonMoney24Regular } from '@fluentui/react-icons';
import { BILLING_DESK_ROLES, methods } from '@hms/core';
import type { Role } from '@hms/core';
import { defineDesk } from '../../app/desk-module.js';
import { AccountScreen } from './AccountScreen.js';
import { BILLING_MODEL, BillingModel } from './billing-model.js';
import { BillingSettingsSection } from './BillingSettingsSection.js';
import { CashierScreen } from './CashierScreen.js';
import { billingOfflineWrites } from './offline-writes.js';
import { OpenShiftsScreen } from './OpenShiftsScreen.js';
import { ShiftScreen } from './ShiftScreen.js';

/** Who may do both: the contract's lists of the methods a screen cannot work without. */
function both(a: readonly Role[], b: readonly Role[]): Role[] {
  return a.filter((role) => b.includes(role));
}

/**
 * The cashier desk's renderer part (issue 15): a patient found at the window, their charges,
 * invoices, payments and refunds; the cashier's shift; every open shift for the supervisor. Who sees a screen follows the contract's
 * access lists (doctors and nurses are on none of them: no money screen). Its host part is
 * src/host/billing/; both are registered under the id 'billing'.
 */
export const billingDesk = defineDesk({
  id: 'billing',
  label: 'Cashier',
  roles: BILLING_DESK_ROLES,
  screens: [
    { route: 'cashier', label: 'Find patient', icon: PersonMoney24Regular, roles: both(methods['charges.forPatient'].access, methods['patients.search'].access), component: CashierScreen },
    { route: 'cashier-account', label: 'Account', icon: Money24Regular, roles: both(methods['charges.forPatient'].access, methods['patients.get'].access), component: AccountScreen, within: 'cashier' },
    { route: 'cashier-shift', label: 'My shift', icon: Clock24Regular, roles: both(methods['shifts.open'].access, methods['shifts.current'].access), component: ShiftScreen },
    { route: 'cashier-shifts', label: 'Open shifts', icon: PeopleMoney24Regular, roles: methods['shifts.list'].access, component: OpenShiftsScreen },
  ],
  model: { key: BILLING_MODEL, create: (context) => new BillingModel(context) },
  offlineWrites: billingOfflineWrites,
  settings: { label: 'Cashier desk', Section: BillingSettingsSection },
});
