import type { HostDeskModule } from '../desk-module.js';

/** The doctor desk's host part: its registration entry (the only file of the desk the workstation imports). */
export const doctorDesk: HostDeskModule<'doctor'> = {
  id: 'doctor',
  cacheTables: [],
  cacheMigrations: [],
  create: () => ({ handlers: {}, writes: {} }),
};
