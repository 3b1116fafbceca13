import type { Handlers } from '../gateway/handler.js';
import { arrive, book, cancel, listAppointments, markNoShow, reschedule } from './appointments-service.js';

type AppointmentsHandlers = Pick<
  Handlers,
  'appointments.book' | 'appointments.reschedule' | 'appointments.cancel' | 'appointments.markNoShow' | 'appointments.arrive' | 'appointments.list'
>;

export function appointmentsHandlers(): AppointmentsHandlers {
  return {
    'appointments.book': async (params, ctx) => ({ appointment: await ctx.write((scope) => book(scope, ctx.actor, params, ctx.clock.now())) }),
    'appointments.reschedule': async (params, ctx) => ({ appointment: await ctx.write((scope) => reschedule(scope, params, ctx.clock.now())) }),
    'appointments.cancel': async (params, ctx) => ({ appointment: await ctx.write((scope) => cancel(scope, params.id, params.reason, ctx.clock.now())) }),
    'appointments.markNoShow': async (params, ctx) => ({ appointment: await ctx.write((scope) => markNoShow(scope, params.id, ctx.clock.now())) }),
    'appointments.arrive': async (params, ctx) => ctx.write((scope) => arrive(scope, ctx.actor, params, ctx.clock.now())),
    'appointments.list': async (params, ctx) => {
      const page = await listAppointments(ctx.db, params, ctx.clock.now());
      if (params.patientId !== undefined) {
        await ctx.auditRead({ action: 'appointments.list', entityType: 'patient', entityId: page.items[0]?.patientId ?? params.patientId, details: { count: page.items.length } });
      }
      return page;
    },
  };
}
