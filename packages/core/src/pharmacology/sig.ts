import { convertAmount, roundDose } from './dose.js';
import type { Strength } from './formulary.js';
import { DOSE_FORMS, FREQUENCIES, ROUTES } from './medication-terms.js';
import type { AmountUnit, DoseForm, DoseUnit, Frequency, Route } from './medication-terms.js';

/**
 * A prescription item written out in full words, as the prescription and the pharmacy label
 * print it: "Amoxicillin 500 mg capsules: take 1 capsule (500 mg) by mouth three times a day
 * for 5 days. Quantity: 15 (fifteen) capsules."
 *
 * Written for a pharmacist and a patient to read without a key: no Latin abbreviations, units
 * that can be misread spelled out ("micrograms", never "mcg" or "µg"; "units", never "U" or
 * "IU"), no trailing zero ("5 mg", not "5.0 mg") and always a leading one ("0.5 mg"), quarters
 * of a piece as fractions (½ tablet), and the quantity to dispense in figures and words.
 */

/** What the item's product is, from the formulary. */
export interface SigProduct {
  genericName: string;
  strengthText: string;
  strength: Strength | null;
  form: DoseForm;
  /** A fixed-dose combination's ingredients: its strength measures only the first, so no "(… mg)" is written. */
  components?: readonly string[];
}

/** What the prescriber chose for the item (as on the wire). */
export interface SigItem {
  dose: number;
  doseUnit: DoseUnit;
  route: Route;
  frequency: Frequency;
  durationDays: number;
  /** How much to dispense, in `quantityUnit(form)`: tablets, capsules, mL, vials...; tubes, bottles or inhalers for a product used by the application, drop or puff. */
  quantity: number;
  instructions?: string | null | undefined;
}

export interface WrittenItem {
  /** "Amoxicillin 500 mg capsules" */
  medicine: string;
  /** "take 1 capsule (500 mg) by mouth three times a day for 5 days" */
  directions: string;
  /** The prescriber's own words ("After food."), a sentence, or undefined. */
  instructions: string | undefined;
  /** "Quantity: 15 (fifteen) capsules." */
  quantity: string;
  /** Everything above as one paragraph. */
  text: string;
}

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

function underThousand(n: number): string {
  const hundreds = Math.floor(n / 100);
  const rest = n % 100;
  const tens = rest < 20 ? ONES[rest]! : `${TENS[Math.floor(rest / 10)]!}${rest % 10 === 0 ? '' : `-${ONES[rest % 10]!}`}`;
  if (hundreds === 0) return tens;
  return rest === 0 ? `${ONES[hundreds]!} hundred` : `${ONES[hundreds]!} hundred and ${tens}`;
}

/** A whole number in British English words: 115 is "one hundred and fifteen". Up to 999,999,999. */
export function integerInWords(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 999_999_999) throw new RangeError(`${n} is not a whole number from 0 to 999,999,999`);
  if (n < 1000) return underThousand(n);
  const parts: string[] = [];
  const millions = Math.floor(n / 1_000_000);
  const thousands = Math.floor((n % 1_000_000) / 1000);
  const rest = n % 1000;
  if (millions > 0) parts.push(`${underThousand(millions)} million`);
  if (thousands > 0) parts.push(`${underThousand(thousands)} thousand`);
  // "one thousand and five", as "one hundred and five".
  if (rest > 0) parts.push(rest < 100 ? `and ${underThousand(rest)}` : underThousand(rest));
  return parts.join(' ');
}

const QUARTERS = ['', '¼', '½', '¾'] as const;
const QUARTER_WORDS = ['', 'a quarter', 'a half', 'three quarters'] as const;

/** Whole quarters of `n`, when it is one (1.5 is 6), else undefined. */
function inQuarters(n: number): number | undefined {
  const quarters = roundDose(n * 4);
  return Number.isInteger(quarters) ? quarters : undefined;
}

/** 1234.5 as "1,234.5": at most four decimals, no trailing zero, a leading zero, thousands grouped. */
export function formatNumber(n: number): string {
  const fixed = String(Number(roundDose(n).toFixed(4)));
  const [whole = '0', fraction] = fixed.split('.');
  const grouped = whole.length > 4 ? whole.replace(/\B(?=(\d{3})+$)/g, ',') : whole;
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}

/** A count of pieces: quarters as fractions (½, 1½), other amounts as decimals. */
function formatCount(n: number): string {
  const quarters = inQuarters(n);
  if (quarters === undefined) return formatNumber(n);
  const whole = Math.floor(quarters / 4);
  const part = QUARTERS[quarters % 4]!;
  return whole === 0 ? part : `${formatNumber(whole)}${part}`;
}

