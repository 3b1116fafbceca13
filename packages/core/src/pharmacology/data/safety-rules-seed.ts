import type { DrugClass } from '../drug-classes.js';
import type { Route } from '../medication-terms.js';
import type { SafetyRuleInput } from '../safety-rules.js';

/**
 * The shipped drug-safety rules, written in our own words from published facts, each with
 * its citation (SOURCES.md beside this file). The server loads them as version 1 of each rule;
 * pharmacists edit them there. A new rule here needs no hand-written test: the rule tests
 * build its positive and negative cases from the formulary, and fail when they cannot.
 */

const ONC = 'Phansalkar S, Desai AA, Bell D, et al. High-priority drug-drug interactions for use in electronic health records. J Am Med Inform Assoc. 2012;19(5):735-743 (ONC high-priority list).';
const FDA_CYP = 'U.S. Food and Drug Administration. Drug Development and Drug Interactions: Table of Substrates, Inhibitors and Inducers (strong CYP3A inhibitors; sensitive CYP3A substrates).';
const FDA_CYP1A2 = 'U.S. Food and Drug Administration. Drug Development and Drug Interactions: Table of Substrates, Inhibitors and Inducers (strong CYP1A2 inhibitors).';
const QT = 'CredibleMeds QTdrugs list (medicines with a known risk of torsades de pointes), as used for the QT class of Phansalkar et al., J Am Med Inform Assoc. 2012;19(5):735-743.';
const ALLERGY = 'Khan DA, Banerji A, Blumenthal KG, et al. Drug allergy: a 2022 practice parameter update. J Allergy Clin Immunol. 2022;150(6):1333-1393.';
const STROM = 'Strom BL, Schinnar R, Apter AJ, et al. Absence of cross-reactivity between sulfonamide antibiotics and sulfonamide nonantibiotics. N Engl J Med. 2003;349(17):1628-1635.';
const OPIOID_BENZO = 'U.S. FDA Drug Safety Communication, 31 August 2016: boxed warning for the combined use of opioid medicines and benzodiazepines.';
const DUPLICATION = 'Therapeutic duplication: two medicines of one class seldom add benefit and add harm (WHO Guide to Good Prescribing, 1994; national prescribing guidance).';
const DOSES = 'Usual maximum doses summarised from the WHO Model Formulary (2008), the WHO Model Formulary for Children (2010) and the products\' labelling; check local guidance.';
const label = (what: string) => `Product labelling (SmPC / US prescribing information) of ${what}.`;

const cls = (...classes: DrugClass[]) => ({ classes });
const gen = (...generics: string[]) => ({ generics });

