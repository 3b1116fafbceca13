import type { Result } from '@hms/core';
import { describe, expect, it } from 'vitest';
import { createTestUser, insertTestPatient, useTestStack } from '../test-support/index.js';
import type { TestClient, TestUser } from '../test-support/index.js';

let supervisor: TestClient;
let cashier: TestClient;
let reception: TestClient;
let insurerId: string;
const stack = useTestStack({
  setup: async (s) => {
    supervisor = await s.signedIn(['billing_supervisor']);
    cashier = await s.signedIn(['cashier']);
    reception = await s.signedIn(['receptionist']);
    await supervisor.call('prices.set', { serviceCode: 'CONS-GP', service: { name: 'GP consultation', category: 'consultation' }, priceMinor: 150_000 });
    await supervisor.call('prices.set', { serviceCode: 'DRESSING', service: { name: 'Wound dressing', category: 'procedure' }, priceMinor: 35_000 });
    await supervisor.call('prices.set', { serviceCode: 'LAB-FBC', service: { name: 'Full blood count', category: 'lab' }, priceMinor: 40_000 });
    insurerId = (await supervisor.call('payers.save', { code: 'AFYA', name: 'Afya Insurance', kind: 'insurance' })).payer.id;
  },
});

const year = new Date().getUTCFullYear();
const hour = 3_600_000;
const iso = (ms: number) => new Date(Date.now() + ms).toISOString();
type Scheme = Result<'schemes.save'>['scheme'];

async function scheme(code: string, rest: Partial<Parameters<typeof supervisor.call<'schemes.save'>>[1]> = {}): Promise<Scheme> {
  return (await supervisor.call('schemes.save', { payerId: insurerId, code, name: `${code} plan`, rule: { kind: 'full_cover' }, annualLimitMinor: null, ...rest })).scheme;
}

/** A patient covered by the scheme from an hour ago, with the given charges (service code, quantity). */
async function coveredPatient(schemeId: string, charges: ReadonlyArray<readonly [string, number]>, coverage: { validTo?: string; preAuthorisation?: string; memberNumber?: string } = {}) {
  const patient = await insertTestPatient(stack.db);
  const { coverage: cover } = await reception.call('coverage.set', { patientId: patient.id, schemeId, memberNumber: coverage.memberNumber ?? `M-${patient.id.slice(0, 8)}`, validFrom: iso(-hour), ...coverage });
  for (const [serviceCode, quantity] of charges) await cashier.call('charges.add', { patientId: patient.id, serviceCode, quantity });
  return { patientId: patient.id, coverage: cover };
}

const count = async (table: string) => Number((await stack.db(table).count('* as n'))[0]!.n);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);

describe('payers and schemes', () => {
  it('saves payers and schemes as revisions and versions, read by cashiers and receptionists, audited', async () => {
    const { payer } = await supervisor.call('payers.save', { code: 'CORP1', name: 'Acme Ltd', kind: 'corporate' });
    const { payer: renamed } = await supervisor.call('payers.save', { id: payer.id, code: 'CORP1', name: 'Acme Holdings Ltd', kind: 'corporate', active: false });
    expect([payer.revision, renamed.revision, renamed.name, renamed.active]).toEqual([1, 2, 'Acme Holdings Ltd', false]);
    expect(await stack.db('billing_payer_revisions').where({ payer_id: payer.id }).orderBy('revision').pluck('name')).toEqual(['Acme Ltd', 'Acme Holdings Ltd']);
    expect((await cashier.call('payers.list', {})).payers.map((p) => p.code)).not.toContain('CORP1');
    expect((await reception.call('payers.list', { includeInactive: true })).payers.map((p) => p.code)).toEqual(expect.arrayContaining(['CASH', 'AFYA', 'CORP1']));
    expect((await supervisor.callError('payers.save', { id: payer.id, code: 'OTHER', name: 'x', kind: 'corporate' })).details).toEqual({ fields: { code: 'stays CORP1 (corporate) once the payer exists' } });
    expect((await supervisor.callError('payers.save', { code: 'AFYA', name: 'Again', kind: 'insurance' })).details?.['reason']).toBe('code_taken');

    const first = await scheme('GOLD', { rule: { kind: 'copay_fixed', copayMinor: 10_000 }, annualLimitMinor: 1_000_000, excludedServices: ['DRESSING'], excludedCategories: ['lab'], preAuthorisationRequired: true });
    const second = (await supervisor.call('schemes.save', { id: first.id, payerId: insurerId, code: 'GOLD', name: 'Gold plan', rule: { kind: 'coinsurance', patientBasisPoints: 1_000 }, annualLimitMinor: 2_000_000 })).scheme;
    expect([first.version, second.version, second.id, second.versionId === first.versionId]).toEqual([1, 2, first.id, false]);
    expect(second).toMatchObject({ rule: { kind: 'coinsurance', patientBasisPoints: 1_000 }, excludedServices: [], preAuthorisationRequired: false, payerName: 'Afya Insurance' });
    const listed = (await cashier.call('schemes.list', { payerId: insurerId })).schemes.find((s) => s.id === first.id);
    expect(listed).toEqual(second);
    expect(await stack.db('billing_scheme_versions').where({ scheme_id: first.id }).count('* as n')).toEqual([{ n: 2 }]);
    expect((await supervisor.callError('schemes.save', { payerId: insurerId, code: 'NEWONE', name: 'x', rule: { kind: 'full_cover' }, annualLimitMinor: null, excludedServices: ['NO-SUCH'] })).details).toEqual({ fields: { excludedServices: 'are not in the catalogue: NO-SUCH' } });
    expect(await stack.db('audit_log').where({ action: 'schemes.save', entity_id: first.id }).count('* as n')).toEqual([{ n: 2 }]);
    expect(await stack.db('audit_log').where({ action: 'payers.save', entity_id: payer.id }).count('* as n')).toEqual([{ n: 2 }]);
    await expect(stack.db('billing_scheme_versions').where({ scheme_id: first.id }).update({ name: 'changed' })).rejects.toThrow();
  });
});

