// HL7 v2 messages as hospital information systems send them, written from the HL7 v2.3-2.7
// chapters (2 control, 3 ADT, 4 orders, 7 observations) and the IHE LAW / LRI profiles.
// Names, IDs and values are invented. Each fixture lists the paths tests check, with the
// value `get` must return, and the quirks it carries.

export interface Hl7Fixture {
  readonly name: string;
  /** What sends this and what is unusual about it. */
  readonly quirks: string;
  readonly text: string;
  /** Path -> expected `get` result (undefined: absent or empty). */
  readonly expect: Readonly<Record<string, string | undefined>>;
  /** Encode `text` in this set before parsing (default: parse the string). */
  readonly bytes?: 'latin1' | 'utf-8';
}

/** Joins segments with CR and ends the last one, as MLLP senders do. */
export function segments(...lines: string[]): string {
  return lines.join('\r') + '\r';
}

export const adtA01: Hl7Fixture = {
  name: 'ADT^A01 admission, v2.5.1, UTF-8, Z-segment',
  quirks: 'MSH-18 UNICODE UTF-8 with umlauts; repeating PID-3 with two assigning authorities; PV1-3 point of care/room/bed; custom ZPI segment.',
  bytes: 'utf-8',
  text: segments(
    String.raw`MSH|^~\&|EPICADT|NORTHGENERAL|HMS|LAB|20240312084510+0100||ADT^A01^ADT_A01|ADT000451|P|2.5.1|||AL|NE||UNICODE UTF-8`,
    String.raw`EVN|A01|20240312084500|||AMEYER^Meyer^Anna`,
    String.raw`PID|1||4711023^^^NGH^MR~1234567890^^^NHS^NH||Müller^Hans^Peter^^Dr.^^L||19560721|M|||Hauptstraße 12^^Köln^NW^50667^DE^H||+49 221 555123^PRN^PH|||M|CATH|90012345^^^NGH^AN|||||||||||N`,
    String.raw`PD1|||Praxis am Dom^^4711|123456^Schmidt^Eva^^^Dr.`,
    String.raw`NK1|1|Müller^Greta|SPO^Spouse^HL70063|Hauptstraße 12^^Köln^^50667^DE|+49 221 555124`,
    String.raw`PV1|1|I|INT^201^2^NGH^^^^3|E|||10023^Becker^Thomas^^^Dr.^^^NGH|||MED||||7|||10023^Becker^Thomas^^^Dr.|IP|90012345^^^NGH^VN|||||||||||||||||||NGH||||||20240312083000`,
    String.raw`AL1|1|DA|70618^Penicillin^RXNORM|SV|Anaphylaxis`,
    String.raw`DG1|1||I21.4^Non-ST elevation myocardial infarction^I10|||A`,
    String.raw`ZPI|1|VIP^N|Isolation^Contact^LOCAL`,
  ),
  expect: {
    'MSH-9': 'ADT^A01^ADT_A01',
    'MSH-9.2': 'A01',
    'MSH-10': 'ADT000451',
    'MSH-18': 'UNICODE UTF-8',
    'PID-3(1).1': '4711023',
    'PID-3(2).1': '1234567890',
    'PID-3(2).4': 'NHS',
    'PID-5.1': 'Müller',
    'PID-5.5': 'Dr.',
    'PID-11.3': 'Köln',
    'PV1-3.2': '201',
    'PV1-44': '20240312083000',
    'ZPI-3.2': 'Contact',
    'DG1-3.1': 'I21.4',
    'PID-4': undefined,
  },
};

export const adtA08Nulls: Hl7Fixture = {
  name: 'ADT^A08 update, v2.3, explicit nulls',
  quirks: 'Fields sent as "" to delete a stored value, which must stay distinct from empty; apostrophe in a name.',
  text: segments(
    String.raw`MSH|^~\&|HIS|CITYHOSP|HMS|LAB|202403121015||ADT^A08|A08-77812|P|2.3`,
    String.raw`EVN|A08|202403121015`,
    String.raw`PID|1||556677^^^CITY^MR||O'Brien^Siobhan^^^Ms||19890214|F|||""|||""||S`,
    String.raw`PV1|1|O|OPD^^^CITY||||""|||||||||||OP|V556677-3`,
  ),
  expect: {
    'MSH-9.1': 'ADT',
    'MSH-9.2': 'A08',
    'MSH-9.3': undefined,
    'PID-5.1': "O'Brien",
    'PID-11': '""',
    'PID-12': undefined,
    'PID-14': '""',
    'PV1-7': '""',
    'PV1-19': 'V556677-3',
  },
};

