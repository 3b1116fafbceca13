import type { TransferRequest } from '@hms/core';

/**
 * The transfer screen's pure rules: a request's lines as typed, what arrived per batch issued,
 * and what each request waits for. The server decides and stores everything.
 */

export interface RequestDraftLine {
  item: { id: string; name: string; unit: string } | undefined;
  quantity: string;
}

export type Checked<T> = { ok: true; lines: T[] } | { ok: false; errors: Record<number | 'sheet', string> };

/** A request's lines: each a chosen item and a whole number of units, one line per item. */
export function requestLines(drafts: readonly RequestDraftLine[]): Checked<{ itemId: string; quantity: number }> {
  const errors: Record<number | 'sheet', string> = {} as Record<number | 'sheet', string>;
  const lines: Array<{ itemId: string; quantity: number }> = [];
  const seen = new Set<string>();
  drafts.forEach((draft, index) => {
    const text = draft.quantity.trim();
    if (draft.item === undefined && text === '') return;
    if (draft.item === undefined) errors[index] = 'Choose the item';
    else if (!/^\d+$/.test(text) || Number(text) <= 0) errors[index] = 'A whole number of units, more than 0';
    else if (seen.has(draft.item.id)) errors[index] = `${draft.item.name} is on the request already`;
    else {
      seen.add(draft.item.id);
      lines.push({ itemId: draft.item.id, quantity: Number(text) });
    }
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (lines.length === 0) return { ok: false, errors: { sheet: 'Add at least one item to request' } as Record<number | 'sheet', string> };
  return { ok: true, lines };
}

/**
 * What arrived, per batch issued: a box left empty arrived in full; fewer than issued is a
 * shortfall the server records as lost in transit (it then needs a note); more is refused.
 */
export function receiptLines(request: TransferRequest, typed: Readonly<Record<string, string>>, note: string):
  | { ok: true; lines: Array<{ batchId: string; received: number }>; missing: number }
  | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const lines: Array<{ batchId: string; received: number }> = [];
  let missing = 0;
  for (const issue of request.issues) {
    const text = (typed[issue.batchId] ?? '').trim();
    if (text === '') continue;
    if (!/^\d+$/.test(text)) errors[issue.batchId] = 'A whole number of units, 0 or more';
    else if (Number(text) > issue.issued) errors[issue.batchId] = `Only ${issue.issued} were issued`;
    else {
      lines.push({ batchId: issue.batchId, received: Number(text) });
      missing += issue.issued - Number(text);
    }
  }
  if (missing > 0 && note.trim() === '') errors.note = 'Say what happened to the units that did not arrive';
  return Object.keys(errors).length > 0 ? { ok: false, errors } : { ok: true, lines, missing };
}

/**
 * What the store issues, per item requested: a box left empty issues what was asked; fewer
 * (0 leaves the item out) is allowed, more is refused. No box typed issues the request as asked.
 */
export function issueLines(request: TransferRequest, typed: Readonly<Record<string, string>>):
  | { ok: true; lines: Array<{ itemId: string; quantity: number }> | undefined }
  | { ok: false; errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  let changed = false;
  const lines = request.lines.map((line) => {
    const text = (typed[line.item.id] ?? '').trim();
    if (text === '') return { itemId: line.item.id, quantity: line.requested };
    changed = true;
    if (!/^\d+$/.test(text)) errors[line.item.id] = 'A whole number of units, 0 or more';
    else if (Number(text) > line.requested) errors[line.item.id] = `Only ${line.requested} were asked for`;
    return { itemId: line.item.id, quantity: Number(text) };
  });
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (changed && lines.every((line) => line.quantity === 0)) return { ok: false, errors: { sheet: 'Issue at least one unit' } };
  return { ok: true, lines: changed ? lines : undefined };
}

/** What the request waits for, in words, from where the person works. */
export function requestState(request: TransferRequest, here: string, mayIssue: boolean): { text: string; action: 'issue' | 'receive' | undefined } {
  switch (request.status) {
    case 'requested':
      return mayIssue && request.fromLocationId === here
        ? { text: 'Requested: waiting for you to issue it', action: 'issue' }
        : { text: 'Requested: waiting for the store to issue it', action: undefined };
    case 'issued':
      return request.toLocationId === here
        ? { text: 'In transit: receive it when it arrives', action: 'receive' }
        : { text: 'In transit to the requester', action: undefined };
    case 'received':
      return { text: 'Received', action: undefined };
  }
}