describe('coverage', () => {
  it('is recorded at registration, corrected by superseding once, and read back audited', async () => {
    const plan = await scheme('COVER1');
    const patient = await insertTestPatient(stack.db);
    const { coverage } = await reception.call('coverage.set', { patientId: patient.id, schemeId: plan.id, memberNumber: 'AF-001', validFrom: iso(-hour) });
    expect(coverage).toMatchObject({ patientId: patient.id, schemeId: plan.id, schemeName: 'COVER1 plan', payerName: 'Afya Insurance', memberNumber: 'AF-001', validTo: null, supersedes: null, supersededBy: null });
    const { coverage: fixed } = await cashier.call('coverage.set', { patientId: patient.id, schemeId: plan.id, memberNumber: 'AF-0001', validFrom: iso(-hour), preAuthorisation: 'PA-7', supersedes: coverage.id });
    const again = await cashier.callError('coverage.set', { patientId: patient.id, schemeId: plan.id, memberNumber: 'AF-2', validFrom: iso(-hour), supersedes: coverage.id });
    expect([again.code, again.details?.['reason'], again.details?.['supersededBy']]).toEqual(['CONFLICT', 'superseded', fixed.id]);
    expect((await cashier.callError('coverage.set', { patientId: patient.id, schemeId: plan.id, memberNumber: 'AF-2', validFrom: iso(0), validTo: iso(-hour) })).details).toEqual({ fields: { validTo: 'must be after validFrom' } });

    expect((await reception.call('coverage.list', { patientId: patient.id })).coverages.map((c) => c.memberNumber)).toEqual(['AF-0001']);
    const all = (await cashier.call('coverage.list', { patientId: patient.id, includeSuperseded: true })).coverages;
    expect(all.map((c) => [c.memberNumber, c.supersededBy])).toEqual([['AF-0001', null], ['AF-001', fixed.id]]);
    expect(await stack.db('audit_log').where({ action: 'coverage.list', entity_id: patient.id }).count('* as n')).toEqual([{ n: 2 }]);
    expect(await stack.db('audit_log').where({ action: 'coverage.set', entity_id: patient.id }).count('* as n')).toEqual([{ n: 2 }]);
  });
});