const interactions: SafetyRuleInput[] = [
  // The 15 ONC high-priority interaction classes (Phansalkar et al. 2012)
  {
    kind: 'interaction', code: 'onc.amphetamines-maoi', severity: 'contraindicated', citation: ONC,
    title: 'Amphetamine or related stimulant with an MAO inhibitor', a: cls('amphetamine_derivatives'), b: cls('maois'),
    effect: 'Noradrenaline release on top of blocked breakdown can cause a hypertensive crisis.',
    management: 'Do not combine. Allow 14 days after stopping an MAO inhibitor before starting the stimulant.',
  },
  {
    kind: 'interaction', code: 'onc.atazanavir-ppi', severity: 'major', citation: ONC,
    title: 'Atazanavir with a proton-pump inhibitor', a: gen('atazanavir'), b: cls('ppis'),
    effect: 'Atazanavir needs stomach acid to be absorbed; its levels fall and HIV may become resistant.',
    management: 'Avoid in treatment-experienced patients. If unavoidable, boost with ritonavir, keep the PPI at the lowest dose (omeprazole 20 mg or equivalent) and separate the doses by 12 hours.',
  },
  {
    kind: 'interaction', code: 'onc.febuxostat-thiopurines', severity: 'contraindicated', citation: ONC,
    title: 'Febuxostat with azathioprine or mercaptopurine', a: gen('febuxostat'), b: cls('thiopurines'),
    effect: 'Xanthine-oxidase inhibition stops thiopurine breakdown: toxic levels and bone-marrow suppression.',
    management: 'Do not combine. Choose another urate-lowering treatment or another immunosuppressant.',
  },
  {
    kind: 'interaction', code: 'onc.serotonergic-antidepressants-maoi', severity: 'contraindicated', citation: ONC,
    title: 'SSRI or SNRI with an MAO inhibitor', a: cls('ssris', 'snris'), b: cls('maois'),
    effect: 'Serotonin syndrome: agitation, hyperthermia, clonus, which can be fatal.',
    management: 'Do not combine. Leave 14 days after an MAO inhibitor (5 weeks after fluoxetine) before switching.',
  },
  {
    kind: 'interaction', code: 'onc.irinotecan-cyp3a4-inhibitors', severity: 'contraindicated', citation: `${ONC} ${label('irinotecan')}`,
    title: 'Irinotecan with a strong CYP3A4 inhibitor', a: gen('irinotecan'), b: cls('cyp3a4_strong_inhibitors'),
    effect: 'More of the active metabolite SN-38: severe diarrhoea and neutropenia.',
    management: 'Stop the strong inhibitor at least a week before irinotecan, or choose another agent.',
  },
  {
    kind: 'interaction', code: 'onc.serotonergic-opioids-maoi', severity: 'contraindicated', citation: ONC,
    title: 'Pethidine, tramadol, methadone or fentanyl with an MAO inhibitor', a: cls('serotonergic_opioids'), b: cls('maois'),
    effect: 'Serotonin syndrome or severe blood-pressure swings; deaths are reported with pethidine.',
    management: 'Do not combine. Use morphine at a reduced, titrated dose if an opioid is essential.',
  },
  {
    kind: 'interaction', code: 'onc.tricyclics-maoi', severity: 'contraindicated', citation: ONC,
    title: 'Tricyclic antidepressant with an MAO inhibitor', a: cls('tricyclic_antidepressants'), b: cls('maois'),
    effect: 'Serotonin syndrome and hypertensive reactions.',
    management: 'Do not combine outside specialist care; leave 14 days between them.',
  },
  {
    kind: 'interaction', code: 'onc.qt-prolonging-pair', severity: 'major', citation: QT,
    title: 'Two medicines that prolong the QT interval', a: cls('qt_prolonging'), b: cls('qt_prolonging'),
    effect: 'Additive QT prolongation: torsades de pointes and sudden death.',
    management: 'Avoid the combination. If both are needed, check an ECG and potassium and magnesium first, and monitor the QTc.',
  },
  {
    kind: 'interaction', code: 'onc.ramelteon-cyp1a2-inhibitors', severity: 'contraindicated', citation: `${ONC} ${FDA_CYP1A2}`,
    title: 'Ramelteon with a strong CYP1A2 inhibitor', a: gen('ramelteon'), b: cls('cyp1a2_strong_inhibitors'),
    effect: 'Ramelteon exposure rises many-fold: excessive sedation.',
    management: 'Do not combine; choose another hypnotic.',
  },
  {
    kind: 'interaction', code: 'onc.protease-inhibitors-cyp3a4-inducers', severity: 'contraindicated', citation: ONC,
    title: 'HIV protease inhibitor with a strong CYP3A4 inducer', a: cls('protease_inhibitors'), b: cls('cyp3a4_strong_inducers'),
    effect: 'Protease-inhibitor levels fall sharply: treatment failure and resistance.',
    management: 'Do not combine. With rifamycins use rifabutin at an adjusted dose, or change the antiretroviral regimen.',
  },
  {
    kind: 'interaction', code: 'onc.statins-cyp3a4-inhibitors', severity: 'contraindicated', citation: `${ONC} ${label('simvastatin and lovastatin')}`,
    title: 'Simvastatin or lovastatin with a strong CYP3A4 inhibitor', a: gen('simvastatin', 'lovastatin'), b: { classes: ['cyp3a4_strong_inhibitors', 'protease_inhibitors'], generics: ['erythromycin'] },
    effect: 'Statin levels rise many-fold: myopathy and rhabdomyolysis.',
    management: 'Do not combine. Pause the statin during a short course, or use pravastatin or rosuvastatin.',
    supersedes: ['fda.cyp3a4-strong-inhibitor-sensitive-substrate'],
  },
  {
    kind: 'interaction', code: 'onc.ergots-cyp3a4-inhibitors', severity: 'contraindicated', citation: ONC,
    title: 'Ergot alkaloid with a strong CYP3A4 inhibitor or protease inhibitor', a: cls('ergot_alkaloids'), b: cls('cyp3a4_strong_inhibitors', 'protease_inhibitors'),
    effect: 'Ergotism: intense vasoconstriction with limb and organ ischaemia.',
    management: 'Do not combine; use oxytocin or a triptan-free alternative as the indication allows.',
  },
  {
    kind: 'interaction', code: 'onc.tizanidine-cyp1a2-inhibitors', severity: 'contraindicated', citation: `${ONC} ${FDA_CYP1A2}`,
    title: 'Tizanidine with a strong CYP1A2 inhibitor', a: gen('tizanidine'), b: cls('cyp1a2_strong_inhibitors'),
    effect: 'Tizanidine levels rise about tenfold: profound hypotension and sedation.',
    management: 'Do not combine; choose another muscle relaxant or another antibacterial.',
  },
  {
    kind: 'interaction', code: 'onc.tranylcypromine-procarbazine', severity: 'contraindicated', citation: ONC,
    title: 'Tranylcypromine with procarbazine', a: gen('tranylcypromine'), b: gen('procarbazine'),
    effect: 'Additive MAO inhibition: hypertensive crisis.',
    management: 'Do not combine.',
  },
  {
    kind: 'interaction', code: 'onc.triptans-maoi', severity: 'contraindicated', citation: ONC,
    title: 'Triptan with an MAO inhibitor', a: cls('triptans'), b: cls('maois'),
    effect: 'MAO-A breaks down sumatriptan: high levels, coronary vasospasm, serotonin toxicity.',
    management: 'Do not use sumatriptan within 2 weeks of an MAO inhibitor; use a simple analgesic for migraine.',
  },
  // CYP3A4 strong inhibitors and sensitive substrates (FDA table)
  {
    kind: 'interaction', code: 'fda.cyp3a4-strong-inhibitor-sensitive-substrate', severity: 'major', citation: FDA_CYP,
    title: 'Strong CYP3A4 inhibitor with a sensitive CYP3A4 substrate', a: cls('cyp3a4_strong_inhibitors'), b: cls('cyp3a4_sensitive_substrates'),
    effect: 'The substrate\'s exposure rises five-fold or more, with its dose-related toxicity.',
    management: 'Avoid the pair, or use a much lower substrate dose with close monitoring; prefer a substrate cleared another way.',
  },
  {
    kind: 'interaction', code: 'fda.cyp3a4-inhibitor-pimozide-domperidone', severity: 'contraindicated', citation: `${FDA_CYP} ${label('pimozide and domperidone')}`,
    title: 'Pimozide or domperidone with a CYP3A4 inhibitor', a: gen('pimozide', 'domperidone'), b: cls('cyp3a4_strong_inhibitors', 'cyp3a4_moderate_inhibitors'),
    effect: 'Higher levels of a QT-prolonging drug: ventricular arrhythmia.',
    management: 'Do not combine.',
  },
  {
    kind: 'interaction', code: 'fda.cyp3a4-inhibitor-colchicine', severity: 'major', citation: label('colchicine'),
    title: 'Colchicine with a strong CYP3A4 inhibitor', a: gen('colchicine'), b: cls('cyp3a4_strong_inhibitors'),
    effect: 'Colchicine toxicity (diarrhoea, myopathy, marrow failure), fatal in renal or hepatic impairment.',
    management: 'Contraindicated with renal or hepatic impairment; otherwise cut the colchicine dose sharply and monitor.',
  },
  {
    kind: 'interaction', code: 'fda.cyp3a4-inhibitor-ciclosporin-tacrolimus', severity: 'major', citation: `${FDA_CYP} ${label('ciclosporin and tacrolimus')}`,
    title: 'Ciclosporin or tacrolimus with a CYP3A4 inhibitor', a: gen('ciclosporin', 'tacrolimus'), b: cls('cyp3a4_strong_inhibitors', 'cyp3a4_moderate_inhibitors'),
    effect: 'Immunosuppressant levels rise: nephrotoxicity and neurotoxicity.',
    management: 'Check trough levels within days and reduce the dose; prefer an antimicrobial without the effect.',
    supersedes: ['fda.cyp3a4-strong-inhibitor-sensitive-substrate'],
  },
  {
    kind: 'interaction', code: 'fda.cyp3a4-inducer-contraceptives', severity: 'major', citation: label('rifampicin, carbamazepine and phenytoin'),
    title: 'Strong enzyme inducer with a hormonal contraceptive', a: cls('cyp3a4_strong_inducers'), b: cls('hormonal_contraceptives'),
    effect: 'Contraceptive hormone levels fall: unintended pregnancy.',
    management: 'Use a copper IUD or depot medroxyprogesterone, or add barrier contraception during and for 28 days after the inducer.',
  },
  // Common pairs
  {
    kind: 'interaction', code: 'ddi.warfarin-nsaids', severity: 'major', citation: label('warfarin'),
    title: 'Warfarin with an NSAID or aspirin', a: cls('vitamin_k_antagonists'), b: cls('nsaids', 'cox2_inhibitors'),
    effect: 'Gastrointestinal and other bleeding: platelet inhibition and mucosal injury on top of anticoagulation.',
    management: 'Avoid; use paracetamol for pain. If an NSAID is essential, give the shortest course with a PPI and check the INR.',
  },
  {
    kind: 'interaction', code: 'ddi.warfarin-macrolides', severity: 'major', citation: label('warfarin'),
    title: 'Warfarin with a macrolide antibacterial', a: cls('vitamin_k_antagonists'), b: cls('macrolides'),
    effect: 'Reduced warfarin clearance (clarithromycin, erythromycin) and altered gut flora: the INR rises and bleeding follows.',
    management: 'Check the INR within 3 to 5 days of starting and after stopping; reduce the warfarin dose if it rises.',
  },
  {
    kind: 'interaction', code: 'ddi.warfarin-azoles', severity: 'major', citation: label('warfarin and miconazole'),
    title: 'Warfarin with an azole antifungal', a: cls('vitamin_k_antagonists'), b: cls('azole_antifungals'),
    effect: 'CYP2C9 and CYP3A4 inhibition raises warfarin levels; even miconazole oral gel has caused serious bleeding.',
    management: 'Avoid miconazole oral gel; for fluconazole or others, reduce the warfarin dose and check the INR within a few days.',
  },
  {
    kind: 'interaction', code: 'ddi.warfarin-cotrimoxazole-metronidazole', severity: 'major', citation: label('warfarin'),
    title: 'Warfarin with co-trimoxazole or metronidazole', a: cls('vitamin_k_antagonists'), b: gen('sulfamethoxazole', 'metronidazole', 'tinidazole'),
    effect: 'CYP2C9 inhibition roughly doubles the INR.',
    management: 'Prefer another antibacterial; otherwise lower the warfarin dose and check the INR after 3 days.',
  },
  {
    kind: 'interaction', code: 'ddi.warfarin-amiodarone', severity: 'major', citation: label('warfarin and amiodarone'),
    title: 'Warfarin with amiodarone', a: cls('vitamin_k_antagonists'), b: gen('amiodarone'),
    effect: 'The INR rises over weeks and stays high for months after amiodarone stops.',
    management: 'Cut the warfarin dose by a third to a half and check the INR weekly for the first months.',
  },
  {
    kind: 'interaction', code: 'ddi.anticoagulant-antiplatelet', severity: 'major', citation: label('warfarin, heparins and direct oral anticoagulants'),
    title: 'Anticoagulant with an antiplatelet medicine', a: cls('anticoagulants'), b: cls('antiplatelets'),
    effect: 'Additive bleeding risk.',
    management: 'Combine only with a clear indication (e.g. a recent stent), for a defined time, with a PPI.',
    supersedes: ['ddi.warfarin-nsaids'],
  },
  {
    kind: 'interaction', code: 'ddi.anticoagulant-inducers', severity: 'major', citation: label('warfarin, rivaroxaban and apixaban'),
    title: 'Oral anticoagulant with a strong enzyme inducer', a: gen('warfarin', 'rivaroxaban', 'apixaban', 'dabigatran'), b: cls('cyp3a4_strong_inducers'),
    effect: 'Anticoagulant levels fall: clots and strokes.',
    management: 'Avoid with direct oral anticoagulants; with warfarin expect much higher doses and check the INR often, also when the inducer stops.',
  },
  {
    kind: 'interaction', code: 'ddi.acei-arb-potassium-sparing', severity: 'major', citation: label('ACE inhibitors, spironolactone and amiloride'),
    title: 'ACE inhibitor or ARB with a potassium-sparing diuretic', a: cls('ace_inhibitors', 'arbs'), b: cls('potassium_sparing_diuretics'),
    effect: 'Hyperkalaemia, especially with renal impairment, diabetes or old age.',
    management: 'Check potassium and creatinine before and within a week; avoid if potassium is above 5.0 mmol/L or eGFR is low.',
  },
  {
    kind: 'interaction', code: 'ddi.acei-arb-potassium-supplements', severity: 'moderate', citation: label('ACE inhibitors and potassium chloride'),
    title: 'ACE inhibitor or ARB with potassium supplements', a: cls('ace_inhibitors', 'arbs'), b: cls('potassium_supplements'),
    effect: 'Potassium accumulates: hyperkalaemia.',
    management: 'Give potassium only for a measured low level and recheck it within days.',
  },
  {
    kind: 'interaction', code: 'ddi.potassium-sparing-potassium', severity: 'major', citation: label('spironolactone and amiloride'),
    title: 'Potassium-sparing diuretic with potassium supplements', a: cls('potassium_sparing_diuretics'), b: cls('potassium_supplements'),
    effect: 'Dangerous hyperkalaemia.',
    management: 'Avoid unless potassium is measured low and monitored closely.',
  },
  {
    kind: 'interaction', code: 'ddi.acei-arb-dual-blockade', severity: 'major', citation: label('ACE inhibitors and angiotensin receptor blockers'),
    title: 'ACE inhibitor with an angiotensin receptor blocker', a: cls('ace_inhibitors'), b: cls('arbs'),
    effect: 'Dual renin-angiotensin blockade: hyperkalaemia, hypotension and acute kidney injury without added benefit.',
    management: 'Do not combine; use one agent at full dose.',
  },
  {
    kind: 'interaction', code: 'ddi.methotrexate-trimethoprim', severity: 'major', citation: label('methotrexate'),
    title: 'Methotrexate with trimethoprim or co-trimoxazole', a: gen('methotrexate'), b: gen('trimethoprim'),
    effect: 'Two folate antagonists, and less renal clearance of methotrexate: pancytopenia, deaths reported.',
    management: 'Avoid; choose another antibacterial. If unavoidable, check the full blood count and give folinic acid if needed.',
  },
  {
    kind: 'interaction', code: 'ddi.methotrexate-nsaids', severity: 'moderate', citation: label('methotrexate'),
    title: 'Methotrexate with an NSAID', a: gen('methotrexate'), b: cls('nsaids'),
    effect: 'Less renal clearance of methotrexate: toxicity, mostly with high (oncology) doses.',
    management: 'With weekly low-dose methotrexate, check renal function and the blood count; avoid with high-dose methotrexate.',
  },
  {
    kind: 'interaction', code: 'ddi.lithium-nsaids', severity: 'major', citation: label('lithium carbonate'),
    title: 'Lithium with an NSAID', a: gen('lithium_carbonate'), b: cls('nsaids', 'cox2_inhibitors'),
    effect: 'Less renal clearance of lithium: toxicity (tremor, confusion, arrhythmia).',
    management: 'Prefer paracetamol; otherwise check the lithium level within 5 days.',
  },
  {
    kind: 'interaction', code: 'ddi.lithium-acei-arb-diuretics', severity: 'major', citation: label('lithium carbonate'),
    title: 'Lithium with an ACE inhibitor, ARB or thiazide', a: gen('lithium_carbonate'), b: cls('ace_inhibitors', 'arbs', 'thiazide_diuretics'),
    effect: 'Lithium retention and toxicity.',
    management: 'Avoid if possible; otherwise reduce the lithium dose and check levels weekly until stable.',
  },
  {
    kind: 'interaction', code: 'ddi.pde5-nitrates', severity: 'contraindicated', citation: label('sildenafil and tadalafil'),
    title: 'PDE-5 inhibitor with a nitrate', a: cls('pde5_inhibitors'), b: cls('nitrates'),
    effect: 'Profound, sometimes fatal, hypotension.',
    management: 'Do not combine; no nitrate within 24 hours of sildenafil or 48 hours of tadalafil.',
  },
  {
    kind: 'interaction', code: 'ddi.opioids-benzodiazepines', severity: 'major', citation: OPIOID_BENZO,
    title: 'Opioid with a benzodiazepine', a: cls('opioids'), b: cls('benzodiazepines'),
    effect: 'Additive respiratory depression, coma and death.',
    management: 'Combine only when alternatives fail, at the lowest doses, with monitoring of breathing and sedation.',
  },
  {
    kind: 'interaction', code: 'ddi.beta-blocker-rate-limiting-ccb', severity: 'major', citation: label('verapamil and diltiazem'),
    title: 'Beta-blocker with verapamil or diltiazem', a: cls('beta_blockers'), b: cls('non_dihydropyridine_ccbs'),
    effect: 'Bradycardia, heart block and heart failure; asystole with intravenous verapamil.',
    management: 'Avoid, above all intravenously; use a dihydropyridine such as amlodipine if a calcium-channel blocker is needed.',
  },
  {
    kind: 'interaction', code: 'ddi.digoxin-amiodarone-verapamil', severity: 'major', citation: label('digoxin'),
    title: 'Digoxin with amiodarone, verapamil or a macrolide', a: gen('digoxin'), b: { generics: ['amiodarone', 'verapamil'], classes: ['macrolides'] },
    effect: 'Digoxin levels rise (P-glycoprotein inhibition): nausea, arrhythmia.',
    management: 'Halve the digoxin dose when starting amiodarone; check the digoxin level and heart rate.',
  },
  {
    kind: 'interaction', code: 'ddi.allopurinol-thiopurines', severity: 'major', citation: label('azathioprine and mercaptopurine'),
    title: 'Allopurinol with azathioprine or mercaptopurine', a: gen('allopurinol'), b: cls('thiopurines'),
    effect: 'Thiopurine breakdown is blocked: severe bone-marrow suppression.',
    management: 'Give a quarter of the usual thiopurine dose and monitor the full blood count, or avoid.',
  },
  {
    kind: 'interaction', code: 'ddi.theophylline-cyp1a2-inhibitors', severity: 'major', citation: `${FDA_CYP1A2} ${label('theophylline')}`,
    title: 'Theophylline or aminophylline with a strong CYP1A2 inhibitor', a: cls('xanthines'), b: cls('cyp1a2_strong_inhibitors'),
    effect: 'Theophylline toxicity: seizures and arrhythmia.',
    management: 'Choose another antibacterial or antidepressant; otherwise reduce the theophylline dose and check levels.',
  },
  {
    kind: 'interaction', code: 'ddi.clozapine-cyp1a2-inhibitors', severity: 'major', citation: `${FDA_CYP1A2} ${label('clozapine')}`,
    title: 'Clozapine with a strong CYP1A2 inhibitor', a: gen('clozapine'), b: cls('cyp1a2_strong_inhibitors'),
    effect: 'Clozapine levels rise several-fold: sedation, seizures, hypotension.',
    management: 'Avoid, or reduce clozapine to a third with level monitoring.',
  },
  {
    kind: 'interaction', code: 'ddi.quinolones-tetracyclines-cations', severity: 'moderate', citation: label('ciprofloxacin and doxycycline'),
    title: 'Quinolone or tetracycline with an antacid, iron, calcium or zinc', a: cls('fluoroquinolones', 'tetracyclines'), b: cls('polyvalent_cations'),
    effect: 'The cations bind the antibacterial in the gut: too little is absorbed to treat the infection.',
    management: 'Give the antibacterial 2 hours before or 6 hours after the mineral product.',
  },
  {
    kind: 'interaction', code: 'ddi.clopidogrel-omeprazole', severity: 'moderate', citation: label('clopidogrel'),
    title: 'Clopidogrel with omeprazole or esomeprazole', a: gen('clopidogrel'), b: gen('omeprazole', 'esomeprazole'),
    effect: 'CYP2C19 inhibition lowers clopidogrel\'s active metabolite and its antiplatelet effect.',
    management: 'Use pantoprazole instead if a PPI is needed.',
  },
  {
    kind: 'interaction', code: 'ddi.tramadol-serotonergic', severity: 'major', citation: label('tramadol'),
    title: 'Tramadol or pethidine with an SSRI, SNRI or tricyclic', a: gen('tramadol', 'pethidine'), b: cls('ssris', 'snris', 'tricyclic_antidepressants'),
    effect: 'Serotonin syndrome and a lower seizure threshold.',
    management: 'Prefer another analgesic; if used, keep the dose low and watch for agitation, tremor and fever.',
  },
  {
    kind: 'interaction', code: 'ddi.levodopa-maoi', severity: 'contraindicated', citation: label('levodopa + carbidopa'),
    title: 'Levodopa with a non-selective MAO inhibitor', a: cls('dopaminergics'), b: gen('phenelzine', 'tranylcypromine', 'linezolid'),
    effect: 'Hypertensive crisis.',
    management: 'Do not combine; stop the MAO inhibitor 2 weeks before levodopa.',
  },
  {
    kind: 'interaction', code: 'ddi.aminoglycosides-loop-diuretics', severity: 'moderate', citation: label('gentamicin'),
    title: 'Aminoglycoside with a loop diuretic', a: cls('aminoglycosides'), b: cls('loop_diuretics'),
    effect: 'Additive ototoxicity and nephrotoxicity.',
    management: 'Monitor aminoglycoside levels, renal function and hearing; avoid high-dose intravenous furosemide.',
  },
  {
    kind: 'interaction', code: 'ddi.sulfonylureas-azoles-cotrimoxazole', severity: 'moderate', citation: label('gliclazide and glibenclamide'),
    title: 'Sulfonylurea with fluconazole or co-trimoxazole', a: cls('sulfonylureas'), b: gen('fluconazole', 'sulfamethoxazole'),
    effect: 'Less sulfonylurea breakdown: hypoglycaemia.',
    management: 'Warn the patient and check blood glucose more often during the course.',
  },
  {
    kind: 'interaction', code: 'ddi.acei-nsaids', severity: 'moderate', citation: label('ACE inhibitors'),
    title: 'ACE inhibitor or ARB with an NSAID', a: cls('ace_inhibitors', 'arbs'), b: cls('nsaids', 'cox2_inhibitors'),
    effect: 'Less antihypertensive effect and a risk of acute kidney injury, more with a diuretic as well.',
    management: 'Keep the NSAID short, keep the patient hydrated and check creatinine in the elderly.',
  },
];

