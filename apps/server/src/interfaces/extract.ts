import type { InterfaceOptions } from '@hms/core';
import type { AstmMessage, AstmRecord, Hl7Message } from '@hms/hl7';

/** One analyzer result as sent, before mapping: the analyzer's code and what it said. */
export interface AnalyzerResult {
  /** Where it sits in the message, for errors: `OBX(3)` or `R(2)`. */
  position: string;
  analyzerCode: string;
  value: string;
  unit: string | undefined;
  referenceRange: string | undefined;
  flags: string | undefined;
  /** F final, C corrected, P preliminary... as sent; only final and corrected results are taken. */
  resultStatus: string | undefined;
}

/** The results of one specimen in a message. */
export interface SpecimenResults {
  accession: string | undefined;
  results: AnalyzerResult[];
}

export interface Extracted {
  /** `ORU^R01`, `ACK`, `ASTM results`, `ASTM query`... for the log. */
  kind: string;
  /** Results grouped per specimen (an HL7 ORU may carry several OBR groups, an ASTM transfer several O records). */
  specimens: SpecimenResults[];
  /** ASTM host queries: the specimen IDs asked about. */
  queries: string[];
  /** Why the message cannot be used as results at all, when it cannot (AE). */
  problem: string | undefined;
}

const trimmed = (value: string | undefined): string | undefined => {
  const text = value?.trim();
  return text === undefined || text === '' ? undefined : text;
};

function componentsOf(record: AstmRecord, field: number): (string | undefined)[] {
  const count = record.components(String(field));
  return Array.from({ length: count }, (_, index) => record.get(`${field}.${index + 1}`));
}

function firstComponent(components: readonly (string | undefined)[]): string | undefined {
  for (const component of components) {
    const text = trimmed(component);
    if (text !== undefined) return text;
  }
  return undefined;
}

function hl7Accession(message: Hl7Message, obrIndex: number, options: InterfaceOptions): string | undefined {
  const obr = (field: number) => trimmed(message.get(`OBR(${obrIndex})-${field}.1`));
  const spm = trimmed(message.get('SPM-2.1')) ?? trimmed(message.get('SPM-2.2'));
  switch (options.accessionField) {
    case 'SPM-2': return spm;
    case 'OBR-3': return obr(3);
    case 'OBR-2': return obr(2);
    case undefined: return spm ?? obr(3) ?? obr(2);
  }
}

/** An ORU^R01's results, OBX by OBX, each under the OBR before it. */
export function extractHl7(message: Hl7Message, options: InterfaceOptions): Extracted {
  const type = message.get('MSH-9.1') ?? '';
  const trigger = message.get('MSH-9.2') ?? '';
  const kind = trigger === '' ? type : `${type}^${trigger}`;
  if (type !== 'ORU' || (trigger !== 'R01' && trigger !== 'R30' && trigger !== '')) {
    return { kind, specimens: [], queries: [], problem: `message type ${kind || '(none)'} is not results (ORU^R01); this interface takes results` };
  }
  const specimens: SpecimenResults[] = [];
  let obrCount = 0;
  let obxCount = 0;
  let current: SpecimenResults | undefined;
  for (const segment of message.segments()) {
    if (segment.name === 'OBR') {
      obrCount += 1;
      current = { accession: hl7Accession(message, obrCount, options), results: [] };
      specimens.push(current);
    } else if (segment.name === 'OBX') {
      obxCount += 1;
      if (current === undefined) {
        current = { accession: hl7Accession(message, 1, options), results: [] };
        specimens.push(current);
      }
      const code = trimmed(segment.get('3.1'));
      current.results.push({
        position: `OBX(${obxCount})`,
        analyzerCode: code ?? '',
        value: segment.get('5') ?? '',
        unit: trimmed(segment.get('6.1')),
        referenceRange: trimmed(segment.get('7')),
        flags: trimmed(segment.get('8')),
        resultStatus: trimmed(segment.get('11')),
      });
    }
  }
  return { kind, specimens, queries: [], problem: resultsProblem(specimens, 'OBX', 'OBX-3', 'SPM-2, OBR-3 or OBR-2') };
}

function resultsProblem(specimens: readonly SpecimenResults[], resultName: string, codeField: string, accessionFields: string): string | undefined {
  const results = specimens.flatMap((specimen) => specimen.results);
  if (results.length === 0) return `no ${resultName} results in the message`;
  const noCode = results.find((result) => result.analyzerCode === '');
  if (noCode !== undefined) return `${noCode.position} has no test code (${codeField} is empty)`;
  if (specimens.some((specimen) => specimen.results.length > 0 && specimen.accession === undefined)) return `no accession number (${accessionFields} is empty)`;
  return undefined;
}

/** An ASTM transfer's results (R records under their O record) and host queries (Q records). */
export function extractAstm(messages: readonly AstmMessage[], options: InterfaceOptions): Extracted {
  const specimens: SpecimenResults[] = [];
  const queries: string[] = [];
  let resultCount = 0;
  for (const message of messages) {
    let current: SpecimenResults | undefined;
    for (const record of message.records()) {
      const type = record.type.toUpperCase();
      if (type === 'O') {
        // The host's specimen ID is O-3; Sysmex leaves it empty and sends its sample number in O-4 (rack^position^sample^B|M).
        const instrumentId = componentsOf(record, 4);
        current = { accession: firstComponent(componentsOf(record, 3)) ?? trimmed(instrumentId[2]) ?? firstComponent(instrumentId), results: [] };
        specimens.push(current);
      } else if (type === 'R') {
        resultCount += 1;
        const testId = componentsOf(record, 3);
        const code = options.testCodeComponent === undefined ? firstComponent(testId) : trimmed(testId[options.testCodeComponent - 1]);
        if (current === undefined) {
          current = { accession: undefined, results: [] };
          specimens.push(current);
        }
        current.results.push({
          position: `R(${resultCount})`,
          analyzerCode: code ?? '',
          value: record.get('4') ?? '',
          unit: trimmed(record.get('5')),
          referenceRange: trimmed(record.get('6')),
          flags: trimmed(record.get('7')),
          resultStatus: trimmed(record.get('9')),
        });
      } else if (type === 'Q') {
        const id = firstComponent(componentsOf(record, 3));
        if (id !== undefined) queries.push(id);
      }
    }
  }
  if (queries.length > 0 && resultCount === 0) return { kind: 'ASTM query', specimens: [], queries, problem: undefined };
  return { kind: 'ASTM results', specimens, queries, problem: resultsProblem(specimens, 'R', 'R-3', 'O-3 and O-4') };
}
