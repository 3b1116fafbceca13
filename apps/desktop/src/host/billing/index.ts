import type { HostDeskModule } from '../desk-module.js';
import { BillingDesk } from './billing-desk.js';
import { BILLING_MIGRATIONS, BILLING_TABLES } from './migrations.js';

/** The cashier desk's host part: its registration entry (the only file of the desk the workstation imports). */
export const billingDesk: HostDeskModule<'billing'> = {
  id: 'billing',
  cacheTables: BILLING_TABLES,
  cacheMigrations: BILLING_MIGRATIONS,
  create: (context) => new BillingDesk(context),
};
