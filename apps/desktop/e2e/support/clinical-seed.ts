import type { MethodName, ParamsIn, Result } from '@hms/core';
import { TestClient } from '@hms/server/test-support';

/** Another desk's person, signed in on their own connection: what the clinical e2e has others do (the front desk, a second doctor). */
export interface Desk {
  call<M extends MethodName>(method: M, params: ParamsIn<M>): Promise<Result<M>>;
  close(): Promise<void>;
}

export async function deskOf(serverUrl: string, username: string, password: string): Promise<Desk> {
  const client = await TestClient.connect(`${serverUrl.replace(/^http/, 'ws')}/ws`);
  await client.signIn(username, password, `${username}-e2e`);
  return { call: (method, params) => client.call(method, params), close: () => client.close() };
}

/** A patient registered and checked in to OPD for a doctor at the front desk. */
export async function registerAndCheckIn(front: Desk, patient: { givenName: string; familyName: string; sex: 'F' | 'M'; birthDate: string; complaint: string }, doctorId: string) {
  const { patient: registered } = await front.call('patients.register', {
    givenName: patient.givenName,
    familyName: patient.familyName,
    sex: patient.sex,
    birthDate: patient.birthDate,
    confirmedNotDuplicate: true,
  });
  const { visit } = await front.call('visits.checkIn', { patientId: registered.id, visitType: 'new', department: 'OPD', doctorId, complaint: patient.complaint });
  return { patient: registered, visit };
}

/** The first formulary product whose name starts so (`Warfarin 5 mg tablet`). */
export async function drugNamed(desk: Desk, name: string): Promise<Result<'drugs.search'>['items'][number]> {
  const { items } = await desk.call('drugs.search', { query: name, limit: 20 });
  const drug = items.find((item) => item.name.toLowerCase().startsWith(name.toLowerCase()));
  if (drug === undefined) throw new Error(`No formulary product named ${name}: ${items.map((item) => item.name).join(', ')}`);
  return drug;
}
