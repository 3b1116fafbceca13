// ASTM E1394 / CLSI LIS2-A2 record streams as instruments send them, written from the
// vendors' host interface specifications (Sysmex XN ASTM host interface, Roche cobas c 311 /
// e 411 host interface manuals, Abbott ARCHITECT LIS specification, HORIBA ABX Pentra and
// Yumizen "Output format for host connection", Beckman Coulter Access 2 LIS, Siemens ADVIA
// Centaur interface specification, Cepheid GeneXpert LIS interface protocol). Sample IDs,
// patients and values are invented. Records are joined with CR unless the quirk says otherwise.

export interface AstmFixture {
  readonly name: string;
  readonly quirks: string;
  readonly text: string;
  /** Number of H ... L messages in the stream. */
  readonly messages: number;
  /** `[message index, path] -> value` checks. */
  readonly expect: readonly (readonly [number, string, string | undefined])[];
}

function records(...lines: string[]): string {
  return lines.join('\r') + '\r';
}

export const sysmexXn: AstmFixture = {
  name: 'Sysmex XN-550 CBC+DIFF results',
  quirks: 'H-5 padded with leading spaces; O-4 rack^tube with padded tube; O-5 tests as repeats; test code in component 5 of R-3 with the dilution in 6; scattergram file paths whose backslashes are sent as the escaped repeat delimiter &R&.',
  messages: 1,
  text: records(
    String.raw`H|\^&|||    XN-550^00-24^22723^^^^BD634545||||||||E1394-97`,
    String.raw`P|1|||37182|^Wambui^Njeri||19870626|F|||||^DR.1||||||||||||^^^WEST`,
    String.raw`C|1||POST HD`,
    String.raw`O|1||^^                    27^M|^^^^WBC\^^^^RBC\^^^^HGB\^^^^HCT\^^^^PLT\^^^^NEUT#|||||||N||||||||||||||F`,
    String.raw`R|1|^^^^WBC^1|8.13|10*3/uL||N||F||||20240627135407`,
    String.raw`R|2|^^^^RBC^1|2.60|10*6/uL||L||F||||20240627135407`,
    String.raw`R|3|^^^^HGB^1|8.0|g/dL||L||F||||20240627135407`,
    String.raw`R|4|^^^^HCT^1|22.7|%||L||F||||20240627135407`,
    String.raw`R|5|^^^^PLT^1|99|10*3/uL||L||F||||20240627135407`,
    String.raw`R|6|^^^^NEUT#^1|4.67|10*3/uL||N||F||||20240627135407`,
    String.raw`R|7|^^^^Anemia||||A||F||||20240627135407`,
    String.raw`R|8|^^^^SCAT_WDF|PNG&R&20240628&R&2024_06_27_13_54_27_WDF.PNG|||N||F||||20240627135407`,
    String.raw`L|1|N`,
  ),
  expect: [
    [0, 'H-5.1', '    XN-550'],
    [0, 'H-13', 'E1394-97'],
    [0, 'P-6.2', 'Wambui'],
    [0, 'O-4.3', '                    27'],
    [0, 'O-5(3).5', 'HGB'],
    [0, 'R(2)-3.5', 'RBC'],
    [0, 'R(2)-4', '2.60'],
    [0, 'R(2)-7', 'L'],
    [0, 'R(8)-4', 'PNG\\20240628\\2024_06_27_13_54_27_WDF.PNG'],
    [0, 'L-3', 'N'],
  ],
};

export const cobasC311: AstmFixture = {
  name: 'Roche cobas c 311 chemistry results',
  quirks: 'H-10 "host", H-11 RSUPL^REAL; sample ID in O-3 padded with spaces; application codes with a trailing slash (^^^685/); O-5 repeats; instrument flags in C records after each R; empty patient record.',
  messages: 1,
  text: records(
    String.raw`H|\^&|||c311^1|||||host|RSUPL^REAL|P|1`,
    String.raw`P|1`,
    String.raw`O|1|11625^CL-PL-24-0370         ^1^^004|R1|^^^685/\^^^687/\^^^712/|R||||||N||^^||SC|||labo  |                              ^                         ^                    ^               ^          |||20240203132011|||F`,
    String.raw`R|1|^^^685/|22.4|U/l||A||F|||||P1`,
    String.raw`C|1|I|43|I`,
    String.raw`R|2|^^^687/|15.0|U/l||N||F|||||P1`,
    String.raw`C|1|I|0|I`,
    String.raw`R|3|^^^712/|4.1|umol/l||L||F|||||P1`,
    String.raw`C|1|I|0|I`,
    String.raw`L|1|N`,
  ),
  expect: [
    [0, 'H-5.1', 'c311'],
    [0, 'H-10', 'host'],
    [0, 'H-11.1', 'RSUPL'],
    [0, 'O-3.2', 'CL-PL-24-0370         '],
    [0, 'O-5(2).4', '687/'],
    [0, 'R(3)-3.4', '712/'],
    [0, 'R(3)-4', '4.1'],
    [0, 'R(3)-7', 'L'],
    [0, 'C-4', '43'],
    [0, 'P-3', undefined],
  ],
};

