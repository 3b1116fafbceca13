/**
 * Representative analyzer transcripts, written from the vendors' published host-interface
 * formats (the same sources as packages/hl7's fixtures): what each style of instrument sends
 * for one specimen. `{ACC}` is replaced by the specimen's accession, `{ID}` by a control ID.
 * Patients and values are invented.
 */
export interface Transcript {
  name: string;
  protocol: 'hl7' | 'astm';
  /** The analyzer codes the transcript's results carry. */
  codes: readonly string[];
  /** Interface options the instrument needs (its known quirks). */
  options: Record<string, unknown>;
  text: string;
}

const hl7 = (...segments: string[]) => segments.join('\r') + '\r';
const astm = (...records: string[]) => records.join('\r') + '\r';

/** Mindray BC-5380 haematology, HL7 v2.3.1 ORU^R01: the sample ID in OBR-3, codes as LOINC-like IDs in OBX-3.1. */
export const mindrayBc5380: Transcript = {
  name: 'Mindray BC-5380 (HL7)',
  protocol: 'hl7',
  codes: ['6690-2', '718-7', '777-3'],
  options: {},
  text: hl7(
    'MSH|^~\\&|BC-5380|Mindray|||20260102101500||ORU^R01|{ID}|P|2.3.1||||||UNICODE',
    'PID|1||||^Wanjiru^Achieng||19900101|F',
    'OBR|1||{ACC}|00001^Automated Count^99MRC||20260102100000|20260102101000|||||||||||||||||HM||||||||admin',
    'OBX|1|NM|6690-2^WBC^LN||7.42|10*9/L|4.00-10.00|N|||F',
    'OBX|2|NM|718-7^HGB^LN||10.1|g/dL|11.0-15.0|L|||F',
    'OBX|3|NM|777-3^PLT^LN||245|10*9/L|100-300|N|||F',
  ),
};

/** Sysmex XN over ASTM: the sample number padded in O-3 component 3, the test code in R-3 component 5. */
export const sysmexXn: Transcript = {
  name: 'Sysmex XN-550 (ASTM)',
  protocol: 'astm',
  codes: ['WBC', 'HGB', 'PLT'],
  options: { testCodeComponent: 5 },
  text: astm(
    'H|\\^&|||    XN-550^00-24^22723^^^^BD634545||||||||E1394-97',
    'P|1|||37182|^Wambui^Njeri||19870626|F',
    'O|1||^^          {ACC}^M|^^^^WBC\\^^^^HGB\\^^^^PLT|||||||N||||||||||||||F',
    'R|1|^^^^WBC^1|8.13|10*3/uL||N||F||||20260102135407',
    'R|2|^^^^HGB^1|8.0|g/dL||L||F||||20260102135407',
    'R|3|^^^^PLT^1|99|10*3/uL||L||F||||20260102135407',
    'L|1|N',
  ),
};

/** Roche cobas c 311 chemistry over ASTM: the sample ID in O-3 component 1, application codes with a trailing slash, C records after each R. */
export const cobasC311: Transcript = {
  name: 'Roche cobas c 311 (ASTM)',
  protocol: 'astm',
  codes: ['685/', '687/'],
  options: {},
  text: astm(
    'H|\\^&|||c311^1|||||host|RSUPL^REAL|P|1',
    'P|1',
    'O|1|{ACC}^CL-PL-24-0370         ^1^^004|R1|^^^685/\\^^^687/|R||||||N||^^||SC|||labo|||20260102132011|||F',
    'R|1|^^^685/|22.4|U/l||A||F|||||P1',
    'C|1|I|43|I',
    'R|2|^^^687/|15.0|U/l||N||F|||||P1',
    'C|1|I|0|I',
    'L|1|N',
  ),
};

/** Cepheid GeneXpert over ASTM: delimiters H|@^\, the analyte in R-3 component 7, LF record ends. */
export const geneXpert: Transcript = {
  name: 'Cepheid GeneXpert (ASTM)',
  protocol: 'astm',
  codes: ['MTB', 'SPC'],
  options: { testCodeComponent: 7 },
  text: [
    'H|@^\\|GXM-2184461||806149 CityLab^GeneXpert^6.4|||||LIS||P|1394-97|20260102031504',
    'P|1|||PID-5521|Doe^Jane||19800101|F',
    'O|1|{ACC}||^^^MTB-RIF|R|20260102030112|||||||||ORH||||||||||F',
    'R|1|^MTB-RIF^^Xpert^Xpert MTB-RIF Ultra^4^MTB^|MTB DETECTED LOW^|||||F||J Doe|20260102025511|20260102030112|Cepheid-44413S0',
    'R|2|^MTB-RIF^^Xpert^^^SPC^|PASS^|||||F||J Doe|20260102025511|20260102030112|Cepheid-44413S0',
    'L|1|N',
  ].join('\n') + '\n',
};

/** Roche cobas e 411 host query: "what is ordered for this sample?" (Q-3 component 3 is the sample ID). */
export const cobasE411Query: Transcript = {
  name: 'Roche cobas e 411 host query (ASTM)',
  protocol: 'astm',
  codes: [],
  options: {},
  text: astm('H|\\^&|||H7600^1|||||host|TSREQ^REAL|P|1', 'Q|1|^^{ACC}^0^50001^1^^S1^SC||ALL||||||||O', 'L|1|N'),
};

export function fill(transcript: Transcript, accession: string, controlId = 'MSG00001'): string {
  return transcript.text.replaceAll('{ACC}', accession).replaceAll('{ID}', controlId);
}
