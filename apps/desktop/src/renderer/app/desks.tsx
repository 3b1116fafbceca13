import type { Role } from '@hms/core';
import type { FluentIcon } from '@fluentui/react-icons';
import { PeopleQueue24Regular, PersonAdd24Regular, PersonSearch24Regular } from '@fluentui/react-icons';
import { methods } from '@hms/core';
import type { ComponentType } from 'react';
import { RECEPTION_DESK_ROLES } from '../../shared/reception/desk-permissions.js';
import { PatientScreen } from '../screens/reception/PatientScreen.js';
import { QueueBoardScreen } from '../screens/reception/QueueBoardScreen.js';
import { ReceptionScreen } from '../screens/reception/ReceptionScreen.js';
import { RegisterScreen } from '../screens/reception/RegisterScreen.js';

/**
 * A screen of a desk: an entry in the left navigation (unless `within` another) and what it
 * opens. Add a desk (doctor, pharmacy, lab, billing) by adding entries here; see apps/desktop/README.md.
 */
export interface DeskDefinition {
  /** The route: #/<id>[/<args>]. */
  id: string;
  label: string;
  icon: FluentIcon;
  /** The navigation section it is listed under. */
  section: string;
  /** Who sees it; the server still checks every call. */
  roles: readonly Role[];
  component: ComponentType;
  /** Not listed: opened from another screen, whose entry stays selected. */
  within?: string;
}

const FRONT_DESK = RECEPTION_DESK_ROLES;

export const DESKS: readonly DeskDefinition[] = [
  { id: 'reception', label: 'Find patient', icon: PersonSearch24Regular, section: 'Reception', roles: FRONT_DESK, component: ReceptionScreen },
  { id: 'register', label: 'Register patient', icon: PersonAdd24Regular, section: 'Reception', roles: methods['patients.register'].access, component: RegisterScreen },
  { id: 'queue', label: 'Queue board', icon: PeopleQueue24Regular, section: 'Reception', roles: [...FRONT_DESK, 'doctor'], component: QueueBoardScreen },
  { id: 'patient', label: 'Patient', icon: PersonSearch24Regular, section: 'Reception', roles: [...FRONT_DESK, 'doctor'], component: PatientScreen, within: 'reception' },
];

export function desksFor(roles: readonly Role[]): DeskDefinition[] {
  return DESKS.filter((desk) => desk.roles.some((role) => roles.includes(role)));
}
