import type { Department } from '@hms/core';
import { describe, expect, it } from 'vitest';
import type { DeskCheckIn } from '../../../shared/protocol/reception.js';
import { defaultDepartment } from './default-department.js';

const department = (code: string, active = true): Department => ({ id: `00000000-0000-4000-8000-${code.padStart(12, '0')}`, code, name: code, active });
const departments = [department('DENT'), department('EMR'), department('OLD', false), department('OPD')];
const checkIn = (code: string, arrivedAt: string) => ({ department: code, arrivedAt }) as DeskCheckIn;

describe('the department a reception desk offers first', () => {
  it('is the desk\'s own setting while that department takes patients', () => {
    expect(defaultDepartment(departments, { setting: 'OPD', checkIns: [checkIn('EMR', '2026-12-02T08:00:00Z')] })).toBe('OPD');
    expect(defaultDepartment(departments, { setting: 'OLD' })).toBe('DENT');
    expect(defaultDepartment(departments, { setting: 'GONE' })).toBe('DENT');
  });

  it('else follows the desk\'s latest check-in', () => {
    expect(defaultDepartment(departments, { checkIns: [checkIn('EMR', '2026-12-02T08:00:00Z'), checkIn('OPD', '2026-12-02T09:30:00Z')] })).toBe('OPD');
    expect(defaultDepartment(departments, { checkIns: [checkIn('OPD', '2026-12-02T08:00:00Z'), checkIn('EMR', '2026-12-02T09:30:00Z')] })).toBe('EMR');
    expect(defaultDepartment(departments, { checkIns: [checkIn('OLD', '2026-12-02T09:30:00Z')] })).toBe('DENT');
  });

  it('else is the first active department the server lists, and nothing before it lists any', () => {
    expect(defaultDepartment(departments, {})).toBe('DENT');
    expect(defaultDepartment([department('OLD', false)], {})).toBe('');
    expect(defaultDepartment([], {})).toBe('');
  });
});
