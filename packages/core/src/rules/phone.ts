/**
 * Phone numbers are stored in E.164 ('+254722123456'). Numbers typed in the national form
 * ('0722 123 456', '722123456') get the hospital's country calling code. The default plan is
 * Kenya's (+254, nine-digit national numbers); a hospital elsewhere passes its own.
 */
export interface PhonePlan {
  /** Country calling code, digits only. */
  callingCode: string;
  /** Digits of a national significant number (without the trunk 0). */
  nationalLength: number;
}

export const DEFAULT_PHONE_PLAN: PhonePlan = { callingCode: '254', nationalLength: 9 };

/** The digits of what was typed, or undefined when it holds anything but digits, spaces, + - . ( ). */
function digitsOf(raw: string): { plus: boolean; digits: string } | undefined {
  const trimmed = raw.trim();
  if (!/^\+?[\d\s\-.()/]+$/.test(trimmed)) return undefined;
  return { plus: trimmed.startsWith('+'), digits: trimmed.replace(/\D/g, '') };
}

/** E.164 form of a phone number, or undefined when it cannot be one. */
export function normalizePhone(raw: string, plan: PhonePlan = DEFAULT_PHONE_PLAN): string | undefined {
  const parsed = digitsOf(raw);
  if (parsed === undefined) return undefined;
  let { digits } = parsed;
  if (!parsed.plus && digits.startsWith('00')) return international(digits.slice(2));
  if (parsed.plus) return international(digits);
  const { callingCode, nationalLength } = plan;
  if (digits.length === nationalLength + 1 && digits.startsWith('0')) digits = digits.slice(1);
  if (digits.length === nationalLength && !digits.startsWith('0')) return `+${callingCode}${digits}`;
  if (digits.length === callingCode.length + nationalLength && digits.startsWith(callingCode)) return `+${digits}`;
  return undefined;
}

function international(digits: string): string | undefined {
  return digits.length >= 8 && digits.length <= 15 && !digits.startsWith('0') ? `+${digits}` : undefined;
}

/**
 * How a run of digits typed into search matches stored numbers (compared without the '+'):
 * a whole number exactly, or the start of one ('0722' -> numbers starting '254722').
 */
export function phoneQuery(rawDigits: string, plan: PhonePlan = DEFAULT_PHONE_PLAN): { exact: string } | { prefix: string } | undefined {
  const full = normalizePhone(rawDigits, plan);
  if (full !== undefined) return { exact: full.slice(1) };
  const parsed = digitsOf(rawDigits);
  if (parsed === undefined || parsed.digits.length < 3) return undefined;
  const { digits } = parsed;
  if (parsed.plus || digits.startsWith(plan.callingCode)) return { prefix: digits };
  if (digits.startsWith('0')) return digits.length > 1 ? { prefix: plan.callingCode + digits.slice(1) } : undefined;
  return digits.length <= plan.nationalLength ? { prefix: plan.callingCode + digits } : undefined;
}
