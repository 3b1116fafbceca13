// HL7 v2 messages as laboratory instruments send them over MLLP, written from the vendors'
// published LIS interface manuals (Mindray BC-5000/BS series HL7 v2.3.1 protocol, Roche cobas
// pro/c 303 and Abbott Alinity host interface manuals following IHE LAW on HL7 v2.5.1,
// Siemens Atellica/ADVIA Centaur HL7 interface, Beckman Coulter DxH HL7, Cepheid GeneXpert
// LIS interface). Sample IDs, patients and values are invented.

import type { Hl7Fixture } from './hl7-his.js';
import { segments } from './hl7-his.js';

export const mindrayBc5380: Hl7Fixture = {
  name: 'Mindray BC-5380 CBC result',
  quirks: 'MSH-18 "UNICODE" (meaning UTF-8); MSH-5/6 empty; OBX-8 sent as a repetition whose first occurrence is empty (~N, L~A); 99MRC local codes; ED histogram in base64; patient name in PID-5.2 only.',
  bytes: 'utf-8',
  text: segments(
    String.raw`MSH|^~\&|Mindray|BC-5380|||20240312143055||ORU^R01|3|P|2.3.1||||||UNICODE`,
    String.raw`PID|1||^^^^MR||^Kamau Wanjiru|||F`,
    String.raw`PV1|1`,
    String.raw`OBR|1||SN0042|00001^Automated Count^99MRC||20240312142000|20240312143000|||||||||||||||||HM||||||||admin`,
    String.raw`OBX|1|IS|08001^Take Mode^99MRC||O||||||F`,
    String.raw`OBX|2|IS|08002^Blood Mode^99MRC||W||||||F`,
    String.raw`OBX|3|IS|08003^Test Mode^99MRC||CBC+DIFF||||||F`,
    String.raw`OBX|4|NM|30525-0^Age^LN||34|yr|||||F`,
    String.raw`OBX|5|IS|01002^Ref Group^99MRC||General||||||F`,
    String.raw`OBX|6|NM|6690-2^WBC^LN||7.32|10*9/L|4.00-10.00|~N|||F`,
    String.raw`OBX|7|NM|704-7^BAS#^LN||0.03|10*9/L|0.00-0.10|~N|||F`,
    String.raw`OBX|8|NM|706-2^BAS%^LN||0.4|%|0.0-1.0|~N|||F`,
    String.raw`OBX|9|NM|751-8^NEU#^LN||4.81|10*9/L|2.00-7.00|~N|||F`,
    String.raw`OBX|10|NM|789-8^RBC^LN||3.92|10*12/L|4.00-5.50|L~A|||F`,
    String.raw`OBX|11|NM|718-7^HGB^LN||108|g/L|120-160|L~A|||F`,
    String.raw`OBX|12|NM|777-3^PLT^LN||245|10*9/L|100-300|~N|||F`,
    String.raw`OBX|13|ED|15000^WBC Histogram. BMP^99MRC||^Image^BMP^Base64^Qk02AAAAAAAAADYAAAAoAAAAAQAAAAEAAAABABgAAAAAAAAAAAATCwAAEwsAAAAAAAAAAAAA////AA==||||||F`,
  ),
  expect: {
    'MSH-3': 'Mindray',
    'MSH-4': 'BC-5380',
    'MSH-5': undefined,
    'MSH-18': 'UNICODE',
    'PID-5.1': undefined,
    'PID-5.2': 'Kamau Wanjiru',
    'OBR-3': 'SN0042',
    'OBX(6)-3.2': 'WBC',
    'OBX(6)-5': '7.32',
    'OBX(6)-8': undefined,
    'OBX(6)-8(2)': 'N',
    'OBX(10)-8': 'L',
    'OBX(10)-8(2)': 'A',
    'OBX(13)-5.4': 'Base64',
  },
};

