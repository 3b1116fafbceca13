import { HmsError, PHARMACY_TOPIC } from '@hms/core';
import type { Handlers } from '../gateway/handler.js';
import { dispense } from './dispense-service.js';
import { dispensationsOf } from './dispensations-repo.js';
import { batchRecipients, recalledBatches } from './recall-reads.js';
import { recallBatch } from './recall-service.js';
import { returnToStock } from './return-service.js';
import { worklist } from './worklist-repo.js';
import { substitutesFor } from './substitutes-read.js';
import { defaultDispensary, openLocationAndToday } from '../stock/index.js';

type DispensingHandlers = Pick<Handlers, 'dispensing.worklist' | 'dispensing.dispensations' | 'dispensing.substitutes' | 'dispensing.dispense' | 'dispensing.return' | 'batches.recall' | 'batches.recipients' | 'batches.recalls'>;

export function dispensingHandlers(): DispensingHandlers {
  return {
    'dispensing.worklist': async (params, ctx) => {
      const items = await worklist(ctx.db, params, ctx.clock.now());
      ctx.connection.subscribe(PHARMACY_TOPIC);
      const patientIds = [...new Set(items.map((item) => item.patient.id))];
      await ctx.auditRead({
        action: 'dispensing.worklist', ...(patientIds.length === 1 ? { entityType: 'patient', entityId: patientIds[0]! } : {}),
        details: { count: items.length, patientIds, scan: params.scan !== undefined },
      });
      return { items };
    },
    'dispensing.dispensations': async (params, ctx) => {
      const read = await dispensationsOf(ctx.db, params.prescriptionId);
      await ctx.auditRead({ action: 'dispensing.dispensations', entityType: 'patient', entityId: read.patient.id, details: { prescriptionId: read.prescriptionId } });
      return read;
    },
    'dispensing.substitutes': async (params, ctx) => {
      const locationId = params.locationId ?? (await defaultDispensary(ctx.db)).id;
      const { today } = await openLocationAndToday(ctx.db, locationId, ctx.clock.now());
      const items = await substitutesFor(ctx.db, params.prescriptionId, locationId, today);
      if (items === undefined) throw HmsError.notFound('The prescription');
      return { locationId, today, items };
    },
    'dispensing.dispense': async (params, ctx) => ctx.write((scope) => dispense(scope, ctx.actor, params, ctx.clock.now())),
    'dispensing.return': async (params, ctx) => ctx.write((scope) => returnToStock(scope, ctx.actor, params, ctx.clock.now())),
    'batches.recall': async (params, ctx) => ctx.write((scope) => recallBatch(scope, ctx.actor, params, ctx.clock.now())),
    'batches.recipients': async (params, ctx) => {
      const read = await batchRecipients(ctx.db, params.batchId);
      // The list names patients: each one's disclosure is on their record, as the recall's is.
      for (const patientId of new Set(read.recipients.map((recipient) => recipient.patientId))) {
        await ctx.auditRead({ action: 'batches.recipients', entityType: 'patient', entityId: patientId, details: { batchId: read.batch.id, batchNumber: read.batch.batchNumber } });
      }
      return read;
    },
    'batches.recalls': async (params, ctx) => ({ items: await recalledBatches(ctx.db, params.limit) }),
  };
}