export const cobasE411Query: AstmFixture = {
  name: 'Roche cobas e 411 host query (TSREQ)',
  quirks: 'A query message: H-11 TSREQ^REAL, a Q record whose starting range carries the sample ID, rack and position, "ALL" tests, request status O.',
  messages: 1,
  text: records(
    String.raw`H|\^&|||H7600^1|||||host|TSREQ^REAL|P|1`,
    String.raw`Q|1|^^000011^0^50001^1^^S1^SC||ALL||||||||O`,
    String.raw`L|1|N`,
  ),
  expect: [
    [0, 'H-11.1', 'TSREQ'],
    [0, 'Q-3.3', '000011'],
    [0, 'Q-3.5', '50001'],
    [0, 'Q-5', 'ALL'],
    [0, 'Q-13', 'O'],
  ],
};

export const architect: AstmFixture = {
  name: 'Abbott ARCHITECT i2000SR immunoassay results',
  quirks: 'H-5 carries the capability string H1P1O1R1C1Q1L1; R-3 with eight components (assay number, name, dilution, F/I/P result type, reagent lot, serial); value "< 1.20" with a space; range "0.35 TO 4.94"; flags EXP^<; a result comment; L record without termination code.',
  messages: 1,
  text: records(
    String.raw`H|\^&|||ARCHITECT^9.45^F3453010030^H1P1O1R1C1Q1L1|||||||P|1|20240312133346`,
    String.raw`P|1|||PID-2231|Patient^Test^A||19320122|F|||||Dr.Amesbury||||||||||||ParkClinic`,
    String.raw`O|1|SID13|SID13^A123^5|^^^123^TSH^UNDILUTED^P|R||20240312081223||||||||||||||||||F`,
    String.raw`R|1|^^^123^TSH^UNDILUTED^F^47331M100^00788^^F|< 1.20|mIU/mL|0.35 TO 4.94|EXP^<||F||ADMIN||20240312081030|i1SR04231`,
    String.raw`C|1|I|Example Result Comment|G`,
    String.raw`R|2|^^^123^TSH^UNDILUTED^I^47331M100^00788^^I|NEGATIVE|||||F||ADMIN||20240312081030|i1SR04231`,
    String.raw`L|1`,
  ),
  expect: [
    [0, 'H-5.4', 'H1P1O1R1C1Q1L1'],
    [0, 'O-3', 'SID13'],
    [0, 'O-4.2', 'A123'],
    [0, 'R-3.4', '123'],
    [0, 'R-3.7', 'F'],
    [0, 'R-4', '< 1.20'],
    [0, 'R-6', '0.35 TO 4.94'],
    [0, 'R-7.1', 'EXP'],
    [0, 'R-7.2', '<'],
    [0, 'R(2)-4', 'NEGATIVE'],
    [0, 'L-3', undefined],
  ],
};

