/**
 * The closed set of failure codes. Callers branch on `code`, never on `message`.
 * Every parser and decoder in this package either returns a result or throws an
 * `Hl7Error` with one of these codes; nothing else escapes.
 */
export const HL7_ERROR_CODES = [
  /** The input does not start with an MSH segment (after blank lines and a BOM). */
  'HL7_NO_MSH',
  /** MSH-1/MSH-2 (or FHS/BHS) declare unusable delimiters: missing, repeated, alphanumeric. */
  'HL7_BAD_DELIMITERS',
  /** A path does not follow the `SEG(n)-F(r).C.S` grammar, or cannot be written to. */
  'HL7_BAD_PATH',
  /** The bytes hold non-ASCII text in a character set this package cannot decode. */
  'HL7_BAD_CHARSET',
  /** An FHS/BHS batch file holds no message and no batch header. */
  'HL7_BAD_BATCH',
  /** An MLLP frame grew past the decoder's `maxMessageBytes`; the frame was dropped. */
  'MLLP_TOO_LARGE',
  /** No H (header) record anywhere in an ASTM stream. */
  'ASTM_NO_HEADER',
  /** The H record's delimiter definition is missing or repeats a character. */
  'ASTM_BAD_DELIMITERS',
  /** An ASTM path does not follow the `R(n)-F(r).C` grammar, or cannot be written to. */
  'ASTM_BAD_PATH',
  /** Text handed to the ASTM encoder holds characters the chosen encoding cannot carry. */
  'ASTM_BAD_TEXT',
  /** An option passed to a constructor or builder is out of range. */
  'BAD_OPTION',
] as const;

export type Hl7ErrorCode = (typeof HL7_ERROR_CODES)[number];

/** The one error type of @hms/hl7. */
export class Hl7Error extends Error {
  readonly code: Hl7ErrorCode;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(code: Hl7ErrorCode, message: string, details?: Readonly<Record<string, unknown>>) {
    super(message);
    this.name = 'Hl7Error';
    this.code = code;
    this.details = details;
  }
}

/** Narrowing helper for callers that catch `unknown`. */
export function isHl7Error(error: unknown): error is Hl7Error {
  return error instanceof Hl7Error;
}
