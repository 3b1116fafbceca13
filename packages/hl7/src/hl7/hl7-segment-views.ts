import type { Hl7Segment } from './hl7-segment.js';

// Typed, read-only views of the segments a lab bridge works with. Each getter reads through
// the segment on access (nothing is copied at construction), so a view stays current after
// writes and costs nothing for fields never read. Field numbers follow HL7 v2.5.1.

/** CE / CWE: a coded value. */
export interface CodedValue {
  readonly code: string | undefined;
  readonly text: string | undefined;
  readonly system: string | undefined;
  readonly alternateCode: string | undefined;
  readonly alternateText: string | undefined;
  readonly alternateSystem: string | undefined;
}

/** HD: hierarchic designator (applications, facilities, assigning authorities). */
export interface HierarchicDesignator {
  readonly namespaceId: string | undefined;
  readonly universalId: string | undefined;
  readonly universalIdType: string | undefined;
}

/** CX: an identifier with its assigning authority and type (MR, PI, AN...). */
export interface ExtendedId {
  readonly id: string | undefined;
  readonly checkDigit: string | undefined;
  readonly assigningAuthority: string | undefined;
  readonly typeCode: string | undefined;
}

/** XPN: a person's name. */
export interface PersonName {
  readonly family: string | undefined;
  readonly given: string | undefined;
  readonly middle: string | undefined;
  readonly suffix: string | undefined;
  readonly prefix: string | undefined;
  readonly typeCode: string | undefined;
}

/** XCN: a person (usually a provider) with an ID. */
export interface PersonWithId {
  readonly id: string | undefined;
  readonly family: string | undefined;
  readonly given: string | undefined;
  readonly middle: string | undefined;
  readonly prefix: string | undefined;
}

/** EI: an entity (order, specimen, equipment) identifier. */
export interface EntityId {
  readonly id: string | undefined;
  readonly namespaceId: string | undefined;
  readonly universalId: string | undefined;
  readonly universalIdType: string | undefined;
}

/** SN: structured numeric, e.g. `<^10`, `^1^:^128`, `^10^-^20`. */
export interface StructuredNumeric {
  /** `>`, `<`, `>=`, `<=`, `=` or `<>`, when present. */
  readonly comparator: string | undefined;
  readonly num1: number | undefined;
  /** `-` (range), `+` (categorical), `/` or `:` (ratio), when present. */
  readonly separator: string | undefined;
  readonly num2: number | undefined;
}

function num(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  const value = Number(trimmed);
  return Number.isFinite(value) ? value : undefined;
}

function all<T extends object>(value: T): T | undefined {
  for (const v of Object.values(value)) if (v !== undefined) return value;
  return undefined;
}

abstract class SegmentView {
  readonly segment: Hl7Segment;
  constructor(segment: Hl7Segment) {
    this.segment = segment;
  }
  protected v(field: number, component?: number, repetition = 1, subcomponent?: number): string | undefined {
    let path = repetition === 1 ? `${field}` : `${field}(${repetition})`;
    if (component !== undefined) path += `.${component}`;
    if (subcomponent !== undefined) path += `.${subcomponent}`;
    return this.segment.get(path);
  }
  protected reps(field: number): number {
    return this.segment.repetitions(field);
  }
  protected list<T>(field: number, read: (repetition: number) => T | undefined): T[] {
    const out: T[] = [];
    const n = this.reps(field);
    for (let r = 1; r <= n; r++) {
      const item = read(r);
      if (item !== undefined) out.push(item);
    }
    return out;
  }
  protected strings(field: number): string[] {
    return this.list(field, (r) => this.v(field, undefined, r));
  }
  protected coded(field: number, repetition = 1): CodedValue | undefined {
    return all({
      code: this.v(field, 1, repetition),
      text: this.v(field, 2, repetition),
      system: this.v(field, 3, repetition),
      alternateCode: this.v(field, 4, repetition),
      alternateText: this.v(field, 5, repetition),
      alternateSystem: this.v(field, 6, repetition),
    });
  }
  protected hd(field: number): HierarchicDesignator | undefined {
    return all({ namespaceId: this.v(field, 1), universalId: this.v(field, 2), universalIdType: this.v(field, 3) });
  }
  protected ei(field: number, repetition = 1): EntityId | undefined {
    return all({
      id: this.v(field, 1, repetition),
      namespaceId: this.v(field, 2, repetition),
      universalId: this.v(field, 3, repetition),
      universalIdType: this.v(field, 4, repetition),
    });
  }
  protected xcn(field: number, repetition = 1): PersonWithId | undefined {
    return all({
      id: this.v(field, 1, repetition),
      family: this.v(field, 2, repetition, 1),
      given: this.v(field, 3, repetition),
      middle: this.v(field, 4, repetition),
      prefix: this.v(field, 6, repetition),
    });
  }
  protected cx(field: number, repetition = 1): ExtendedId | undefined {
    return all({
      id: this.v(field, 1, repetition),
      checkDigit: this.v(field, 2, repetition),
      assigningAuthority: this.v(field, 4, repetition, 1),
      typeCode: this.v(field, 5, repetition),
    });
  }
}

