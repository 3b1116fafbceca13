import type { Department } from '@hms/core';
import type { DeskCheckIn } from '../../../shared/protocol/reception.js';

/**
 * The department a reception desk offers first, from what the server and the desk know (no
 * department is special to the code): the desk's own choice in its settings when that is still
 * active, else the department of its latest check-in, else the first active one the server lists.
 * Empty when the server has named no active department yet.
 */
export function defaultDepartment(departments: readonly Department[], desk: { setting?: string | undefined; checkIns?: readonly DeskCheckIn[] }): string {
  const active = departments.filter((department) => department.active);
  const usable = (code: string | undefined) => (code !== undefined && active.some((department) => department.code === code) ? code : undefined);
  const latest = [...(desk.checkIns ?? [])].sort((a, b) => b.arrivedAt.localeCompare(a.arrivedAt))[0]?.department;
  return usable(desk.setting) ?? usable(latest) ?? active[0]?.code ?? '';
}
