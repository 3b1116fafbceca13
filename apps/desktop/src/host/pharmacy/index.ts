import type { HostDeskModule } from '../desk-module.js';
import { PharmacyDesk } from './pharmacy-desk.js';

/** The pharmacy desk's host part: its registration entry (the only file of the desk the workstation imports). */
export const pharmacyDesk: HostDeskModule<'pharmacy'> = {
  id: 'pharmacy',
  // The worklist, the dispensary's stock picture and the products' facts are small: kept in the key/value area, no tables.
  cacheTables: [],
  cacheMigrations: [],
  create: (context) => new PharmacyDesk(context),
};
