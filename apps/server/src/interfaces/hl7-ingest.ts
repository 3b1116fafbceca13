import { buildAck, derivedControlId, encodeMllp, escapeHl7, formatHl7Timestamp } from '@hms/hl7';
import type { Knex } from 'knex';
import type { InterfaceConfig } from './interfaces-repo.js';
import { labRefusal } from './lab-link.js';
import type { InboundToStore, StoredInbound } from './message-log.js';
import { MAPPINGS_FINGERPRINT_SQL, storeInboundGroup } from './message-log.js';
import type { Mapping, MappedSpecimen, Outcome } from './process-message.js';
import { processMessage } from './process-message.js';

export interface Ingested {
  messageId: string;
  /** The MLLP-framed ACK to send: it is already committed with the message. */
  ack: Uint8Array;
  /** The same ACK unframed (a batch's answer gathers them). */
  reply: Uint8Array;
  duplicate: boolean;
  outcome: Outcome | undefined;
}

/** A message committed as `mapped`: its results are entered on the specimens after the ACK. */
export interface ToApply {
  messageId: string;
  specimens: MappedSpecimen[];
}

/** Takes one message off a line; resolves once it (and its ACK) is committed. */
export type Submit = (raw: Uint8Array, at: Date) => Promise<Ingested>;

/** An AR for bytes that are not HL7 we can read (no MSH, broken delimiters): MSA-2 is whatever MSH-10 looked like. */
function rejectUnreadable(raw: Uint8Array, reason: string, now: Date): { text: string; controlId: string } {
  const latin = Buffer.from(raw).toString('latin1');
  const guess = /MSH\|[^|\r\n]*(?:\|[^|\r\n]*){7}\|([^|\r\n]*)/.exec(latin)?.[1]?.slice(0, 50) ?? '';
  const controlId = derivedControlId(now, guess);
  const text = [
    `MSH|^~\\&|HMS|HMS|||${formatHl7Timestamp(now)}||ACK|${controlId}|P|2.5`,
    `MSA|AR|${escapeHl7(guess)}|${escapeHl7(reason.slice(0, 80))}`,
    `ERR||||E||||${escapeHl7(reason.slice(0, 250))}`,
  ].join('\r') + '\r';
  return { text, controlId };
}

function replyTo(raw: Uint8Array, outcome: Outcome, now: Date): InboundToStore['reply'] {
  if (outcome.hl7 === undefined) {
    const unreadable = rejectUnreadable(raw, outcome.reason ?? 'cannot be parsed', now);
    return { kind: 'ACK AR', bytes: Buffer.from(unreadable.text, 'latin1'), controlId: unreadable.controlId };
  }
  const ack = buildAck(outcome.hl7, outcome.ack, outcome.ack === 'AA' ? { now } : { now, reason: outcome.reason ?? 'not accepted', errorCondition: outcome.ack === 'AR' ? '101' : '207' });
  return { kind: `ACK ${outcome.ack}`, bytes: Buffer.from(ack.toString(), 'utf8'), controlId: ack.get('MSH-10') ?? '' };
}

interface Mappings {
  byCode: Map<string, Mapping>;
  fingerprint: string;
}

/** An interface's mappings and their fingerprint, read together. */
async function readMappings(db: Knex, interfaceId: string): Promise<Mappings> {
  const row = (await db.raw(
    `select ${MAPPINGS_FINGERPRINT_SQL} as fingerprint,
            coalesce(json_agg(json_build_object('code', analyzer_code, 'testCode', test_code, 'analyte', analyte, 'unit', unit)), '[]') as mappings
       from interface_mappings where interface_id = ?`,
    [interfaceId],
  )) as { rows: { fingerprint: string; mappings: { code: string; testCode: string; analyte: string | null; unit: string | null }[] }[] };
  const { fingerprint, mappings } = row.rows[0]!;
  return { fingerprint, byCode: new Map(mappings.map((m) => [m.code, { testCode: m.testCode, analyte: m.analyte, unit: m.unit }])) };
}

interface Pending {
  raw: Uint8Array;
  at: Date;
  slot: Slot;
  resolve: (ingested: Ingested) => void;
  reject: (error: unknown) => void;
}

interface Slot {
  /** Messages of this line not yet answered (queued or in a commit). */
  outstanding: number;
}

/** Most messages in one commit: one statement's JSON stays small, and a huge batch does not hold everyone's ACKs. */
const MAX_GROUP = 200;
/** How long a message waits for the other connections' before its group is committed without them. */
const WINDOW_MS = 2;
/** Commits in flight at once: the next group is read and written while the last one's fsync completes. */
const MAX_IN_FLIGHT = 2;

/**
 * Group commit for one interface's HL7 lines: messages arriving on all its connections are
 * read, deduplicated and written with their ACKs in one statement (one transaction, one
 * fsync), then each ACK is handed back. A group is committed as soon as every open line has a
 * message waiting (none could add to it), else after WINDOW_MS; a lone sender never waits.
 * Store-before-ACK holds per message: a group's promises resolve only after its commit, and a
 * failed commit rejects them all (no ACK; the senders send again, dedup answers the repeats).
 */