/** A number in words, for the quantity: "fifteen", "seven and a half", "two point five". */
export function numberInWords(n: number): string {
  const quarters = inQuarters(n);
  if (quarters !== undefined) {
    const whole = Math.floor(quarters / 4);
    const part = quarters % 4;
    if (part === 0) return integerInWords(whole);
    return whole === 0 ? QUARTER_WORDS[part]! : `${integerInWords(whole)} and ${QUARTER_WORDS[part]!}`;
  }
  const [whole = '0', fraction = ''] = String(Number(roundDose(n).toFixed(4))).split('.');
  return `${integerInWords(Number(whole))} point ${[...fraction].map((digit) => ONES[Number(digit)]!).join(' ')}`;
}

const PLURALS: Readonly<Record<string, string>> = { patch: 'patches', pessary: 'pessaries', suppository: 'suppositories', unit: 'units' };

function plural(noun: string): string {
  return PLURALS[noun] ?? `${noun}s`;
}

/** A unit as written after a number: spelled out where an abbreviation is misread. */
function unitWords(unit: DoseUnit, amount: number): string {
  const one = roundDose(amount) > 0 && roundDose(amount) <= 1;
  if (unit === 'mcg') return one ? 'microgram' : 'micrograms';
  if (unit === 'mg' || unit === 'g' || unit === 'mL' || unit === 'mmol') return unit;
  return one ? unit : plural(unit);
}

/** An amount with its unit: "500 mg", "62.5 micrograms", "½ tablet", "2 puffs". */
export function amountWords(amount: number, unit: DoseUnit): string {
  const counted = unit !== 'mL' && unit !== 'mcg' && unit !== 'mg' && unit !== 'g' && unit !== 'mmol' && unit !== 'unit';
  return `${counted ? formatCount(amount) : formatNumber(amount)} ${unitWords(unit, amount)}`;
}

/**
 * The strength as printed on the formulary, with misread abbreviations spelled out; it names
 * the product, so "500 microgram tablets" (as the BNF writes it).
 */
function strengthWords(strengthText: string): string {
  return strengthText
    .replace(/(\d)\s*(?:mcg|µg|μg|ug)(?![A-Za-z])/g, '$1 microgram')
    .replace(/\b(?:IU|U)\b/g, 'units')
    .replace(/\d{5,}/g, (digits) => digits.replace(/\B(?=(\d{3})+$)/g, ','));
}

const COUNTED_FORMS = new Set(['tablet', 'capsule', 'suppository', 'pessary', 'patch']);

/** "Amoxicillin 500 mg capsules", "Paracetamol 120 mg/5 mL syrup". */
export function medicineWords(product: SigProduct): string {
  const name = product.genericName.charAt(0).toUpperCase() + product.genericName.slice(1);
  const counted = COUNTED_FORMS.has(DOSE_FORMS[product.form].presentation);
  return `${name} ${strengthWords(product.strengthText)} ${counted ? plural(product.form) : product.form}`;
}

/** The verb for giving a dose by a route (and the words after it, where the route's own read oddly). */
function verbAndRoute(route: Route, doseUnit: DoseUnit, form: DoseForm): { verb: string; where: string } {
  switch (route) {
    case 'oral':
      return { verb: 'take', where: ROUTES.oral };
    case 'sublingual':
    case 'buccal':
      return { verb: doseUnit === 'puff' ? 'spray' : 'place', where: ROUTES[route] };
    case 'iv':
    case 'im':
    case 'sc':
    case 'intradermal':
    case 'infiltration':
      return { verb: 'give', where: ROUTES[route] };
    case 'topical':
      return { verb: 'apply', where: 'to the skin' };
    case 'transdermal':
      return { verb: 'apply', where: 'to the skin' };
    case 'ophthalmic':
    case 'otic':
      return { verb: doseUnit === 'drop' ? 'put' : 'apply', where: ROUTES[route] };
    case 'nasal':
      return { verb: doseUnit === 'puff' ? 'spray' : 'put', where: ROUTES.nasal };
    case 'inhaled':
      return { verb: 'inhale', where: form === 'nebuliser solution' ? 'through a nebuliser' : '' };
    case 'rectal':
    case 'vaginal':
      return { verb: 'insert', where: ROUTES[route] };
  }
}