export const mindrayBs240: Hl7Fixture = {
  name: 'Mindray BS-240 chemistry result',
  quirks: 'Mindray BS layout: OBX-3 is the numeric channel, OBX-4 the test name, OBX-13 the raw value; MSH-16 "0"; MSH-18 ASCII; long runs of trailing empty fields and a trailing field separator.',
  text: segments(
    String.raw`MSH|^~\&|Mindray|BS-240|||20240312150210||ORU^R01|17|P|2.3.1||||0||ASCII|||`,
    String.raw`PID|11||||||0|||||0|||||||||||||||||||`,
    String.raw`OBR|11|S2403120011|11|Mindray^BS-240|N||20240312144502|||||||20240312144502|serum|||||||||||||||||||||||||||||||||`,
    String.raw`OBX|1|NM|2|GLU|5.62|mmol/L|3.90-6.10|N|||F||5.620000|20240312145512||||0|`,
    String.raw`OBX|2|NM|9|CREA|88.1|umol/L|45.0-84.0|H|||F||88.100000|20240312145941||||0|`,
    String.raw`OBX|3|NM|14|ALT|12.0|U/L|0.0-40.0|N|||F||12.000000|20240312150011||||0|`,
  ),
  expect: {
    'MSH-16': '0',
    'MSH-18': 'ASCII',
    'OBR-2': 'S2403120011',
    'OBX(2)-3': '9',
    'OBX(2)-4': 'CREA',
    'OBX(2)-5': '88.1',
    'OBX(2)-8': 'H',
    'OBX(2)-13': '88.100000',
    'OBX(3)-20': undefined,
  },
};

export const cobasProOul: Hl7Fixture = {
  name: 'Roche cobas pro OUL^R22 (IHE LAW)',
  quirks: 'Specimen-centred OUL^R22 with SPM/SAC before OBR; OBR-2 as explicit null ""; OBX-18 repeating equipment IDs; TCD auto-dilution ratio; message control ID is a UUID.',
  text: segments(
    String.raw`MSH|^~\&|cobas pro||HMS-LIS||20240312160344+0100||OUL^R22^OUL_R22|8f1c2e0d-4f7a-4c1e-9b53-0d7e6c2a9a11|P|2.5.1|||NE|AL||UNICODE UTF-8|||LAB-29^IHE`,
    String.raw`SPM|1|S2403125501&ROCHE||SER^Serum^HL70487|||||||P^Patient^HL70369`,
    String.raw`SAC|||S2403125501|||||||50012345|1`,
    String.raw`OBR|1|""||20990^Creatinine Jaffe Gen.2^99ROC`,
    String.raw`ORC|SC||||CM`,
    String.raw`OBX|1|NM|20990^Creatinine Jaffe Gen.2^99ROC^^^^^^CREJ2|1|92.4|umol/L^^UCUM||N|||F|||||OPERATOR1^^99ROC||c503^ROCHE~1^ROCHE~5^ROCHE|20240312160122`,
    String.raw`TCD|20990^^99ROC|^1^:^1`,
  ),
  expect: {
    'MSH-10': '8f1c2e0d-4f7a-4c1e-9b53-0d7e6c2a9a11',
    'MSH-21.1': 'LAB-29',
    'SPM-2.1.1': 'S2403125501',
    'SAC-3': 'S2403125501',
    'OBR-2': '""',
    'OBX-3.9': 'CREJ2',
    'OBX-5': '92.4',
    'OBX-18(1).1': 'c503',
    'OBX-18(3).1': '5',
    'TCD-2.4': '1',
  },
};

export const alinityOul: Hl7Fixture = {
  name: 'Abbott Alinity ci OUL^R22 (IHE LAW) with a flagged result',
  quirks: 'Result with comparator in OBX-5 as text (">500.0"); OBX-8 repeating flags (H and instrument flag EXP); NTE under OBX; INV segment.',
  text: segments(
    String.raw`MSH|^~\&|AbbottAlinity|LAB1|HMS-LIS|CITYLAB|20240312171020-0600||OUL^R22^OUL_R22|ALN-000918|P|2.5.1|||NE|AL`,
    String.raw`SPM|1|A24-77120||SER`,
    String.raw`OBR|1|||1017^CK^99ABT`,
    String.raw`ORC|SC||||CM`,
    String.raw`OBX|1|ST|1017^CK^99ABT|1|>500.0|U/L^U/L^UCUM|30-200|H~EXP|||F|||||ADMIN||ci-1047^ABBOTT|20240312171002`,
    String.raw`NTE|1|L|Result above linearity. Dilute and repeat.`,
    String.raw`INV|7K23-20^CK^99ABT|OK^OK^HL70383||||||||||20250131|||||L24311A`,
  ),
  expect: {
    'OBX-5': '>500.0',
    'OBX-8': 'H',
    'OBX-8(2)': 'EXP',
    'OBX-18.1': 'ci-1047',
    'NTE-3': 'Result above linearity. Dilute and repeat.',
    'INV-1.1': '7K23-20',
  },
};

