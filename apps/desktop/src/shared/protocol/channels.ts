import {
  DepartmentCodeSchema, IdempotencyKeySchema, PatientDemographicsSchema, PayerSchema, QueuePrioritySchema, UuidSchema, VisitTypeSchema, isMethodName, methods,
} from '@hms/core';
import type { ClientEvent, MethodName } from '@hms/core';
import { z } from 'zod';
import { PrintDocumentSchema, PrinterRoleSchema } from '../printing/documents.js';
import type { PrintOutcome } from '../printing/documents.js';
import { fail, ok, toHostError } from '../result.js';
import type { HostResult } from '../result.js';
import { WorkstationSettingsSchema } from '../settings.js';
import type { WorkstationSettings } from '../settings.js';
import type { Announcement, CachedPatient, ConflictView, DiscoveredDevices, OutboxEntryView, ScanEvent, SubmitOutcome } from './records.js';
import type {
  CheckInOutcome, DeskCheckIn, MrnCorrection, PatientRecordView, PatientSearchOutcome, QueueBoardView, ReceptionChange, ReceptionOverview, RegisterOutcome,
} from './reception.js';
import type { HostInfo, HostStatus, OutboxStatus, SessionStatus } from './status.js';

const MethodNameSchema = z.string().refine((name): name is MethodName => isMethodName(name), 'not a method of the contract');
const WriteMethodSchema = MethodNameSchema.refine((name) => methods[name].writes, 'only write methods go through the outbox');
const NoPayload = z.object({}).strict();

/**
 * Every request the renderer may make of its host, with the schema its payload must pass.
 * The host validates each payload here, whichever way it came (IPC, loopback WebSocket).
 */
export const hostRequests = {
  'host.info': NoPayload,
  'status.get': NoPayload,
  /** A server method, straight through (reads; writes that must not queue). */
  'server.call': z.object({
    method: MethodNameSchema,
    params: z.unknown(),
    idempotencyKey: IdempotencyKeySchema.optional(),
    timeoutMs: z.number().int().min(100).max(120_000).optional(),
  }).strict(),
  /** A write that must not be lost: sent now, or queued in the outbox while offline. */
  'server.submit': z.object({
    method: WriteMethodSchema,
    params: z.unknown(),
    label: z.string().trim().min(1).max(200),
  }).strict(),
  'session.signIn': z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(1024) }).strict(),
  'session.signOut': NoPayload,
  'session.lock': NoPayload,
  'session.unlock': z.object({ password: z.string().min(1).max(1024) }).strict(),
  'settings.get': NoPayload,
  'settings.update': WorkstationSettingsSchema,
  'devices.discover': NoPayload,
  'printers.testPage': z.object({ role: PrinterRoleSchema }).strict(),
  'printers.print': z.object({ document: PrintDocumentSchema }).strict(),
  'cache.searchPatients': z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20) }).strict(),
  'outbox.list': NoPayload,
  'outbox.retry': NoPayload,
  'outbox.resolveConflict': z.object({ id: z.number().int().positive(), resolution: z.string().trim().min(1).max(500) }).strict(),
  'announcements.recent': NoPayload,
  /** A conflict corrected and sent again (or queued again while offline); on success it is resolved. */
  'outbox.resend': z.object({ id: z.number().int().positive(), params: z.unknown(), resolution: z.string().trim().min(1).max(500) }).strict(),

  // The reception desk: what needs the cache, the MRN block or the outbox lives in the host.
  /** The hospital's settings, departments, doctors, and the offline MRN block; `refresh` reads them again now. */
  'reception.overview': z.object({ refresh: z.boolean().default(false) }).strict(),
  /** The server's search; this workstation's copy while offline. */
  'reception.search': z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20) }).strict(),
  /** One patient by id or MRN (a scan): the server's record, or this workstation's copy while offline. */
  'reception.patient': z.union([z.object({ id: UuidSchema }).strict(), z.object({ mrn: z.string().trim().min(1).max(60) }).strict()]),
  /** Registers a patient: at once, or offline with an MRN from this workstation's block. Sex is checked by the rules, with their message. */
  'reception.register': PatientDemographicsSchema.partial({ sex: true }).extend({ confirmedNotDuplicate: z.boolean().optional() }).strict(),
  /** Checks a patient in: at once (the token), or queued with the arrival time while offline. */
  'reception.checkIn': z.object({
    patient: z.object({ id: UuidSchema, mrn: z.string().trim().min(1).max(60), name: z.string().trim().min(1).max(240) }).strict(),
    visitType: VisitTypeSchema,
    department: DepartmentCodeSchema,
    priority: QueuePrioritySchema.optional(),
    doctorId: UuidSchema.optional(),
    complaint: z.string().trim().min(1).max(500).optional(),
    payer: PayerSchema.optional(),
  }).strict(),
  /** Today's check-ins at this desk, latest first. */
  'reception.checkIns': NoPayload,
  'reception.watchQueue': z.object({ department: DepartmentCodeSchema }).strict(),
  'reception.unwatchQueue': z.object({ department: DepartmentCodeSchema }).strict(),
  /** Wristbands printed here with an MRN the patient does not have, not yet replaced. */
  'reception.mrnCorrections': NoPayload,
  /** A person says the wristband (and slip) of this correction were replaced. */
  'reception.acknowledgeMrnCorrection': z.object({ patientId: UuidSchema, printedMrn: z.string().trim().min(1).max(60) }).strict(),
} as const satisfies Record<string, z.ZodType>;