const allergies: SafetyRuleInput[] = [
  {
    kind: 'allergy_same_medicine', code: 'allergy.same-medicine', severity: 'contraindicated', citation: ALLERGY,
    title: 'Allergy to this medicine',
    management: 'Do not give. Choose an unrelated medicine, or refer for allergy assessment if it is essential.',
  },
  {
    kind: 'allergy', code: 'allergy.penicillins', severity: 'contraindicated', citation: ALLERGY,
    title: 'Penicillin allergy: this is a penicillin', allergen: cls('penicillins', 'beta_lactams'), drugs: cls('penicillins'),
    management: 'Do not give. Use a non-beta-lactam antibacterial (e.g. a macrolide or doxycycline) as the infection allows.',
  },
  {
    kind: 'allergy', code: 'allergy.penicillin-cephalosporin', severity: 'moderate', severeReactionSeverity: 'major', citation: ALLERGY,
    title: 'Penicillin allergy: cephalosporin cross-reactivity', allergen: cls('penicillins'), drugs: cls('cephalosporins'),
    management:
      'Cross-reactivity is low (about 1 to 2% overall) and comes mostly from shared side chains: cefalexin and cefadroxil share ' +
      'amoxicillin\'s and ampicillin\'s. After a mild, non-immediate reaction a cephalosporin with a different side chain ' +
      '(e.g. ceftriaxone, cefuroxime) may be given with observation; after anaphylaxis or a severe skin reaction avoid unless assessed.',
  },
  {
    kind: 'allergy', code: 'allergy.penicillin-carbapenem', severity: 'minor', severeReactionSeverity: 'moderate', citation: ALLERGY,
    title: 'Penicillin allergy: carbapenem', allergen: cls('penicillins'), drugs: cls('carbapenems'),
    management: 'Cross-reactivity is under 1%: carbapenems may be given; after anaphylaxis to a penicillin give the first dose under observation.',
  },
  {
    kind: 'allergy', code: 'allergy.beta-lactams', severity: 'contraindicated', citation: ALLERGY,
    title: 'Beta-lactam allergy', allergen: cls('beta_lactams'), drugs: cls('cephalosporins', 'carbapenems'),
    management: 'The allergy is recorded against all beta-lactams: use a non-beta-lactam antibacterial, or have the allergy assessed.',
  },
  {
    kind: 'allergy', code: 'allergy.cephalosporins', severity: 'contraindicated', citation: ALLERGY,
    title: 'Cephalosporin allergy: this is a cephalosporin', allergen: cls('cephalosporins'), drugs: cls('cephalosporins'),
    management: 'Avoid cephalosporins, above all those sharing the culprit\'s side chain; use another class.',
  },
  {
    kind: 'allergy', code: 'allergy.cephalosporin-penicillin', severity: 'moderate', severeReactionSeverity: 'major', citation: ALLERGY,
    title: 'Cephalosporin allergy: penicillin cross-reactivity', allergen: cls('cephalosporins'), drugs: cls('penicillins'),
    management: 'Cross-reactivity is low except with shared side chains (cefalexin with amoxicillin); after a severe reaction avoid unless assessed.',
  },
  {
    kind: 'allergy', code: 'allergy.carbapenems', severity: 'contraindicated', citation: ALLERGY,
    title: 'Carbapenem allergy: this is a carbapenem', allergen: cls('carbapenems'), drugs: cls('carbapenems'),
    management: 'Do not give; choose another class.',
  },
  {
    kind: 'allergy', code: 'allergy.sulfonamide-antibacterials', severity: 'contraindicated', citation: ALLERGY,
    title: 'Sulfonamide antibacterial allergy', allergen: cls('sulfonamide_antibacterials'), drugs: cls('sulfonamide_antibacterials'),
    management: 'Do not give co-trimoxazole or other sulfonamide antibacterials (nor sulfasalazine); choose another agent.',
  },
  {
    kind: 'allergy', code: 'allergy.sulfonamide-non-antibacterials', severity: 'minor', citation: STROM,
    title: 'Sulfonamide antibacterial allergy: non-antibacterial sulfonamide', allergen: cls('sulfonamide_antibacterials'), drugs: cls('sulfonamide_non_antibacterials'),
    management: 'No true cross-reactivity with furosemide, thiazides, acetazolamide or celecoxib; such patients are somewhat more allergic in general, so watch the first doses.',
  },
  {
    kind: 'allergy', code: 'allergy.nsaids', severity: 'contraindicated', citation: ALLERGY,
    title: 'NSAID or aspirin allergy: this is an NSAID', allergen: cls('nsaids'), drugs: cls('nsaids'),
    management: 'NSAIDs cross-react through COX-1 inhibition (asthma, urticaria, angioedema): avoid all of them, aspirin included. Paracetamol up to 1 g a dose is usually tolerated.',
  },
  {
    kind: 'allergy', code: 'allergy.nsaid-cox2', severity: 'moderate', severeReactionSeverity: 'major', citation: ALLERGY,
    title: 'NSAID or aspirin allergy: selective COX-2 inhibitor', allergen: cls('nsaids'), drugs: cls('cox2_inhibitors'),
    management: 'Most patients with NSAID cross-reactivity tolerate a selective COX-2 inhibitor; give the first dose under observation.',
  },
  {
    kind: 'allergy', code: 'allergy.opioids-phenanthrene', severity: 'contraindicated', citation: ALLERGY,
    title: 'Allergy to a morphine-group opioid: this is one', allergen: cls('opioids_phenanthrene'), drugs: cls('opioids_phenanthrene'),
    management: 'Itch and flushing from histamine release are not allergy. For a true allergy use a synthetic opioid (fentanyl, methadone) or a non-opioid.',
    supersedes: ['allergy.opioids'],
  },
  {
    kind: 'allergy', code: 'allergy.opioids', severity: 'moderate', citation: ALLERGY,
    title: 'Opioid allergy: another opioid', allergen: cls('opioids'), drugs: cls('opioids'),
    management: 'True cross-reactivity between opioid groups is uncommon; if an opioid is needed choose one of another chemical group and observe the first dose.',
  },
  {
    kind: 'allergy', code: 'allergy.macrolides', severity: 'contraindicated', citation: ALLERGY,
    title: 'Macrolide allergy: this is a macrolide', allergen: cls('macrolides'), drugs: cls('macrolides'),
    management: 'Avoid macrolides; choose another class.',
  },
  {
    kind: 'allergy', code: 'allergy.fluoroquinolones', severity: 'contraindicated', citation: ALLERGY,
    title: 'Quinolone allergy: this is a quinolone', allergen: cls('fluoroquinolones'), drugs: cls('fluoroquinolones'),
    management: 'Quinolones cross-react widely: avoid the class.',
  },
  {
    kind: 'allergy', code: 'allergy.tetracyclines', severity: 'contraindicated', citation: ALLERGY,
    title: 'Tetracycline allergy: this is a tetracycline', allergen: cls('tetracyclines'), drugs: cls('tetracyclines'),
    management: 'Avoid the class.',
  },
  {
    kind: 'allergy', code: 'allergy.aminoglycosides', severity: 'major', citation: ALLERGY,
    title: 'Aminoglycoside allergy: this is an aminoglycoside', allergen: cls('aminoglycosides'), drugs: cls('aminoglycosides'),
    management: 'Avoid the class unless no alternative exists.',
  },
  {
    kind: 'allergy', code: 'allergy.azoles', severity: 'moderate', citation: ALLERGY,
    title: 'Azole antifungal allergy: this is an azole', allergen: cls('azole_antifungals'), drugs: cls('azole_antifungals'),
    management: 'Cross-reactivity within the azoles is possible but not the rule; consider an echinocandin or amphotericin.',
  },
  {
    kind: 'allergy', code: 'allergy.ace-inhibitors', severity: 'contraindicated', citation: label('ACE inhibitors'),
    title: 'ACE-inhibitor angioedema or allergy: this is an ACE inhibitor', allergen: cls('ace_inhibitors'), drugs: cls('ace_inhibitors'),
    management: 'Angioedema recurs with any ACE inhibitor: do not give. Use a calcium-channel blocker; an ARB only with care.',
  },
  {
    kind: 'allergy', code: 'allergy.aromatic-antiepileptics', severity: 'major', citation: ALLERGY,
    title: 'Aromatic antiepileptic hypersensitivity: cross-sensitivity', allergen: cls('aromatic_antiepileptics'), drugs: cls('aromatic_antiepileptics'),
    management: 'Carbamazepine, phenytoin, phenobarbital and lamotrigine cross-react in hypersensitivity syndromes; use levetiracetam or valproate.',
  },
];

