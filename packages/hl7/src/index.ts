// @hms/hl7: HL7 v2 and ASTM E1381/E1394 codecs and link layers. Pure and transport-free:
// nothing here does I/O, reads the clock or touches Node APIs; the server's bridges drive it.

export { HL7_ERROR_CODES, Hl7Error, isHl7Error } from './errors.js';
export type { Hl7ErrorCode } from './errors.js';

export type { Charset } from './internal/charset.js';
export { charsetFromName, decodeBytes, encodeText } from './internal/charset.js';

export { HL7_NULL, Hl7Message, parseHl7 } from './hl7/hl7-message.js';
export type { Hl7Formatting, ParseHl7Options } from './hl7/hl7-message.js';
export { Hl7Segment } from './hl7/hl7-segment.js';
export { DEFAULT_HL7_DELIMITERS } from './hl7/hl7-delimiters.js';
export type { Hl7Delimiters } from './hl7/hl7-delimiters.js';
export { parseHl7Batch } from './hl7/hl7-batch.js';
export type { Hl7Batch, Hl7BatchGroup } from './hl7/hl7-batch.js';
export { ACK_CODES, buildAck, controlIdSequence, derivedControlId, formatHl7Timestamp, HL7_ERROR_CONDITIONS } from './hl7/hl7-ack.js';
export type { AckCode, BuildAckOptions, Hl7ErrorCondition } from './hl7/hl7-ack.js';
export { escapeHl7, unescapeHl7 } from './hl7/hl7-escape.js';
export {
  ErrSegment,
  MsaSegment,
  MshSegment,
  NteSegment,
  ObrSegment,
  ObxSegment,
  OrcSegment,
  PidSegment,
  Pv1Segment,
  SpmSegment,
} from './hl7/hl7-segment-views.js';
export type {
  CodedValue,
  EntityId,
  ExtendedId,
  HierarchicDesignator,
  Hl7SegmentViews,
  PersonName,
  PersonWithId,
  StructuredNumeric,
} from './hl7/hl7-segment-views.js';

export { MllpDecoder } from './mllp/mllp-decoder.js';
export type { MllpDecoderOptions } from './mllp/mllp-decoder.js';
export { encodeMllp } from './mllp/encode-mllp.js';
export type { EncodeMllpOptions } from './mllp/encode-mllp.js';

export { AstmMessage, AstmRecord, createAstmMessage, DEFAULT_ASTM_DELIMITERS, parseAstm } from './astm/astm-message.js';
export type { AstmDelimiters, ParseAstmOptions } from './astm/astm-message.js';
export { escapeAstm, unescapeAstm } from './astm/astm-escape.js';
export {
  AstmCommentRecord,
  AstmHeaderRecord,
  AstmOrderRecord,
  AstmPatientRecord,
  AstmQueryRecord,
  AstmResultRecord,
  AstmTerminatorRecord,
} from './astm/astm-record-views.js';
export type { AstmRecordViews } from './astm/astm-record-views.js';
export { astmChecksum, checksumHex, encodeAstmFrames, MAX_FRAME_TEXT } from './astm/astm-frames.js';
export type { EncodeAstmFramesOptions } from './astm/astm-frames.js';
export { AstmFrameDecoder } from './astm/astm-frame-decoder.js';
export type { AstmFrame, AstmFrameDecoderOptions, AstmToken } from './astm/astm-frame-decoder.js';
export { AstmLink, AstmLinkState } from './astm/astm-link.js';
export type {
  AstmLinkAction,
  AstmLinkOptions,
  AstmLinkRole,
  AstmLinkTimers,
  AstmLinkWarning,
  AstmSendFailure,
} from './astm/astm-link.js';
