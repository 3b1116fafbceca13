import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { methods } from './index.js';

/**
 * Every string a request may carry, in every method, refuses the characters that broke the
 * server or printed misleadingly (issue 9): this walks each method's params schema to its
 * string leaves, so a new field built without the shared schema fails here.
 */
const CONTROLS = ['\u0000', '\u001B', '\u0085', '\uD800', '\uDFFF'];
const INVISIBLE = ['\u202E', '\u2066', '\u200B', '\u200F', '\uFEFF', '\u2028'];

interface Leaf {
  path: string;
  schema: z.ZodType;
}

type Def = { type: string } & Record<string, unknown>;

function stringLeaves(schema: z.ZodType, path: string, out: Leaf[]): Leaf[] {
  const def = (schema as unknown as { _zod: { def: Def } })._zod.def;
  const walk = (inner: unknown, at = path) => stringLeaves(inner as z.ZodType, at, out);
  switch (def.type) {
    case 'string':
      out.push({ path, schema });
      break;
    case 'object':
      for (const [key, inner] of Object.entries(def.shape as Record<string, unknown>)) walk(inner, path === '' ? key : `${path}.${key}`);
      break;
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'nonoptional': case 'readonly': case 'catch':
      walk(def.innerType);
      break;
    case 'array':
      walk(def.element, `${path}[]`);
      break;
    case 'union':
      for (const option of def.options as unknown[]) walk(option);
      break;
    case 'intersection':
      walk(def.left);
      walk(def.right);
      break;
    case 'pipe':
      walk(def.in);
      break;
    case 'tuple':
      (def.items as unknown[]).forEach((item, index) => walk(item, `${path}[${index}]`));
      break;
    case 'record':
      walk(def.valueType, `${path}{}`);
      break;
    default:
      break;
  }
  return out;
}

const leaves = Object.entries(methods).flatMap(([method, spec]) =>
  stringLeaves(spec.params as z.ZodType, '', []).map((leaf) => ({ method, ...leaf })));

describe('every text field of every method', () => {
  it('is found by the walk (the walk reaches nested and optional fields)', () => {
    const paths = new Set(leaves.map((leaf) => `${leaf.method} ${leaf.path}`));
    for (const expected of ['patients.register givenName', 'patients.register address.line1', 'patients.update emergencyContact.name', 'auth.login username', 'visits.checkIn payer.name', 'patients.search cursor']) {
      expect(paths).toContain(expected);
    }
    expect(leaves.length).toBeGreaterThan(60);
  });

  it.each(leaves.map((leaf) => [`${leaf.method} ${leaf.path}`, leaf] as const))('%s refuses NUL, controls and lone surrogates', (_name, leaf) => {
    for (const char of CONTROLS) expect(leaf.schema.safeParse(`Kamau${char}`).success, JSON.stringify(char)).toBe(false);
  });

  it.each(leaves.filter((leaf) => !/password/i.test(leaf.path)).map((leaf) => [`${leaf.method} ${leaf.path}`, leaf] as const))(
    '%s refuses bidi overrides and invisible characters',
    (_name, leaf) => {
      for (const char of INVISIBLE) expect(leaf.schema.safeParse(`Kamau${char}`).success, JSON.stringify(char)).toBe(false);
    },
  );
});