export class MshSegment extends SegmentView {
  get fieldSeparator(): string | undefined { return this.v(1); }
  get encodingCharacters(): string | undefined { return this.v(2); }
  get sendingApplication(): HierarchicDesignator | undefined { return this.hd(3); }
  get sendingFacility(): HierarchicDesignator | undefined { return this.hd(4); }
  get receivingApplication(): HierarchicDesignator | undefined { return this.hd(5); }
  get receivingFacility(): HierarchicDesignator | undefined { return this.hd(6); }
  get dateTime(): string | undefined { return this.v(7, 1); }
  get messageCode(): string | undefined { return this.v(9, 1); }
  get triggerEvent(): string | undefined { return this.v(9, 2); }
  get messageStructure(): string | undefined { return this.v(9, 3); }
  get controlId(): string | undefined { return this.v(10); }
  get processingId(): string | undefined { return this.v(11, 1); }
  get versionId(): string | undefined { return this.v(12, 1); }
  get sequenceNumber(): string | undefined { return this.v(13); }
  get acceptAckType(): string | undefined { return this.v(15); }
  get applicationAckType(): string | undefined { return this.v(16); }
  get countryCode(): string | undefined { return this.v(17); }
  get characterSets(): string[] { return this.strings(18); }
  get principalLanguage(): CodedValue | undefined { return this.coded(19); }
}

export class PidSegment extends SegmentView {
  get setId(): string | undefined { return this.v(1); }
  /** PID-3, every repetition. */
  get identifiers(): ExtendedId[] { return this.list(3, (r) => this.cx(3, r)); }
  get names(): PersonName[] {
    return this.list(5, (r) => all({
      family: this.v(5, 1, r, 1),
      given: this.v(5, 2, r),
      middle: this.v(5, 3, r),
      suffix: this.v(5, 4, r),
      prefix: this.v(5, 5, r),
      typeCode: this.v(5, 7, r),
    }));
  }
  get mothersMaidenName(): string | undefined { return this.v(6, 1, 1, 1); }
  get birthDate(): string | undefined { return this.v(7, 1); }
  get sex(): string | undefined { return this.v(8); }
  get race(): CodedValue | undefined { return this.coded(10); }
  get address(): string | undefined { return this.v(11); }
  get homePhone(): string | undefined { return this.v(13, 1); }
  get language(): CodedValue | undefined { return this.coded(15); }
  get maritalStatus(): CodedValue | undefined { return this.coded(16); }
  get accountNumber(): ExtendedId | undefined { return this.cx(18); }
  get deathDateTime(): string | undefined { return this.v(29, 1); }
  get deathIndicator(): string | undefined { return this.v(30); }
}

