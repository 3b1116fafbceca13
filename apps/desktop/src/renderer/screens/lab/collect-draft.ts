import type { SpecimenContainer } from '@hms/core';
import type { ContainerGroup } from '../../../shared/lab/containers.js';

/** The tubes the collection screen will send: the tests grouped by the container chosen for each, in the order shown. */
export function groupsOf(codes: readonly string[], chosen: Readonly<Record<string, SpecimenContainer>>): ContainerGroup[] {
  const groups: ContainerGroup[] = [];
  for (const code of codes) {
    const container = chosen[code];
    if (container === undefined) continue;
    const group = groups.find((candidate) => candidate.container === container);
    if (group === undefined) groups.push({ container, tests: [code] });
    else group.tests.push(code);
  }
  return groups;
}
