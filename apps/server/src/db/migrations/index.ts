import type { Knex } from 'knex';
import * as m0001 from './0001-foundation.js';
import * as m0002 from './0002-front-desk-base.js';
import * as m0003 from './0003-patients-identity.js';
import * as m0004 from './0004-patients-name-pairs.js';
import * as m0005 from './0005-name-vocabulary-seq.js';
import * as m0006 from './0006-name-edit-distance.js';
import * as m0007 from './0007-patients-mrn-key.js';
import * as m0008 from './0008-patients-alternate-phone-search.js';
import * as m0009 from './0009-patients-alternate-phone-statistics.js';
import * as m0010 from './0010-doctors-and-schedules.js';
import * as m0011 from './0011-appointments.js';
import * as m0012 from './0012-visits-and-queues.js';
import * as m0020 from './0020-session-notifications.js';
import * as m0023 from './0023-idempotency-key-scope.js';
import * as m0024 from './0024-patients-registration-digest.js';
import * as m0025 from './0025-audit-keyed-chain.js';
import * as m0027 from './0027-queue-counts.js';
import * as m0030 from './0030-icd10cm.js';
import * as m0032 from './0032-clinical-records.js';
import * as m0034 from './0034-formulary-and-drug-rules.js';
import * as m0035 from './0035-shipped-formulary-and-rules.js';
import * as m0036 from './0036-orders.js';
import * as m0037 from './0037-prescriptions.js';
import * as m0038 from './0038-prescriber-registration.js';
import * as m0040 from './0040-storekeeper-role.js';
import * as m0041 from './0041-stock-ledger.js';
import * as m0042 from './0042-dispensing.js';
import * as m0043 from './0043-stock-counts.js';
import * as m0044 from './0044-dispense-charges-and-substitution.js';
import * as m0045 from './0045-reorder-levels.js';
import * as m0046 from './0046-transfer-requests-and-quarantine.js';
import * as m0048 from './0048-offline-read-receipts.js';
import * as m0050 from './0050-lab-supervisor-role.js';
import * as m0051 from './0051-lab-workflow.js';
import * as m0052 from './0052-lab-worklist-index.js';
import * as m0053 from './0053-lab-worklist-cancelled-items.js';
import * as m0054 from './0054-lab-test-limits.js';
import * as m0055 from './0055-shipped-lab-limits.js';
import * as m0056 from './0056-lab-items-taken.js';
import * as m0057 from './0057-lab-requests-closed.js';
import * as m0058 from './0058-selling-prices-and-discrepancy-outcomes.js';
import * as m0059 from './0059-prescription-after-sign.js';
import * as m0060 from './0060-instrument-interfaces.js';
import * as m0061 from './0061-interface-message-retention.js';
import * as m0062 from './0062-interface-order-queue.js';
import * as m0064 from './0064-billing-supervisor-role.js';
import * as m0065 from './0065-billing-catalogue-and-prices.js';
import * as m0066 from './0066-billing-charges.js';
import * as m0067 from './0067-billing-invoices.js';
import * as m0068 from './0068-billing-payments-and-shifts.js';
import * as m0069 from './0069-auto-verification-rules.js';
import * as m0070 from './0070-billing-insurance.js';
import * as m0072 from './0072-stock-locations-closing.js';
import * as m0073 from './0073-lab-worklist-changes.js';

export interface Migration {
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/**
 * Every migration, in order. Forward-only: a landed migration is never edited; a change is a
 * new file appended here. Each runs in its own transaction.
 */
export const migrations: ReadonlyArray<readonly [name: string, migration: Migration]> = [
  ['0001-foundation', m0001],
  ['0002-front-desk-base', m0002],
  ['0003-patients-identity', m0003],
  ['0004-patients-name-pairs', m0004],
  ['0005-name-vocabulary-seq', m0005],
  ['0006-name-edit-distance', m0006],
  ['0007-patients-mrn-key', m0007],
  ['0008-patients-alternate-phone-search', m0008],
  ['0009-patients-alternate-phone-statistics', m0009],
  ['0010-doctors-and-schedules', m0010],
  ['0011-appointments', m0011],
  ['0012-visits-and-queues', m0012],
  ['0020-session-notifications', m0020],
  ['0023-idempotency-key-scope', m0023],
  ['0024-patients-registration-digest', m0024],
  ['0025-audit-keyed-chain', m0025],
  ['0027-queue-counts', m0027],
  ['0030-icd10cm', m0030],
  ['0032-clinical-records', m0032],
  ['0034-formulary-and-drug-rules', m0034],
  ['0035-shipped-formulary-and-rules', m0035],
  ['0036-orders', m0036],
  ['0037-prescriptions', m0037],
  ['0038-prescriber-registration', m0038],
  ['0040-storekeeper-role', m0040],
  ['0041-stock-ledger', m0041],
  ['0042-dispensing', m0042],
  ['0043-stock-counts', m0043],
  ['0044-dispense-charges-and-substitution', m0044],
  ['0045-reorder-levels', m0045],
  ['0046-transfer-requests-and-quarantine', m0046],
  ['0048-offline-read-receipts', m0048],
  ['0050-lab-supervisor-role', m0050],
  ['0051-lab-workflow', m0051],
  ['0052-lab-worklist-index', m0052],
  ['0053-lab-worklist-cancelled-items', m0053],
  ['0054-lab-test-limits', m0054],
  ['0055-shipped-lab-limits', m0055],
  ['0056-lab-items-taken', m0056],
  ['0057-lab-requests-closed', m0057],
  ['0058-selling-prices-and-discrepancy-outcomes', m0058],
  ['0059-prescription-after-sign', m0059],
  ['0060-instrument-interfaces', m0060],
  ['0061-interface-message-retention', m0061],
  ['0062-interface-order-queue', m0062],
  ['0064-billing-supervisor-role', m0064],
  ['0065-billing-catalogue-and-prices', m0065],
  ['0066-billing-charges', m0066],
  ['0067-billing-invoices', m0067],
  ['0068-billing-payments-and-shifts', m0068],
  ['0069-auto-verification-rules', m0069],
  ['0070-billing-insurance', m0070],
  ['0072-stock-locations-closing', m0072],
  ['0073-lab-worklist-changes', m0073],
];