export class Pv1Segment extends SegmentView {
  get setId(): string | undefined { return this.v(1); }
  get patientClass(): string | undefined { return this.v(2); }
  get pointOfCare(): string | undefined { return this.v(3, 1); }
  get room(): string | undefined { return this.v(3, 2); }
  get bed(): string | undefined { return this.v(3, 3); }
  get facility(): string | undefined { return this.v(3, 4, 1, 1); }
  get attendingDoctor(): PersonWithId | undefined { return this.xcn(7); }
  get referringDoctor(): PersonWithId | undefined { return this.xcn(8); }
  get hospitalService(): string | undefined { return this.v(10); }
  get admittingDoctor(): PersonWithId | undefined { return this.xcn(17); }
  get patientType(): string | undefined { return this.v(18); }
  get visitNumber(): ExtendedId | undefined { return this.cx(19); }
  get admitDateTime(): string | undefined { return this.v(44, 1); }
  get dischargeDateTime(): string | undefined { return this.v(45, 1); }
}

export class OrcSegment extends SegmentView {
  get orderControl(): string | undefined { return this.v(1); }
  get placerOrderNumber(): EntityId | undefined { return this.ei(2); }
  get fillerOrderNumber(): EntityId | undefined { return this.ei(3); }
  get placerGroupNumber(): EntityId | undefined { return this.ei(4); }
  get orderStatus(): string | undefined { return this.v(5); }
  get transactionDateTime(): string | undefined { return this.v(9, 1); }
  get enteredBy(): PersonWithId | undefined { return this.xcn(10); }
  get orderingProvider(): PersonWithId | undefined { return this.xcn(12); }
  get orderingFacilityName(): string | undefined { return this.v(21, 1); }
}

export class ObrSegment extends SegmentView {
  get setId(): string | undefined { return this.v(1); }
  get placerOrderNumber(): EntityId | undefined { return this.ei(2); }
  get fillerOrderNumber(): EntityId | undefined { return this.ei(3); }
  get universalServiceId(): CodedValue | undefined { return this.coded(4); }
  get priority(): string | undefined { return this.v(5); }
  get requestedDateTime(): string | undefined { return this.v(6, 1); }
  get observationDateTime(): string | undefined { return this.v(7, 1); }
  get observationEndDateTime(): string | undefined { return this.v(8, 1); }
  get specimenActionCode(): string | undefined { return this.v(11); }
  get relevantClinicalInfo(): string | undefined { return this.v(13); }
  get specimenReceivedDateTime(): string | undefined { return this.v(14, 1); }
  get specimenSource(): string | undefined { return this.v(15, 1, 1, 1); }
  get orderingProvider(): PersonWithId | undefined { return this.xcn(16); }
  get resultsReportedDateTime(): string | undefined { return this.v(22, 1); }
  get diagnosticServiceSection(): string | undefined { return this.v(24); }
  get resultStatus(): string | undefined { return this.v(25); }
}

export class ObxSegment extends SegmentView {
  get setId(): string | undefined { return this.v(1); }
  /** NM, ST, TX, FT, CE, CWE, SN, ED, DT, TS... */
  get valueType(): string | undefined { return this.v(2); }
  get observationId(): CodedValue | undefined { return this.coded(3); }
  get subId(): string | undefined { return this.v(4); }
  /** OBX-5, first repetition, as text (components keep their separators). */
  get value(): string | undefined { return this.v(5); }
  /** OBX-5, every repetition. */
  get values(): string[] { return this.strings(5); }
  /** OBX-5 as a number when it is one (NM values; decimal commas are not numbers). */
  get numericValue(): number | undefined { return num(this.v(5, 1)); }
  /** OBX-5 read as a coded value (CE/CWE). */
  get codedValue(): CodedValue | undefined { return this.coded(5); }
  /** OBX-5 read as a structured numeric (SN). */
  get structuredNumeric(): StructuredNumeric | undefined {
    return all({
      comparator: this.v(5, 1),
      num1: num(this.v(5, 2)),
      separator: this.v(5, 3),
      num2: num(this.v(5, 4)),
    });
  }
  get units(): CodedValue | undefined { return this.coded(6); }
  get referenceRange(): string | undefined { return this.v(7); }
  get abnormalFlags(): string[] { return this.strings(8); }
  get probability(): string | undefined { return this.v(9); }
  get natureOfAbnormalTest(): string | undefined { return this.v(10); }
  /** F final, P preliminary, C corrected, X cannot be obtained, D delete... */
  get resultStatus(): string | undefined { return this.v(11); }
  get observationDateTime(): string | undefined { return this.v(14, 1); }
  get producerId(): CodedValue | undefined { return this.coded(15); }
  get responsibleObserver(): PersonWithId | undefined { return this.xcn(16); }
  get method(): CodedValue | undefined { return this.coded(17); }
  get equipmentInstanceIds(): EntityId[] { return this.list(18, (r) => this.ei(18, r)); }
  get analysisDateTime(): string | undefined { return this.v(19, 1); }
}