describe('invoices.create split by the scheme', () => {
  it('co-pay: the patient pays the fixed co-pay, the payer the rest; the balance is the patient share', async () => {
    const plan = await scheme('COPAY', { rule: { kind: 'copay_fixed', copayMinor: 50_000 } });
    const { patientId, coverage } = await coveredPatient(plan.id, [['CONS-GP', 1], ['DRESSING', 2]]);
    const { invoice } = await cashier.call('invoices.create', { patientId, kind: 'final' });
    expect(invoice).toMatchObject({ payerId: insurerId, totalMinor: 220_000, payerMinor: 170_000, patientMinor: 50_000, balanceMinor: 50_000, movedToPatientMinor: 0 });
    expect(invoice.coverage).toEqual({ coverageId: coverage.id, schemeId: plan.id, schemeVersionId: plan.versionId, schemeName: 'COPAY plan', payerName: 'Afya Insurance', memberNumber: coverage.memberNumber, preAuthorisation: null, overLimitMinor: 0 });
    for (const line of invoice.lines) expect(line.payerMinor + line.patientMinor).toBe(invoice.charges.find((c) => c.id === line.chargeId)!.amountMinor);
    expect(sum(invoice.lines.map((l) => l.patientMinor))).toBe(50_000);
    // A later version of the scheme leaves the issued invoice as it was split.
    await supervisor.call('schemes.save', { id: plan.id, payerId: insurerId, code: 'COPAY', name: 'COPAY plan', rule: { kind: 'copay_fixed', copayMinor: 1 }, annualLimitMinor: null });
    expect((await cashier.call('invoices.get', { invoiceId: invoice.id })).invoice).toEqual(invoice);
  });

  it('co-insurance with exclusions by service and by category', async () => {
    const plan = await scheme('COINS', { rule: { kind: 'coinsurance', patientBasisPoints: 2_000 }, excludedServices: ['DRESSING'], excludedCategories: ['lab'] });
    const { patientId } = await coveredPatient(plan.id, [['CONS-GP', 1], ['DRESSING', 2], ['LAB-FBC', 1]]);
    const { invoice } = await cashier.call('invoices.create', { patientId, kind: 'final' });
    const byCode = Object.fromEntries(invoice.lines.map((line) => [invoice.charges.find((c) => c.id === line.chargeId)!.serviceCode, [line.payerMinor, line.patientMinor]]));
    expect(byCode).toEqual({ 'CONS-GP': [120_000, 30_000], DRESSING: [0, 70_000], 'LAB-FBC': [0, 40_000] });
    expect([invoice.payerMinor, invoice.patientMinor, invoice.balanceMinor]).toEqual([120_000, 140_000, 140_000]);
  });

  it('the annual limit: the payer pays what is left of it this year, then nothing', async () => {
    const plan = await scheme('LIMIT', { annualLimitMinor: 200_000 });
    const { patientId, coverage } = await coveredPatient(plan.id, [['CONS-GP', 1]], { memberNumber: 'LIM-1' });
    const first = (await cashier.call('invoices.create', { patientId, kind: 'interim' })).invoice;
    await cashier.call('charges.add', { patientId, serviceCode: 'CONS-GP', quantity: 1 });
    const second = (await cashier.call('invoices.create', { patientId, kind: 'interim' })).invoice;
    await cashier.call('charges.add', { patientId, serviceCode: 'DRESSING', quantity: 1 });
    const third = (await cashier.call('invoices.create', { patientId, kind: 'final' })).invoice;
    expect([first.payerMinor, first.patientMinor]).toEqual([150_000, 0]);
    expect([second.payerMinor, second.patientMinor, second.coverage?.overLimitMinor]).toEqual([50_000, 100_000, 100_000]);
    expect([third.payerMinor, third.patientMinor, third.coverage?.overLimitMinor, third.coverage?.coverageId]).toEqual([0, 35_000, 35_000, coverage.id]);
  });

  it('expired coverage, or a missing pre-authorisation, falls back to cash; asked for explicitly it is refused', async () => {
    const cash = (await cashier.call('prices.list', {})).payer.id;
    const plan = await scheme('EXPIRE');
    const { patientId, coverage } = await coveredPatient(plan.id, [['CONS-GP', 1]], { validTo: iso(-1_000) });
    const refused = await cashier.callError('invoices.create', { patientId, kind: 'final', coverageId: coverage.id });
    expect([refused.code, refused.details?.['reason']]).toEqual(['CONFLICT', 'coverage_not_valid']);
    const { invoice } = await cashier.call('invoices.create', { patientId, kind: 'final' });
    expect(invoice).toMatchObject({ payerId: cash, coverage: null, payerMinor: 0, patientMinor: 150_000, balanceMinor: 150_000 });

    const guarded = await scheme('PREAUTH', { preAuthorisationRequired: true });
    const other = await coveredPatient(guarded.id, [['CONS-GP', 1]]);
    expect((await cashier.callError('invoices.create', { patientId: other.patientId, kind: 'final', coverageId: other.coverage.id })).details?.['reason']).toBe('pre_authorisation_required');
    // Asked for cash explicitly, even with a valid coverage.
    const valid = await coveredPatient(plan.id, [['CONS-GP', 1]]);
    expect((await cashier.call('invoices.create', { patientId: valid.patientId, kind: 'final', coverageId: null })).invoice.coverage).toBeNull();
    expect((await cashier.call('invoices.create', { patientId: other.patientId, kind: 'final' })).invoice.payerId).toBe(cash);
  });
});