export const ormO01: Hl7Fixture = {
  name: 'ORM^O01 two orders, v2.3.1',
  quirks: 'Two ORC/OBR groups in one message; NTE after the first OBR; quantity/timing in ORC-7.',
  text: segments(
    String.raw`MSH|^~\&|HIS|CITYHOSP|LIS|CITYLAB|20240312103000||ORM^O01|ORM0001234|P|2.3.1`,
    String.raw`PID|1||556677^^^CITY^MR||Okafor^Chidi^E||19750503|M`,
    String.raw`PV1|1|I|MED^12^B`,
    String.raw`ORC|NW|ORD448812^HIS||GRP1123^HIS|||^^^20240312103000^^R||20240312103000|NURSE1^Adeyemi^Bola|||3344^Nwosu^Ifeoma^^^Dr.`,
    String.raw`OBR|1|ORD448812^HIS||CBC^Complete blood count^L|R|20240312103000|20240312101500|||||||20240312103500|BLD^Whole blood|3344^Nwosu^Ifeoma^^^Dr.`,
    String.raw`NTE|1|P|Patient on warfarin.`,
    String.raw`ORC|NW|ORD448813^HIS||GRP1123^HIS|||^^^20240312103000^^S||20240312103000|NURSE1^Adeyemi^Bola|||3344^Nwosu^Ifeoma^^^Dr.`,
    String.raw`OBR|2|ORD448813^HIS||BMP^Basic metabolic panel^L|S|20240312103000|20240312101500|||||||20240312103500|SER^Serum|3344^Nwosu^Ifeoma^^^Dr.`,
  ),
  expect: {
    'ORC(2)-2.1': 'ORD448813',
    'ORC-7.6': 'R',
    'ORC(2)-7.6': 'S',
    'OBR(2)-4.1': 'BMP',
    'OBR-15.1': 'BLD',
    'NTE-3': 'Patient on warfarin.',
    'OBR(3)-4': undefined,
  },
};

export const omlO21: Hl7Fixture = {
  name: 'OML^O21 with SPM, v2.5.1, ISO-8859-1',
  quirks: 'MSH-18 8859/1 and Latin-1 bytes on the wire; SPM-2 with subcomponents; TQ1 priority; UTC offset in MSH-7.',
  bytes: 'latin1',
  text: segments(
    String.raw`MSH|^~\&|HIS|CITYHOSP|LIS|CITYLAB|20240312110000+0300||OML^O21^OML_O21|OML-99001|P|2.5.1|||AL|AL||8859/1`,
    String.raw`PID|1||889900^^^CITY^MR||Núñez^José^Andrés||19680930|M`,
    String.raw`PV1|1|E|ER^^^CITY`,
    String.raw`ORC|NW|PL-55001^HIS|||||||20240312105500|||7788^Haddad^Karim^^^Dr.`,
    String.raw`TQ1|1||||||20240312110000||S`,
    String.raw`OBR|1|PL-55001^HIS||2345-7^Glucose [Mass/volume] in Serum or Plasma^LN|||20240312105000`,
    String.raw`SPM|1|SP-0098812&HIS||119364003^Serum specimen^SCT|||||||P^Patient^HL70369||||||20240312105000|20240312110500`,
  ),
  expect: {
    'MSH-18': '8859/1',
    'PID-5.1': 'Núñez',
    'PID-5.2': 'José',
    'SPM-2.1': 'SP-0098812&HIS',
    'SPM-2.1.1': 'SP-0098812',
    'SPM-2.1.2': 'HIS',
    'SPM-4.2': 'Serum specimen',
    'SPM-17': '20240312105000',
    'TQ1-9': 'S',
  },
};

