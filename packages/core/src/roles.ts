import { z } from 'zod';

/** Every staff role the hospital assigns. A user may hold several. */
export const ROLES = [
  'admin',
  'doctor',
  'nurse',
  'receptionist',
  'lab_technician',
  'pharmacist',
  'radiologist',
  'cashier',
  'storekeeper',
  'lab_supervisor',
  'billing_supervisor',
] as const;

export type Role = (typeof ROLES)[number];
export const RoleSchema = z.enum(ROLES);

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: 'Administrator',
  doctor: 'Doctor',
  nurse: 'Nurse',
  receptionist: 'Receptionist',
  lab_technician: 'Lab technician',
  pharmacist: 'Pharmacist',
  radiologist: 'Radiologist',
  cashier: 'Cashier',
  storekeeper: 'Storekeeper',
  lab_supervisor: 'Lab supervisor',
  billing_supervisor: 'Billing supervisor',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}
