import { describe, expect, it } from 'vitest';
import { RECEPTION_DESK_ROLES, receptionPermissions } from './desk-permissions.js';

describe('reception permissions, from the contract', () => {
  it('lets a nurse check in but not register, correct or read the history; receptionists and admins do all', () => {
    expect(receptionPermissions(['nurse'])).toEqual({ register: false, checkIn: true, correct: false, history: false });
    expect(receptionPermissions(['receptionist'])).toEqual({ register: true, checkIn: true, correct: true, history: true });
    expect(receptionPermissions(['admin'])).toEqual({ register: true, checkIn: true, correct: true, history: true });
    expect(receptionPermissions(['doctor'])).toEqual({ register: false, checkIn: false, correct: false, history: false });
    expect(receptionPermissions(['doctor', 'nurse']).checkIn).toBe(true);
  });

  it('opens the desk to those who may register or check in', () => {
    expect([...RECEPTION_DESK_ROLES].sort()).toEqual(['admin', 'nurse', 'receptionist']);
  });
});
