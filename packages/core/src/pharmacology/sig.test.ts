import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FORMULARY_SEED } from './data/formulary-seed.js';
import type { FormularyDrugData } from './formulary.js';
import { DOSE_FORMS, DOSE_UNITS, FREQUENCIES, FREQUENCY_CODES, ROUTE_CODES } from './medication-terms.js';
import type { DoseUnit } from './medication-terms.js';
import { formatNumber, integerInWords, numberInWords, writeSig } from './sig.js';
import type { SigItem } from './sig.js';

function drug(code: string): FormularyDrugData {
  const found = FORMULARY_SEED.find((candidate) => candidate.code === code);
  if (found === undefined) throw new Error(`no ${code} in the seed formulary`);
  return found;
}

const item = (overrides: Partial<SigItem>): SigItem => ({ dose: 1, doseUnit: 'tablet', route: 'oral', frequency: 'tds', durationDays: 5, quantity: 15, ...overrides });

/** Reads English number words back (the reader a test needs, written separately from the writer). */
function readWords(words: string): number {
  const small: Record<string, number> = {};
  ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen']
    .forEach((word, index) => (small[word] = index));
  ['twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'].forEach((word, index) => (small[word] = (index + 2) * 10));
  const [whole = '', decimals] = words.split(' point ');
  let integer = whole;
  let fraction = 0;
  for (const [suffix, value] of [[' and a quarter', 0.25], [' and a half', 0.5], [' and three quarters', 0.75]] as const) {
    if (integer.endsWith(suffix)) {
      integer = integer.slice(0, -suffix.length);
      fraction = value;
    }
  }
  if (integer === 'a quarter') return 0.25;
  if (integer === 'a half') return 0.5;
  if (integer === 'three quarters') return 0.75;
  let total = 0;
  let group = 0;
  for (const word of integer.split(/[\s-]+/)) {
    if (word === 'and') continue;
    if (word === 'hundred') group *= 100;
    else if (word === 'thousand' || word === 'million') {
      total += group * (word === 'thousand' ? 1000 : 1_000_000);
      group = 0;
    } else if (small[word] !== undefined) group += small[word];
    else throw new Error(`"${word}" is not a number word`);
  }
  total += group + fraction;
  if (decimals !== undefined) total += Number(`0.${decimals.split(' ').map((word) => small[word]).join('')}`);
  return total;
}

