// @ts-check
// Import fences between the server's areas and between the workstation's desks, as ESLint
// rules. They resolve each relative import against the importing file, so what counts is the
// folder a file lies in, whatever the path's spelling. build/eslint.config.js turns them on;
// build/eslint-fences.test.ts shows what each allows and refuses.
import path from 'node:path';

/**
 * apps/server/src: every folder is an area (fenced) except these. Shared infrastructure may be
 * imported by anyone, file by file; cli and demo are front-ends over the areas; bench and
 * test-support exercise areas' internals on purpose (benchmarks and fixtures).
 */
export const SERVER_SHARED = ['db', 'gateway', 'http', 'shared', 'housekeeping'];
export const SERVER_FRONT_ENDS = ['cli', 'demo'];
export const SERVER_TOOLING = ['bench', 'test-support'];

/** The workstation's desks: a folder with one of these names under a desk home is that desk's code. */
export const DESKS = ['reception', 'doctor', 'nurse', 'pharmacy', 'lab', 'billing', 'cashier', 'admin'];
/** Where desk folders live (relative to apps/desktop/src); everything else there is shared workstation code. */
export const DESK_HOMES = ['renderer/screens', 'renderer/state', 'host', 'shared'];

const SERVER_SRC = 'apps/server/src';
const DESKTOP_SRC = 'apps/desktop/src';
const TEST_FILE = /\.test\.tsx?$/;

/** @param {string} file @returns {string[]} the path's segments */
const segments = (file) => file.split(path.sep).join('/').split('/');

/** A folder's entry point: the folder itself or its index file. @param {string[]} rest the path inside the folder */
const isEntry = (rest) => rest.length === 0 || (rest.length === 1 && /^index(\.(ts|tsx|js|jsx|mjs))?$/.test(rest[0] ?? ''));

/**
 * @typedef {{ name: string, rest: string[] }} Place  a module a file belongs to, and its path inside it
 * @typedef {(file: string) => Place | undefined} Locate  file is relative to the repository root
 * @typedef {(importer: { file: string, place: Place | undefined }, target: { file: string, place: Place | undefined }) => string | undefined} Judge
 */

/** @param {string} file @returns {Place | undefined} the server area a file lies in */
export function serverAreaOf(file) {
  const parts = segments(file);
  const src = segments(SERVER_SRC);
  if (parts.length < src.length + 2 || src.some((part, i) => parts[i] !== part)) return undefined;
  const name = /** @type {string} */ (parts[src.length]);
  if ([...SERVER_SHARED, ...SERVER_FRONT_ENDS, ...SERVER_TOOLING].includes(name)) return undefined;
  return { name, rest: parts.slice(src.length + 1) };
}

/** @param {string} file @returns {Place | undefined} the desk a file lies in, and its path inside that desk's folder */
export function deskOf(file) {
  const parts = segments(file);
  const src = segments(DESKTOP_SRC);
  if (src.some((part, i) => parts[i] !== part)) return undefined;
  const inside = parts.slice(src.length);
  for (const home of DESK_HOMES) {
    const homeParts = segments(home);
    const desk = inside[homeParts.length];
    if (desk !== undefined && DESKS.includes(desk) && homeParts.every((part, i) => inside[i] === part)) {
      return { name: desk, rest: inside.slice(homeParts.length + 1) };
    }
  }
  return undefined;
}

/**
 * A rule that looks at every import, export-from, dynamic import and `import('...')` type of a
 * file and asks `judge` about the relative ones (and, when `bare` is set, the package ones).
 * @param {{ root: string, description: string, locate: Locate, judge: Judge, bare?: (importer: Place | undefined, specifier: string, file: string) => string | undefined }} fence
 * @returns {import('eslint').Rule.RuleModule}
 */
function fenceRule({ root, description, locate, judge, bare }) {
  return {
    meta: { type: 'problem', docs: { description }, schema: [], messages: { fenced: '{{reason}}' } },
    create(context) {
      const file = path.relative(root, context.physicalFilename);
      const place = locate(file);
      /** @param {{ type: string, value?: unknown } | null | undefined} node a string literal, when the import names one */
      const check = (node) => {
        if (node?.type !== 'Literal' || typeof node.value !== 'string') return;
        const specifier = node.value;
        let reason;
        if (specifier.startsWith('.')) {
          const target = path.relative(root, path.resolve(path.dirname(context.physicalFilename), specifier));
          reason = judge({ file, place }, { file: target, place: locate(target) });
        } else if (bare !== undefined) {
          reason = bare(place, specifier, file);
        }
        if (reason !== undefined) context.report({ node, messageId: 'fenced', data: { reason } });
      };
      return {
        ImportDeclaration: (node) => check(node.source),
        ExportNamedDeclaration: (node) => check(node.source),
        ExportAllDeclaration: (node) => check(node.source),
        ImportExpression: (node) => check(node.source),
        /** @param {any} node typescript-eslint's TSImportType: `import('x').T` */
        TSImportType: (node) => check(node.argument?.literal),
        /** @param {any} node `import x = require('x')` */
        TSExternalModuleReference: (node) => check(node.expression),
      };
    },
  };
}

/**
 * The rules, for a repository at `root`.
 * @param {string} root
 */
export function fenceRules(root) {
  return {
    /** A server area reaches another area only through that area's index.ts. */
    'server-areas': fenceRule({
      root,
      description: 'Code outside a server area imports only its index.ts.',
      locate: serverAreaOf,
      judge: (importer, target) => {
        if (target.place === undefined || target.place.name === importer.place?.name || isEntry(target.place.rest)) return undefined;
        const tooling = segments(importer.file)[segments(SERVER_SRC).length];
        if (tooling !== undefined && SERVER_TOOLING.includes(tooling)) return undefined;
        return `${target.file} is internal to the server area "${target.place.name}": import it from ${target.place.name}/index.ts (export it there if others may use it).`;
      },
    }),
    /** A desk imports only its own desk, the shared workstation code and @hms/core. */
    'desk-to-desk': fenceRule({
      root,
      description: 'A desk never imports another desk.',
      locate: deskOf,
      judge: (importer, target) => {
        if (importer.place === undefined || target.place === undefined || target.place.name === importer.place.name) return undefined;
        return `The ${importer.place.name} desk imports ${target.file}, of the ${target.place.name} desk: desks never import each other; move what both need to the shared workstation code.`;
      },
      // Tests may use other packages' test support (@hms/server/test-support).
      bare: (importer, specifier, file) => {
        if (importer === undefined || TEST_FILE.test(file) || !specifier.startsWith('@hms/') || specifier === '@hms/core' || specifier.startsWith('@hms/core/')) return undefined;
        return `A desk's code imports @hms/core and the shared workstation code only, not ${specifier}.`;
      },
    }),
    /** Shared workstation code reaches a desk only through the desk folder's index (its registration entry point). */
    'shared-to-desk': fenceRule({
      root,
      description: 'Shared workstation code imports a desk only through its entry point.',
      locate: deskOf,
      judge: (importer, target) => {
        if (importer.place !== undefined || target.place === undefined || isEntry(target.place.rest)) return undefined;
        return `Shared workstation code imports ${target.file}, inside the ${target.place.name} desk: reach a desk only through its registration entry point (index.ts in the desk's folder), or move the piece to shared code.`;
      },
    }),
  };
}
