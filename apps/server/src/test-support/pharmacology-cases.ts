import type { MethodName } from '@hms/core';
import { drugIdByCode, insertTestDrug } from './pharmacology.js';
import type { MatrixCases } from './rbac-cases.js';

type PharmacologyMethod = Extract<MethodName, `${'drugs' | 'drugRules'}.${string}`>;

export const pharmacologyMatrixCases: Pick<MatrixCases, PharmacologyMethod> = {
  'drugs.search': { params: () => ({ query: 'amoxicillin 500' }) },
  'drugs.get': { params: async ({ db }) => ({ id: await drugIdByCode(db, 'paracetamol-500mg-tablet') }) },
  'drugs.list': { params: () => ({ limit: 5 }) },
  'drugs.create': {
    params: ({ unique }) => ({
      drug: { code: `${unique('local')}-5mg-tablet`, generic: 'localamol', genericName: 'localamol', strengthText: '5 mg', strength: { amount: 5, unit: 'mg' as const }, form: 'tablet' as const, routes: ['oral' as const], classes: ['analgesics' as const] },
    }),
  },
  'drugs.update': {
    params: async ({ db }) => {
      const drug = await insertTestDrug(db);
      return { id: drug.id, expectedVersion: 1, drug: { ...drug.data, strengthText: '10 mg (scored)' } };
    },
  },
  'drugRules.list': { params: () => ({}) },
  'drugRules.history': { params: () => ({ code: 'ddi.warfarin-nsaids' }) },
  'drugRules.save': {
    params: ({ unique }) => ({
      rule: {
        kind: 'duplicate' as const, code: `duplicate.local-${unique('r')}`, class: 'antihistamines' as const, severity: 'minor' as const,
        title: 'Two antihistamines', management: 'Keep one antihistamine.', citation: 'Local pharmacy and therapeutics committee, 2026.',
      },
    }),
  },
};