describe('a prescription item in full words', () => {
  it('writes the example a pharmacist reads', () => {
    const written = writeSig(drug('amoxicillin-500mg-capsule'), item({ doseUnit: 'capsule' }));
    expect(written.text).toBe('Amoxicillin 500 mg capsules: take 1 capsule (500 mg) by mouth three times a day for 5 days. Quantity: 15 (fifteen) capsules.');
  });

  it('writes halves and quarters of a tablet as fractions, and the amount they hold', () => {
    expect(writeSig(drug('paracetamol-500mg-tablet'), item({ dose: 0.5, frequency: 'qds', durationDays: 3, quantity: 6 })).text)
      .toBe('Paracetamol 500 mg tablets: take ½ tablet (250 mg) by mouth four times a day for 3 days. Quantity: 6 (six) tablets.');
    expect(writeSig(drug('paracetamol-500mg-tablet'), item({ dose: 1.5, quantity: 22.5 })).text)
      .toContain('take 1½ tablets (750 mg) by mouth three times a day for 5 days. Quantity: 22½ (twenty-two and a half) tablets.');
  });

  it('spells out micrograms, never mcg or µg, in the strength and the dose', () => {
    const written = writeSig(drug('colchicine-500mcg-tablet'), item({ dose: 1, frequency: 'bd', durationDays: 3, quantity: 6 }));
    expect(written.text).toBe('Colchicine 500 microgram tablets: take 1 tablet (500 micrograms) by mouth twice a day for 3 days. Quantity: 6 (six) tablets.');
    const byAmount = writeSig(drug('colchicine-500mcg-tablet'), item({ dose: 500, doseUnit: 'mcg', frequency: 'bd', durationDays: 3, quantity: 6 }));
    expect(byAmount.directions).toBe('take 1 tablet (500 micrograms) by mouth twice a day for 3 days');
    expect(writeSig(drug('fentanyl-50mcgml-injection'), item({ dose: 2, doseUnit: 'mL', route: 'iv', frequency: 'once', quantity: 2 })).text)
      .toBe('Fentanyl 50 microgram/mL injection: give 2 mL (100 micrograms) into a vein once only. Quantity: 2 (two) millilitres.');
  });

  it('measures a liquid in mL and says how much drug that is, both ways round', () => {
    const syrup = drug('paracetamol-120mg5ml-syrup');
    expect(writeSig(syrup, item({ dose: 5, doseUnit: 'mL', frequency: 'q6h_prn', durationDays: 3, quantity: 100, instructions: 'for fever' })).text)
      .toBe('Paracetamol 120 mg/5 mL syrup: take 5 mL (120 mg) by mouth every 6 hours when needed for up to 3 days. For fever. Quantity: 100 (one hundred) millilitres.');
    expect(writeSig(syrup, item({ dose: 240, doseUnit: 'mg', quantity: 150 })).directions).toBe('take 10 mL (240 mg) by mouth three times a day for 5 days');
  });

  it('writes "units" in full, and groups thousands', () => {
    const written = writeSig(drug('nystatin-100000unitsml-oral-suspension'), item({ dose: 1, doseUnit: 'mL', frequency: 'qds', durationDays: 7, quantity: 30 }));
    expect(written.text).toBe('Nystatin 100,000 units/mL oral suspension: take 1 mL (100,000 units) by mouth four times a day for 7 days. Quantity: 30 (thirty) millilitres.');
  });

  it('uses the verb the route needs (drops into the eye, cream to the skin, puffs inhaled, a pessary inserted) and counts what is dispensed by the pack in packs', () => {
    expect(writeSig(drug('chloramphenicol-eye-0.5pct-eye-drops'), item({ dose: 1, doseUnit: 'drop', route: 'ophthalmic', frequency: 'qds', durationDays: 7, quantity: 2 })).text)
      .toBe('Chloramphenicol (eye) 0.5% eye drops: put 1 drop into the eye four times a day for 7 days. Quantity: 2 (two) bottles.');
    expect(writeSig(drug('hydrocortisone-topical-1pct-cream'), item({ doseUnit: 'application', route: 'topical', frequency: 'bd', durationDays: 14, quantity: 1 })).text)
      .toBe('Hydrocortisone (topical) 1% cream: apply 1 application to the skin twice a day for 2 weeks. Quantity: 1 (one) tube.');
    expect(writeSig(drug('salbutamol-100mcgdose-inhaler'), item({ dose: 2, doseUnit: 'puff', route: 'inhaled', frequency: 'q4h_prn', durationDays: 30, quantity: 1 })).text)
      .toBe('Salbutamol 100 microgram/dose inhaler: inhale 2 puffs (200 micrograms) every 4 hours when needed for up to 30 days. Quantity: 1 (one) inhaler.');
    expect(writeSig(drug('salbutamol-5mgml-nebuliser-solution'), item({ dose: 2.5, doseUnit: 'mg', route: 'inhaled', frequency: 'q6h', quantity: 20 })).directions)
      .toBe('inhale 0.5 mL (2.5 mg) through a nebuliser every 6 hours for 5 days');
    expect(writeSig(drug('paracetamol-125mg-suppository'), item({ dose: 2, doseUnit: 'suppository', route: 'rectal', frequency: 'q6h_prn', quantity: 10 })).text)
      .toBe('Paracetamol 125 mg suppositories: insert 2 suppositories (250 mg) into the rectum every 6 hours when needed for up to 5 days. Quantity: 10 (ten) suppositories.');
    expect(writeSig(drug('clotrimazole-500mg-pessary'), item({ doseUnit: 'pessary', route: 'vaginal', frequency: 'once', quantity: 1 })).text)
      .toBe('Clotrimazole 500 mg pessaries: insert 1 pessary (500 mg) into the vagina once only. Quantity: 1 (one) pessary.');
  });

  it('does not claim an amount for a combination product, whose strength measures one ingredient', () => {
    const combination = FORMULARY_SEED.find((candidate) => candidate.components.length > 0 && candidate.form === 'tablet')!;
    const written = writeSig(combination, item({ dose: 2, frequency: 'bd', quantity: 20 }));
    expect(written.directions).toBe('take 2 tablets by mouth twice a day for 5 days');
  });

  it('writes weeks for a weekly dose, and a doubtful amount of drug as the amount only', () => {
    expect(writeSig(drug('paracetamol-500mg-tablet'), item({ frequency: 'weekly', durationDays: 28, quantity: 4 })).directions).toBe('take 1 tablet (500 mg) by mouth once a week for 4 weeks');
    // 300 mg of a 500 mg tablet is not a piece anyone can cut: the amount stands alone.
    expect(writeSig(drug('paracetamol-500mg-tablet'), item({ dose: 300, doseUnit: 'mg' })).directions).toBe('take 300 mg by mouth three times a day for 5 days');
  });
});

