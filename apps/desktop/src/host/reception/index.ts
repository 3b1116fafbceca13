import type { HostDeskModule } from '../desk-module.js';
import { RECEPTION_MIGRATIONS, RECEPTION_TABLES } from './migrations.js';
import { ReceptionDesk } from './reception.js';

/** The reception desk's host part: its registration entry (the only file of the desk the workstation imports). */
export const receptionDesk: HostDeskModule<'reception'> = {
  id: 'reception',
  cacheTables: RECEPTION_TABLES,
  cacheMigrations: RECEPTION_MIGRATIONS,
  create: (context) => new ReceptionDesk(context),
};