export type HostChannel = keyof typeof hostRequests;
export type HostRequest<C extends HostChannel> = z.input<(typeof hostRequests)[C]>;
export type HostRequestParsed<C extends HostChannel> = z.output<(typeof hostRequests)[C]>;

/** What each request answers. */
export interface HostResponses {
  'host.info': HostInfo;
  'status.get': HostStatus;
  'server.call': unknown;
  'server.submit': SubmitOutcome;
  'session.signIn': SessionStatus;
  'session.signOut': SessionStatus;
  'session.lock': SessionStatus;
  'session.unlock': SessionStatus;
  'settings.get': WorkstationSettings;
  'settings.update': WorkstationSettings;
  'devices.discover': DiscoveredDevices;
  'printers.testPage': PrintOutcome;
  'printers.print': PrintOutcome;
  'cache.searchPatients': CachedPatient[];
  'outbox.list': { pending: OutboxEntryView[]; conflicts: ConflictView[] };
  'outbox.retry': OutboxStatus;
  'outbox.resolveConflict': ConflictView;
  'announcements.recent': Announcement[];
  'outbox.resend': SubmitOutcome;
  'reception.overview': ReceptionOverview;
  'reception.search': PatientSearchOutcome;
  'reception.patient': PatientRecordView;
  'reception.register': RegisterOutcome;
  'reception.checkIn': CheckInOutcome;
  'reception.checkIns': DeskCheckIn[];
  'reception.watchQueue': QueueBoardView;
  'reception.unwatchQueue': { ok: true };
  'reception.mrnCorrections': MrnCorrection[];
  'reception.acknowledgeMrnCorrection': { ok: true };
}
export type HostResponse<C extends HostChannel> = HostResponses[C];

/** Pushes from the host to the renderer. */
export interface HostEvents {
  status: HostStatus;
  'server.event': ClientEvent;
  /** Events were missed beyond what the server keeps: reload what the desk shows. */
  'server.resync': { reason: 'eventsPruned' };
  'scanner.scan': ScanEvent;
  /** A queued write reached the server (its result), so desks can swap provisional records. */
  'outbox.applied': { idempotencyKey: string; method: MethodName; result: unknown };
  /** A watched queue board changed (or went offline). */
  'reception.queue': QueueBoardView;
  /** Reception data the host keeps changed: open screens read it again. */
  'reception.changed': ReceptionChange;
}
export type HostEventName = keyof HostEvents;

export const HOST_CHANNELS = Object.keys(hostRequests) as HostChannel[];
export const HOST_EVENT_NAMES = ['status', 'server.event', 'server.resync', 'scanner.scan', 'outbox.applied', 'reception.queue', 'reception.changed'] as const satisfies readonly HostEventName[];
// Compile-time check that the list names every event exactly.
type MissingEvent = Exclude<HostEventName, (typeof HOST_EVENT_NAMES)[number]>;
const noMissingEvent: MissingEvent extends never ? true : false = true;
void noMissingEvent;

export function isHostChannel(name: unknown): name is HostChannel {
  return typeof name === 'string' && Object.hasOwn(hostRequests, name);
}

export function isHostEventName(name: unknown): name is HostEventName {
  return typeof name === 'string' && (HOST_EVENT_NAMES as readonly string[]).includes(name);
}

/** One handler per request; they throw typed errors (HostFailure, HmsError), the dispatcher catches. */
export type HostHandlers = { [C in HostChannel]: (request: HostRequestParsed<C>) => Promise<HostResponse<C>> };

/** The one entry of every transport: checks the channel and payload, runs the handler, never throws. */
export async function dispatchHostRequest(handlers: HostHandlers, channel: unknown, payload: unknown): Promise<HostResult<unknown>> {
  if (!isHostChannel(channel)) return fail('BAD_REQUEST', `There is no host request "${String(channel).slice(0, 60)}".`);
  const parsed = hostRequests[channel].safeParse(payload ?? {});
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[issue.path.map(String).join('.') || '_'] ??= issue.message;
    return fail('VALIDATION', 'Some fields are not valid.', { fields });
  }
  try {
    const handler = handlers[channel] as (request: unknown) => Promise<unknown>;
    return ok(await handler(parsed.data));
  } catch (error) {
    return { ok: false, error: toHostError(error) };
  }
}
