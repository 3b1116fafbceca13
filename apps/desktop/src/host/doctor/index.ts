import type { HostDeskModule } from '../desk-module.js';
import { DoctorDesk } from './doctor-desk.js';

/**
 * The doctor desk's host part: its registration entry (the only file of the desk the workstation
 * imports). It keeps what it needs offline in the key/value area (the cache's, or memory where
 * there is none), so it has no tables of its own yet.
 */
export const doctorDesk: HostDeskModule<'doctor'> = {
  id: 'doctor',
  cacheTables: [],
  cacheMigrations: [],
  create: (context) => new DoctorDesk(context),
};
