import { describe, expect, it } from 'vitest';
import { substitutionProblem } from './substitution.js';

const product = (generic: string, strengthText: string, form: string) => ({ generic, strengthText, form });

describe('generic substitution: which product may stand in for the prescribed one', () => {
  it('allows the same generic and strength as another plain oral solid, or the same form', () => {
    expect(substitutionProblem(product('doxycycline', '100 mg', 'capsule'), product('doxycycline', '100 mg', 'dispersible tablet'))).toBeUndefined();
    expect(substitutionProblem(product('artemether_lumefantrine', '20 mg + 120 mg', 'tablet'), product('artemether_lumefantrine', '20  mg + 120 mg ', 'dispersible tablet'))).toBeUndefined();
    expect(substitutionProblem(product('amoxicillin', '250 mg/5 mL', 'oral suspension'), product('Amoxicillin', '250 mg/5 mL', 'oral suspension'))).toBeUndefined();
  });

  it('refuses another generic, another strength, and a form given another way', () => {
    expect(substitutionProblem(product('amoxicillin', '500 mg', 'capsule'), product('paracetamol', '500 mg', 'tablet'))).toMatch(/only the same generic/);
    expect(substitutionProblem(product('amoxicillin', '500 mg', 'capsule'), product('amoxicillin', '250 mg', 'capsule'))).toMatch(/only the same strength/);
    expect(substitutionProblem(product('azithromycin', '500 mg', 'tablet'), product('azithromycin', '500 mg', 'powder for injection'))).toMatch(/not given the same way/);
    expect(substitutionProblem(product('nifedipine', '20 mg', 'tablet'), product('nifedipine', '20 mg', 'modified-release tablet'))).toMatch(/not given the same way/);
  });
});