const duplicateClasses: ReadonlyArray<readonly [DrugClass, string, 'major' | 'moderate' | 'minor']> = [
  ['nsaids', 'Two NSAIDs', 'major'],
  ['anticoagulants', 'Two anticoagulants', 'major'],
  ['ace_inhibitors', 'Two ACE inhibitors', 'moderate'],
  ['arbs', 'Two angiotensin receptor blockers', 'moderate'],
  ['beta_blockers', 'Two beta-blockers', 'moderate'],
  ['statins', 'Two statins', 'moderate'],
  ['ppis', 'Two proton-pump inhibitors', 'minor'],
  ['ssris', 'Two SSRIs', 'major'],
  ['benzodiazepines', 'Two benzodiazepines', 'moderate'],
  ['opioids', 'Two opioids', 'moderate'],
  ['antipsychotics', 'Two antipsychotics', 'moderate'],
  ['sulfonylureas', 'Two sulfonylureas', 'moderate'],
  ['corticosteroids_systemic', 'Two systemic corticosteroids', 'moderate'],
  ['penicillins', 'Two penicillins', 'moderate'],
  ['cephalosporins', 'Two cephalosporins', 'moderate'],
  ['macrolides', 'Two macrolides', 'moderate'],
  ['fluoroquinolones', 'Two quinolones', 'moderate'],
  ['azole_antifungals', 'Two azole antifungals', 'moderate'],
  ['dihydropyridine_ccbs', 'Two dihydropyridine calcium-channel blockers', 'moderate'],
  ['loop_diuretics', 'Two loop diuretics', 'minor'],
  ['thiazide_diuretics', 'Two thiazide diuretics', 'minor'],
];

