import { DEFAULT_MINOR_DIGITS, gtinProblem, isExpired, localDateOf, normalizeGtin, parseGs1, parseMajorUnits } from '@hms/core';
import type { ParamsIn } from '@hms/core';

/**
 * The goods-received note as it is being made at the Receive goods screen: pure rules, so the
 * screen only renders and dispatches. A line comes from a pack's scanned GS1 code (read here with
 * core `parseGs1`, the server's own parser, to show what it holds before sending) or is typed by
 * hand for a pack without a barcode. The server checks every line again (VALIDATION per line).
 */

/** A stock item as the line names it (a formulary drug's item has the drug's id). */
export interface ItemChoice {
  id: string;
  name: string;
  unit: string;
}

/** What a scanned or typed pack code holds. */
export interface ScannedPack {
  /** The code as the scanner sent it (sent as is: the server reads it again and keeps the serial). */
  scan: string;
  gtin: string;
  batchNumber: string;
  expiry: string;
  serial: string | undefined;
}

export type PackRead = { ok: true; pack: ScannedPack } | { ok: false; message: string };

/** The hospital's calendar day, as the server counts expiry (its time zone), else this computer's. */
export function hospitalToday(now: Date, timeZone: string | undefined): string {
  if (timeZone !== undefined && timeZone !== '') {
    try {
      return localDateOf(now, timeZone);
    } catch {
      // An unknown zone on this computer: its own day is the best guess.
    }
  }
  const pad = (value: number) => String(value).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** Reads a pack's code: its GTIN (check digit checked), batch, expiry and serial; an expired pack is refused. */
export function readPackCode(scanned: string, now: Date, today: string): PackRead {
  const code = scanned.replace(/[\r\n]+$/, '');
  if (code.trim() === '') return { ok: false, message: 'Scan the pack\'s barcode, or type the text printed under it.' };
  const parsed = parseGs1(code, now);
  if (!parsed.ok) {
    const checkDigit = parsed.problem.includes('check digit');
    return { ok: false, message: checkDigit ? `The GTIN ${parsed.problem.replace(/^the GTIN \(01\) /, '')}. Scan the pack again.` : `This is not a pack code we can read: it ${parsed.problem}.` };
  }
  const { pack } = parsed;
  if (pack.batch === undefined) return { ok: false, message: `The code names GTIN ${pack.gtin} but no batch (AI 10): type the pack by hand.` };
  if (pack.expiry === undefined) return { ok: false, message: `The code names GTIN ${pack.gtin} but no expiry (AI 17): type the pack by hand.` };
  if (isExpired(pack.expiry, today)) return { ok: false, message: `This pack expired on ${pack.expiry} (batch ${pack.batch}): expired stock is not received.` };
  return { ok: true, pack: { scan: code, gtin: pack.gtin, batchNumber: pack.batch, expiry: pack.expiry, serial: pack.serial } };
}

/** One line of the note as the screen lists it. */
export interface ReceiptLine {
  key: string;
  /** The scanned pack, or undefined for a pack typed by hand. */
  scan: string | undefined;
  gtin: string | undefined;
  batchNumber: string;
  expiry: string;
  serial: string | undefined;
  /** Undefined when a GTIN received before names the item (the server finds it). */
  item: ItemChoice | undefined;
  quantity: number;
  unitCostMinor: number;
}

/** What the entry form holds: a scanned pack, or the typed batch, expiry and optional GTIN. */
export interface LineEntry {
  pack: ScannedPack | undefined;
  gtin: string;
  batchNumber: string;
  expiry: string;
  item: ItemChoice | undefined;
  quantity: string;
  unitCost: string;
}

export const EMPTY_ENTRY: LineEntry = { pack: undefined, gtin: '', batchNumber: '', expiry: '', item: undefined, quantity: '', unitCost: '' };

export type EntryField = 'pack' | 'gtin' | 'batchNumber' | 'expiry' | 'item' | 'quantity' | 'unitCost';
export type EntryCheck = { ok: true; line: Omit<ReceiptLine, 'key'> } | { ok: false; errors: Partial<Record<EntryField, string>> };

const MAX_UNITS = 1_000_000;

/** The item an earlier line of this note gave the GTIN: the server names it the same way. */
export function itemOfGtin(lines: readonly ReceiptLine[], gtin: string | undefined): ItemChoice | undefined {
  if (gtin === undefined) return undefined;
  return lines.find((line) => line.gtin === gtin && line.item !== undefined)?.item;
}

/**
 * Checks the entry form as the server will, and makes it a line. A pack with a GTIN may leave
 * the item out: a GTIN received before names its item (the server says so on the line if not).
 */
export function checkEntry(entry: LineEntry, today: string, minorDigits = DEFAULT_MINOR_DIGITS): EntryCheck {
  const errors: Partial<Record<EntryField, string>> = {};
  let gtin: string | undefined;
  let batchNumber: string;
  let expiry: string;
  if (entry.pack !== undefined) {
    ({ gtin, batchNumber, expiry } = entry.pack);
  } else {
    const typedGtin = entry.gtin.replace(/\s+/g, '');
    if (typedGtin !== '') {
      const problem = gtinProblem(typedGtin);
      if (problem === undefined) gtin = normalizeGtin(typedGtin);
      else errors.gtin = `The GTIN ${problem}.`;
    }
    batchNumber = entry.batchNumber.trim();
    if (batchNumber === '') errors.batchNumber = 'Type the batch printed on the pack.';
    else if (batchNumber.length > 20) errors.batchNumber = 'A batch has at most 20 characters.';
    expiry = entry.expiry.trim();
    if (!/^\d{4}-\d{2}-\d{2}$/.test(expiry)) errors.expiry = 'Give the expiry date printed on the pack.';
    else if (isExpired(expiry, today)) errors.expiry = `Expired on ${expiry}: expired stock is not received.`;
  }
  if (entry.item === undefined && gtin === undefined && errors.gtin === undefined) errors.item = 'Choose the item: a pack without a GTIN names no item.';
  const quantity = Number(entry.quantity.trim());
  if (entry.quantity.trim() === '' || !Number.isInteger(quantity) || quantity <= 0) errors.quantity = 'A whole number of units, more than 0.';
  else if (quantity > MAX_UNITS) errors.quantity = `At most ${MAX_UNITS} units on one line.`;
  const cost = parseMajorUnits(entry.unitCost, minorDigits);
  if (!cost.ok) errors.unitCost = entry.unitCost.trim() === '' ? 'Give the cost of one unit (0 for a donation).' : `The unit cost ${cost.problem}.`;
  if (Object.keys(errors).length > 0 || !cost.ok) return { ok: false, errors };
  return {
    ok: true,
    line: { scan: entry.pack?.scan, gtin, batchNumber, expiry, serial: entry.pack?.serial, item: entry.item, quantity, unitCostMinor: cost.minor },
  };
}

/** A line back in the entry form (to correct it), with its cost in major units again. */
export function entryOf(line: ReceiptLine, formatCost: (minor: number) => string): LineEntry {
  const pack = line.scan === undefined ? undefined : { scan: line.scan, gtin: line.gtin ?? '', batchNumber: line.batchNumber, expiry: line.expiry, serial: line.serial };
  return {
    pack, gtin: pack === undefined ? line.gtin ?? '' : '', batchNumber: pack === undefined ? line.batchNumber : '', expiry: pack === undefined ? line.expiry : '',
    item: line.item, quantity: String(line.quantity), unitCost: formatCost(line.unitCostMinor),
  };
}

export interface ReceiptHeader {
  locationId: string;
  supplier: string;
  purchaseOrder: string;
  note: string;
}

/** The one stock.receive the note becomes: a scanned line sends its code (the server reads it again), a typed one its fields. */
export function receiveParams(header: ReceiptHeader, lines: readonly ReceiptLine[]): ParamsIn<'stock.receive'> {
  const purchaseOrder = header.purchaseOrder.trim();
  const note = header.note.trim();
  return {
    locationId: header.locationId,
    supplier: header.supplier.trim(),
    ...(purchaseOrder === '' ? {} : { purchaseOrder }),
    ...(note === '' ? {} : { note }),
    lines: lines.map((line) => ({
      ...(line.item === undefined ? {} : { itemId: line.item.id }),
      ...(line.scan !== undefined ? { scan: line.scan } : { batchNumber: line.batchNumber, expiry: line.expiry, ...(line.gtin === undefined ? {} : { gtin: line.gtin }) }),
      quantity: line.quantity,
      unitCostMinor: line.unitCostMinor,
    })),
  };
}

const FIELD_NAMES: Record<string, string> = {
  scan: 'Pack code', gtin: 'GTIN', batchNumber: 'Batch', expiry: 'Expiry', itemId: 'Item', quantity: 'Quantity', unitCostMinor: 'Unit cost',
};

/** The server's VALIDATION fields split: `lines.<i>.<field>` onto line i (in words), the rest onto the note's own fields. */
export function splitReceiveErrors(fields: Record<string, string>): { lines: Map<number, string[]>; header: Record<string, string> } {
  const lines = new Map<number, string[]>();
  const header: Record<string, string> = {};
  for (const [path, message] of Object.entries(fields)) {
    const match = /^lines\.(\d+)\.?(.*)$/.exec(path);
    if (match === null) {
      header[path] = message;
      continue;
    }
    const index = Number(match[1]);
    const field = match[2] ?? '';
    const words = field === '' ? message.charAt(0).toUpperCase() + message.slice(1) : `${FIELD_NAMES[field] ?? field}: ${message}`;
    lines.set(index, [...(lines.get(index) ?? []), words]);
  }
  return { lines, header };
}
