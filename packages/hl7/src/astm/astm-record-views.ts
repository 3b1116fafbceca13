import type { AstmRecord } from './astm-message.js';

// Typed, read-only views of the LIS2-A2 records, reading through on access. Field numbers
// follow LIS2-A2 (field 1 is the record type). Where instruments disagree on where a value
// goes (the test code sits in component 4 of the universal test ID for most, in component 5
// for Sysmex, in component 2 for GeneXpert), the view gives the components and the bridge's
// per-instrument mapping picks.

abstract class RecordView {
  readonly record: AstmRecord;
  constructor(record: AstmRecord) {
    this.record = record;
  }
  protected v(field: number, component?: number, repetition = 1): string | undefined {
    let path = repetition === 1 ? `${field}` : `${field}(${repetition})`;
    if (component !== undefined) path += `.${component}`;
    return this.record.get(path);
  }
  protected components(field: number, repetition = 1): (string | undefined)[] {
    const out: (string | undefined)[] = [];
    const n = this.record.components(repetition === 1 ? `${field}` : `${field}(${repetition})`);
    for (let c = 1; c <= n; c++) out.push(this.v(field, c, repetition));
    return out;
  }
}

export class AstmHeaderRecord extends RecordView {
  get delimiterDefinition(): string | undefined { return this.v(2); }
  get messageControlId(): string | undefined { return this.v(3); }
  get accessPassword(): string | undefined { return this.v(4); }
  /** H-5 components: usually instrument name ^ software version ^ serial number. */
  get sender(): (string | undefined)[] { return this.components(5); }
  get senderName(): string | undefined { return this.v(5, 1)?.trim() || undefined; }
  get receiverId(): string | undefined { return this.v(10); }
  get comment(): string | undefined { return this.v(11); }
  /** P production, T training, D debugging, Q quality control. */
  get processingId(): string | undefined { return this.v(12); }
  get version(): string | undefined { return this.v(13); }
  get dateTime(): string | undefined { return this.v(14); }
}

export class AstmPatientRecord extends RecordView {
  get sequence(): string | undefined { return this.v(2); }
  get practicePatientId(): string | undefined { return this.v(3); }
  get laboratoryPatientId(): string | undefined { return this.v(4); }
  get patientId3(): string | undefined { return this.v(5); }
  get lastName(): string | undefined { return this.v(6, 1); }
  get firstName(): string | undefined { return this.v(6, 2); }
  get middleName(): string | undefined { return this.v(6, 3); }
  get birthDate(): string | undefined { return this.v(8); }
  get sex(): string | undefined { return this.v(9); }
  get attendingPhysician(): string | undefined { return this.v(14); }
  get location(): string | undefined { return this.v(26); }
}

export class AstmOrderRecord extends RecordView {
  get sequence(): string | undefined { return this.v(2); }
  /** O-3, the specimen (sample) ID the host assigned, trailing padding removed. */
  get specimenId(): string | undefined { return this.v(3, 1)?.trim() || undefined; }
  /** O-3 components (sample ID ^ rack ^ position ... on many instruments). */
  get specimenIdComponents(): (string | undefined)[] { return this.components(3); }
  /** O-4, the instrument's own specimen ID (components: rack ^ position ^ ...). */
  get instrumentSpecimenId(): (string | undefined)[] { return this.components(4); }
  /** O-5, every repetition's components. */
  get tests(): (string | undefined)[][] {
    const n = this.record.repetitions(5);
    const out: (string | undefined)[][] = [];
    for (let r = 1; r <= n; r++) out.push(this.components(5, r));
    return out;
  }
  /** S stat, A ASAP, R routine, C callback, P preoperative. */
  get priority(): string | undefined { return this.v(6); }
  get requestedDateTime(): string | undefined { return this.v(7); }
  get collectionDateTime(): string | undefined { return this.v(8); }
  /** C cancel, A add, N new, P pending, L reserved, X in process, Q QC. */
  get actionCode(): string | undefined { return this.v(12); }
  get specimenDescriptor(): string | undefined { return this.v(16, 1); }
  get orderingPhysician(): string | undefined { return this.v(17); }
  get resultsReportedDateTime(): string | undefined { return this.v(23); }
  /** O order, C correction, P preliminary, F final, X cannot be done, I in process, Y no order, Q query response. */
  get reportType(): string | undefined { return this.v(26); }
}

export class AstmResultRecord extends RecordView {
  get sequence(): string | undefined { return this.v(2); }
  /** R-3 components: `^^^code^...` on most instruments. */
  get testId(): (string | undefined)[] { return this.components(3); }
  /** R-4, the value as sent (decimal commas, `<`, `-----` left as text). */
  get value(): string | undefined { return this.v(4); }
  get units(): string | undefined { return this.v(5); }
  get referenceRange(): string | undefined { return this.v(6); }
  /** L, H, LL, HH, <, >, N, A, U, D, B, W... (instrument flags may follow in components). */
  get abnormalFlags(): string | undefined { return this.v(7); }
  get natureOfAbnormality(): string | undefined { return this.v(8); }
  /** C correction, P preliminary, F final, X cannot be done, I pending, S partial, M MIC, R previously sent, N needs action, Q response to query, V verified, W warning. */
  get status(): string | undefined { return this.v(9); }
  get operator(): string | undefined { return this.v(11); }
  get startedDateTime(): string | undefined { return this.v(12); }
  get completedDateTime(): string | undefined { return this.v(13); }
  get instrument(): string | undefined { return this.v(14); }
}

export class AstmCommentRecord extends RecordView {
  get sequence(): string | undefined { return this.v(2); }
  /** P practice, L information system, I instrument. */
  get source(): string | undefined { return this.v(3); }
  get text(): string | undefined { return this.v(4); }
  get textComponents(): (string | undefined)[] { return this.components(4); }
  /** G generic, T test name, P positive, N negative, I instrument flag. */
  get commentType(): string | undefined { return this.v(5); }
}

export class AstmQueryRecord extends RecordView {
  get sequence(): string | undefined { return this.v(2); }
  /** Q-3 components: `^specimenId^...` on most instruments. */
  get startingRange(): (string | undefined)[] { return this.components(3); }
  get endingRange(): (string | undefined)[] { return this.components(4); }
  get tests(): string | undefined { return this.v(5); }
  /** O orders, A cancel, R results, F final... */
  get statusCode(): string | undefined { return this.v(13); }
}

export class AstmTerminatorRecord extends RecordView {
  get sequence(): string | undefined { return this.v(2); }
  /** N normal, T sender aborted, R receiver aborted, E unknown error, Q query error, I no information, F last request done. */
  get terminationCode(): string | undefined { return this.v(3); }
}

/** The record types with a typed view. */
export interface AstmRecordViews {
  H: AstmHeaderRecord;
  P: AstmPatientRecord;
  O: AstmOrderRecord;
  R: AstmResultRecord;
  C: AstmCommentRecord;
  Q: AstmQueryRecord;
  L: AstmTerminatorRecord;
}

export const RECORD_VIEWS: { readonly [K in keyof AstmRecordViews]: new (record: AstmRecord) => AstmRecordViews[K] } = {
  H: AstmHeaderRecord,
  P: AstmPatientRecord,
  O: AstmOrderRecord,
  R: AstmResultRecord,
  C: AstmCommentRecord,
  Q: AstmQueryRecord,
  L: AstmTerminatorRecord,
};
