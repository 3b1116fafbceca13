import type { HostDeskModule } from '../desk-module.js';
import { LabDesk } from './lab-desk.js';

/** The lab desk's host part: its registration entry (the only file of the desk the workstation imports). */
export const labDesk: HostDeskModule<'lab'> = {
  id: 'lab',
  // The worklist is kept in the key/value area; no tables yet.
  cacheTables: [],
  cacheMigrations: [],
  create: (context) => new LabDesk(context),
};
