import ucum from '@lhncbc/ucum-lhc';

export type UnitConversion = { ok: true; value: number } | { ok: false; reason: string };

/** Converts between UCUM units; mass <-> molar needs the analyte's molar mass (g/mol). */
export function convertUnit(value: number, from: string, to: string, molarMass?: number): UnitConversion {
  const result = ucum.UcumLhcUtils.getInstance().convertUnitTo(from, value, to, molarMass === undefined ? {} : { molecularWeight: molarMass });
  if (result.status !== 'succeeded' || result.toVal === null) return { ok: false, reason: result.msg.join('; ') || `cannot convert ${from} to ${to}` };
  return { ok: true, value: result.toVal };
}

/** Rounds half away from zero to a test's decimals, through the decimal string so 1.005 -> 1.01. */
export function roundToDecimals(value: number, decimals: number): number {
  const shifted = Number(`${Math.abs(value).toPrecision(15)}e${decimals}`);
  return Math.sign(value) * Number(`${Math.round(shifted)}e-${decimals}`);
}
