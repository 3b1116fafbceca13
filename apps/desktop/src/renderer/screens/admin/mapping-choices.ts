import { STARTER_LAB_CATALOGUE } from '@hms/core';

export interface AnalyteChoice {
  code: string;
  name: string;
  /** The catalogue's unit (numeric results); what the server converts an analyzer's unit to. */
  unit: string | null;
}

export interface TestChoice {
  code: string;
  name: string;
  analytes: AnalyteChoice[];
}

/**
 * The lab tests an analyzer code may map to: each orderable test (a panel, or a single test
 * wrapped as one) with the analytes it reports. The server checks the code against its own
 * catalogue on save; this list only offers choices.
 */
export function testChoices(): TestChoice[] {
  const choices: TestChoice[] = [];
  for (const panel of STARTER_LAB_CATALOGUE.panels.values()) {
    const analytes = panel.tests.flatMap((code) => {
      const test = STARTER_LAB_CATALOGUE.tests.get(code);
      return test === undefined ? [] : [{ code: test.code, name: test.name, unit: test.result.type === 'numeric' ? test.result.unit : null }];
    });
    choices.push({ code: panel.code, name: panel.name, analytes });
  }
  return choices.sort((a, b) => a.name.localeCompare(b.name));
}

/** The analyte an analyzer code most likely names in a test (same code, case aside), else its only one. */
export function likelyAnalyte(test: TestChoice | undefined, analyzerCode: string): AnalyteChoice | undefined {
  if (test === undefined) return undefined;
  const code = analyzerCode.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return test.analytes.find((analyte) => analyte.code === code) ?? (test.analytes.length === 1 ? test.analytes[0] : undefined);
}