export const oruMixed: Hl7Fixture = {
  name: 'ORU^R01 with NM, SN, CE, ST, TX, FT values, v2.5.1',
  quirks: 'Structured numerics (<^10, ^1^:^160), coded result, repeating TX, FT with \\H\\ \\N\\ \\.br\\ \\.sp 2\\ and escaped subcomponent and escape characters.',
  text: segments(
    String.raw`MSH|^~\&|REFLAB|REFLAB^2.16.840.1.113883.3.72.5.20^ISO|HMS|CITYHOSP|20240313091500-0500||ORU^R01^ORU_R01|RL20240313-0042|P|2.5.1|||NE|NE`,
    String.raw`PID|1||556677^^^CITY^MR||Okafor^Chidi^E||19750503|M`,
    String.raw`ORC|RE|ORD448812^HIS|RL-77001^REFLAB`,
    String.raw`OBR|1|ORD448812^HIS|RL-77001^REFLAB|24331-1^Lipid panel^LN|||20240312101500|||||||||3344^Nwosu^Ifeoma^^^Dr.||||||20240313091000|||F`,
    String.raw`OBX|1|NM|2093-3^Cholesterol [Mass/volume] in Serum or Plasma^LN||212|mg/dL^mg/dL^UCUM|<200|H|||F|||20240313085000|REFLAB^Reference Laboratory^L`,
    String.raw`OBX|2|SN|2571-8^Triglyceride [Mass/volume] in Serum or Plasma^LN||<^10|mg/dL^mg/dL^UCUM|<150||||F`,
    String.raw`OBX|3|SN|5048-4^ANA titer^LN||^1^:^160||<1:40|A|||F`,
    String.raw`OBX|4|CE|600-7^Bacteria identified in Blood by Culture^LN||112283007^Escherichia coli^SCT||||A|||F`,
    String.raw`OBX|5|ST|5778-6^Color of Urine^LN||Yellow||||||F`,
    String.raw`OBX|6|TX|18725-2^Microbiology studies^LN||No growth after 5 days.~Final report.||||||F`,
    String.raw`OBX|7|FT|11502-2^Laboratory report^LN||\H\Interpretation:\N\\.br\LDL above target; repeat fasting\.br\sample in 3 months.\.sp 2\Reviewed by \T\ signed: Dr. A \E\ B||||||F`,
    String.raw`NTE|1|L|Specimen slightly lipemic.`,
  ),
  expect: {
    'OBX-5': '212',
    'OBX-8': 'H',
    'OBX(2)-5': '<^10',
    'OBX(2)-5.1': '<',
    'OBX(2)-5.2': '10',
    'OBX(3)-5.3': ':',
    'OBX(3)-5.4': '160',
    'OBX(4)-5.2': 'Escherichia coli',
    'OBX(6)-5': 'No growth after 5 days.',
    'OBX(6)-5(2)': 'Final report.',
    'OBX(7)-5': 'Interpretation:\nLDL above target; repeat fasting\nsample in 3 months.\n\nReviewed by & signed: Dr. A \\ B',
    'OBX(7)-2': 'FT',
    'NTE-3': 'Specimen slightly lipemic.',
  },
};

export const oruLfFile: Hl7Fixture = {
  name: 'ORU^R01 exported to a file with LF line ends',
  quirks: 'BOM, a leading blank line, LF segment ends, trailing spaces line, no final terminator: what a text editor or a Windows export leaves behind.',
  text: '\uFEFF\n' + [
    String.raw`MSH|^~\&|POCT|WARD7|HMS|LAB|20240313120501||ORU^R01|POCT-1187|P|2.4`,
    String.raw`PID|1||223344^^^CITY^MR||Singh^Priya`,
    String.raw`OBR|1|||GLU^Glucose POC^L|||20240313120300`,
    String.raw`OBX|1|NM|GLU^Glucose POC^L||6.4|mmol/L|3.9-7.8|N|||F|||20240313120300||OP1234`,
    '   ',
    String.raw`OBX|2|NM|KET^Ketones POC^L||0.3|mmol/L|<0.6|N|||F`,
  ].join('\n'),
  expect: {
    'MSH-12': '2.4',
    'PID-5.2': 'Priya',
    'OBX(2)-5': '0.3',
    'OBX-16': 'OP1234',
  },
};

