import { InstantSchema, UuidSchema, text } from '@hms/core';
import { z } from 'zod';
import { NoPayload, hostEvent, hostRequest } from '../protocol/define.js';
import type { CriticalAcknowledgement, CriticalAlertsView } from './lab-views.js';

// The doctor desk's lab alerts (issue 13): critical values of the doctor's own orders, pushed
// live from the clinician topic, and their acknowledgement with read-back.
export const doctorLabRequests = {
  'doctor.criticalAlerts': hostRequest<CriticalAlertsView>()({
    owner: 'doctor',
    summary: 'The critical values of this doctor\'s orders not acknowledged yet, oldest first: live, or the copy kept here while offline (doctor.criticalAlerts pushes).',
    payload: NoPayload,
  }),
  'doctor.acknowledgeCritical': hostRequest<CriticalAcknowledgement>()({
    owner: 'doctor',
    summary:
      'lab.acknowledgeCritical: who was told (the signed-in doctor unless named), when (now unless given), and that the value was read back. ' +
      'Online only (the lab is phoned otherwise); CONFLICT already_acknowledged when another desk was first (the alert leaves the list either way).',
    payload: z.object({
      alertId: UuidSchema,
      toldName: text(120).optional(),
      toldAt: InstantSchema.optional(),
      readBack: z.literal(true, { error: 'the value must be read back before the alert is acknowledged' }),
    }).strict(),
  }),
} as const;

export const doctorLabEvents = {
  'doctor.criticalAlerts': hostEvent<CriticalAlertsView>()({ owner: 'doctor', summary: 'The critical values waiting for acknowledgement changed (one came in, one was acknowledged here or elsewhere, or the link dropped).' }),
} as const;
