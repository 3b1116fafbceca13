/**
 * Names of the fields an interface log shows, from HL7 v2.5.1 and ASTM E1394 / LIS2-A2
 * (segment and record definitions). Fields not listed are shown by position only.
 */
const HL7_FIELDS: Readonly<Record<string, readonly [string, readonly string[]]>> = {
  MSH: ['Message header', ['Field separator', 'Encoding characters', 'Sending application', 'Sending facility', 'Receiving application', 'Receiving facility', 'Date/time of message', 'Security', 'Message type', 'Message control ID', 'Processing ID', 'Version ID', 'Sequence number', 'Continuation pointer', 'Accept acknowledgment type', 'Application acknowledgment type', 'Country code', 'Character set', 'Principal language of message']],
  MSA: ['Message acknowledgment', ['Acknowledgment code', 'Message control ID', 'Text message']],
  ERR: ['Error', ['Error code and location', 'Error location', 'HL7 error code', 'Severity', 'Application error code', 'Application error parameter', 'Diagnostic information', 'User message']],
  PID: ['Patient identification', ['Set ID', 'Patient ID', 'Patient identifier list', 'Alternate patient ID', 'Patient name', "Mother's maiden name", 'Date/time of birth', 'Administrative sex', 'Patient alias', 'Race', 'Patient address']],
  PV1: ['Patient visit', ['Set ID', 'Patient class', 'Assigned patient location', 'Admission type', 'Preadmit number', 'Prior patient location', 'Attending doctor', 'Referring doctor', 'Consulting doctor', 'Hospital service']],
  ORC: ['Common order', ['Order control', 'Placer order number', 'Filler order number', 'Placer group number', 'Order status', 'Response flag', 'Quantity/timing', 'Parent', 'Date/time of transaction', 'Entered by', 'Verified by', 'Ordering provider']],
  OBR: ['Observation request', ['Set ID', 'Placer order number', 'Filler order number', 'Universal service identifier', 'Priority', 'Requested date/time', 'Observation date/time', 'Observation end date/time', 'Collection volume', 'Collector identifier', 'Specimen action code', 'Danger code', 'Relevant clinical information', 'Specimen received date/time', 'Specimen source', 'Ordering provider', 'Order callback phone number', 'Placer field 1', 'Placer field 2', 'Filler field 1', 'Filler field 2', 'Results report/status change date/time', 'Charge to practice', 'Diagnostic service section ID', 'Result status']],
  OBX: ['Observation/result', ['Set ID', 'Value type', 'Observation identifier', 'Observation sub-ID', 'Observation value', 'Units', 'Reference range', 'Abnormal flags', 'Probability', 'Nature of abnormal test', 'Observation result status', 'Effective date of reference range', 'User-defined access checks', 'Date/time of the observation', 'Producer\'s ID', 'Responsible observer', 'Observation method', 'Equipment instance identifier', 'Date/time of the analysis']],
  NTE: ['Notes and comments', ['Set ID', 'Source of comment', 'Comment', 'Comment type']],
  SPM: ['Specimen', ['Set ID', 'Specimen ID', 'Specimen parent IDs', 'Specimen type', 'Specimen type modifier', 'Specimen additives', 'Specimen collection method', 'Specimen source site']],
};

const ASTM_FIELDS: Readonly<Record<string, readonly [string, readonly string[]]>> = {
  H: ['Header', ['Record type', 'Delimiter definition', 'Message control ID', 'Access password', 'Sender name or ID', 'Sender street address', 'Reserved', 'Sender telephone', 'Characteristics of sender', 'Receiver ID', 'Comment or special instructions', 'Processing ID', 'Version number', 'Date and time of message']],
  P: ['Patient', ['Record type', 'Sequence number', 'Practice assigned patient ID', 'Laboratory assigned patient ID', 'Patient ID no. 3', 'Patient name', "Mother's maiden name", 'Birthdate', 'Patient sex', 'Patient race', 'Patient address']],
  O: ['Order', ['Record type', 'Sequence number', 'Specimen ID', 'Instrument specimen ID', 'Universal test ID', 'Priority', 'Requested date and time', 'Specimen collection date and time', 'Collection end time', 'Collection volume', 'Collector ID', 'Action code', 'Danger code', 'Relevant clinical information', 'Date/time specimen received', 'Specimen descriptor', 'Ordering physician', "Physician's telephone", 'User field 1', 'User field 2', 'Laboratory field 1', 'Laboratory field 2', 'Date/time results reported', 'Instrument charge', 'Instrument section ID', 'Report types']],
  R: ['Result', ['Record type', 'Sequence number', 'Universal test ID', 'Data or measurement value', 'Units', 'Reference ranges', 'Result abnormal flags', 'Nature of abnormality testing', 'Result status', 'Date of change in normative values', 'Operator identification', 'Date/time test started', 'Date/time test completed', 'Instrument identification']],
  C: ['Comment', ['Record type', 'Sequence number', 'Comment source', 'Comment text', 'Comment type']],
  Q: ['Request information', ['Record type', 'Sequence number', 'Starting range ID', 'Ending range ID', 'Universal test ID', 'Nature of request time limits', 'Beginning request results date and time', 'Ending request results date and time', 'Requesting physician name', 'Requesting physician telephone', 'User field 1', 'User field 2', 'Request information status codes']],
  L: ['Terminator', ['Record type', 'Sequence number', 'Termination code']],
};

export function segmentName(protocol: 'hl7' | 'astm', id: string): string | null {
  return (protocol === 'hl7' ? HL7_FIELDS : ASTM_FIELDS)[id.toUpperCase()]?.[0] ?? null;
}

/** `field` is 1-based as in the standards (MSH-1 the field separator, ASTM field 1 the record type). */
export function fieldName(protocol: 'hl7' | 'astm', id: string, field: number): string | null {
  return (protocol === 'hl7' ? HL7_FIELDS : ASTM_FIELDS)[id.toUpperCase()]?.[1][field - 1] ?? null;
}