/** The dose as one measures it, and the amount of drug it holds: "1 capsule (500 mg)", "5 mL (250 mg)". */
function doseWords(product: SigProduct, item: SigItem): string {
  const presentation = DOSE_FORMS[product.form].presentation;
  const strength = product.strength;
  const combination = (product.components?.length ?? 0) > 0;
  const perPiece = strength === null ? undefined : strength.perMl === undefined ? strength.amount : undefined;
  const perMl = strength?.perMl === undefined ? undefined : strength.amount / strength.perMl;

  // A count of pieces, or a volume of a liquid: say how much drug that is.
  if ((item.doseUnit as string) === presentation || item.doseUnit === 'mL') {
    const each = item.doseUnit === 'mL' ? perMl : perPiece;
    const measured = amountWords(item.dose, item.doseUnit);
    if (each === undefined || strength === null || combination) return measured;
    return `${measured} (${amountWords(each * item.dose, strength.unit)})`;
  }
  // An amount of drug: say how many pieces or mL it is, when that is a whole quarter or half-mL.
  const amount = amountWords(item.dose, item.doseUnit);
  if (strength === null || combination || !isAmountUnit(item.doseUnit)) return amount;
  const inStrengthUnit = convertAmount(item.dose, item.doseUnit, strength.unit);
  if (inStrengthUnit === undefined) return amount;
  if (perPiece !== undefined && (presentation as string) !== 'mL') {
    const pieces = inStrengthUnit / perPiece;
    return inQuarters(pieces) === undefined ? amount : `${amountWords(pieces, presentation as DoseUnit)} (${amount})`;
  }
  if (perMl !== undefined) {
    const ml = roundDose(inStrengthUnit / perMl);
    return Number.isInteger(roundDose(ml * 10)) ? `${amountWords(ml, 'mL')} (${amount})` : amount;
  }
  return amount;
}

function isAmountUnit(unit: DoseUnit): unit is AmountUnit {
  return unit === 'mcg' || unit === 'mg' || unit === 'g' || unit === 'unit' || unit === 'mmol';
}

function durationWords(item: SigItem): string {
  if (item.frequency === 'once') return '';
  const weekly = item.frequency === 'weekly' || item.frequency === 'three_times_weekly';
  const days = item.durationDays;
  const span = (weekly || days >= 14) && days % 7 === 0
    ? `${formatNumber(days / 7)} ${days === 7 ? 'week' : 'weeks'}`
    : `${formatNumber(days)} ${days === 1 ? 'day' : 'days'}`;
  return item.frequency.endsWith('_prn') ? ` for up to ${span}` : ` for ${span}`;
}

function sentence(text: string): string {
  const trimmed = text.trim().replace(/\s+/g, ' ');
  if (trimmed === '') return '';
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/**
 * The pack a product is dispensed in when it is used by the application, drop or puff: a cream
 * is dispensed by the tube, not by the application, so its quantity counts tubes.
 */
const PACKS: Partial<Record<DoseForm, string>> = {
  cream: 'tube', ointment: 'tube', gel: 'tube', 'oral gel': 'tube', 'eye ointment': 'tube',
  lotion: 'bottle', solution: 'bottle', 'eye drops': 'bottle', 'ear drops': 'bottle', 'nasal spray': 'bottle', 'sublingual spray': 'bottle',
  inhaler: 'inhaler',
};

/** What the quantity counts: the unit of presentation (tablets, mL, vials), or the pack for a product used by the application, drop or puff. */
export function quantityUnit(form: DoseForm): string {
  return PACKS[form] ?? DOSE_FORMS[form].presentation;
}

/** How much to dispense, in figures and words: "Quantity: 15 (fifteen) capsules.", "Quantity: 1 (one) tube." */
export function quantityWords(product: Pick<SigProduct, 'form'>, quantity: number): string {
  const pack = PACKS[product.form];
  const unit = DOSE_FORMS[product.form].presentation;
  const one = roundDose(quantity) > 0 && roundDose(quantity) <= 1;
  const figure = unit === 'mL' ? formatNumber(quantity) : formatCount(quantity);
  const name = pack !== undefined ? (one ? pack : `${pack}s`) : unit === 'mL' ? (one ? 'millilitre' : 'millilitres') : unitWords(unit, quantity);
  return `Quantity: ${figure} (${numberInWords(quantity)}) ${name}.`;
}

/** The item in full words. */
export function writeSig(product: SigProduct, item: SigItem): WrittenItem {
  const medicine = medicineWords(product);
  const { verb, where } = verbAndRoute(item.route, item.doseUnit, product.form);
  const directions = [verb, doseWords(product, item), where, FREQUENCIES[item.frequency].words].filter((part) => part !== '').join(' ') + durationWords(item);
  const instructions = item.instructions == null ? undefined : sentence(item.instructions) || undefined;
  const quantity = quantityWords(product, item.quantity);
  const text = [`${medicine}: ${directions}.`, instructions, quantity].filter((part) => part !== undefined).join(' ');
  return { medicine, directions, instructions, quantity, text };
}
