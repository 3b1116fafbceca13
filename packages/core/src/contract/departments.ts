import { z } from 'zod';
import { UuidSchema, text } from '../common.js';
import { DepartmentCodeSchema, REFERENCE_ADMIN_ROLES } from './front-desk-shared.js';
import { defineMethod } from './method.js';

export const DepartmentSchema = z.object({
  id: UuidSchema,
  /** Short code, also the prefix of the department's queue tokens (`OPD-042`). Never changes. */
  code: z.string(),
  name: z.string(),
  active: z.boolean(),
});
export type Department = z.infer<typeof DepartmentSchema>;

export const departmentsMethods = {
  'departments.list': defineMethod({
    summary: 'Departments by code; inactive ones only when asked.',
    access: 'anyRole',
    writes: false,
    params: z.object({ includeInactive: z.boolean().default(false) }),
    result: z.object({ items: z.array(DepartmentSchema) }),
  }),
  'departments.create': defineMethod({
    summary: 'Add a department. Its code is permanent (it prefixes queue tokens); CONFLICT when taken.',
    access: REFERENCE_ADMIN_ROLES,
    writes: true,
    params: z.object({ code: DepartmentCodeSchema, name: text(120) }),
    result: z.object({ department: DepartmentSchema }),
  }),
  'departments.update': defineMethod({
    summary: 'Rename a department, or deactivate (active: false) rather than delete it: no new check-ins then; open visits carry on.',
    access: REFERENCE_ADMIN_ROLES,
    writes: true,
    params: z.object({ id: UuidSchema, name: text(120).optional(), active: z.boolean().optional() }),
    result: z.object({ department: DepartmentSchema }),
  }),
} as const;
