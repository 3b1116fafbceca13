import { adminDesk } from './admin/index.js';
import { billingDesk } from './billing/index.js';
import { WORKSTATION_MIGRATIONS, cacheMigrations } from './cache/migrations.js';
import type { HostDeskModules } from './desk-module.js';
import { doctorDesk } from './doctor/index.js';
import { labDesk } from './lab/index.js';
import { nurseDesk } from './nurse/index.js';
import { pharmacyDesk } from './pharmacy/index.js';
import { receptionDesk } from './reception/index.js';

/** Every desk's host part, registered once: the host loops over these and names no desk. */
export const HOST_DESKS: HostDeskModules = {
  reception: receptionDesk,
  doctor: doctorDesk,
  nurse: nurseDesk,
  pharmacy: pharmacyDesk,
  lab: labDesk,
  admin: adminDesk,
  billing: billingDesk,
};

/** The cache's whole schema: the workstation's migrations and every desk's, in one sequence. */
export const CACHE_MIGRATIONS = cacheMigrations([WORKSTATION_MIGRATIONS, ...Object.values(HOST_DESKS).map((desk) => desk.cacheMigrations)]);
