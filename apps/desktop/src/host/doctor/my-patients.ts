import { QUEUE_BOARD_MAX_LIMIT, QueueBoardSchema } from '@hms/core';
import type { EventData } from '@hms/core';
import { z } from 'zod';
import { myPatientsOf } from '../../shared/doctor/my-patients.js';
import type { LocalConsultations } from '../../shared/doctor/my-patients.js';
import type { MyPatientsView } from '../../shared/doctor/views.js';
import { QueueBoards } from '../../shared/queue/queue-boards.js';
import type { DeskContext } from '../desk-module.js';

const KeptBoardSchema = z.object({ serverUrl: z.string(), asOf: z.string(), board: QueueBoardSchema });
const boardKey = (department: string) => `doctor.board.${department}`;

export interface MyPatientsDeps {
  ctx: DeskContext<'doctor'>;
  /** What this desk did offline that the boards do not show yet. */
  local(): LocalConsultations;
  /** Every change of the list (the chart keeper follows the patients in it). */
  changed(view: MyPatientsView): void;
}

/**
 * "My patients": the boards of the signed-in doctor's departments (the whole waiting list of
 * each), live from queue.changed, kept here so the list still shows offline, and read as the
 * doctor's own queue, the departments' pools and those in consultation with them.
 */
export class MyPatients {
  private readonly deps: MyPatientsDeps;
  private readonly boards: QueueBoards;

  constructor(deps: MyPatientsDeps) {
    this.deps = deps;
    const { ctx } = deps;
    const serverUrl = () => ctx.settings().serverUrl;
    this.boards = new QueueBoards({
      owner: 'doctor',
      topics: ctx.queueTopics,
      limit: QUEUE_BOARD_MAX_LIMIT,
      call: (method, params) => ctx.connection.call(method, params),
      addSessionStep: (key, step, options) => ctx.connection.addSessionStep(key, step, options),
      isOnline: () => ctx.online(),
      showsNames: () => true,
      publish: () => this.publish(),
      store: {
        load: (department) => {
          const kept = ctx.values.getValue(boardKey(department), KeptBoardSchema);
          return kept?.serverUrl === serverUrl() ? { board: kept.board, asOf: kept.asOf } : undefined;
        },
        save: (board, asOf) => ctx.values.setValue(boardKey(board.department), { serverUrl: serverUrl(), asOf, board }),
      },
      now: () => ctx.now(),
      schedule: (callback, ms) => ctx.schedule(callback, ms),
    });
  }

  doctorId(): string | null {
    const user = this.deps.ctx.connection.currentSession?.user;
    return user !== undefined && user.roles.includes('doctor') ? user.id : null;
  }

  /** The doctor's departments, primary first, from the reference data kept here. */
  departments(): string[] {
    const doctorId = this.doctorId();
    if (doctorId === null) return [];
    return this.deps.ctx.reference.current()?.doctors.find((doctor) => doctor.id === doctorId)?.departments ?? [];
  }

  view(): MyPatientsView {
    const views = this.departments().map((department) => this.boards.view(department) ?? { department, board: null, live: false, asOf: null });
    return myPatientsOf(views, this.doctorId(), this.deps.local());
  }

  /** Follows exactly the doctor's departments (after sign-in, a reconnect, or a change of profile) and answers the list. */
  async sync(): Promise<MyPatientsView> {
    const wanted = new Set(this.departments());
    await Promise.all(this.boards.departments().filter((department) => !wanted.has(department)).map((department) => this.boards.unwatch(department)));
    await Promise.all([...wanted].map((department) => this.boards.watch(department).catch(() => undefined)));
    return this.publish();
  }

  onQueueChanged(change: EventData<'queue.changed'>): void {
    this.boards.onChange(change);
  }

  offline(): void {
    this.boards.offline();
  }

  async reload(): Promise<void> {
    await this.boards.reloadAll();
  }

  /** Signed out: the next user follows their own departments. */
  async reset(): Promise<void> {
    await Promise.all(this.boards.departments().map((department) => this.boards.unwatch(department)));
  }

  publish(): MyPatientsView {
    const view = this.view();
    this.deps.ctx.publish('doctor.myPatients', view);
    this.deps.changed(view);
    return view;
  }
}
