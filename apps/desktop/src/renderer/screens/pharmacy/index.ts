import { ArrowReply24Regular, BuildingRetail24Regular, ArrowSwap24Regular, BoxDismiss24Regular, DataBarVertical24Regular, BoxCheckmark24Regular, BoxMultiple24Regular, ClipboardError24Regular, ClipboardTaskListLtr24Regular, Pill24Regular, VehicleTruckBag24Regular, Warning24Regular } from '@fluentui/react-icons';
import { DISPENSER_ROLES, RECALL_ROLES, STOCK_ADJUSTER_ROLES, STOCK_LOCATION_ROLES, STOCK_RECEIVER_ROLES, STOCK_VIEWER_ROLES, TRANSFER_REQUEST_ROLES } from '@hms/core';
import type { Role } from '@hms/core';
import { defineDesk } from '../../app/desk-module.js';
import { CountScreen } from './CountScreen.js';
import { DiscrepanciesScreen } from './DiscrepanciesScreen.js';
import { DispenseScreen } from './DispenseScreen.js';
import { LocationsScreen } from './LocationsScreen.js';
import { PHARMACY_MODEL, PharmacyModel } from './pharmacy-model.js';
import { QuarantineScreen } from './QuarantineScreen.js';
import { pharmacyOfflineWrites } from './offline-writes.js';
import { ReceiveScreen } from './ReceiveScreen.js';
import { RecallsScreen } from './RecallsScreen.js';
import { ReportsScreen } from './ReportsScreen.js';
import { ReturnsScreen } from './ReturnsScreen.js';
import { StockScreen } from './StockScreen.js';
import { TransfersScreen } from './TransfersScreen.js';
import { WorklistScreen } from './WorklistScreen.js';

/** Pharmacists dispense and keep the stock; storekeepers keep the stock only; administrators set up its locations only (the contract's lists). */
const PHARMACY_ROLES: readonly Role[] = [...new Set<Role>([...DISPENSER_ROLES, ...STOCK_RECEIVER_ROLES, ...STOCK_LOCATION_ROLES])];

/**
 * The pharmacy desk's renderer part: dispensing (worklist, dispense, discrepancies, returns) and recalls for
 * pharmacists, and the stock screens (receive goods, stock on hand, count sheet, transfers, quarantine, reports) for
 * pharmacists and storekeepers, and the stock locations for storekeepers and administrators. Its host part is src/host/pharmacy/; both are registered under
 * the id 'pharmacy'.
 */
export const pharmacyDesk = defineDesk({
  id: 'pharmacy',
  label: 'Pharmacy',
  roles: PHARMACY_ROLES,
  screens: [
    { route: 'pharmacy', label: 'Dispensing', icon: Pill24Regular, roles: DISPENSER_ROLES, component: WorklistScreen },
    { route: 'dispense', label: 'Dispense', icon: BoxCheckmark24Regular, roles: DISPENSER_ROLES, component: DispenseScreen, within: 'pharmacy' },
    { route: 'pharmacy-discrepancies', label: 'Discrepancies', icon: ClipboardError24Regular, roles: DISPENSER_ROLES, component: DiscrepanciesScreen },
    { route: 'pharmacy-returns', label: 'Returns', icon: ArrowReply24Regular, roles: DISPENSER_ROLES, component: ReturnsScreen },
    { route: 'pharmacy-receive', label: 'Receive goods', icon: VehicleTruckBag24Regular, roles: STOCK_RECEIVER_ROLES, component: ReceiveScreen },
    { route: 'pharmacy-stock', label: 'Stock', icon: BoxMultiple24Regular, roles: STOCK_VIEWER_ROLES, component: StockScreen },
    { route: 'pharmacy-count', label: 'Count sheet', icon: ClipboardTaskListLtr24Regular, roles: STOCK_ADJUSTER_ROLES, component: CountScreen },
    { route: 'pharmacy-quarantine', label: 'Quarantine', icon: BoxDismiss24Regular, roles: STOCK_ADJUSTER_ROLES, component: QuarantineScreen },
    { route: 'pharmacy-reports', label: 'Stock reports', icon: DataBarVertical24Regular, roles: STOCK_ADJUSTER_ROLES, component: ReportsScreen },
    { route: 'pharmacy-recalls', label: 'Recalls', icon: Warning24Regular, roles: RECALL_ROLES, component: RecallsScreen },
    { route: 'pharmacy-transfers', label: 'Transfers', icon: ArrowSwap24Regular, roles: TRANSFER_REQUEST_ROLES, component: TransfersScreen },
    { route: 'pharmacy-locations', label: 'Stock locations', icon: BuildingRetail24Regular, roles: STOCK_LOCATION_ROLES, component: LocationsScreen },
  ],
  model: { key: PHARMACY_MODEL, create: (context) => new PharmacyModel(context) },
  offlineWrites: pharmacyOfflineWrites,
});
