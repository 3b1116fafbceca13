import type { HostDeskModule } from '../desk-module.js';

/** The nurse desk's host part: its registration entry (the only file of the desk the workstation imports). */
export const nurseDesk: HostDeskModule<'nurse'> = {
  id: 'nurse',
  cacheTables: [],
  cacheMigrations: [],
  create: () => ({ handlers: {}, writes: {} }),
};