export const pentraXlr: AstmFixture = {
  name: 'HORIBA ABX Pentra XLR CBC with alarms',
  quirks: 'CRLF record ends; H-5 just "ABX"; R-3 test^LOINC^dilution; R-5 "1" as units index; "-----" for an invalid parameter with status X; alarm lists in C records with components; H-14 with centiseconds.',
  messages: 1,
  text: [
    String.raw`H|\^&|||ABX|||||||P|E1394-97|2024072712155158`,
    String.raw`P|1||||^|||U`,
    String.raw`O|1|AUTO_SID1^00^00||^^^DIF|||||||||||Standard||||||||||F`,
    String.raw`R|1|^^^WBC^804-5^1|8.5|1||||W||NNE NNEMT||20240727121550`,
    String.raw`C|1|I|Alarm_WBC^LMNE-^BASO+^LL^NL^LN^NO^SL1|I`,
    String.raw`R|2|^^^LYM#^731-0^1|3.29|1||||W||NNE NNEMT||20240727121550`,
    String.raw`R|3|^^^BAS#^704-7^1|-----|1||HH||X||NNE NNEMT||20240727121550`,
    String.raw`R|4|^^^PLT^777-3^1|234|1||||F||NNE NNEMT||20240727121550`,
    String.raw`C|1|I|PLATELET AGGREGATES|I`,
    String.raw`L|1|N`,
  ].join('\r\n') + '\r\n',
  expect: [
    [0, 'H-5', 'ABX'],
    [0, 'O-3.1', 'AUTO_SID1'],
    [0, 'R-3.4', 'WBC'],
    [0, 'R-3.5', '804-5'],
    [0, 'R(3)-4', '-----'],
    [0, 'R(3)-9', 'X'],
    [0, 'C-4.2', 'LMNE-'],
    [0, 'C(2)-4', 'PLATELET AGGREGATES'],
  ],
};

/** A base64 histogram well over 240 bytes, so the M record spans several E1381 frames. */
const histogram = 'Y2AAgW5nMNVg6gIkHUBMAA' + 'zdV/aJR1HMDxb/kj6aatsmvWrDvaluYdTjfdJdqe5/u5wmpbM7O8yn7YZWrSVbOsa9njtbtNR7QhynJHHKSuqNE4QkQ4vJDiCIvhFWmhkyHijqBiG4VI9H52FxzLP6L+6eDN89yz772+3+cHz5SyP50ysbGW+JUyDKVWaqUy5Mwf56BS2yXo7qwPuh2GM9lssG+kRvrZHzRC4VG+O8zuaLmZGvGaucZ6kzGmONeboXCL2RSKmIw3w9ndjImbfXUHGNdvZnsPMfaoyVyMHzS9wVP8ZtgMZHL8btSMeS7x2yt1IDNd4+tQ+Bodzl6vY54yzVw6fsal++oqdbJrvmZendGLdbZ3qR4aW6ZZgx4/KNo+F0egQbMe7Xas0d5gQPtS6zRr002hDdibsUPYLdjbsFtxLP4WwWrj7zG8DsZ0Yr7DuHdxuxm7G3sv43vw97GeOHO8z5oSzPMB6zrAXH2s7SPm+5j19TPnAHYS+zPsQ9iHsY9gp7CPYn+OfQz7i4nrH/N8hX0c+xvsQewT2N9hf499CvtH7NPYQ9jD2Oewz2NfwM5h/4T9M/av2KPY49i/YV/EvoT9B79R4ghcIVxn6Y5OkWzvVHEmpwnXXOJnrpKhsRnidlzNvXdIX12J5Bpnijc4S7gXkuwqlfGD14ovdZ1wXyQ1MlvsZ0acNwr3SDJ6DvZN2Ddjl2PPxb4F+1ZsF7Yb+zbsCuxK7Crs27HnYc/HvgN7AbYH24u9ELsaexH2Yuwa7FrsJdhLseuwfdh3Yi/DXo69Avsu7HpsA9vE1tiC7ce+G/se7JXY92Lfh30/dgN2I3YT9gPYzdirsB/EXo29Bvth7Eew12IHsB/Ffgz7cex12E9gP4n9NPZ67Gewg9jPYm/Afg57I/Ym7M3Yz2NvwX4BO4T9IvZL2C9jt2BvxX4F+1XsbdivYYex38BuxX4Tezv2W+xbkvva4vsO8Z7bwbGIhC5GmPNtSZa2MW+bjFdFmTsqvhUx5o9JeHU7a2iX1KYO1tEhytrJWnb99Q74jx+rPv8esbPfMRYlKE1nCykzX2lRqmhb3OXGV9NTZFEXfUiD9hie+TIyaAt1UZJ+oOmcXxX5Kcg5R+k99j+lL+k030dpql+lZ/mVVcbWRZV+ZXj4voj9Wv/Eu9POqGG7kPfoAo5X0FyO3cC2hO00/vY71nncb9keoyT7+9nuoXb2X8+vQ60iTTVUQXNoJk2hMdY9TCfpBB2nNB2hAfqE9lOC4rSPeibeV/lz30VtFKFW2lq4LhtpLT1EDTr/f8C+ZsuplnxUTR6aRxXkKlROs6mEZuj8Nf+Fa3+BThbuQ5oOFxoo3J9EoZ5C9n3rKGQVZd/XZjIK2ffaVdTkZ+Rs0XOV/gclirImZUxK/Yvs5///0t8+lzlHw/gT42';

