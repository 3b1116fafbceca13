import { defineDesk } from '../../app/desk-module.js';
import type { AdminSection } from './admin-section.js';
import { ADMIN_MODEL, AdminModel } from './admin-model.js';
import { interfacesSection } from './interfaces-section.js';

/** The admin desk's sections, in the order the navigation lists them; a new section is one entry here. */
export const ADMIN_SECTIONS: readonly AdminSection[] = [interfacesSection];

/**
 * The admin desk's renderer part (issue 17's desk; issue 14's Interfaces is its first section).
 * Its host part is src/host/admin/; both are registered under the id 'admin'. Online only: it
 * queues no writes.
 */
export const adminDesk = defineDesk({
  id: 'admin',
  label: 'Administration',
  roles: ['admin'],
  screens: ADMIN_SECTIONS.flatMap((section) => section.screens),
  model: { key: ADMIN_MODEL, create: (context) => new AdminModel(context) },
  offlineWrites: {},
});
