import { DepartmentCodeSchema, UuidSchema, methods } from '@hms/core';
import type { MethodName, Result } from '@hms/core';
import { z } from 'zod';
import { NoPayload, hostEvent, hostRequest } from '../protocol/define.js';
import type { HostRequestSpec } from '../protocol/define.js';
import type { NurseChange, NurseWriteOutcome, PendingWrite, SubstanceSuggestion, TriageListView, TriagePatientView } from './triage.js';

/** The nurse desk's writes that may wait in the outbox (shared/protocol/channels.ts, deskWrites). */
export const nurseWrites = ['vitals.record', 'allergies.record', 'allergies.noneKnown', 'queue.triage'] as const satisfies readonly MethodName[];
export type NurseWrite = (typeof nurseWrites)[number];

/** One of the desk's writes as a host request: the contract's own params, the outcome sent or queued. */
function nurseWrite<const M extends NurseWrite>(method: M, summary: string): HostRequestSpec<(typeof methods)[M]['params'], NurseWriteOutcome<Result<M>>, 'nurse'> {
  return hostRequest<NurseWriteOutcome<Result<M>>>()({ owner: 'nurse', summary: `${method}: ${summary}`, payload: methods[method].params });
}

// The nurse desk's host requests: what needs the cache or the outbox lives in the host. Its
// writes take the contract's own params, so a payload the server would refuse is refused here.
export const nurseRequests = {
  'nurse.triageList': hostRequest<TriageListView>()({
    owner: 'nurse',
    summary: 'Follows the queues of these departments (none given: every active one) and answers their waiting patients, in calling order; offline, the last boards kept.',
    payload: z.object({ departments: z.array(DepartmentCodeSchema).max(50).default([]) }).strict(),
  }),
  'nurse.patient': hostRequest<TriagePatientView>()({
    owner: 'nurse',
    summary: 'A waiting visit for the triage form: the patient, their allergies and latest vitals (the server\'s, or the copy kept here offline), and this desk\'s writes not yet sent. Online, the desk follows the chart\'s events until nurse.leavePatient (nurse.changed).',
    payload: z.object({ visitId: UuidSchema }).strict(),
  }),
  'nurse.leavePatient': hostRequest<{ ok: true }>()({
    owner: 'nurse',
    summary: 'The triage form of this patient closed: the desk stops following their chart\'s events.',
    payload: z.object({ patientId: UuidSchema }).strict(),
  }),
  'nurse.recordVitals': nurseWrite('vitals.record', 'sent now, or queued while offline (shown on the form until it is sent).'),
  'nurse.recordAllergy': nurseWrite('allergies.record', 'sent now, or queued while offline; a second allergy to the same substance is refused here as the server would.'),
  'nurse.recordNoneKnown': nurseWrite('allergies.noneKnown', 'sent now, or queued while offline; refused here while an allergy is active (recorded, or queued offline).'),
  'nurse.setPriority': nurseWrite('queue.triage', 'sent now, or queued while offline (the triage list orders by it meanwhile).'),
  'nurse.substances': hostRequest<SubstanceSuggestion[]>()({
    owner: 'nurse',
    summary: 'Drug classes and formulary generics matching what was typed, for an allergy\'s substance (the formulary kept here, so offline too).',
    payload: z.object({ query: z.string().max(100), limit: z.number().int().min(1).max(50).default(12) }).strict(),
  }),
  'nurse.pending': hostRequest<PendingWrite[]>()({ owner: 'nurse', summary: 'This desk\'s writes not yet applied, oldest first.', payload: NoPayload }),
} as const;

export const nurseEvents = {
  'nurse.triage': hostEvent<TriageListView>()({ owner: 'nurse', summary: 'The triage list changed (a queue moved, a write was queued or sent, the link dropped).' }),
  'nurse.changed': hostEvent<NurseChange>()({ owner: 'nurse', summary: 'A patient\'s triage data or this desk\'s queued writes changed: open screens read them again.' }),
} as const;
