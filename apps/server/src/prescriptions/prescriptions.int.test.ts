import { PHARMACY_TOPIC, chartTopic } from '@hms/core';
import type { ParamsIn } from '@hms/core';
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { createTestUser, drugIdByCode, insertTestDepartment, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';

let doctorUser: TestUser;
let doctor: TestClient;
let nurse: TestClient;
let pharmacist: TestClient;
let admin: TestClient;
const stack = useTestStack({
  setup: async (s) => {
    admin = await s.signedIn(['admin']);
    doctorUser = await createTestUser(s.db, 'rx.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    nurse = await s.signedIn(['nurse']);
    pharmacist = await s.signedIn(['pharmacist']);
  },
});

type Item = ParamsIn<'prescriptions.create'>['items'][number];
async function item(code: string, dose: number, fields: Partial<Item> = {}): Promise<Item> {
  const id = await drugIdByCode(stack.db, code);
  const drug = await stack.db('drugs').where({ id }).first();
  return { drugId: id, dose, doseUnit: 'mg', route: drug.data.routes[0], frequency: 'tds', durationDays: 5, quantity: 15, ...fields };
}
const encounter = (options: { signed?: boolean } = {}) => insertTestEncounter(stack.db, { doctorId: doctorUser.id, ...options });
const allergy = (patientId: string, substance: ParamsIn<'allergies.record'>['substance'], status: 'active' | 'inactive' | 'refuted' = 'active') =>
  nurse.call('allergies.record', { patientId, substance, severity: 'moderate', status });

describe('prescriptions.check', () => {
  it('blocks amoxicillin for an active penicillin allergy, naming rule, version and citation; an inactive or refuted one does not count', async () => {
    const { patientId } = await encounter();
    const amoxicillin = await item('amoxicillin-500mg-capsule', 500);
    expect((await doctor.call('prescriptions.check', { patientId, items: [amoxicillin] })).alerts).toEqual([]);
    await allergy(patientId, { kind: 'drug', code: 'cefalexin', text: 'Cefalexin' }, 'refuted');
    await allergy(patientId, { kind: 'drugClass', code: 'sulfonamide_antibacterials', text: 'Sulfa drugs' }, 'inactive');
    expect((await doctor.call('prescriptions.check', { patientId, items: [amoxicillin, await item('sulfamethoxazole-trimethoprim-800mg160mg-tablet', 1, { doseUnit: 'tablet' })] })).alerts).toEqual([]);
    await allergy(patientId, { kind: 'drugClass', code: 'penicillins', text: 'Penicillin' });
    const { alerts, ruleSetVersion } = await pharmacist.call('prescriptions.check', { patientId, items: [amoxicillin] });
    expect(alerts.map((alert) => [alert.ruleCode, alert.severity, alert.blocking, alert.ruleVersion, alert.ruleSetVersion])).toEqual([['allergy.penicillins', 'contraindicated', true, 1, ruleSetVersion]]);
    expect(alerts[0]!.citation).toMatch(/Drug allergy: a 2022 practice parameter/);
    expect((await doctor.call('prescriptions.check', { patientId, items: [await item('azithromycin-500mg-tablet', 500, { frequency: 'od' })] })).alerts).toEqual([]);
    // Each check reads the patient's allergies and medicines, so each is on record.
    expect(await stack.db('audit_log').where({ action: 'prescriptions.check', entity_id: patientId }).count('* as n')).toEqual([{ n: 4 }]);
  });

  it('checks a child\'s dose against the latest weight, and asks for one when none is recorded', async () => {
    const { patientId } = await encounter();
    await stack.db('patients').where({ id: patientId }).update({ birth_date: '2022-03-01' });
    const syrup = await item('paracetamol-120mg5ml-syrup', 10, { doseUnit: 'mL', frequency: 'qds' });
    expect((await doctor.call('prescriptions.check', { patientId, items: [syrup] })).alerts.map((alert) => alert.ruleCode)).toEqual(['dose.weight-required']);
    await nurse.call('vitals.record', { patientId, takenAt: new Date(Date.now() - 86_400_000).toISOString(), weightKg: 20 });
    expect((await doctor.call('prescriptions.check', { patientId, items: [syrup] })).alerts).toEqual([]);
    // The latest weight counts: 12 kg makes 240 mg (10 mL) more than 15 mg/kg.
    await nurse.call('vitals.record', { patientId, takenAt: new Date().toISOString(), weightKg: 12 });
    const { alerts } = await doctor.call('prescriptions.check', { patientId, items: [syrup] });
    expect(alerts.map((alert) => alert.ruleCode)).toEqual(['dose.paracetamol']);
    expect(alerts[0]!.message).toContain('12 kg');
  });

  it('refuses a withdrawn drug or a route the product does not have', async () => {
    const { patientId } = await encounter();
    const tablet = await item('paracetamol-500mg-tablet', 500);
    expect((await doctor.callError('prescriptions.check', { patientId, items: [{ ...tablet, route: 'iv' }] })).details).toEqual({ fields: { 'items.0.route': expect.stringContaining('given oral') } });
    expect((await doctor.callError('prescriptions.check', { patientId: '00000000-0000-4000-8000-000000000000', items: [tablet] })).code).toBe('NOT_FOUND');
  });
});

describe('prescriptions.create', () => {
  it('checks again on the server: a blocking alert without an override is CONFLICT with the alerts, and nothing is written', async () => {
    const { id, patientId } = await encounter();
    const amoxicillin = await item('amoxicillin-500mg-capsule', 500);
    // The desk checked before the allergy was recorded at another desk.
    expect((await doctor.call('prescriptions.check', { patientId, items: [amoxicillin] })).alerts).toEqual([]);
    await allergy(patientId, { kind: 'drug', code: 'amoxicillin', text: 'Amoxicillin' });
    const before = await stack.db('prescriptions').count('* as n');
    const error = await doctor.callError('prescriptions.create', { encounterId: id, items: [amoxicillin] });
    expect(error.code).toBe('CONFLICT');
    expect(error.details).toMatchObject({ reason: 'blocking_alerts', alerts: [{ ruleCode: 'allergy.same-medicine', blocking: true }] });
    // A blank reason is no override.
    const alertKey = (error.details!.alerts as Array<{ alertKey: string }>)[0]!.alertKey;
    expect((await doctor.callError('prescriptions.create', { encounterId: id, items: [amoxicillin], overrides: [{ alertKey, reason: ' ' }] })).code).toBe('VALIDATION');
    expect(await stack.db('prescriptions').count('* as n')).toEqual(before);
  });

  it('refuses a prescription replayed from an outbox after an allergy was recorded at another desk meanwhile: blocking_alerts with the alerts, nothing written', async () => {
    const { id: encounterId, patientId } = await encounter();
    const amoxicillin = await item('amoxicillin-500mg-capsule', 500);
    // Checked (and printed, under the desk's id) before the LAN went down: no alert then.
    expect((await doctor.call('prescriptions.check', { patientId, items: [amoxicillin] })).alerts).toEqual([]);
    const queued = { id: randomUUID(), encounterId, items: [amoxicillin] };
    const key = randomUUID();
    // Meanwhile the nurse desk records a penicillin allergy.
    const { allergy: recorded } = await allergy(patientId, { kind: 'drugClass', code: 'penicillins', text: 'Penicillin' });

    const error = await doctor.callError('prescriptions.create', queued, { idempotencyKey: key });
    expect(error.code).toBe('CONFLICT');
    const { alerts: now } = await doctor.call('prescriptions.check', { patientId, items: [amoxicillin] });
    expect(error.details).toEqual({ reason: 'blocking_alerts', alerts: now });
    expect(now).toEqual([expect.objectContaining({ ruleCode: 'allergy.penicillins', blocking: true, allergyId: recorded.id, itemIndexes: [0] })]);
    expect(await stack.db('prescriptions').where({ patient_id: patientId }).count('* as n')).toEqual([{ n: 0 }]);
    expect(await stack.db('prescription_items').where({ patient_id: patientId }).count('* as n')).toEqual([{ n: 0 }]);
    expect(await stack.db('audit_log').where({ action: 'prescriptions.create', entity_id: patientId }).count('* as n')).toEqual([{ n: 0 }]);
    expect(await stack.db('events').where({ name: 'prescriptions.changed' }).whereIn('topic', [PHARMACY_TOPIC, chartTopic(patientId)]).whereRaw(`data ->> 'patientId' = ?`, [patientId]).count('* as n')).toEqual([{ n: 0 }]);
    expect(await stack.db('idempotency_keys').where({ key }).first()).toBeUndefined();
    // Sent again from the conflicts inbox with the doctor's override, it is written under the same id.
    const { prescription } = await doctor.call('prescriptions.create', { ...queued, overrides: [{ alertKey: now[0]!.alertKey, reason: 'Tolerated amoxicillin last year; rash was viral' }] }, { idempotencyKey: randomUUID() });
    expect(prescription).toMatchObject({ id: queued.id, overrides: [{ ruleCode: 'allergy.penicillins' }] });
  });

  it('is written under the desk\'s id with the prescriber\'s registration number as it was then; the id sent again answers it, another\'s is id_taken', async () => {
    const department = await insertTestDepartment(stack.db);
    const saved = await admin.call('doctors.saveProfile', { userId: doctorUser.id, departments: [department.code], registrationNumber: 'KMPDC A1234' });
    expect(saved.doctor.registrationNumber).toBe('KMPDC A1234');
    const first = await encounter();
    const paracetamol = await item('paracetamol-500mg-tablet', 1000, { frequency: 'qds' });
    const id = randomUUID();
    const { prescription } = await doctor.call('prescriptions.create', { id, encounterId: first.id, items: [paracetamol] });
    expect(prescription).toMatchObject({ id, prescriberRegistration: 'KMPDC A1234', number: expect.stringMatching(/^RX-\d{6}$/) });
    const again = await doctor.call('prescriptions.create', { id, encounterId: first.id, items: [paracetamol] });
    expect(again.prescription).toEqual(prescription);
    expect(await stack.db('prescriptions').where({ patient_id: first.patientId }).count('* as n')).toEqual([{ n: 1 }]);
    const second = await encounter();
    expect(await doctor.callError('prescriptions.create', { id, encounterId: second.id, items: [paracetamol] })).toMatchObject({ code: 'CONFLICT', details: { reason: 'id_taken', id } });

    // A profile saved without the field keeps it; null clears it; a prescription keeps the number it was written with.
    expect((await admin.call('doctors.saveProfile', { userId: doctorUser.id, departments: [department.code] })).doctor.registrationNumber).toBe('KMPDC A1234');
    expect((await admin.call('doctors.saveProfile', { userId: doctorUser.id, departments: [department.code], registrationNumber: null })).doctor.registrationNumber).toBeNull();
    const listed = await doctor.call('prescriptions.forPatient', { patientId: first.patientId });
    expect(listed.items.map((one) => one.prescriberRegistration)).toEqual(['KMPDC A1234']);
    const { prescription: unregistered } = await doctor.call('prescriptions.create', { encounterId: second.id, items: [paracetamol] });
    expect(unregistered.prescriberRegistration).toBeNull();
  });

  it('stores an override with its reason, audits it, and lists the prescription for the patient', async () => {
    const { id, patientId } = await encounter();
    await allergy(patientId, { kind: 'drugClass', code: 'nsaids', text: 'NSAIDs' });
    const ibuprofen = await item('ibuprofen-400mg-tablet', 400, { instructions: 'After food' });
    const { alerts } = await doctor.call('prescriptions.check', { patientId, items: [ibuprofen] });
    const { prescription } = await doctor.call('prescriptions.create', { encounterId: id, items: [ibuprofen], overrides: [{ alertKey: alerts[0]!.alertKey, reason: 'Tolerated ibuprofen in March; label was gastritis' }, { alertKey: 'not-an-alert', reason: 'ignored' }] });
    expect(prescription).toMatchObject({ status: 'active', patientId, encounterId: id, prescriberId: doctorUser.id, number: expect.stringMatching(/^RX-\d{6}$/) });
    expect(prescription.items).toEqual([expect.objectContaining({ name: 'Ibuprofen 400 mg tablet', generic: 'ibuprofen', dose: 400, frequency: 'tds', quantity: 15, instructions: 'After food', drugVersion: 1 })]);
    expect(prescription.overrides).toEqual([expect.objectContaining({ ruleCode: 'allergy.nsaids', severity: 'contraindicated', reason: 'Tolerated ibuprofen in March; label was gastritis' })]);
    const audit = await stack.db('audit_log').where({ action: 'prescriptions.create', entity_id: patientId }).first();
    expect(audit.details.overrides).toEqual([expect.objectContaining({ ruleCode: 'allergy.nsaids', reason: 'Tolerated ibuprofen in March; label was gastritis' })]);
    const listed = await nurse.call('prescriptions.forPatient', { patientId });
    expect(listed.items.map((listedOne) => listedOne.id)).toEqual([prescription.id]);
    expect(await stack.db('audit_log').where({ action: 'prescriptions.forPatient', entity_id: patientId }).count('* as n')).toEqual([{ n: 1 }]);
  });

  it('checks new items against current medication, until that prescription is cancelled; the chart lists it meanwhile', async () => {
    const { id, patientId } = await encounter();
    const { prescription: warfarin } = await doctor.call('prescriptions.create', { encounterId: id, items: [await item('warfarin-5mg-tablet', 5, { frequency: 'od', durationDays: 90, quantity: 90 })] });
    await doctor.call('orders.create', { encounterId: id, items: [{ kind: 'lab', code: 'PT_INR' }] });
    const { chart } = await doctor.call('charts.get', { patientId });
    expect(chart.medications).toEqual({ available: true, items: [expect.objectContaining({ prescriptionId: warfarin.id, name: 'Warfarin 5 mg tablet', dose: '5 mg', route: 'by mouth', frequency: 'once a day', prescriptionNumber: warfarin.number })] });
    expect(chart.results.items).toEqual([expect.objectContaining({ code: 'PT_INR', name: 'Prothrombin time and INR', status: 'pending' })]);
    const ibuprofen = await item('ibuprofen-400mg-tablet', 400);
    const { alerts } = await doctor.call('prescriptions.check', { patientId, items: [ibuprofen] });
    expect(alerts.map((alert) => [alert.ruleCode, alert.currentDrugId])).toEqual([['ddi.warfarin-nsaids', warfarin.items[0]!.drugId]]);
    const { prescription: cancelled } = await doctor.call('prescriptions.cancel', { id: warfarin.id, reason: 'Stopped: bleeding risk' });
    expect(cancelled).toMatchObject({ status: 'cancelled', cancelReason: 'Stopped: bleeding risk' });
    expect((await doctor.callError('prescriptions.cancel', { id: warfarin.id, reason: 'again' })).details).toEqual({ reason: 'already_cancelled' });
    expect((await doctor.call('prescriptions.check', { patientId, items: [ibuprofen] })).alerts).toEqual([]);
    expect((await pharmacist.call('prescriptions.forPatient', { patientId, status: 'cancelled' })).items.map((one) => one.id)).toEqual([warfarin.id]);
    expect((await doctor.call('charts.get', { patientId })).chart.medications.items).toEqual([]);
  });

  it('follows a pharmacist\'s rule edit at once', async () => {
    const { id, patientId } = await encounter();
    await doctor.call('prescriptions.create', { encounterId: id, items: [await item('enalapril-10mg-tablet', 10, { frequency: 'od' })] });
    const spironolactone = await item('spironolactone-25mg-tablet', 25, { frequency: 'od' });
    expect((await doctor.call('prescriptions.check', { patientId, items: [spironolactone] })).alerts.map((alert) => alert.ruleCode)).toEqual(['ddi.acei-arb-potassium-sparing']);
    const { rules } = await pharmacist.call('drugRules.list', { kind: 'interaction' });
    const rule = rules.find((stored) => stored.rule.code === 'ddi.acei-arb-potassium-sparing')!;
    const saved = await pharmacist.call('drugRules.save', { rule: { ...rule.rule, severity: 'moderate' } as never, expectedVersion: rule.version });
    const { alerts, ruleSetVersion } = await doctor.call('prescriptions.check', { patientId, items: [spironolactone] });
    expect(alerts.map((alert) => [alert.severity, alert.blocking, alert.ruleVersion, alert.ruleSetVersion])).toEqual([['moderate', false, 2, saved.ruleSetVersion]]);
    expect(ruleSetVersion).toBe(saved.ruleSetVersion);
    // Moderate alerts are shown, not blocking: the prescription goes through without an override.
    expect((await doctor.call('prescriptions.create', { encounterId: id, items: [spironolactone] })).alerts).toHaveLength(1);
  });

  it('tells the pharmacy worklist (and the chart) when a prescription is written and cancelled, with ids only', async () => {
    const worklist = await stack.signedIn(['pharmacist']);
    await worklist.call('prescriptions.watch', {});
    const { id, patientId } = await encounter();
    const written = worklist.waitForEvent((event) => event.event === 'prescriptions.changed' && event.data.patientId === patientId && event.data.status === 'active');
    const { prescription } = await doctor.call('prescriptions.create', { encounterId: id, items: [await item('paracetamol-500mg-tablet', 1000, { frequency: 'qds' })] });
    expect((await written).data).toEqual({ prescriptionId: prescription.id, number: prescription.number, patientId, status: 'active', at: expect.any(String) });
    const cancelled = worklist.waitForEvent((event) => event.event === 'prescriptions.changed' && event.data.prescriptionId === prescription.id && event.data.status === 'cancelled');
    await doctor.call('prescriptions.cancel', { id: prescription.id, reason: 'Duplicate' });
    await cancelled;
  });

  it('refuses a signed encounter and another doctor\'s', async () => {
    const signed = await encounter({ signed: true });
    const paracetamol = await item('paracetamol-500mg-tablet', 500);
    expect((await doctor.callError('prescriptions.create', { encounterId: signed.id, items: [paracetamol] })).details).toMatchObject({ reason: 'encounter_signed' });
    const other = await createTestUser(stack.db, 'rx.other', ['doctor']);
    const theirs = await insertTestEncounter(stack.db, { doctorId: other.id });
    expect((await doctor.callError('prescriptions.create', { encounterId: theirs.id, items: [paracetamol] })).code).toBe('FORBIDDEN');
  });

  it('adds a prescription refused by the sign to the signed consultation with afterSign: checked again, its reason stored, an addendum naming it', async () => {
    const { id: encounterId, patientId } = await encounter();
    const amoxicillin = await item('amoxicillin-500mg-capsule', 500);
    // Written offline under the desk's id; the sign (queued after it, or made at another desk) reached the server first.
    const queued = { id: randomUUID(), encounterId, items: [amoxicillin] };
    await doctor.call('encounters.sign', { encounterId });
    expect((await doctor.callError('prescriptions.create', queued)).details).toMatchObject({ reason: 'encounter_signed' });
    // The fix without a reason is no fix: VALIDATION naming the field, nothing written.
    expect((await doctor.callError('prescriptions.create', { ...queued, afterSign: { reason: '  ' } })).details).toEqual({ fields: { 'afterSign.reason': 'must not be empty' } });
    // The safety check holds after the sign too: an allergy recorded meanwhile still blocks without an override.
    await allergy(patientId, { kind: 'drugClass', code: 'penicillins', text: 'Penicillin' });
    const reason = 'Written during the consultation while the LAN was down; the sign arrived first.';
    const blocked = await doctor.callError('prescriptions.create', { ...queued, afterSign: { reason } });
    expect(blocked.details).toMatchObject({ reason: 'blocking_alerts', alerts: [{ ruleCode: 'allergy.penicillins' }] });
    expect(await stack.db('prescriptions').where({ patient_id: patientId }).count('* as n')).toEqual([{ n: 0 }]);
    expect(await stack.db('encounter_addenda').where({ encounter_id: encounterId }).count('* as n')).toEqual([{ n: 0 }]);

    const azithromycin = await item('azithromycin-500mg-tablet', 500, { frequency: 'od', durationDays: 3, quantity: 3 });
    const { prescription } = await doctor.call('prescriptions.create', { ...queued, items: [azithromycin], afterSign: { reason } });
    expect(prescription).toMatchObject({ id: queued.id, encounterId, status: 'active', afterSignReason: reason, items: [{ generic: 'azithromycin' }] });
    // The signed note stays as signed; the record says what came after, by whom.
    const { encounter: after } = await doctor.call('encounters.get', { encounterId });
    expect(after).toMatchObject({ status: 'signed', addenda: [{ authorId: doctorUser.id, text: `Prescription ${prescription.number} (Azithromycin 500 mg tablet) added after signing: ${reason}` }] });
    const audit = await stack.db('audit_log').where({ action: 'prescriptions.create', entity_id: patientId }).first();
    expect(audit.details.afterSign).toEqual({ reason });
    // Sent again (its answer lost), the same prescription; no second addendum.
    expect((await doctor.call('prescriptions.create', { ...queued, items: [azithromycin], afterSign: { reason } })).prescription).toEqual(prescription);
    expect(await stack.db('encounter_addenda').where({ encounter_id: encounterId }).count('* as n')).toEqual([{ n: 1 }]);
    // Within an open consultation there is no "after": prescribe in it.
    const open = await encounter();
    expect((await doctor.callError('prescriptions.create', { encounterId: open.id, items: [azithromycin], afterSign: { reason } })).details).toMatchObject({ reason: 'encounter_open' });
    // Another doctor cannot add to this one's signed consultation.
    const other = await createTestUser(stack.db, 'rx.after', ['doctor']);
    const otherDesk = await stack.signedIn(other);
    expect((await otherDesk.callError('prescriptions.create', { encounterId, items: [azithromycin], afterSign: { reason } })).code).toBe('FORBIDDEN');
    // Written within the open consultation, a prescription has no after-sign reason.
    expect((await doctor.call('prescriptions.create', { encounterId: open.id, items: [azithromycin] })).prescription.afterSignReason).toBeNull();
  });
});