export const atellicaOru: Hl7Fixture = {
  name: 'Siemens Atellica ORU^R01 immunoassay',
  quirks: 'OBX-5 "<0.008" for below-range TSH; reference range with units spaced; OBX-17 method; explicit null in OBX-7; LF only between segments.',
  text: [
    String.raw`MSH|^~\&|Atellica|SIEMENS|LIS|CITYLAB|20240312174533||ORU^R01^ORU_R01|AT-5521|P|2.5.1`,
    String.raw`PID|1||223344^^^CITY^MR||Singh^Priya||19900612|F`,
    String.raw`OBR|1|ORD9921^HIS|AT-5521-1|TSH3UL^TSH3-Ultra^SIEMENS|||20240312160000`,
    String.raw`OBX|1|ST|TSH3UL^TSH3-Ultra^SIEMENS||<0.008|uIU/mL|0.550 - 4.780|L|||F|||20240312174400||||IM1-0042`,
    String.raw`OBX|2|NM|FT4^Free T4^SIEMENS||1.31|ng/dL|""|N|||F|||20240312174400|||CLIA^Chemiluminescence|IM1-0042`,
  ].join('\n') + '\n',
  expect: {
    'OBX-5': '<0.008',
    'OBX-7': '0.550 - 4.780',
    'OBX(2)-7': '""',
    'OBX(2)-17.2': 'Chemiluminescence',
    'OBX(2)-18': 'IM1-0042',
  },
};

export const dxhOru: Hl7Fixture = {
  name: 'Beckman Coulter DxH 900 ORU^R01',
  quirks: 'Suspect flags as ST OBX rows; a result sent with the explicit-null value "" when not reportable; 8859/1 declared but pure ASCII content.',
  text: segments(
    String.raw`MSH|^~\&|DxH|BECKMAN|LIS|CITYLAB|20240312180102||ORU^R01|DXH-000771|P|2.5||||||8859/1`,
    String.raw`PID|1||778899^^^CITY^MR||Tanaka^Yuki||20010404|F`,
    String.raw`OBR|1|ORD10021^HIS|DXH-771|CBC^CBC with Diff^BCI|||20240312175500`,
    String.raw`OBX|1|NM|WBC^White Blood Cells^BCI||11.8|10*3/uL|4.0-10.5|H|||F`,
    String.raw`OBX|2|NM|PLT^Platelets^BCI||""|10*3/uL|150-450||||X`,
    String.raw`OBX|3|ST|FLAG^Suspect flag^BCI||Platelet Clumps||||||F`,
  ),
  expect: {
    'MSH-18': '8859/1',
    'OBX-8': 'H',
    'OBX(2)-5': '""',
    'OBX(2)-11': 'X',
    'OBX(3)-5': 'Platelet Clumps',
  },
};

export const genexpertHl7: Hl7Fixture = {
  name: 'Cepheid GeneXpert ORU^R01 (HL7 mode)',
  quirks: 'Result text with semicolons and escaped component separators (\\S\\); OBX-4 sub-IDs tie analyte rows to the main result; cartridge serial in OBX-18.',
  text: segments(
    String.raw`MSH|^~\&|GeneXpert|CITYLAB|LIS|CITYLAB|20240312190005||ORU^R01|GX-00231|P|2.5`,
    String.raw`PID|1||556677^^^CITY^MR||Okafor^Chidi`,
    String.raw`OBR|1|ORD5521^HIS|GX-231|MTB-RIF^Xpert MTB/RIF Ultra^CPH|||20240312170000`,
    String.raw`OBX|1|ST|MTB-RIF^Xpert MTB/RIF Ultra^CPH|1|MTB DETECTED LOW;RIF Resistance NOT DETECTED||||||F|||20240312185900||JDOE|Xpert MTB/RIF Ultra v4|830012345`,
    String.raw`OBX|2|NM|MTB-RIF^rpoB1 Ct^CPH|1.1|24.7||||||F`,
    String.raw`OBX|3|ST|MTB-RIF^SPC^CPH|1.2|PASS \S\ control ok||||||F`,
  ),
  expect: {
    'OBX-4': '1',
    'OBX-5': 'MTB DETECTED LOW;RIF Resistance NOT DETECTED',
    'OBX-18': '830012345',
    'OBX(2)-4': '1.1',
    'OBX(3)-5': 'PASS ^ control ok',
    'OBX(3)-5.1': 'PASS ^ control ok',
  },
};

export const INSTRUMENT_HL7_FIXTURES: readonly Hl7Fixture[] = [
  mindrayBc5380,
  mindrayBs240,
  cobasProOul,
  alinityOul,
  atellicaOru,
  dxhOru,
  genexpertHl7,
];
