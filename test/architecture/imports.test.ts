import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(import.meta.dirname, '../..');
const SRC = path.join(ROOT, 'src');

// Static imports and re-exports, type-only ones included: a circle of types is still a circle of
// modules that cannot be understood (or moved) one at a time, and a type from a higher floor ties
// the lower one to it just the same. Group 1 is `type` (`import type`, `export type`), group 2
// the clause before `from`, group 3 the specifier.
const STATIC_IMPORT = /^\s*(?:import|export)\s+(type\s+)?([^'"]*?\sfrom\s+)?['"](\.{1,2}\/[^'"]+)['"]/gm;
const DYNAMIC_IMPORT = /\bimport\(\s*['"](\.{1,2}\/[^'"]+)['"]\s*\)/g;
const SOURCE = /\.(?:ts|tsx|mts|mjs)$/;

/** One import of one module of src/ by another (paths relative to src/). */
interface ImportEdge {
  from: string;
  to: string;
  /** Only types cross it (`import type`, `export type`, or every name marked `type`). */
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'generated' ? [] : sourceFiles(full);
    return SOURCE.test(entry.name) ? [full] : [];
  });
}

/** The file a relative specifier names: `.js` is the `.ts`/`.tsx` source, an `.mjs` may have its `.d.mts`. */
function resolveSpecifier(file: string, specifier: string): string | null {
  const target = path.resolve(path.dirname(file), specifier);
  const candidates = [target, target.replace(/\.js$/, '.ts'), target.replace(/\.js$/, '.tsx'), target.replace(/\.mjs$/, '.d.mts')];
  return candidates.find((candidate) => fs.existsSync(candidate) && fs.statSync(candidate).isFile()) ?? null;
}

function isTypeOnly(typeKeyword: string | undefined, clause: string | undefined): boolean {
  if (typeKeyword) return true;
  const names = clause?.match(/^\{([^}]*)\}\s*from\s*$/)?.[1].split(',').map((name) => name.trim()).filter(Boolean);
  return names !== undefined && names.length > 0 && names.every((name) => name.startsWith('type '));
}

