import type { Doctor, QueueBoard } from '@hms/core';

type Waiting = QueueBoard['waiting'][number];
type Serving = QueueBoard['nowServing'][number];

/** One patient on the doctor's list: waiting for them (or for any doctor of the department), or with them now. */
export type MyPatient =
  | { kind: 'withMe'; department: string; departmentName: string; entry: Serving }
  | { kind: 'waiting'; department: string; departmentName: string; entry: Waiting; mine: boolean };

/** The departments a doctor sees patients in (primary first): their profile's, else none. */
export function departmentsOf(doctors: readonly Doctor[] | undefined, userId: string | undefined): string[] {
  if (userId === undefined) return [];
  return doctors?.find((doctor) => doctor.id === userId)?.departments ?? [];
}

/**
 * The doctor's patients today from the boards of their departments: those they called in
 * first, then everyone a call by them could take (their own queue and the department pool),
 * in the board's calling order. Another doctor's queue is not theirs.
 */
export function myPatients(boards: readonly QueueBoard[], userId: string): MyPatient[] {
  const withMe = boards.flatMap((board) => board.nowServing
    .filter((entry) => entry.servedBy === userId)
    .map((entry): MyPatient => ({ kind: 'withMe', department: board.department, departmentName: board.departmentName, entry })));
  const waiting = boards.flatMap((board) => board.waiting
    .filter((entry) => entry.doctorId === null || entry.doctorId === userId)
    .map((entry): MyPatient => ({ kind: 'waiting', department: board.department, departmentName: board.departmentName, entry, mine: entry.doctorId === userId })));
  return [...withMe, ...waiting];
}
