import { createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { insertTestEncounter } from '../test-support/clinical-cases.js';
import { createTestUser, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';
import { MllpSender } from './simulator/mllp-sender.js';

let doctorUser: TestUser;
let doctor: TestClient;
let tech: TestClient;
let supervisor: TestClient;
let admin: TestClient;
const stack = useTestStack({
  setup: async (s) => {
    doctorUser = await createTestUser(s.db, 'autoverify.doctor', ['doctor']);
    doctor = await s.signedIn(doctorUser);
    tech = await s.signedIn(['lab_technician'], 'LAB-DESK-1');
    supervisor = await s.signedIn(['lab_supervisor']);
    admin = await s.signedIn(['admin']);
  },
});

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function eventually<T>(read: () => Promise<T>, ok: (value: T) => boolean, what: string, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A glucose ordered by the doctor, collected and received; or, for a patient seen before, the lab's walk-in request. */
async function receivedGlucose(patientId?: string) {
  let collected;
  let patient = patientId;
  if (patient === undefined) {
    const encounter = await insertTestEncounter(stack.db, { doctorId: doctorUser.id });
    patient = encounter.patientId;
    const ordered = await doctor.call('orders.create', { encounterId: encounter.id, items: [{ kind: 'lab' as const, code: 'RBG' }] });
    collected = await tech.call('lab.collect', { orderId: ordered.orderId, containers: [{ container: 'fluoride', tests: ['RBG'] }] });
  } else {
    const request = await tech.call('lab.registerWalkIn', { patientId: patient, referringClinician: 'Dr Outside', priority: 'routine', tests: ['RBG'] });
    collected = await tech.call('lab.collect', { requestId: request.entry.requestId!, containers: [{ container: 'fluoride', tests: ['RBG'] }] });
  }
  await tech.call('lab.receive', { barcodes: collected.specimens.map((s) => s.barcode) });
  return { patientId: patient, accession: collected.entry.accession!, testId: collected.entry.tests[0]!.id! };
}

let sequence = 0;
const oru = (accession: string, value: string, flags = 'N') => {
  sequence += 1;
  return [
    `MSH|^~\\&|AU480|Beckman|||20260302090000||ORU^R01|AV${sequence}|P|2.5`,
    `OBR|1||${accession}|GLU^Glucose|||20260302085500`,
    `OBX|1|NM|GLU^Glucose||${value}|mmol/L||${flags}|||F`,
  ].join('\r') + '\r';
};

const resultOf = (testId: string) => stack.db('lab_results as x').join('users as v', 'v.id', 'x.entered_by').leftJoin('users as u', 'u.id', 'x.validated_by')
  .where({ 'x.request_test_id': testId }).whereNull('x.superseded_at')
  .first('x.id', 'x.status', 'x.flag', 'u.display_name as validated_by', 'x.released_at') as Promise<{ id: string; status: string; flag: string | null; validated_by: string | null; released_at: Date | null } | undefined>;

describe('auto-verification of instrument results', () => {
  it('a test\'s rule validates and releases what passes (recorded with its version, audited), and leaves to a person a flagged, critical, analyzer-flagged or delta-failing value', async () => {
    const port = await freePort();
    const created = await admin.call('interfaces.create', { name: 'Beckman AU480 (auto)', protocol: 'hl7', transport: { kind: 'tcp-server', port, host: '127.0.0.1' }, enabled: true });
    const id = created.interface.id;
    await admin.call('interfaces.setMapping', { interfaceId: id, analyzerCode: 'GLU', testCode: 'RBG', analyte: 'GLU' });
    await eventually(async () => (await admin.call('interfaces.list', {})).items.find((item) => item.id === id)!.live.state, (state) => state === 'listening', 'listening');

    // Only the lab supervisor sets rules; a rule that checks nothing, or a delta without its days, is refused.
    const rule = { testCode: 'RBG', enabled: true, withinRange: true, noAnalyzerFlags: true, deltaPercent: 20, deltaDays: 30, release: true };
    await expect(admin.call('interfaces.setAutoVerifyRule', rule)).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(supervisor.call('interfaces.setAutoVerifyRule', { ...rule, deltaDays: null })).rejects.toMatchObject({ code: 'VALIDATION', details: { fields: { deltaDays: expect.any(String) } } });
    await expect(supervisor.call('interfaces.setAutoVerifyRule', { ...rule, withinRange: false, noAnalyzerFlags: false, deltaPercent: null })).rejects.toMatchObject({ code: 'VALIDATION' });
    const v1 = (await supervisor.call('interfaces.setAutoVerifyRule', rule)).rule;
    expect(v1).toMatchObject({ testCode: 'RBG', version: 1, deltaPercent: 20, release: true });
    await expect(supervisor.call('interfaces.setAutoVerifyRule', rule)).rejects.toMatchObject({ code: 'CONFLICT', details: { reason: 'stale_version' } });
    expect((await tech.call('interfaces.autoVerifyRules', {})).items).toMatchObject([{ testCode: 'RBG', version: 1 }]);

    const sender = await MllpSender.connect(port);
    const applied = (controlId: string) => eventually(
      () => stack.db('interface_messages').where({ interface_id: id, direction: 'in', control_id: controlId }).first('status', 'reason') as Promise<{ status: string; reason: string } | undefined>,
      (row) => row?.status === 'applied', `${controlId} applied`,
    ).then((row) => row!);

    // Within range, no analyzer flag, no earlier value: validated and released by the rule.
    const first = await receivedGlucose();
    await sender.send(oru(first.accession, '5.0'));
    expect((await applied(`AV${sequence}`)).reason).toBe(`1 result entered on ${first.accession}; RBG validated and released by its auto-verification rule v1`);
    const passed = await resultOf(first.testId);
    expect(passed).toMatchObject({ status: 'released', flag: null, validated_by: 'Auto-verification rule' });
    expect(await stack.db('lab_autoverifications').where({ result_id: passed!.id }).first('test_code', 'rule_version', 'released', 'checks'))
      .toEqual({ test_code: 'RBG', rule_version: 1, released: true, checks: ['within range', 'no analyzer flags', 'delta passed (no previous value)'] });
    expect(await stack.db('audit_log').where({ action: 'interfaces.autoVerify' }).first('after'))
      .toMatchObject({ after: { testCode: 'RBG', ruleVersion: 1, resultIds: [passed!.id], released: true } });

    // The same patient again, 40 % up from 5.0 (within range): the delta check keeps it for a person.
    const second = await receivedGlucose(first.patientId);
    await sender.send(oru(second.accession, '7.0'));
    expect((await applied(`AV${sequence}`)).reason).toMatch(/RBG left for a person \(rule v1: GLU changed 40 % since 5 \(at most 20 %\)\)$/);
    expect(await resultOf(second.testId)).toMatchObject({ status: 'entered', validated_by: null });
    // 10 % up passes.
    const third = await receivedGlucose(first.patientId);
    await sender.send(oru(third.accession, '5.5'));
    await applied(`AV${sequence}`);
    expect(await resultOf(third.testId)).toMatchObject({ status: 'released', validated_by: 'Auto-verification rule' });

    // Out of range (H), or normal but flagged by the analyzer: left entered.
    const high = await receivedGlucose();
    await sender.send(oru(high.accession, '9.4', 'H'));
    expect((await applied(`AV${sequence}`)).reason).toMatch(/GLU is flagged H; the analyzer flagged GLU H/);
    expect(await resultOf(high.testId)).toMatchObject({ status: 'entered', flag: 'H' });
    const flagged = await receivedGlucose();
    await sender.send(oru(flagged.accession, '5.1', 'A'));
    expect((await applied(`AV${sequence}`)).reason).toMatch(/the analyzer flagged GLU A/);
    expect(await resultOf(flagged.testId)).toMatchObject({ status: 'entered' });

    // Version 2 checks only the analyzer's flags and validates without releasing; a critical value still never passes.
    const v2 = (await supervisor.call('interfaces.setAutoVerifyRule', { ...rule, version: 1, withinRange: false, deltaPercent: null, deltaDays: null, release: false })).rule;
    expect(v2.version).toBe(2);
    const critical = await receivedGlucose();
    await sender.send(oru(critical.accession, '31.0'));
    expect((await applied(`AV${sequence}`)).reason).toMatch(/RBG left for a person \(rule v2: GLU is a critical value\)/);
    expect(await resultOf(critical.testId)).toMatchObject({ status: 'entered', flag: 'HH' });
    const validatedOnly = await receivedGlucose();
    await sender.send(oru(validatedOnly.accession, '9.0'));
    expect((await applied(`AV${sequence}`)).reason).toMatch(/RBG validated by its auto-verification rule v2$/);
    const v2Result = await resultOf(validatedOnly.testId);
    expect(v2Result).toMatchObject({ status: 'validated', released_at: null, validated_by: 'Auto-verification rule' });
    expect(await stack.db('lab_autoverifications').where({ result_id: v2Result!.id }).first('rule_version', 'released')).toEqual({ rule_version: 2, released: false });
    // A disabled rule leaves everything to a person.
    await supervisor.call('interfaces.setAutoVerifyRule', { ...rule, version: 2, enabled: false });
    const off = await receivedGlucose();
    await sender.send(oru(off.accession, '5.0'));
    expect((await applied(`AV${sequence}`)).reason).toBe(`1 result entered on ${off.accession}, awaiting technical validation`);
    expect(await resultOf(off.testId)).toMatchObject({ status: 'entered' });
    sender.close();
  });
});