export const customDelimiters: Hl7Fixture = {
  name: 'Legacy sender with non-standard delimiters',
  quirks: 'MSH-1 "!" and MSH-2 "@#$%": nothing may assume |^~\\&; escapes use $.',
  text: segments(
    String.raw`MSH!@#$%!LEGACY!MAINHOSP!HMS!LAB!20240314070000!!ORU@R01!LG-0001!P!2.2`,
    String.raw`PID!1!!8877@@@MAIN@MR#X1@@@OLD!!Kowalski@Anna!!19610101!F`,
    String.raw`OBX!1!ST!NOTE@Note@L!!Pipe | and bang $F$ and caret ^ and at $S$!!!!!!F`,
  ),
  expect: {
    'MSH-1': '!',
    'MSH-2': '@#$%',
    'MSH-9.2': 'R01',
    'PID-3(2).1': 'X1',
    'PID-5.2': 'Anna',
    'OBX-5': 'Pipe | and bang ! and caret ^ and at @',
  },
};

export const v27Truncation: Hl7Fixture = {
  name: 'v2.7 with the truncation character',
  quirks: 'MSH-2 has five characters (^~\\&#); # is not a separator, so a value containing # is plain text.',
  text: segments(
    String.raw`MSH|^~\&#|LIS|CITYLAB|HIS|CITYHOSP|20240314081500||ORU^R01^ORU_R01|L27-441|P|2.7`,
    String.raw`PID|1||556677^^^CITY^MR||Okafor^Chidi`,
    String.raw`OBX|1|ST|NOTE^Note^L||Ward #7, bed #2||||||F`,
  ),
  expect: {
    'MSH-2': '^~\\&#',
    'OBX-5': 'Ward #7, bed #2',
  },
};

export const hexAndUnknownEscapes: Hl7Fixture = {
  name: 'Hex escapes and literal backslashes',
  quirks: 'A Windows path sent without escaping its backslashes next to a real \\F\\; \\X0D0A\\ hex line break; \\Zlocal\\ kept as is.',
  text: segments(
    String.raw`MSH|^~\&|IMG|CITY|HMS|LAB|20240314090000||ORU^R01|IMG-9|P|2.5`,
    String.raw`OBX|1|ST|PATH^Report path^L||C:\reports\2024\F\final.pdf||||||F`,
    String.raw`OBX|2|ST|TXT^Two lines^L||first\X0D0A\second||||||F`,
    String.raw`OBX|3|ST|Z^Local^L||a\Zmarker\b||||||F`,
  ),
  expect: {
    'OBX-5': 'C:\\reports\\2024|final.pdf',
    'OBX(2)-5': 'first\r\nsecond',
    'OBX(3)-5': 'a\\Zmarker\\b',
  },
};

export const batchFile: Hl7Fixture = {
  name: 'Nightly batch file FHS/BHS/BTS/FTS',
  quirks: 'Two ORU messages inside BHS/BTS inside FHS/FTS; BTS-1 declares the message count.',
  text: segments(
    String.raw`FHS|^~\&|REFLAB|REFLAB|HMS|CITYHOSP|20240313235900||BATCH-20240313.hl7|Nightly results`,
    String.raw`BHS|^~\&|REFLAB|REFLAB|HMS|CITYHOSP|20240313235900||||B-0001`,
    String.raw`MSH|^~\&|REFLAB|REFLAB|HMS|CITYHOSP|20240313235901||ORU^R01|B1-0001|P|2.3.1`,
    String.raw`PID|1||556677^^^CITY^MR||Okafor^Chidi`,
    String.raw`OBR|1|ORD448813^HIS|RL-77002^REFLAB|BMP^Basic metabolic panel^L`,
    String.raw`OBX|1|NM|2823-3^Potassium^LN||4.1|mmol/L|3.5-5.1|N|||F`,
    String.raw`MSH|^~\&|REFLAB|REFLAB|HMS|CITYHOSP|20240313235902||ORU^R01|B1-0002|P|2.3.1`,
    String.raw`PID|1||889900^^^CITY^MR||Núñez^José`,
    String.raw`OBR|1|PL-55001^HIS|RL-77003^REFLAB|2345-7^Glucose^LN`,
    String.raw`OBX|1|NM|2345-7^Glucose^LN||11.2|mmol/L|3.9-7.8|H|||F`,
    String.raw`BTS|2`,
    String.raw`FTS|1`,
  ),
  expect: {},
};

export const HIS_FIXTURES: readonly Hl7Fixture[] = [
  adtA01,
  adtA08Nulls,
  ormO01,
  omlO21,
  oruMixed,
  oruLfFile,
  customDelimiters,
  v27Truncation,
  hexAndUnknownEscapes,
];
