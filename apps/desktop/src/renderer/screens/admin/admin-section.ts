import type { DeskScreen } from '../../app/desk-module.js';

/**
 * One part of the admin desk (Interfaces; Users, Settings, Audit, Dashboards and Workstations as
 * their issues land): its screens, listed together in the navigation, routes prefixed `admin-`.
 * A section is added by appending it to ADMIN_SECTIONS in index.ts.
 */
export interface AdminSection {
  id: string;
  screens: readonly DeskScreen[];
}
