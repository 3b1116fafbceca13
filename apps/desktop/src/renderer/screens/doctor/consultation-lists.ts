import type { Diagnosis, OrderItem, ParamsIn, Prescription, Result } from '@hms/core';
import type { ConsultationView, ConsultationWrite } from '../../../shared/doctor/views.js';

/** Where a write of the consultation stands, as the screen marks it. */
export type Pending = 'queued' | 'refused';

export interface DiagnosisLine {
  key: string;
  code: string;
  description: string;
  certainty: Diagnosis['certainty'];
  rank: Diagnosis['rank'] | null;
  pending: Pending | null;
}

export interface OrderLine {
  key: string;
  name: string;
  kind: OrderItem['kind'];
  priority: OrderItem['priority'];
  status: OrderItem['status'] | null;
  orderedAt: string;
  pending: Pending | null;
}

/** A prescription of this consultation: the server's, or the desk's own while it waits (number null until the server gives one). */
export interface PrescriptionLine {
  id: string;
  number: string | null;
  createdAt: string;
  items: (Prescription['items'][number] | (ParamsIn<'prescriptions.create'>['items'][number] & { name?: string }))[];
  overrides: number;
  status: Prescription['status'];
  prescriberName: string | null;
  prescriberRegistration: string | null;
  pending: Pending | null;
  /** The server's record, once it has it. */
  prescription: Prescription | undefined;
  /** Refused: why (a refusal on replay carries the blocking alerts in its details). */
  refusal: ConsultationWrite['error'];
}

function waiting(write: ConsultationWrite): Pending | null {
  switch (write.state) {
    case 'queued':
    case 'resent':
      return 'queued';
    case 'refused':
      return 'refused';
    case 'applied':
    case 'discarded':
      return null;
  }
}

function writesOf(view: ConsultationView | null | undefined, method: ConsultationWrite['method']): ConsultationWrite[] {
  return (view?.writes ?? []).filter((write) => write.method === method && write.state !== 'discarded');
}

/** The encounter's diagnoses as the server holds them, then those still on their way from this desk. */
export function diagnosisLines(view: ConsultationView | null | undefined, names: Readonly<Record<string, string>> = {}): DiagnosisLine[] {
  const stored = (view?.encounter?.diagnoses ?? []).map((diagnosis): DiagnosisLine => ({
    key: diagnosis.id, code: diagnosis.code, description: diagnosis.description, certainty: diagnosis.certainty, rank: diagnosis.rank, pending: null,
  }));
  const codes = new Set(stored.map((line) => line.code));
  const unsent = writesOf(view, 'diagnoses.add').flatMap((write): DiagnosisLine[] => {
    const pending = waiting(write);
    const params = write.params as ParamsIn<'diagnoses.add'>;
    if (pending === null || codes.has(params.code)) return [];
    return [{ key: write.idempotencyKey, code: params.code, description: names[`code:${params.code}`] ?? write.label, certainty: params.certainty, rank: params.rank ?? null, pending }];
  });
  return [...stored, ...unsent];
}

/** The encounter's orders: those the server listed (and answered), then those still on their way. */
export function orderLines(view: ConsultationView | null | undefined, stored: readonly OrderItem[], names: Readonly<Record<string, string>> = {}): OrderLine[] {
  const applied = writesOf(view, 'orders.create').flatMap((write) => (write.state === 'applied' ? (write.result as Result<'orders.create'>).items : []));
  const byId = new Map<string, OrderItem>();
  for (const item of [...stored, ...applied]) byId.set(item.id, item);
  const known = [...byId.values()]
    .filter((item) => view === undefined || view === null || item.encounterId === view.encounterId)
    .map((item): OrderLine => ({ key: item.id, name: item.name, kind: item.kind, priority: item.priority, status: item.status, orderedAt: item.orderedAt, pending: null }));
  const unsent = writesOf(view, 'orders.create').flatMap((write): OrderLine[] => {
    const pending = waiting(write);
    if (pending === null) return [];
    const params = write.params as { items: (ParamsIn<'orders.create'>['items'][number] & { name?: string })[] };
    return params.items.map((item, index) => ({
      key: `${write.idempotencyKey}:${index}`, name: item.name ?? names[`order:${item.code}`] ?? item.code, kind: item.kind, priority: item.priority ?? 'routine', status: null, orderedAt: write.at, pending,
    }));
  });
  return [...known, ...unsent];
}

/** The consultation's prescriptions, the server's first (newest first), then the desk's own still waiting, each once. */
export function prescriptionLines(view: ConsultationView | null | undefined, stored: readonly Prescription[]): PrescriptionLine[] {
  const fromServer = new Map<string, Prescription>();
  for (const prescription of stored) fromServer.set(prescription.id, prescription);
  const lines: PrescriptionLine[] = [];
  for (const write of writesOf(view, 'prescriptions.create')) {
    const params = write.params as ParamsIn<'prescriptions.create'> & { id?: string };
    const prescription = write.state === 'applied' ? (write.result as Result<'prescriptions.create'>).prescription : (params.id === undefined ? undefined : fromServer.get(params.id));
    if (prescription !== undefined) {
      fromServer.set(prescription.id, prescription);
      continue;
    }
    const pending = waiting(write);
    if (pending === null || params.id === undefined) continue;
    lines.push({
      id: params.id, number: null, createdAt: write.at, items: params.items, overrides: params.overrides?.length ?? 0, status: 'active',
      prescriberName: null, prescriberRegistration: null, pending, prescription: undefined, refusal: pending === 'refused' ? write.error : null,
    });
  }
  const server = [...fromServer.values()]
    .filter((prescription) => view === undefined || view === null || prescription.encounterId === view.encounterId)
    .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    .map((prescription): PrescriptionLine => ({
      id: prescription.id, number: prescription.number, createdAt: prescription.createdAt, items: prescription.items, overrides: prescription.overrides.length,
      status: prescription.status, prescriberName: prescription.prescriberName, prescriberRegistration: prescription.prescriberRegistration, pending: null, prescription, refusal: null,
    }));
  return [...server, ...lines];
}
