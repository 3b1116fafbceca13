import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { HmsError } from '../errors.js';
import { APPOINTMENT_ACTIONS, APPOINTMENT_STATUSES, nextAppointmentStatus } from './appointment-status.js';
import type { AppointmentStatus } from './appointment-status.js';

describe('appointment status', () => {
  it('moves a booked appointment to each outcome once', () => {
    expect(nextAppointmentStatus('booked', 'reschedule')).toBe('booked');
    expect(nextAppointmentStatus('booked', 'arrive')).toBe('arrived');
    expect(nextAppointmentStatus('booked', 'cancel')).toBe('cancelled');
    expect(nextAppointmentStatus('booked', 'mark_no_show')).toBe('no_show');
  });

  it('refuses every action once it is not booked (property)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...APPOINTMENT_STATUSES.filter((s) => s !== 'booked')), fc.constantFrom(...APPOINTMENT_ACTIONS), (status: AppointmentStatus, action) => {
        expect(() => nextAppointmentStatus(status, action)).toThrow(HmsError);
        try {
          nextAppointmentStatus(status, action);
        } catch (error) {
          expect((error as HmsError).code).toBe('CONFLICT');
        }
      }),
    );
  });
});