export class Hl7Ingest {
  private readonly db: Knex;
  private readonly config: InterfaceConfig;
  private readonly onMapped: (items: ToApply[]) => void;
  private readonly slots = new Set<Slot>();
  private queue: Pending[] = [];
  private inFlight = 0;
  private timer: NodeJS.Timeout | undefined;
  /** Kept between groups: each commit checks them against the table and the group is read again when they changed. */
  private mappings: Mappings | undefined;

  constructor(db: Knex, config: InterfaceConfig, onMapped: (items: ToApply[]) => void) {
    this.db = db;
    this.config = config;
    this.onMapped = onMapped;
  }

  /** A connection's entry: its submit, and close when the line is gone (it no longer holds a group back). */
  openLine(): { submit: Submit; close: () => void } {
    const slot: Slot = { outstanding: 0 };
    this.slots.add(slot);
    return {
      submit: (raw, at) => new Promise<Ingested>((resolve, reject) => {
        slot.outstanding++;
        this.queue.push({ raw, at, slot, resolve, reject });
        this.schedule();
      }),
      close: () => {
        this.slots.delete(slot);
        this.schedule();
      },
    };
  }

  private schedule(): void {
    if (this.queue.length === 0 || this.inFlight >= MAX_IN_FLIGHT) return;
    const everyLineWaiting = [...this.slots].every((slot) => slot.outstanding > 0);
    if (everyLineWaiting || this.queue.length >= MAX_GROUP) {
      clearTimeout(this.timer);
      this.timer = undefined;
      this.commitNext();
    } else if (this.timer === undefined) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        if (this.inFlight < MAX_IN_FLIGHT) this.commitNext();
        else this.schedule();
      }, WINDOW_MS);
    }
  }

  private commitNext(): void {
    const group = this.queue.splice(0, MAX_GROUP);
    if (group.length === 0) return;
    this.inFlight++;
    void this.commit(group)
      .then(
        (results) => group.forEach((pending, i) => pending.resolve(results[i]!)),
        (error: unknown) => group.forEach((pending) => pending.reject(error)),
      )
      .finally(() => {
        for (const pending of group) pending.slot.outstanding--;
        this.inFlight--;
        this.schedule();
      });
  }

  private async commit(group: readonly Pending[]): Promise<Ingested[]> {
    for (let attempt = 1; ; attempt++) {
      this.mappings ??= await readMappings(this.db, this.config.id);
      const committed = await this.commitWith(group, this.mappings);
      if (committed !== 'mappings_changed') return committed;
      this.mappings = undefined;
      if (attempt === 3) throw new Error('the mappings kept changing while the messages were committed');
    }
  }

  private async commitWith(group: readonly Pending[], mappings: Mappings): Promise<Ingested[] | 'mappings_changed'> {
    const read = group.map((pending) => ({ pending, outcome: processMessage('hl7', pending.raw, this.config.options, mappings.byCode) }));
    // A repeat within the group is answered with its first's ACK and stores nothing.
    const firstOf = new Map<string, number>();
    const primaryOf = read.map(({ outcome }, i) => {
      if (outcome.controlId === undefined || outcome.sender === undefined) return i;
      const key = `${outcome.sender}\n${outcome.controlId}`;
      const first = firstOf.get(key);
      if (first !== undefined) return first;
      firstOf.set(key, i);
      return i;
    });
    const primaries = read.map((_, i) => i).filter((i) => primaryOf[i] === i);
    // Results the lab cannot take (unknown accession, test not ordered, cancelled) are AE with the reason, kept.
    await Promise.all(primaries.map(async (i) => {
      const entry = read[i]!;
      if (entry.outcome.status !== 'mapped') return;
      const refusal = await labRefusal(this.db, entry.outcome.specimens);
      if (refusal !== undefined) entry.outcome = { ...entry.outcome, status: 'error', reason: refusal, ack: 'AE' };
    }));
    const repeats = new Map<number, number>();
    primaryOf.forEach((primary, i) => { if (primary !== i) repeats.set(primary, (repeats.get(primary) ?? 0) + 1); });
    const toStore: InboundToStore[] = primaries.map((i) => {
      const { pending, outcome } = read[i]!;
      return { raw: pending.raw, outcome, reply: replyTo(pending.raw, outcome, pending.at), at: pending.at, repeats: repeats.get(i) ?? 0 };
    });
    const stored = await storeInboundGroup(this.db, this.config.id, toStore, mappings.fingerprint);
    if (stored === 'mappings_changed') return stored;
    const byPrimary = new Map<number, StoredInbound>(primaries.map((i, k) => [i, stored[k]!]));
    const mapped: ToApply[] = toStore.flatMap((item, k) =>
      !stored[k]!.duplicate && item.outcome.status === 'mapped' ? [{ messageId: stored[k]!.messageId, specimens: item.outcome.specimens }] : []);
    if (mapped.length > 0) this.onMapped(mapped);
    return read.map(({ outcome }, i) => {
      const first = byPrimary.get(primaryOf[i]!)!;
      const duplicate = first.duplicate || primaryOf[i] !== i;
      return { messageId: first.messageId, ack: encodeMllp(first.ack!), reply: first.ack!, duplicate, outcome: duplicate ? undefined : outcome };
    });
  }
}