async function claimedInvoices(code: string, n: number) {
  // A payer of its own, so the claim takes exactly these invoices.
  const payerId = (await supervisor.call('payers.save', { code: `P${code}`, name: `${code} insurer`, kind: 'insurance' })).payer.id;
  const own = (await supervisor.call('schemes.save', { payerId, code, name: `${code} plan`, rule: { kind: 'coinsurance', patientBasisPoints: 1_000 }, annualLimitMinor: null })).scheme;
  const invoices = [];
  for (let i = 0; i < n; i += 1) {
    const { patientId } = await coveredPatient(own.id, [['CONS-GP', 1], ['DRESSING', 1]]);
    invoices.push((await cashier.call('invoices.create', { patientId, kind: 'final' })).invoice);
  }
  return { payerId, invoices };
}

describe('claims', () => {
  it('batches a payer\'s shares of a period once, numbered CLM-, with a CSV export', async () => {
    const { payerId, invoices } = await claimedInvoices('CLAIMA', 3);
    const period = { payerId, periodFrom: iso(-hour), periodTo: iso(hour) };
    const { claim } = await supervisor.call('claims.create', period);
    expect(claim.number).toMatch(new RegExp(`^CLM-${year}-\\d{6}$`));
    expect(claim).toMatchObject({ payerId, status: 'draft', claimedMinor: 3 * 166_500, paidMinor: 0, rejectedMinor: 0, submittedAt: null });
    expect(claim.items.map((item) => item.invoiceId).sort()).toEqual(invoices.map((invoice) => invoice.id).sort());
    const again = await supervisor.callError('claims.create', period);
    expect([again.code, again.details?.['reason']]).toEqual(['CONFLICT', 'nothing_to_claim']);
    await expect(stack.db('billing_claim_items').insert({ claim_id: claim.id, invoice_id: invoices[0]!.id, claimed_minor: 1 })).rejects.toThrow(/unique|duplicate/);

    const csv = await cashier.call('claims.export', { claimId: claim.id, format: 'csv' });
    const rows = csv.text.trimEnd().split('\r\n');
    expect(csv.filename).toBe(`${claim.number}.csv`);
    expect(rows[0]).toBe('claim_number,payer,member_number,patient_mrn,patient_name,pre_authorisation,invoice_number,invoice_date,service_code,description,quantity,unit_price_minor,amount_minor,payer_share_minor');
    expect(rows).toHaveLength(1 + 6);
    const first = invoices[0]!;
    const consultation = rows.find((row) => row.includes(first.number) && row.includes('CONS-GP'))!.split(',');
    expect([consultation[0], consultation[2], consultation[6], consultation[12], consultation[13]]).toEqual([claim.number, claim.items.find((i) => i.invoiceId === first.id)!.memberNumber, first.number, '150000', '135000']);
    expect(await stack.db('audit_log').where({ action: 'claims.export', entity_id: claim.id }).count('* as n')).toEqual([{ n: 1 }]);
    expect((await supervisor.call('claims.list', { payerId })).claims.map((c) => [c.id, c.invoices, c.status])).toEqual([[claim.id, 3, 'draft']]);
  });

  it('claims each share once with six supervisors at once on their own connections', async () => {
    const { payerId, invoices } = await claimedInvoices('CLAIMB', 4);
    const supervisors = await Promise.all(Array.from({ length: 6 }, () => stack.resumed(['billing_supervisor'])));
    const outcomes = await Promise.allSettled(supervisors.map((client) => client.call('claims.create', { payerId, periodFrom: iso(-hour), periodTo: iso(hour) })));
    const made = outcomes.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value.claim] : []));
    expect(made).toHaveLength(1);
    for (const outcome of outcomes) if (outcome.status === 'rejected') expect((outcome.reason as { details: { reason: string } }).details.reason).toBe('nothing_to_claim');
    expect(made[0]!.items).toHaveLength(4);
    const claimed = (await stack.db('billing_claim_items').whereIn('invoice_id', invoices.map((i) => i.id)).select('invoice_id', 'claim_id')) as Array<{ claim_id: string }>;
    expect(claimed).toHaveLength(4);
    expect(new Set(claimed.map((row) => row.claim_id))).toEqual(new Set([made[0]!.id]));
    // The losers gave their numbers back: the claim series has no gap.
    const sequences = (await stack.db('billing_claims').where({ series_key: `claim/${year}` }).orderBy('sequence').pluck('sequence')).map(Number);
    expect(sequences).toEqual(Array.from({ length: sequences.length }, (_, index) => index + 1));
  });
});

