// The slice of @lhncbc/ucum-lhc's API the lab uses (the package ships no types).
declare module '@lhncbc/ucum-lhc' {
  interface ConvertResult { status: 'succeeded' | 'failed' | 'error'; toVal: number | null; msg: string[] }
  interface UcumLhcUtils { convertUnitTo(from: string, value: number, to: string, options?: { molecularWeight?: number }): ConvertResult }
  const ucum: { UcumLhcUtils: { getInstance(): UcumLhcUtils } };
  export default ucum;
}
