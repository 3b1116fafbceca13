import type { z } from 'zod';
import { auditMethods } from './audit.js';
import { authMethods } from './auth.js';
import { eventsMethods } from './events.js';
import type { EventSpec, MethodSpec } from './method.js';
import { systemEvents, systemMethods } from './system.js';
import { usersMethods } from './users.js';
import { appointmentsMethods } from './appointments.js';
import { departmentsMethods } from './departments.js';
import { doctorsMethods } from './doctors.js';
import { queueEvents, queueMethods } from './queue.js';
import { referenceEvents } from './reference-events.js';
import { schedulesMethods } from './schedules.js';
import { settingsMethods } from './settings.js';
import { visitsMethods } from './visits.js';
import { mrnMethods } from './mrn.js';
import { patientsEvents, patientsMethods } from './patients.js';
import { drugsMethods } from './drugs.js';
import { diagnosesEvents, diagnosesMethods } from './diagnoses.js';
import { encountersEvents, encountersMethods } from './encounters.js';
import { vitalsEvents, vitalsMethods } from './vitals.js';
import { allergiesEvents, allergiesMethods } from './allergies.js';
import { chartsMethods } from './charts.js';
import { ordersEvents, ordersMethods } from './orders.js';
import { prescriptionsEvents, prescriptionsMethods } from './prescriptions.js';
import { stockEvents, stockMethods } from './stock.js';
import { dispensingEvents, dispensingMethods } from './dispensing.js';
import { labEvents, labMethods } from './lab.js';
import { interfacesEvents, interfacesMethods } from './interfaces.js';
import { billingMethods } from './billing.js';
import { insuranceMethods } from './insurance.js';

/** Every method on the wire. The server registers one handler per entry; clients are typed from it. */
export const methods = {
  ...authMethods,
  ...systemMethods,
  ...eventsMethods,
  ...auditMethods,
  ...usersMethods,
  ...settingsMethods,
  ...departmentsMethods,
  ...doctorsMethods,
  ...schedulesMethods,
  ...visitsMethods,
  ...queueMethods,
  ...appointmentsMethods,
  ...patientsMethods,
  ...mrnMethods,
  ...drugsMethods,
  ...diagnosesMethods,
  ...encountersMethods,
  ...vitalsMethods,
  ...allergiesMethods,
  ...chartsMethods,
  ...ordersMethods,
  ...prescriptionsMethods,
  ...stockMethods,
  ...dispensingMethods,
  ...labMethods,
  ...interfacesMethods,
  ...billingMethods,
  ...insuranceMethods,
} as const satisfies Record<string, MethodSpec>;

/** Every push event on the wire. */
export const events = {
  ...systemEvents,
  ...referenceEvents,
  ...queueEvents,
  ...patientsEvents,
  ...diagnosesEvents,
  ...encountersEvents,
  ...vitalsEvents,
  ...allergiesEvents,
  ...ordersEvents,
  ...prescriptionsEvents,
  ...stockEvents,
  ...dispensingEvents,
  ...labEvents,
  ...interfacesEvents,
} as const satisfies Record<string, EventSpec>;

export type Methods = typeof methods;
export type MethodName = keyof Methods;
/** What a caller passes (defaults may be omitted). */
export type ParamsIn<M extends MethodName> = z.input<Methods[M]['params']>;
/** What a handler receives, after validation and defaults. */
export type Params<M extends MethodName> = z.output<Methods[M]['params']>;
export type Result<M extends MethodName> = z.output<Methods[M]['result']>;
/** What a handler returns, before the result schema's transforms. */
export type ResultIn<M extends MethodName> = z.input<Methods[M]['result']>;

export type Events = typeof events;
export type EventName = keyof Events;
export type EventData<E extends EventName> = z.output<Events[E]['data']>;

export const METHOD_NAMES = Object.keys(methods) as MethodName[];
export const EVENT_NAMES = Object.keys(events) as EventName[];

export function isMethodName(name: string): name is MethodName {
  return Object.hasOwn(methods, name);
}

export function isEventName(name: string): name is EventName {
  return Object.hasOwn(events, name);
}

export * from './audit.js';
export * from './auth.js';
export * from './events.js';
export * from './frames.js';
export * from './method.js';
export * from './system.js';
export * from './users.js';
export * from './appointments.js';
export * from './departments.js';
export * from './doctors.js';
export * from './front-desk-shared.js';
export * from './queue.js';
export * from './reference-events.js';
export * from './schedules.js';
export * from './settings.js';
export * from './visits.js';
export * from './mrn.js';
export * from './patients.js';
export * from './drugs.js';
export * from './clinical-roles.js';
export * from './diagnoses.js';
export * from './encounters.js';
export * from './vitals.js';
export * from './allergies.js';
export * from './chart-slots.js';
export * from './charts.js';
export * from './orders.js';
export * from './prescriptions.js';
export * from './stock.js';
export * from './dispensing.js';
export * from './lab.js';
export * from './interfaces.js';
export * from './billing.js';
export * from './insurance.js';

/** Methods a caller without a session may use. */
export type PublicMethodName = { [M in MethodName]: Methods[M]['access'] extends 'public' ? M : never }[MethodName];
/** What an event's emitter passes, before the schema's transforms. */
export type EventDataIn<E extends EventName> = z.input<Events[E]['data']>;
