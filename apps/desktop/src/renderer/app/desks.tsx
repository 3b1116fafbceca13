import type { Role } from '@hms/core';
import type { FluentIcon } from '@fluentui/react-icons';
import { PeopleQueue24Regular } from '@fluentui/react-icons';
import type { ComponentType } from 'react';
import { ReceptionDesk } from '../screens/ReceptionDesk.js';

/**
 * A desk of the workstation: one entry in the left navigation and the screen it opens. Add a
 * desk (doctor, pharmacy, lab, billing) by adding an entry here; see apps/desktop/README.md.
 */
export interface DeskDefinition {
  /** The route: #/<id>. */
  id: string;
  label: string;
  icon: FluentIcon;
  /** Who sees the desk in the navigation; the server still checks every call. */
  roles: readonly Role[];
  component: ComponentType;
}

export const DESKS: readonly DeskDefinition[] = [
  { id: 'reception', label: 'Reception', icon: PeopleQueue24Regular, roles: ['receptionist', 'admin', 'nurse'], component: ReceptionDesk },
];

export function desksFor(roles: readonly Role[]): DeskDefinition[] {
  return DESKS.filter((desk) => desk.roles.some((role) => roles.includes(role)));
}
