import type { InterfaceOptions, InterfaceProtocol, MessageStatus } from '@hms/core';
import { isHl7Error, parseAstm, parseHl7 } from '@hms/hl7';
import type { Hl7Message } from '@hms/hl7';
import type { AnalyzerResult, Extracted } from './extract.js';
import { extractAstm, extractHl7 } from './extract.js';

export interface Mapping {
  testCode: string;
  analyte: string | null;
  unit: string | null;
}

export interface MappedResult extends AnalyzerResult {
  testCode: string;
  analyte: string;
  mappedUnit: string | undefined;
}

export interface MappedSpecimen {
  accession: string;
  results: MappedResult[];
}

export type AckCode = 'AA' | 'AE' | 'AR';

/** What reading a message gave, before anything is applied: the log row's status and the ACK to send. */
export interface Outcome {
  kind: string;
  controlId: string | undefined;
  /** Sending application ^ facility (HL7 MSH-3^MSH-4; ASTM H-5). */
  sender: string | undefined;
  status: MessageStatus;
  reason: string | undefined;
  accession: string | undefined;
  unmappedCodes: string[];
  ack: AckCode;
  hl7: Hl7Message | undefined;
  specimens: MappedSpecimen[];
  queries: string[];
}

const FINAL_STATUSES = new Set(['F', 'C', 'U']);

function rejected(kind: string, reason: string, ack: AckCode, base: Partial<Outcome> = {}): Outcome {
  return { kind, controlId: undefined, sender: undefined, accession: undefined, hl7: undefined, ...base, status: 'rejected', reason, unmappedCodes: [], ack, specimens: [], queries: [] };
}

function mapExtracted(extracted: Extracted, mappings: ReadonlyMap<string, Mapping>, base: Pick<Outcome, 'controlId' | 'sender' | 'hl7'>): Outcome {
  const accession = extracted.specimens.find((specimen) => specimen.accession !== undefined)?.accession;
  if (extracted.problem !== undefined) return rejected(extracted.kind, extracted.problem, 'AE', { ...base, accession });
  if (extracted.queries.length > 0 && extracted.specimens.length === 0) {
    return { kind: extracted.kind, ...base, status: 'parsed', reason: undefined, accession: extracted.queries[0], unmappedCodes: [], ack: 'AA', specimens: [], queries: extracted.queries };
  }
  const unmapped = new Set<string>();
  const specimens: MappedSpecimen[] = [];
  for (const specimen of extracted.specimens) {
    const results: MappedResult[] = [];
    for (const result of specimen.results) {
      // Preliminary or deleted results are logged but never handed to the lab.
      if (result.resultStatus !== undefined && !FINAL_STATUSES.has(result.resultStatus.toUpperCase())) continue;
      const mapping = mappings.get(result.analyzerCode);
      if (mapping === undefined) {
        unmapped.add(result.analyzerCode);
        continue;
      }
      results.push({ ...result, testCode: mapping.testCode, analyte: mapping.analyte ?? result.analyzerCode, mappedUnit: mapping.unit ?? result.unit });
    }
    if (specimen.accession !== undefined) specimens.push({ accession: specimen.accession, results });
  }
  const unmappedCodes = [...unmapped].sort();
  if (unmappedCodes.length > 0) {
    return { kind: extracted.kind, ...base, status: 'parsed', reason: `unmapped analyzer codes: ${unmappedCodes.join(', ')}`, accession, unmappedCodes, ack: 'AA', specimens, queries: [] };
  }
  if (specimens.every((specimen) => specimen.results.length === 0)) {
    return { kind: extracted.kind, ...base, status: 'parsed', reason: 'no final results (only preliminary or deleted ones)', accession, unmappedCodes: [], ack: 'AA', specimens, queries: [] };
  }
  return { kind: extracted.kind, ...base, status: 'mapped', reason: undefined, accession, unmappedCodes: [], ack: 'AA', specimens, queries: [] };
}

function describe(error: unknown): string {
  if (isHl7Error(error)) return `${error.code}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

/** Reads a stored message's bytes with the interface's options and today's mappings. Never throws. */
export function processMessage(protocol: InterfaceProtocol, raw: Uint8Array, options: InterfaceOptions, mappings: ReadonlyMap<string, Mapping>): Outcome {
  if (protocol === 'hl7') {
    let message: Hl7Message;
    try {
      message = parseHl7(raw, options.charset === undefined ? {} : { charset: options.charset });
    } catch (error) {
      return rejected('unparsable', `cannot be parsed: ${describe(error)}`, 'AR');
    }
    const controlId = message.get('MSH-10')?.trim() || undefined;
    const sender = [message.get('MSH-3.1') ?? '', message.get('MSH-4.1') ?? ''].join('^');
    const base = { controlId, sender, hl7: message };
    if (controlId === undefined) return rejected(message.get('MSH-9') ?? 'unknown', 'MSH-10 (message control ID) is empty', 'AR', base);
    try {
      return mapExtracted(extractHl7(message, options), mappings, base);
    } catch (error) {
      return rejected(message.get('MSH-9') ?? 'unknown', `cannot be read: ${describe(error)}`, 'AE', base);
    }
  }
  try {
    const messages = parseAstm(raw, options.charset === undefined ? {} : { charset: options.charset });
    const header = messages[0];
    const sender = header?.get('H-5.1')?.trim() || undefined;
    const controlId = header?.get('H-3')?.trim() || undefined;
    const base = { controlId, sender, hl7: undefined };
    const incomplete = messages.find((message) => !message.terminated);
    if (incomplete !== undefined) return rejected('ASTM', 'the transfer ended without its L record: it may be incomplete', 'AE', base);
    return mapExtracted(extractAstm(messages, options), mappings, base);
  } catch (error) {
    return rejected('unparsable', `cannot be parsed: ${describe(error)}`, 'AR');
  }
}