describe('numbers as printed', () => {
  it('writes whole numbers in words that read back to the number', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 999_999_999 }), (n) => {
      const words = integerInWords(n);
      expect(words).toMatch(/^[a-z -]+$/);
      expect(readWords(words)).toBe(n);
    }));
    expect(integerInWords(115)).toBe('one hundred and fifteen');
    expect(integerInWords(1005)).toBe('one thousand and five');
    expect(integerInWords(21_340)).toBe('twenty-one thousand three hundred and forty');
  });

  it('writes quarters and decimals in words that read back', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 400_000 }), (quarters) => {
      expect(readWords(numberInWords(quarters / 4))).toBe(quarters / 4);
    }));
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), (thousandths) => {
      expect(readWords(numberInWords(thousandths / 1000))).toBeCloseTo(thousandths / 1000, 6);
    }));
    expect(numberInWords(2.5)).toBe('two and a half');
    expect(numberInWords(0.3)).toBe('zero point three');
  });

  it('never a trailing zero, always a leading one', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 10_000_000 }), (thousandths) => {
      const text = formatNumber(thousandths / 1000);
      expect(text).not.toMatch(/\.\d*0$/);
      expect(text).toMatch(/^\d/);
      expect(Number(text.replace(/,/g, ''))).toBe(thousandths / 1000);
    }));
  });
});

describe('every formulary product, any dose', () => {
  const products = FORMULARY_SEED;
  const arbitraryItem = fc.record({
    product: fc.constantFrom(...products),
    dose: fc.integer({ min: 1, max: 40_000 }).map((quarters) => quarters / 4),
    doseUnit: fc.constantFrom(...DOSE_UNITS),
    route: fc.constantFrom(...ROUTE_CODES),
    frequency: fc.constantFrom(...FREQUENCY_CODES),
    durationDays: fc.integer({ min: 1, max: 365 }),
    quantity: fc.integer({ min: 1, max: 400_000 }).map((quarters) => quarters / 4),
    instructions: fc.constantFrom(undefined, null, '', '  ', 'after food', 'Shake the bottle well.', 'left eye'),
  });

  it('reads as one plain paragraph with no misread abbreviation, the frequency in words and the quantity both ways', () => {
    fc.assert(fc.property(arbitraryItem, ({ product, ...rest }) => {
      const written = writeSig(product, rest);
      const printed = written.text;
      expect(printed).not.toMatch(/mcg|µg|μg|\bIU\b|\bU\b|\b(?:od|bd|tds|qds|prn|po|sc|im|iv)\b/);
      expect(printed).not.toMatch(/\d\.\d*0\b|(?<![\d])\.\d/);
      expect(written.directions).toContain(FREQUENCIES[rest.frequency].words);
      expect(written.text.startsWith(written.medicine)).toBe(true);
      expect(written.text.endsWith('.')).toBe(true);
      const quantity = /^Quantity: ([\d,¼½¾.]+) \(([a-z -]+)\) /.exec(written.quantity);
      expect(quantity).not.toBeNull();
      expect(readWords(quantity![2]!)).toBe(rest.quantity);
    }));
  });

  it('says how much drug a count of pieces holds, from the strength', () => {
    const pieces = products.filter((product) => product.strength !== null && product.strength.perMl === undefined && product.components.length === 0
      && DOSE_FORMS[product.form].presentation !== 'mL');
    fc.assert(fc.property(fc.constantFrom(...pieces), fc.integer({ min: 1, max: 12 }), (product, count) => {
      const unit = DOSE_FORMS[product.form].presentation as DoseUnit;
      const strength = product.strength!;
      const written = writeSig(product, item({ dose: count, doseUnit: unit, route: product.routes[0]! }));
      const total = formatNumber(strength.amount * count);
      const unitText = strength.unit === 'mcg' ? 'micrograms' : strength.unit === 'unit' ? 'units' : strength.unit;
      expect(written.directions).toContain(`(${total} ${total === '1' && strength.unit === 'mcg' ? 'microgram' : total === '1' && strength.unit === 'unit' ? 'unit' : unitText})`);
    }));
  });
});
