import type { HostDeskModule } from '../desk-module.js';
import { NurseDesk } from './nurse.js';

/** The nurse desk's host part: its registration entry (the only file of the desk the workstation imports). */
export const nurseDesk: HostDeskModule<'nurse'> = {
  id: 'nurse',
  // Small things only, kept in the workstation's key/value area (charts, boards, queued writes): no tables of its own.
  cacheTables: [],
  cacheMigrations: [],
  create: (context) => new NurseDesk(context),
};