describe('claims.postRemittance', () => {
  let approver: TestUser;
  it('pays, moves a rejection back to the patient, writes one off only with a supervisor\'s approval, refuses overposting', async () => {
    approver = await createTestUser(stack.db, 'remit.approver', ['billing_supervisor']);
    const { payerId, invoices } = await claimedInvoices('REMIT', 3);
    const [a, b, c] = invoices as [typeof invoices[0], typeof invoices[0], typeof invoices[0]];
    const { claim } = await supervisor.call('claims.create', { payerId, periodFrom: iso(-hour), periodTo: iso(hour) });
    const draft = await cashier.callError('claims.postRemittance', { claimId: claim.id, reference: 'RA-0', items: [{ invoiceId: a.id, paidMinor: 1, rejectedMinor: 0 }] });
    expect(draft.details?.['reason']).toBe('claim_not_submitted');
    expect((await supervisor.call('claims.submit', { claimId: claim.id })).claim.status).toBe('submitted');

    const first = await cashier.call('claims.postRemittance', { claimId: claim.id, reference: 'RA-1', items: [
      { invoiceId: a.id, paidMinor: a.payerMinor, rejectedMinor: 0 },
      { invoiceId: b.id, paidMinor: 100_000, rejectedMinor: b.payerMinor - 100_000, rejection: { disposition: 'patient', reason: 'Dressing not covered by the member\'s plan' } },
    ] });
    expect(first.claim.status).toBe('partly_paid');
    const movedBack = (await cashier.call('invoices.get', { invoiceId: b.id })).invoice;
    expect([movedBack.movedToPatientMinor, movedBack.balanceMinor]).toEqual([b.payerMinor - 100_000, b.patientMinor + b.payerMinor - 100_000]);

    const before = [await count('billing_remittances'), await count('billing_remittance_items'), await count('audit_log')];
    const writeOff = { claimId: claim.id, reference: 'RA-2', items: [{ invoiceId: c.id, paidMinor: 0, rejectedMinor: c.payerMinor, rejection: { disposition: 'write_off' as const, reason: 'Late submission' } }] };
    const unapproved = await cashier.callError('claims.postRemittance', writeOff);
    expect([unapproved.code, unapproved.details?.['reason']]).toEqual(['FORBIDDEN', 'approval_required']);
    const badApproval = await cashier.callError('claims.postRemittance', { ...writeOff, approval: { username: approver.username, password: 'wrong' } });
    expect(badApproval.details?.['reason']).toBe('approval_refused');
    const overposted = await cashier.callError('claims.postRemittance', { claimId: claim.id, reference: 'RA-3', items: [{ invoiceId: a.id, paidMinor: 1, rejectedMinor: 0 }] });
    expect([overposted.code, overposted.details?.['reason'], overposted.details?.['claimedMinor'], overposted.details?.['postedMinor']]).toEqual(['CONFLICT', 'overposted', a.payerMinor, a.payerMinor]);
    expect([await count('billing_remittances'), await count('billing_remittance_items'), await count('audit_log')]).toEqual(before);

    const closed = await cashier.call('claims.postRemittance', { ...writeOff, approval: { username: approver.username, password: approver.password } });
    expect(closed.claim).toMatchObject({ status: 'closed', paidMinor: a.payerMinor + 100_000, rejectedMinor: b.payerMinor - 100_000 + c.payerMinor });
    expect(closed.claim.items.find((item) => item.invoiceId === c.id)).toMatchObject({ writtenOffMinor: c.payerMinor, movedToPatientMinor: 0 });
    // Written off: the patient's balance stays their own share.
    expect((await cashier.call('invoices.get', { invoiceId: c.id })).invoice.balanceMinor).toBe(c.patientMinor);
    const audit = (await stack.db('audit_log').where({ action: 'claims.postRemittance', entity_id: claim.id }).orderBy('seq').pluck('after')) as Array<{ approvedBy: string | null }>;
    expect(audit.map((row) => row.approvedBy)).toEqual([null, approver.username]);
    expect(await stack.db('audit_log').where({ action: 'claims.rejection' }).whereIn('entity_id', [b.patientId, c.patientId]).count('* as n')).toEqual([{ n: 2 }]);
    expect((await cashier.call('claims.get', { claimId: claim.id })).claim).toEqual(closed.claim);
  });
});
