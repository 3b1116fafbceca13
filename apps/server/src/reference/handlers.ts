import type { Handlers } from '../gateway/handler.js';
import { createDepartment, listDepartments, updateDepartment } from './departments-service.js';
import { listDoctors, saveDoctorProfile } from './doctors-service.js';
import { addException, addLeave, cancelLeave, findFreeSlots, getSchedule, removeException, setWeekly } from './schedules-service.js';
import { getSettings, updateSettings } from './settings-service.js';

type ReferenceHandlers = Pick<
  Handlers,
  | 'settings.get'
  | 'settings.update'
  | 'departments.list'
  | 'departments.create'
  | 'departments.update'
  | 'doctors.list'
  | 'doctors.saveProfile'
  | 'schedules.get'
  | 'schedules.setWeekly'
  | 'schedules.addException'
  | 'schedules.removeException'
  | 'schedules.addLeave'
  | 'schedules.cancelLeave'
  | 'schedules.freeSlots'
>;

/** Hospital settings, departments, doctors and their schedules: read by everyone, kept by administrators. */
export function referenceHandlers(): ReferenceHandlers {
  return {
    'settings.get': async (_params, ctx) => ({ settings: await getSettings(ctx.db, ctx.clock.now()) }),
    'settings.update': async (params, ctx) => ({
      settings: await ctx.write((scope) => updateSettings(scope, params, ctx.clock.now())),
    }),
    'departments.list': async (params, ctx) => ({ items: await listDepartments(ctx.db, params.includeInactive) }),
    'departments.create': async (params, ctx) => ({
      department: await ctx.write((scope) => createDepartment(scope, params, ctx.clock.now())),
    }),
    'departments.update': async (params, ctx) => ({
      department: await ctx.write((scope) => updateDepartment(scope, params, ctx.clock.now())),
    }),
    'doctors.list': async (params, ctx) => ({ items: await listDoctors(ctx.db, params) }),
    'doctors.saveProfile': async (params, ctx) => ({
      doctor: await ctx.write((scope) => saveDoctorProfile(scope, params, ctx.clock.now())),
    }),
    'schedules.get': async (params, ctx) => getSchedule(ctx.db, params.doctorId, params, ctx.clock.now()),
    'schedules.setWeekly': async (params, ctx) => ctx.write((scope) => setWeekly(scope, params.doctorId, params.sessions, ctx.clock.now())),
    'schedules.addException': async (params, ctx) => ctx.write((scope) => addException(scope, params, ctx.actor.userId, ctx.clock.now())),
    'schedules.removeException': async (params, ctx) => {
      await ctx.write((scope) => removeException(scope, params.id, ctx.clock.now()));
      return { ok: true };
    },
    'schedules.addLeave': async (params, ctx) => ctx.write((scope) => addLeave(scope, params, ctx.actor.userId, ctx.clock.now())),
    'schedules.cancelLeave': async (params, ctx) => ({ leave: await ctx.write((scope) => cancelLeave(scope, params.id, ctx.actor.userId, ctx.clock.now())) }),
    'schedules.freeSlots': async (params, ctx) => findFreeSlots(ctx.db, params, ctx.clock.now()),
  };
}