export class NteSegment extends SegmentView {
  get setId(): string | undefined { return this.v(1); }
  /** L (ancillary), P (placer), O (other). */
  get source(): string | undefined { return this.v(2); }
  /** NTE-3, every repetition. */
  get comments(): string[] { return this.strings(3); }
  /** NTE-3 with repetitions joined by line breaks. */
  get comment(): string | undefined {
    const lines = this.comments;
    return lines.length === 0 ? undefined : lines.join('\n');
  }
  get commentType(): CodedValue | undefined { return this.coded(4); }
}

export class SpmSegment extends SegmentView {
  get setId(): string | undefined { return this.v(1); }
  /** SPM-2.1: the placer-assigned specimen ID (first subcomponent). */
  get placerSpecimenId(): string | undefined { return this.v(2, 1, 1, 1); }
  /** SPM-2.2: the filler-assigned specimen ID (first subcomponent). */
  get fillerSpecimenId(): string | undefined { return this.v(2, 2, 1, 1); }
  get specimenType(): CodedValue | undefined { return this.coded(4); }
  get collectionMethod(): CodedValue | undefined { return this.coded(7); }
  get sourceSite(): CodedValue | undefined { return this.coded(8); }
  get role(): CodedValue | undefined { return this.coded(11); }
  get collectionDateTime(): string | undefined { return this.v(17, 1, 1, 1); }
  get receivedDateTime(): string | undefined { return this.v(18, 1); }
  get rejectReasons(): CodedValue[] { return this.list(21, (r) => this.coded(21, r)); }
  get condition(): CodedValue | undefined { return this.coded(24); }
}

export class MsaSegment extends SegmentView {
  /** AA, AE, AR, CA, CE, CR. */
  get ackCode(): string | undefined { return this.v(1); }
  get controlId(): string | undefined { return this.v(2); }
  get textMessage(): string | undefined { return this.v(3); }
  get errorCondition(): CodedValue | undefined { return this.coded(6); }
}

export class ErrSegment extends SegmentView {
  /** ERR-1 (before v2.5): segment^sequence^field^code. */
  get legacyLocation(): string | undefined { return this.v(1); }
  get segmentId(): string | undefined { return this.v(2, 1); }
  get segmentSequence(): string | undefined { return this.v(2, 2); }
  get fieldPosition(): string | undefined { return this.v(2, 3); }
  /** ERR-3, HL7 table 0357 (100 segment sequence error ... 207 application internal error). */
  get errorCode(): CodedValue | undefined { return this.coded(3); }
  /** E error, W warning, I information, F fatal. */
  get severity(): string | undefined { return this.v(4); }
  get applicationErrorCode(): CodedValue | undefined { return this.coded(5); }
  get diagnosticInformation(): string | undefined { return this.v(7); }
  get userMessage(): string | undefined { return this.v(8); }
}

/** The segments with a typed view, by segment ID. */
export interface Hl7SegmentViews {
  MSH: MshSegment;
  PID: PidSegment;
  PV1: Pv1Segment;
  ORC: OrcSegment;
  OBR: ObrSegment;
  OBX: ObxSegment;
  NTE: NteSegment;
  SPM: SpmSegment;
  MSA: MsaSegment;
  ERR: ErrSegment;
}

export const SEGMENT_VIEWS: { readonly [K in keyof Hl7SegmentViews]: new (segment: Hl7Segment) => Hl7SegmentViews[K] } = {
  MSH: MshSegment,
  PID: PidSegment,
  PV1: Pv1Segment,
  ORC: OrcSegment,
  OBR: ObrSegment,
  OBX: ObxSegment,
  NTE: NteSegment,
  SPM: SpmSegment,
  MSA: MsaSegment,
  ERR: ErrSegment,
};
