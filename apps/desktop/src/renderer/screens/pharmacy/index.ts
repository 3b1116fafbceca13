import { BoxCheckmark24Regular, ClipboardError24Regular, Pill24Regular } from '@fluentui/react-icons';
import { DISPENSER_ROLES } from '@hms/core';
import { defineDesk } from '../../app/desk-module.js';
import { DiscrepanciesScreen } from './DiscrepanciesScreen.js';
import { DispenseScreen } from './DispenseScreen.js';
import { PHARMACY_MODEL, PharmacyModel } from './pharmacy-model.js';
import { pharmacyOfflineWrites } from './offline-writes.js';
import { WorklistScreen } from './WorklistScreen.js';

/**
 * The pharmacy desk's renderer part: the dispensing worklist and the dispense screen. Its host
 * part is src/host/pharmacy/; both are registered under the id 'pharmacy'. Pharmacists see it.
 */
export const pharmacyDesk = defineDesk({
  id: 'pharmacy',
  label: 'Pharmacy',
  roles: DISPENSER_ROLES,
  screens: [
    { route: 'pharmacy', label: 'Dispensing', icon: Pill24Regular, component: WorklistScreen },
    { route: 'dispense', label: 'Dispense', icon: BoxCheckmark24Regular, component: DispenseScreen, within: 'pharmacy' },
    { route: 'pharmacy-discrepancies', label: 'Discrepancies', icon: ClipboardError24Regular, component: DiscrepanciesScreen },
  ],
  model: { key: PHARMACY_MODEL, create: (context) => new PharmacyModel(context) },
  offlineWrites: pharmacyOfflineWrites,
});
