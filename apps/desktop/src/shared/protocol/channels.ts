import { IdempotencyKeySchema, isMethodName, methods } from '@hms/core';
import type { ClientEvent, MethodName } from '@hms/core';
import { z } from 'zod';
import { PrintDocumentSchema, PrinterRoleSchema } from '../printing/documents.js';
import type { PrintOutcome } from '../printing/documents.js';
import { adminEvents, adminRequests, adminWrites } from '../admin/index.js';
import { billingEvents, billingRequests, billingWrites } from '../billing/index.js';
import { doctorEvents, doctorRequests, doctorWrites } from '../doctor/index.js';
import { labEvents, labRequests, labWrites } from '../lab/index.js';
import { nurseEvents, nurseRequests, nurseWrites } from '../nurse/index.js';
import { pharmacyEvents, pharmacyRequests, pharmacyWrites } from '../pharmacy/index.js';
import { receptionEvents, receptionRequests, receptionWrites } from '../reception/index.js';
import { fail, ok, toHostError } from '../result.js';
import type { HostResult } from '../result.js';
import { WorkstationSettingsSchema } from '../settings.js';
import type { WorkstationSettings } from '../settings.js';
import { NoPayload, hostEvent, hostRequest } from './define.js';
import type { DeskId, HostEventSpec, HostOwner, HostRequestSpec } from './define.js';
import type { Announcement, CachedPatient, ConflictView, DiscoveredDevices, OfflineReadsView, OutboxEntryView, ReferenceView, ScanEvent, SubmitOutcome } from './records.js';
import type { HostInfo, HostStatus, OutboxStatus, SessionStatus } from './status.js';

const MethodNameSchema = z.string().refine((name): name is MethodName => isMethodName(name), 'not a method of the contract');
const WriteMethodSchema = MethodNameSchema.refine((name) => methods[name].writes, 'only write methods go through the outbox');

/** The workstation's own requests, shared by every desk. */
const workstationRequests = {
  'host.info': hostRequest<HostInfo>()({ owner: 'workstation', summary: 'What this host can do.', payload: NoPayload }),
  'status.get': hostRequest<HostStatus>()({ owner: 'workstation', summary: 'Connection, session and outbox, as the status bar shows them.', payload: NoPayload }),
  'server.call': hostRequest<unknown>()({
    owner: 'workstation',
    summary: 'A server method, straight through (reads; writes that must not queue). Typed from the core contract, so a new method needs no host declaration.',
    payload: z.object({
      method: MethodNameSchema,
      params: z.unknown(),
      idempotencyKey: IdempotencyKeySchema.optional(),
      timeoutMs: z.number().int().min(100).max(120_000).optional(),
    }).strict(),
  }),
  'server.submit': hostRequest<SubmitOutcome>()({
    owner: 'workstation',
    summary: 'A write that must not be lost: sent now, or queued in the outbox while offline.',
    payload: z.object({ method: WriteMethodSchema, params: z.unknown(), label: z.string().trim().min(1).max(200) }).strict(),
  }),
  'session.signIn': hostRequest<SessionStatus>()({
    owner: 'workstation',
    summary: 'Signs in (and arms the offline unlock).',
    payload: z.object({ username: z.string().trim().min(1).max(64), password: z.string().min(1).max(1024) }).strict(),
  }),
  'session.signOut': hostRequest<SessionStatus>()({ owner: 'workstation', summary: 'Signs out.', payload: NoPayload }),
  'session.lock': hostRequest<SessionStatus>()({ owner: 'workstation', summary: 'Locks the screen; a reload does not lift it.', payload: NoPayload }),
  'session.unlock': hostRequest<SessionStatus>()({
    owner: 'workstation',
    summary: 'Unlocks with the sign-in password (offline too); five wrong tries sign out.',
    payload: z.object({ password: z.string().min(1).max(1024) }).strict(),
  }),
  'settings.get': hostRequest<WorkstationSettings>()({ owner: 'workstation', summary: 'This workstation\'s own settings.', payload: NoPayload }),
  'settings.update': hostRequest<WorkstationSettings>()({ owner: 'workstation', summary: 'Saves this workstation\'s settings.', payload: WorkstationSettingsSchema }),
  'devices.discover': hostRequest<DiscoveredDevices>()({ owner: 'workstation', summary: 'Serial ports and system print queues.', payload: NoPayload }),
  'printers.testPage': hostRequest<PrintOutcome>()({
    owner: 'workstation',
    summary: 'A test page on the printer set up for this role.',
    payload: z.object({ role: PrinterRoleSchema }).strict(),
  }),
  'printers.print': hostRequest<PrintOutcome>()({
    owner: 'workstation',
    summary: 'Prints a document on the printer for its role.',
    payload: z.object({ document: PrintDocumentSchema }).strict(),
  }),
  'cache.searchPatients': hostRequest<CachedPatient[]>()({
    owner: 'workstation',
    summary: 'This workstation\'s copy of patients, searched.',
    payload: z.object({ query: z.string().max(200), limit: z.number().int().min(1).max(100).default(20) }).strict(),
  }),
  'outbox.list': hostRequest<{ pending: OutboxEntryView[]; conflicts: ConflictView[]; offlineReads: OfflineReadsView }>()({
    owner: 'workstation',
    summary: 'Writes waiting to send, the conflicts inbox, and the offline chart reads not (yet) on the server\'s audit log.',
    payload: NoPayload,
  }),
  'outbox.retry': hostRequest<OutboxStatus>()({ owner: 'workstation', summary: 'Replays the outbox now.', payload: NoPayload }),
  'outbox.resolveConflict': hostRequest<ConflictView>()({
    owner: 'workstation',
    summary: 'A person dealt with a conflict (discarded it, with a reason); it stays on record.',
    payload: z.object({ id: z.number().int().positive(), resolution: z.string().trim().min(1).max(500) }).strict(),
  }),
  'outbox.resend': hostRequest<SubmitOutcome>()({
    owner: 'workstation',
    summary: 'A conflict corrected and sent again (or queued again while offline); on success it is resolved.',
    payload: z.object({ id: z.number().int().positive(), params: z.unknown(), resolution: z.string().trim().min(1).max(500) }).strict(),
  }),
  'reference.get': hostRequest<ReferenceView>()({
    owner: 'workstation',
    summary: 'The hospital\'s settings, departments and doctors, for every desk: the server\'s (read again when `refresh` or older than five minutes), or the kept copy offline.',
    payload: z.object({ refresh: z.boolean().default(false) }).strict(),
  }),
  'announcements.recent': hostRequest<Announcement[]>()({ owner: 'workstation', summary: 'The last announcements heard.', payload: NoPayload }),
} as const;