const duplicates: SafetyRuleInput[] = [
  {
    kind: 'duplicate_same_medicine', code: 'duplicate.same-medicine', severity: 'moderate', citation: DUPLICATION,
    title: 'The same medicine twice',
    management: 'The patient would get the same ingredient twice (or is already taking it): keep one item, or stop the current one first.',
  },
  ...duplicateClasses.map(([drugClass, title, severity]): SafetyRuleInput => ({
    kind: 'duplicate', code: `duplicate.${drugClass.replaceAll('_', '-')}`, class: drugClass, severity, citation: DUPLICATION, title,
    management: 'Two medicines of the same class add side effects without much more benefit: keep one, unless the combination is intended (e.g. a cross-over).',
  })),
];

type Band = { maxSingle?: number; maxDaily?: number; maxSinglePerKg?: number; maxDailyPerKg?: number };
const dose = (generic: string, adult: Band | undefined, paediatric: Band | undefined, options: { routes?: Route[]; suffix?: string; unit?: 'mg' | 'unit' } = {}): SafetyRuleInput => ({
  kind: 'dose',
  code: `dose.${generic.replaceAll('_', '-')}${options.suffix === undefined ? '' : `-${options.suffix}`}`,
  generic,
  routes: options.routes ?? [],
  unit: options.unit ?? 'mg',
  ...(adult === undefined ? {} : { adult }),
  ...(paediatric === undefined ? {} : { paediatric }),
  severity: 'major',
  citation: DOSES,
  title: `Dose of ${generic.replaceAll('_', ' ')} above the usual maximum`,
  management: 'Check the dose, unit and frequency against the patient\'s age and weight; override only for an intended regimen and say which.',
});