export const yumizenH500: AstmFixture = {
  name: 'HORIBA Yumizen H500 QC run with histograms',
  quirks: 'Processing ID Q (quality control); P record with 35 empty fields; M (manufacturer) records carrying base64 histograms far longer than one frame; C records with instrument alarms.',
  messages: 1,
  text: records(
    String.raw`H|\^&|||H500^910YOXH02826^2.2.2.2b|||||||Q|LIS2-A2|20240329110749`,
    String.raw`P|1||||||||||||||||||||||||||||||||||`,
    String.raw`O|1|PX440N||^^^DIF|R|20240329110631|||||||||CTRL^^CTRL MEDIUM||||||||||F`,
    String.raw`C|1|I|CONTROL_FAILED^^PLT_ABOVE_TOLERANCE|I`,
    String.raw`M|1|HISTOGRAM|RBC/PLT|RbcAlongRes|FLOATLE-stream/deflate:base64^${histogram}`,
    String.raw`R|1|^^^RBC^789-8^1|4.62|10*12/L||N||F||||20240329110700`,
    String.raw`L|1|N`,
  ),
  expect: [
    [0, 'H-12', 'Q'],
    [0, 'H-13', 'LIS2-A2'],
    [0, 'O-16.3', 'CTRL MEDIUM'],
    [0, 'C-4.3', 'PLT_ABOVE_TOLERANCE'],
    [0, 'M-3', 'HISTOGRAM'],
    [0, 'M-6.2', histogram],
    [0, 'R-4', '4.62'],
  ],
};

export const access2: AstmFixture = {
  name: 'Beckman Coulter Access 2 immunoassay results',
  quirks: 'H-10 "LIS"; R-3 ^^^TSH^1 (assay name and replicate); result units in R-5; termination code F ("last request processed") after a query-driven run.',
  messages: 1,
  text: records(
    String.raw`H|\^&|||ACCESS^500001|||||LIS||P|1|20240312091500`,
    String.raw`P|1|PID4471`,
    String.raw`O|1|B24-10331||^^^TSH|||||||||||Serum`,
    String.raw`R|1|^^^TSH^1|0.94|uIU/mL||N||F||||20240312091200`,
    String.raw`R|2|^^^FT4^1|0.81|ng/dL||N||F||||20240312091200`,
    String.raw`L|1|F`,
  ),
  expect: [
    [0, 'H-5.1', 'ACCESS'],
    [0, 'H-10', 'LIS'],
    [0, 'P-3', 'PID4471'],
    [0, 'O-3', 'B24-10331'],
    [0, 'R(2)-3.4', 'FT4'],
    [0, 'R(2)-4', '0.81'],
    [0, 'L-3', 'F'],
  ],
};

export const centaur: AstmFixture = {
  name: 'Siemens ADVIA Centaur XP results, European locale',
  quirks: 'Decimal commas in values and ranges ("2,31", "0,55-4,78") left as text; DOSE and INDX result rows per assay; "<0,01" below range; H-4 access password.',
  messages: 1,
  text: records(
    String.raw`H|\^&||PSWD|ADVIA Centaur XP^1.0^CTR001|||||LIS||P|1|20240312101010`,
    String.raw`P|1|||P-77120`,
    String.raw`O|1|C24-55012||^^^TSH\^^^HCG|R`,
    String.raw`R|1|^^^TSH^DOSE|2,31|uIU/mL|0,55-4,78|N||F||||20240312100900`,
    String.raw`R|2|^^^HCG^DOSE|<0,01|mIU/mL||<||F||||20240312100900`,
    String.raw`R|3|^^^HCG^INDX|0,02|||N||F||||20240312100900`,
    String.raw`L|1|N`,
  ),
  expect: [
    [0, 'H-4', 'PSWD'],
    [0, 'H-5.1', 'ADVIA Centaur XP'],
    [0, 'O-5(2).4', 'HCG'],
    [0, 'R-4', '2,31'],
    [0, 'R-6', '0,55-4,78'],
    [0, 'R(2)-4', '<0,01'],
    [0, 'R(3)-3.5', 'INDX'],
  ],
};

