import * as serverSupport from '@hms/server/test-support';
import { createTestUser, insertTestEncounter, insertTestPrescription, insertTestStock, prescriptionItemIds, stockLocationId } from '@hms/server/test-support';
import type { TestDatabase, TestServer } from '@hms/server/test-support';
import type { MethodName, ParamsIn, Result } from '@hms/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Host } from '../host.js';
import { startDeskStack } from '../test-support/desk-stack.js';
import type { DeskStack } from '../test-support/desk-stack.js';

// The Returns screen's calls through the host (server.call, as the renderer makes them), against
// the real server: a prescription dispensed at the desk is found by its id (what its barcode
// carries), its dispensations list what is still out per line, and unopened packs go back to the
// dispensary's shelf; never more than is out.

let stack: DeskStack<TestDatabase, TestServer>;
let desk: Host;
let prescriptionId: string;
let itemId: string;
let dispensary: string;

beforeAll(async () => {
  stack = await startDeskStack(serverSupport, { prefix: 'returns' });
  const { db } = stack.database;
  const pharmacist = await createTestUser(db, 'rosa.pharmacist', ['pharmacist']);
  const doctor = await createTestUser(db, 'dr.wekesa', ['doctor']);
  const encounter = await insertTestEncounter(db, { doctorId: doctor.id });
  prescriptionId = (await insertTestPrescription(db, encounter, doctor.id)).id;
  itemId = (await prescriptionItemIds(db, prescriptionId))[0]!;
  dispensary = await stockLocationId(db, 'DISP');
  await insertTestStock(db, { location: 'DISP', quantity: 40, expiry: '2029-03-31', batchNumber: 'PCM-RET' });
  desk = await stack.openHost({ workstationId: 'disp-returns', user: pharmacist });
}, 60_000);

afterAll(async () => {
  await stack?.stop();
});

const call = <M extends MethodName>(method: M, params: ParamsIn<M>) => desk.handlers['server.call']({ method, params, idempotencyKey: crypto.randomUUID() }) as Promise<Result<M>>;

describe('patient returns from the pharmacy desk', () => {
  it('finds the prescription, lists what is still out, and puts unopened packs back on the shelf', async () => {
    const outcome = await desk.handlers['pharmacy.dispense']({ prescriptionId, lines: [{ prescriptionItemId: itemId, quantity: 24 }] });
    expect(outcome.status).toBe('applied');
    const found = await call('dispensing.worklist', { scan: prescriptionId, includeComplete: true });
    expect(found.items.map((entry) => [entry.prescriptionId, entry.status])).toEqual([[prescriptionId, 'complete']]);
    const read = await call('dispensing.dispensations', { prescriptionId });
    const line = read.items[0]!.lines[0]!;
    expect(line).toMatchObject({ batchNumber: 'PCM-RET', quantity: 24, returned: 0, out: 24 });

    await call('dispensing.return', { dispensationLineId: line.id, quantity: 10, reason: 'Two boxes unopened: the doctor changed the dose' });
    const after = await call('dispensing.dispensations', { prescriptionId });
    expect(after.items[0]!.lines[0]).toMatchObject({ returned: 10, out: 14 });
    await expect(call('dispensing.return', { dispensationLineId: line.id, quantity: 15, reason: 'More than is out' })).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'exceeds_dispensed', outstanding: 14 } });
    const shelf = await desk.handlers['pharmacy.stockLevels']({ locationId: dispensary });
    expect(shelf.items.flatMap((entry) => entry.batches).find((batch) => batch.batchNumber === 'PCM-RET')?.onHand).toBe(26);
    // A return does not reopen the prescription.
    expect((await call('dispensing.worklist', { scan: prescriptionId, includeComplete: true })).items[0]?.status).toBe('complete');
  });
});