/** Every import between modules of src/ (relative specifiers; dynamic `import('…')` too). */
function importEdges(): ImportEdge[] {
  const edges = new Map<string, ImportEdge>();
  for (const file of sourceFiles(SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const found = [
      ...[...text.matchAll(STATIC_IMPORT)].map((match) => ({ specifier: match[3], typeOnly: isTypeOnly(match[1], match[2]) })),
      ...[...text.matchAll(DYNAMIC_IMPORT)].map((match) => ({ specifier: match[1], typeOnly: false })),
    ];
    for (const { specifier, typeOnly } of found) {
      const target = resolveSpecifier(file, specifier);
      if (!target) continue;
      const edge = { from: path.relative(SRC, file), to: path.relative(SRC, target), typeOnly };
      const key = `${edge.from}\n${edge.to}`;
      // One import of values makes the pair a value import.
      edges.set(key, { ...edge, typeOnly: typeOnly && (edges.get(key)?.typeOnly ?? true) });
    }
  }
  return [...edges.values()];
}

/** Each module of src/ with the modules of src/ it imports. */
function importGraph(edges = importEdges()): Map<string, string[]> {
  const graph = new Map<string, string[]>(sourceFiles(SRC).map((file) => [path.relative(SRC, file), []]));
  for (const { from, to } of edges) graph.get(from)!.push(to);
  return graph;
}

/** The circles a depth-first walk meets (at least one whenever there is any), each as `a → b → … → a`. */
function cycles(graph: Map<string, string[]>): string[] {
  const found = new Set<string>();
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string) => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.add([...stack.slice(stack.indexOf(next)), next].join(' → '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return [...found];
}

/**
 * The entry points: every src/ file a package.json script runs (esbuild's entries, tsx's scripts:
 * index.ts, db/migrate-cli.ts, seed.ts, web-build.ts, verify-record.ts, schema-emit.ts). They
 * sit on the top floor with app.ts wherever their file is (db/migrate-cli.ts too), so a new
 * script is placed by naming it in package.json, and no module below the top floor imports one.
 */
function entryPoints(): string[] {
  const { scripts } = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
  const named = Object.values(scripts).flatMap((script) => [...script.matchAll(/(?:^|\s)src\/([\w./-]+\.tsx?)(?=\s|$)/g)].map((match) => match[1]));
  return [...new Set(named)].sort();
}

/**
 * The floors of src/, bottom up: a module imports its own floor and the ones below. `web` is
 * not a floor: browser code imports only src/web and src/shared (see upwardImports).
 */
const FLOORS = [
  { name: 'shared', holds: ['shared/'] },
  { name: 'common', holds: ['common/', 'config.ts', 'logger.ts'] },
  { name: 'db', holds: ['db/'] },
  { name: 'auth', holds: ['auth/'] },
  // src/record/ (the record's write wing) may not exist yet: an empty floor is fine.
  { name: 'record', holds: ['record/'] },
  { name: 'live', holds: ['live/'] },
  { name: 'modules', holds: ['modules/'] },
  { name: 'assembly', holds: ['schema.ts', 'context.ts', 'services.ts'] },
  { name: 'server', holds: ['server/'] },
  { name: 'app', holds: ['app.ts'] },
] as const;
const WEB = 'web/';

type Floor = (typeof FLOORS)[number]['name'] | 'web';

/** The floor of a module of src/ (by its path relative to src/); null for a file no floor holds. */
function floorOf(file: string, entries: readonly string[]): Floor | null {
  if (entries.includes(file)) return 'app';
  if (file.startsWith(WEB)) return 'web';
  return FLOORS.find((floor) => floor.holds.some((held) => (held.endsWith('/') ? file.startsWith(held) : file === held)))?.name ?? null;
}

/**
 * The upward imports tolerated, each with its reason (at most 3). An entry covers the imports from
 * every module `from` matches to `to`; they must stay type-only, and an entry nothing uses fails.
 */
const ALLOWED: { from: RegExp; to: string; reason: string }[] = [
  {
    from: /^modules\/[^/]+\/[^/]+\.resolver\.ts$/,
    to: 'context.ts',
    reason:
      "A resolver is type-graphql's entry into its domain and is handed the request's Context, whose `services` are the domain services assembled (services.ts). The type could sit lower only with createServices moved under modules/; the value (createContext) stays above.",
  },
];

/** The imports that go against the floors: from a lower floor to a higher one, or out of the browser code. */
function upwardImports(edges: readonly ImportEdge[], entries: readonly string[]): ImportEdge[] {
  const rank = (floor: Floor) => FLOORS.findIndex((known) => known.name === floor);
  return edges.filter(({ from, to }) => {
    const [source, target] = [floorOf(from, entries), floorOf(to, entries)];
    if (source === null || target === null) return false;
    if (source === 'web') return target !== 'web' && target !== 'shared';
    return target === 'web' || rank(target) > rank(source);
  });
}

const allowedBy = (edge: ImportEdge) => ALLOWED.find((entry) => entry.from.test(edge.from) && entry.to === edge.to);
const show = ({ from, to, typeOnly }: ImportEdge) => `${from} → ${to}${typeOnly ? ' (type)' : ''}`;

describe('src/ import graph', () => {
  const edges = importEdges();
  const entries = entryPoints();

  it('should have no import circles', () => {
    expect(cycles(importGraph(edges))).toEqual([]);
  });

  it('should import no higher floor, and from the browser code only src/web and src/shared', () => {
    expect(upwardImports(edges, entries).filter((edge) => !allowedBy(edge)).map(show)).toEqual([]);
  });

  it('should keep the allowed upward imports few, type-only and in use', () => {
    expect(ALLOWED.length).toBeLessThanOrEqual(3);
    const allowed = upwardImports(edges, entries).filter((edge) => allowedBy(edge));
    expect(allowed.filter((edge) => !edge.typeOnly).map(show)).toEqual([]);
    expect(ALLOWED.filter((entry) => !allowed.some((edge) => allowedBy(edge) === entry)).map((entry) => `${entry.from} → ${entry.to}`)).toEqual([]);
  });

  it('should place every module of src/ on a floor', () => {
    expect([...importGraph(edges).keys()].filter((file) => floorOf(file, entries) === null)).toEqual([]);
    expect(entries).toEqual(['db/migrate-cli.ts', 'index.ts', 'schema-emit.ts', 'seed.ts', 'verify-record.ts', 'web-build.ts']);
  });

  it('should see the imports it walks (the control for the checks above)', () => {
    const has = (from: string, to: string, typeOnly: boolean) => expect(edges).toContainEqual({ from, to, typeOnly });
    has('context.ts', 'services.ts', true);
    has('index.ts', 'app.ts', false); // a dynamic import('…')
    has('web/pages/citizen.tsx', 'web/api.ts', false); // browser code, .tsx
    has('db/pglite-worker.mjs', 'db/durable-fs.mjs', false); // plain JavaScript
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']]]))).toEqual(['a.ts → b.ts → c.ts → a.ts']);
  });

  it('should catch an upward import, a type-only one too (the control for the floors)', () => {
    const edge = (from: string, to: string, typeOnly = false): ImportEdge => ({ from, to, typeOnly });
    const hostile = [
      edge('modules/opinion/opinion.service.ts', 'server/http.ts', true),
      edge('db/loaders.ts', 'modules/forum-session/session-stats.service.ts', true),
      edge('common/errors.ts', 'auth/viewer.ts'),
      edge('shared/visibility.ts', 'common/enums.ts'),
      edge('record/recorder.ts', 'live/bus.ts'),
      edge('web/live.ts', 'live/events.ts', true),
      edge('live/bus.ts', 'web/api.ts'),
      edge('server/http.ts', 'index.ts'),
    ];
    const fine = [
      edge('server/http.ts', 'context.ts'),
      edge('schema.ts', 'services.ts'),
      edge('live/bus.ts', 'auth/access.ts', true),
      edge('web/live.ts', 'shared/visibility.ts'),
      edge('common/enums.ts', 'shared/visibility.ts'),
      edge('index.ts', 'app.ts'),
      edge('seed.ts', 'services.ts'),
    ];
    expect(upwardImports([...hostile, ...fine], entries)).toEqual(hostile);
    expect(allowedBy(edge('modules/opinion/opinion.resolver.ts', 'context.ts', true))).toBeDefined();
    expect(allowedBy(edge('modules/opinion/opinion.service.ts', 'context.ts', true))).toBeUndefined();
  });
});