export const genexpert: AstmFixture = {
  name: 'Cepheid GeneXpert MTB/RIF Ultra results',
  quirks: 'Delimiters H|@^\\ (repeat "@", escape "\\"); \\R\\ for a literal "@" and \\S\\ for "^"; the test in component 2 of R-3; LF record ends; H-14 run stamp then processing ID in H-12 "P" and version "1394-97".',
  messages: 1,
  text: [
    String.raw`H|@^\|GXM-2184461||806149 CityLab^GeneXpert^6.4|||||LIS||P|1394-97|20240923031504`,
    String.raw`P|1|||PID-5521|Doe^Jane||19800101|F`,
    String.raw`O|1|PR26A0042||^^^MTB-RIF|R|20240923030112|||||||||ORH||||||||||F`,
    String.raw`R|1|^MTB-RIF^^Xpert^Xpert MTB-RIF Ultra^4^MTB^|MTB DETECTED LOW^|||||F||John \R\ Doe|20240923025511|20240923030112|Cepheid-44413S0`,
    String.raw`R|2|^MTB-RIF^^Xpert^^^SPC^|PASS^|||A\S\B||F||John Doe|20240923025511|20240923030112|Cepheid-44413S0`,
    String.raw`R|3|^MTB-RIF^^Xpert^^^SPC^Ct|^24.7|||||F||John Doe|20240923025511|20240923030112|Cepheid-44413S0`,
    String.raw`C|1|I|Notes^^Id# 118176 cp|I`,
    String.raw`L|1|N`,
  ].join('\n') + '\n',
  expect: [
    [0, 'H-2', '@^\\'],
    [0, 'H-3', 'GXM-2184461'],
    [0, 'H-5.2', 'GeneXpert'],
    [0, 'R-3.2', 'MTB-RIF'],
    [0, 'R-3.7', 'MTB'],
    [0, 'R-4.1', 'MTB DETECTED LOW'],
    [0, 'R-11', 'John @ Doe'],
    [0, 'R(2)-7', 'A^B'],
    [0, 'R(3)-4.2', '24.7'],
    [0, 'C-4.3', 'Id# 118176 cp'],
  ],
};

export const quirkyStream: AstmFixture = {
  name: 'Two messages in one stream, the first without L',
  quirks: 'CRCR record ends; first message has no L record (ends at the next H); bare "L|" closes the second; S (scientific) and M (manufacturer) records; stray text before the first H; a literal "&" that starts no escape.',
  messages: 2,
  text: [
    'garbage before header',
    String.raw`H|\^&|||SIM^1|||||LIS||P|1`,
    String.raw`P|1|||X-1`,
    String.raw`O|1|S-001||^^^GLU`,
    String.raw`R|1|^^^GLU|5.1|mmol/L||N||F`,
    String.raw`H|\^&|||SIM^1|||||LIS||P|1`,
    String.raw`P|1|||X-2|Smith & Jones^Ann`,
    String.raw`O|1|S-002||^^^NA`,
    String.raw`R|1|^^^NA|140|mmol/L||N||F`,
    String.raw`S|1|Scientific^Calibration|Cal OK`,
    String.raw`M|1|ABC^Vendor|raw^data^here`,
    String.raw`L|`,
  ].join('\r\r') + '\r\r',
  expect: [
    [0, 'P-5', 'X-1'],
    [0, 'R-4', '5.1'],
    [0, 'L-1', undefined],
    [1, 'P-6.1', 'Smith & Jones'],
    [1, 'S-3.2', 'Calibration'],
    [1, 'M-4.3', 'here'],
    [1, 'L-1', 'L'],
    [1, 'L-2', undefined],
  ],
};

export const ASTM_FIXTURES: readonly AstmFixture[] = [
  sysmexXn,
  cobasC311,
  cobasE411Query,
  architect,
  pentraXlr,
  yumizenH500,
  access2,
  centaur,
  genexpert,
  quirkyStream,
];

/** A fixture's records, each ended by CR, stray text before the first H left out. */
export function astmRecordsOf(fixture: AstmFixture): string[] {
  const lines = fixture.text.split(/\r\n|\r|\n/).filter((line) => line.trim() !== '');
  const first = lines.findIndex((line) => /^[Hh][^A-Za-z0-9\s]/.test(line));
  return lines.slice(Math.max(0, first)).map((line) => line + '\r');
}
