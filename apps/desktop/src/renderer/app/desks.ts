import { adminDesk } from '../screens/admin/index.js';
import { billingDesk } from '../screens/billing/index.js';
import { doctorDesk } from '../screens/doctor/index.js';
import { labDesk } from '../screens/lab/index.js';
import { nurseDesk } from '../screens/nurse/index.js';
import { pharmacyDesk } from '../screens/pharmacy/index.js';
import { receptionDesk } from '../screens/reception/index.js';
import type { AnyRendererDesk } from './desk-module.js';
import { DeskRegistry } from './desk-registry.js';
import { WORKSTATION_SCREENS } from './workstation-screens.js';

/**
 * Every desk of this workstation, in the order the navigation lists them: the one place that
 * names desks (each by its registration entry point, screens/<desk>/index.ts). Add a desk here.
 */
export const RENDERER_DESKS: readonly AnyRendererDesk[] = [receptionDesk, doctorDesk, nurseDesk, pharmacyDesk, labDesk, billingDesk, adminDesk];

export function createDeskRegistry(): DeskRegistry {
  return new DeskRegistry(RENDERER_DESKS, WORKSTATION_SCREENS);
}