const workstationEvents = {
  status: hostEvent<HostStatus>()({ owner: 'workstation', summary: 'Everything the status bar shows, on every change.' }),
  'server.event': hostEvent<ClientEvent>()({ owner: 'workstation', summary: 'A server event of the contract, as received.' }),
  'server.resync': hostEvent<{ reason: 'eventsPruned' }>()({ owner: 'workstation', summary: 'Events were missed beyond what the server keeps: reload what the desk shows.' }),
  'reference.updated': hostEvent<ReferenceView>()({ owner: 'workstation', summary: 'Reference data were read again from the server (on reconnect, or the server said they changed).' }),
  'scanner.scan': hostEvent<ScanEvent>()({ owner: 'workstation', summary: 'A serial scanner read a code.' }),
  'outbox.applied': hostEvent<{ idempotencyKey: string; method: MethodName; result: unknown }>()({
    owner: 'workstation',
    summary: 'A queued write reached the server (its result), so desks can swap provisional records.',
  }),
} as const;

/**
 * Every request the renderer may make of its host: the one declaration from which the renderer's
 * typed API, the preload's allow-list, the IPC handlers and the loopback bridge are derived. The
 * host validates each payload here, whichever way it came (IPC, loopback WebSocket, in the page).
 */
export const hostRequests = { ...workstationRequests, ...receptionRequests, ...doctorRequests, ...nurseRequests, ...pharmacyRequests, ...labRequests, ...adminRequests, ...billingRequests } as const satisfies Record<string, HostRequestSpec>;
/** Every push from the host to the renderer. */
export const hostEvents = { ...workstationEvents, ...receptionEvents, ...doctorEvents, ...nurseEvents, ...pharmacyEvents, ...labEvents, ...adminEvents, ...billingEvents } as const satisfies Record<string, HostEventSpec>;

export type HostRequests = typeof hostRequests;
export type HostChannel = keyof HostRequests;
export type HostRequest<C extends HostChannel> = z.input<HostRequests[C]['payload']>;
export type HostRequestParsed<C extends HostChannel> = z.output<HostRequests[C]['payload']>;
export type HostResponse<C extends HostChannel> = z.output<HostRequests[C]['answer']>;
/** What each request answers. */
export type HostResponses = { [C in HostChannel]: HostResponse<C> };

export type HostEventName = keyof typeof hostEvents;
export type HostEvents = { [E in HostEventName]: z.output<(typeof hostEvents)[E]['data']> };

/** The requests one owner (the workstation, or a desk) implements. */
export type OwnedChannel<O extends HostOwner> = { [C in HostChannel]: HostRequests[C]['owner'] extends O ? C : never }[HostChannel];
export type OwnedEvent<O extends HostOwner> = { [E in HostEventName]: (typeof hostEvents)[E]['owner'] extends O ? E : never }[HostEventName];

export const HOST_CHANNELS = Object.keys(hostRequests) as HostChannel[];
export const HOST_EVENT_NAMES = Object.keys(hostEvents) as HostEventName[];

export function isHostChannel(name: unknown): name is HostChannel {
  return typeof name === 'string' && Object.hasOwn(hostRequests, name);
}

export function isHostEventName(name: unknown): name is HostEventName {
  return typeof name === 'string' && Object.hasOwn(hostEvents, name);
}

/**
 * The writes each desk makes that may wait in the outbox. Its host part says what to do once
 * each is applied, refused or discarded (OfflineWrites<D>); its renderer part how the outbox
 * labels it and the form that fixes a refused one. Both are keyed by this list.
 */
export const deskWrites = { reception: receptionWrites, doctor: doctorWrites, nurse: nurseWrites, pharmacy: pharmacyWrites, lab: labWrites, admin: adminWrites, billing: billingWrites } as const satisfies { readonly [D in DeskId]: readonly MethodName[] };
export type DeskWrite<D extends DeskId> = (typeof deskWrites)[D][number];

/** One handler per request; they throw typed errors (HostFailure, HmsError), the dispatcher catches. */
export type HostHandlers = { [C in HostChannel]: (request: HostRequestParsed<C>) => Promise<HostResponse<C>> };
/** The handlers one owner implements. */
export type OwnedHandlers<O extends HostOwner> = Pick<HostHandlers, OwnedChannel<O>>;

/** The one entry of every transport: checks the channel and payload, runs the handler, never throws. */
export async function dispatchHostRequest(handlers: HostHandlers, channel: unknown, payload: unknown): Promise<HostResult<unknown>> {
  if (!isHostChannel(channel)) return fail('BAD_REQUEST', `There is no host request "${String(channel).slice(0, 60)}".`);
  const parsed = hostRequests[channel].payload.safeParse(payload ?? {});
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