const doses: SafetyRuleInput[] = [
  {
    kind: 'weight_required', code: 'dose.weight-required', severity: 'major', citation: DOSES,
    title: 'No weight recorded for a child',
    management: 'Children\'s doses are checked per kilogram: weigh the child and record the weight, then prescribe.',
  },
  dose('paracetamol', { maxSingle: 1000, maxDaily: 4000 }, { maxSinglePerKg: 15, maxDailyPerKg: 60, maxSingle: 1000, maxDaily: 4000 }),
  dose('ibuprofen', { maxSingle: 800, maxDaily: 2400 }, { maxSinglePerKg: 10, maxDailyPerKg: 40, maxSingle: 600, maxDaily: 2400 }),
  dose('diclofenac', { maxSingle: 75, maxDaily: 150 }, { maxSinglePerKg: 1, maxDailyPerKg: 3, maxSingle: 50, maxDaily: 150 }),
  dose('naproxen', { maxSingle: 750, maxDaily: 1250 }, { maxSinglePerKg: 10, maxDailyPerKg: 15, maxSingle: 500, maxDaily: 1000 }),
  dose('tramadol', { maxSingle: 100, maxDaily: 400 }, { maxSinglePerKg: 2, maxDailyPerKg: 8, maxSingle: 100, maxDaily: 400 }),
  dose('codeine', { maxSingle: 60, maxDaily: 240 }, undefined),
  dose('amoxicillin', { maxSingle: 1000, maxDaily: 4000 }, { maxSinglePerKg: 45, maxDailyPerKg: 90, maxSingle: 1000, maxDaily: 4000 }),
  dose('amoxicillin_clavulanic_acid', { maxSingle: 1000, maxDaily: 3000 }, { maxSinglePerKg: 45, maxDailyPerKg: 90, maxSingle: 1000, maxDaily: 3000 }, { routes: ['oral'] }),
  dose('cefalexin', { maxSingle: 1000, maxDaily: 4000 }, { maxSinglePerKg: 25, maxDailyPerKg: 100, maxSingle: 1000, maxDaily: 4000 }),
  dose('ceftriaxone', { maxSingle: 4000, maxDaily: 4000 }, { maxSinglePerKg: 100, maxDailyPerKg: 100, maxSingle: 4000, maxDaily: 4000 }),
  dose('azithromycin', { maxSingle: 2000, maxDaily: 2000 }, { maxSinglePerKg: 20, maxDailyPerKg: 20, maxSingle: 1000, maxDaily: 1000 }),
  dose('clarithromycin', { maxSingle: 500, maxDaily: 1000 }, { maxSinglePerKg: 7.5, maxDailyPerKg: 15, maxSingle: 500, maxDaily: 1000 }),
  dose('erythromycin', { maxSingle: 1000, maxDaily: 4000 }, { maxSinglePerKg: 12.5, maxDailyPerKg: 50, maxSingle: 1000, maxDaily: 4000 }),
  dose('ciprofloxacin', { maxSingle: 750, maxDaily: 1500 }, { maxSinglePerKg: 20, maxDailyPerKg: 40, maxSingle: 750, maxDaily: 1500 }, { routes: ['oral'], suffix: 'oral' }),
  dose('ciprofloxacin', { maxSingle: 400, maxDaily: 1200 }, { maxSinglePerKg: 10, maxDailyPerKg: 30, maxSingle: 400, maxDaily: 1200 }, { routes: ['iv'], suffix: 'iv' }),
  dose('doxycycline', { maxSingle: 200, maxDaily: 200 }, { maxSinglePerKg: 4.4, maxDailyPerKg: 4.4, maxSingle: 200, maxDaily: 200 }),
  dose('metronidazole', { maxSingle: 2000, maxDaily: 4000 }, { maxSinglePerKg: 15, maxDailyPerKg: 40, maxSingle: 2000, maxDaily: 4000 }),
  dose('gentamicin', { maxSinglePerKg: 7, maxDailyPerKg: 7, maxSingle: 560, maxDaily: 560 }, { maxSinglePerKg: 7.5, maxDailyPerKg: 7.5 }),
  dose('fluconazole', { maxSingle: 1200, maxDaily: 1200 }, { maxSinglePerKg: 12, maxDailyPerKg: 12, maxSingle: 800, maxDaily: 800 }),
  dose('isoniazid', { maxSingle: 300, maxDaily: 300 }, { maxSinglePerKg: 15, maxDailyPerKg: 15, maxSingle: 300, maxDaily: 300 }),
  dose('rifampicin', { maxSingle: 600, maxDaily: 600 }, { maxSinglePerKg: 20, maxDailyPerKg: 20, maxSingle: 600, maxDaily: 600 }),
  dose('pyrazinamide', { maxSingle: 2000, maxDaily: 2000 }, { maxSinglePerKg: 40, maxDailyPerKg: 40, maxSingle: 2000, maxDaily: 2000 }),
  dose('ethambutol', { maxSingle: 1600, maxDaily: 1600 }, { maxSinglePerKg: 25, maxDailyPerKg: 25, maxSingle: 1200, maxDaily: 1200 }),
  dose('artemether_lumefantrine', { maxSingle: 80, maxDaily: 160 }, { maxSinglePerKg: 4, maxDailyPerKg: 8, maxSingle: 80, maxDaily: 160 }),
  dose('metformin', { maxSingle: 1000, maxDaily: 3000 }, { maxSingle: 1000, maxDaily: 2000 }),
  dose('warfarin', { maxSingle: 10, maxDaily: 10 }, { maxSinglePerKg: 0.2, maxDailyPerKg: 0.2, maxSingle: 10, maxDaily: 10 }),
  dose('digoxin', { maxSingle: 0.5, maxDaily: 1.5 }, { maxSinglePerKg: 0.015, maxDailyPerKg: 0.035, maxSingle: 0.5, maxDaily: 1.5 }),
  dose('enoxaparin', { maxSinglePerKg: 1.5, maxDailyPerKg: 2 }, { maxSinglePerKg: 1.5, maxDailyPerKg: 3 }),
  dose('epinephrine', { maxSingle: 0.5 }, { maxSinglePerKg: 0.01, maxSingle: 0.5 }, { routes: ['im'], suffix: 'im' }),
  dose('chlorphenamine', { maxSingle: 4, maxDaily: 24 }, { maxSinglePerKg: 0.1, maxDailyPerKg: 0.35, maxSingle: 4, maxDaily: 12 }, { routes: ['oral'], suffix: 'oral' }),
  dose('ondansetron', { maxSingle: 16, maxDaily: 32 }, { maxSinglePerKg: 0.15, maxDailyPerKg: 0.45, maxSingle: 8, maxDaily: 24 }),
  dose('metoclopramide', { maxSingle: 10, maxDaily: 30 }, { maxSinglePerKg: 0.15, maxDailyPerKg: 0.5, maxSingle: 10, maxDaily: 30 }),
  dose('prednisolone', { maxSingle: 100, maxDaily: 100 }, { maxSinglePerKg: 2, maxDailyPerKg: 2, maxSingle: 60, maxDaily: 60 }),
  dose('colchicine', { maxSingle: 1.2, maxDaily: 2 }, undefined),
  dose('allopurinol', { maxSingle: 600, maxDaily: 900 }, { maxSinglePerKg: 10, maxDailyPerKg: 20, maxSingle: 400, maxDaily: 400 }),
  dose('haloperidol', { maxSingle: 10, maxDaily: 20 }, { maxSinglePerKg: 0.1, maxDailyPerKg: 0.15, maxSingle: 5, maxDaily: 10 }),
  dose('amitriptyline', { maxSingle: 150, maxDaily: 300 }, { maxSinglePerKg: 1, maxDailyPerKg: 2, maxSingle: 75, maxDaily: 150 }),
  dose('sertraline', { maxSingle: 200, maxDaily: 200 }, { maxSingle: 200, maxDaily: 200 }),
  dose('fluoxetine', { maxSingle: 80, maxDaily: 80 }, { maxSingle: 60, maxDaily: 60 }),
  dose('simvastatin', { maxSingle: 80, maxDaily: 80 }, undefined),
  dose('tizanidine', { maxSingle: 12, maxDaily: 36 }, undefined),
  dose('sumatriptan', { maxSingle: 100, maxDaily: 300 }, undefined),
  dose('zolpidem', { maxSingle: 10, maxDaily: 10 }, undefined),
  dose('carbamazepine', { maxSingle: 800, maxDaily: 1600 }, { maxSinglePerKg: 10, maxDailyPerKg: 35, maxSingle: 600, maxDaily: 1000 }),
  dose('insulin_soluble', { maxSingle: 100 }, { maxSinglePerKg: 1 }, { unit: 'unit' }),
];

/** The shipped rule set (version 1 of every rule). */
export const SAFETY_RULES_SEED: readonly SafetyRuleInput[] = [...interactions, ...allergies, ...duplicates, ...doses];

/** Bumped when the shipped rules change, with the digest and a loading migration (as the formulary's). */
export const SAFETY_RULES_SEED_REVISION = 1;
export const SAFETY_RULES_SEED_DIGEST = '02eef842';
