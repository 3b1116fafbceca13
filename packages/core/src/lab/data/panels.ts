import type { LabPanel } from '../catalogue.js';

type PanelInput = Omit<LabPanel, 'priceCode'>;
const panel = (p: PanelInput): LabPanel => ({ ...p, priceCode: `LAB-${p.code}` });
const serum = { section: 'chemistry', specimen: 'blood', container: 'serum', turnaroundMinutes: 120 } as const;

/**
 * What an ordered code reports. A doctor orders RBG and the lab reports GLU (the analyte an
 * analyzer sends), so a one-test order of the order catalogue is a panel of that one test.
 */
export const LAB_PANELS_DATA: LabPanel[] = [
  panel({ code: 'FBC', name: 'Full blood count with differential', loinc: '57021-8', section: 'haematology', specimen: 'blood', container: 'edta', turnaroundMinutes: 60,
    tests: ['HGB', 'WBC', 'RBC', 'HCT', 'MCV', 'MCH', 'MCHC', 'RDW', 'PLT', 'NEUT', 'LYMPH', 'MONO', 'EOS', 'BASO'] }),
  panel({ code: 'HB', name: 'Haemoglobin', section: 'haematology', specimen: 'blood', container: 'edta', turnaroundMinutes: 60, tests: ['HGB'] }),
  panel({ code: 'PT_INR', name: 'Prothrombin time and INR', section: 'haematology', specimen: 'blood', container: 'citrate', turnaroundMinutes: 60, tests: ['PT', 'INR'] }),
  panel({ code: 'COAG', name: 'Coagulation screen', section: 'haematology', specimen: 'blood', container: 'citrate', turnaroundMinutes: 60, tests: ['PT', 'INR', 'APTT', 'FIBRINOGEN'] }),
  panel({ code: 'BLOOD_GROUP', name: 'Blood group (ABO and Rh D)', loinc: '882-1', section: 'blood_bank', specimen: 'blood', container: 'edta', turnaroundMinutes: 60, tests: ['ABO', 'RHD'] }),
  panel({ code: 'GXM', name: 'Blood group and cross-match', section: 'blood_bank', specimen: 'blood', container: 'edta', turnaroundMinutes: 90, tests: ['ABO', 'RHD', 'XMATCH'] }),
  panel({ code: 'RBG', name: 'Random blood glucose', section: 'chemistry', specimen: 'blood', container: 'fluoride', turnaroundMinutes: 60, tests: ['GLU'] }),
  panel({ code: 'FBG', name: 'Fasting blood glucose', section: 'chemistry', specimen: 'blood', container: 'fluoride', turnaroundMinutes: 60, tests: ['FGLU'] }),
  panel({ ...serum, code: 'UE', name: 'Urea and electrolytes (renal function)', tests: ['NA', 'K', 'CL', 'HCO3', 'UREA', 'CREAT', 'EGFR', 'AGAP'] }),
  panel({ ...serum, code: 'ELECTROLYTES', name: 'Electrolytes', tests: ['NA', 'K', 'CL', 'HCO3', 'AGAP'] }),
  panel({ ...serum, code: 'LFT', name: 'Liver function tests', loinc: '24325-3', tests: ['TBIL', 'DBIL', 'ALT', 'AST', 'ALP', 'GGT', 'TP', 'ALB'] }),
  panel({ ...serum, code: 'LIPIDS', name: 'Lipid profile', loinc: '57698-3', tests: ['CHOL', 'TRIG', 'HDL', 'LDL'] }),
  panel({ ...serum, code: 'THYROID', name: 'Thyroid function', turnaroundMinutes: 24 * 60, tests: ['TSH', 'FT4'] }),
  panel({ ...serum, code: 'BILI', name: 'Bilirubin (total and direct)', tests: ['TBIL', 'DBIL'] }),
  panel({ ...serum, code: 'CA_MG_PO4', name: 'Calcium, magnesium and phosphate', tests: ['CA', 'ALB', 'CA_CORR', 'MG', 'PO4'] }),
  panel({ code: 'ABG', name: 'Arterial blood gas', section: 'chemistry', specimen: 'blood', container: 'heparin', turnaroundMinutes: 15, tests: ['PH', 'PCO2', 'PO2', 'ABG_HCO3', 'BE'] }),
  panel({ code: 'CSF_ANALYSIS', name: 'Cerebrospinal fluid analysis', section: 'microbiology', specimen: 'csf', container: 'csf', turnaroundMinutes: 120, tests: ['CSF_WBC', 'CSF_PROT', 'CSF_GLU', 'CSF_GRAM'] }),
  panel({ code: 'MAL_SMEAR', name: 'Malaria blood smear (thick and thin)', section: 'parasitology', specimen: 'blood', container: 'edta', turnaroundMinutes: 60, tests: ['MPS', 'MPS_DENS'] }),
  panel({ code: 'URINALYSIS', name: 'Urinalysis (dipstick and microscopy)', loinc: '24356-8', section: 'urinalysis', specimen: 'urine', container: 'urine', turnaroundMinutes: 60,
    tests: ['U_PH', 'U_SG', 'U_PROT', 'U_GLU', 'U_KET', 'U_BLD', 'U_LEU', 'U_NIT', 'U_BIL', 'U_URO', 'U_MICRO'] }),
  panel({ code: 'WIDAL', name: 'Widal test (S. Typhi O and H)', section: 'serology', specimen: 'blood', container: 'serum', turnaroundMinutes: 120, tests: ['WIDAL_O', 'WIDAL_H'] }),
];
