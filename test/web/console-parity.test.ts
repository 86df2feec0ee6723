import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { getMetadataStorage } from 'type-graphql';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import { resolvers } from '../../src/schema.js';
import { Role } from '../../src/auth/viewer.js';
import { projectRoot } from '../../src/common/paths.js';

const WEB = path.join(projectRoot(), 'src/web');

/**
 * Staff operations with no console control, each with its reason (the stale-entry test fails
 * once one gets a control).
 */
const EXCEPTIONS: Record<string, string> = {
  createUnit: 'units are set up once per deployment by the system admin (seed, API); issue #24 asks for no unit page',
};

/** The console's pages (every page served under /console): the shell and what it links to. */
const CONSOLE_ENTRIES = ['pages/console/index.tsx', 'pages/report.tsx', 'pages/minutes.tsx'];

/** Query and Mutation fields whose resolver is `@Authorized` for a staff role, by schema name. */
function staffOperations(): Map<string, string[]> {
  const storage = getMetadataStorage();
  const ours = new Set<unknown>(resolvers);
  const staffRoles: string[] = [Role.ADMIN, Role.MODERATOR, Role.OFFICER];
  const operations = new Map<string, string[]>();
  for (const op of [...storage.queries, ...storage.mutations, ...storage.subscriptions]) {
    if (!ours.has(op.target)) continue;
    const authorized = storage.authorizedFields.find((a) => a.target === op.target && a.fieldName === op.methodName);
    const roles = (authorized?.roles ?? []) as string[];
    if (roles.some((role) => staffRoles.includes(role))) operations.set(op.schemaName, roles);
  }
  return operations;
}

/** Every file a page's bundle takes from src/web (relative imports, followed), generated types aside. */
function pageFiles(entry: string, seen = new Set<string>()): Set<string> {
  const file = path.join(WEB, entry);
  if (seen.has(file)) return seen;
  seen.add(file);
  const source = fs.readFileSync(file, 'utf8');
  for (const [, spec] of source.matchAll(/from '(\.[^']+)'/g)) {
    const target = path.relative(WEB, path.resolve(path.dirname(file), spec)).replace(/\.js$/, '');
    if (target.startsWith('generated')) continue;
    const candidate = ['.ts', '.tsx'].map((ext) => target + ext).find((f) => fs.existsSync(path.join(WEB, f)));
    if (candidate) pageFiles(candidate, seen);
  }
  return seen;
}

/** The root fields of each operation in src/web/operations, by the name of its generated document. */
function operationFields(): Map<string, string[]> {
  const fields = new Map<string, string[]>();
  for (const name of fs.readdirSync(path.join(WEB, 'operations'))) {
    for (const definition of parse(fs.readFileSync(path.join(WEB, 'operations', name), 'utf8')).definitions) {
      if (definition.kind !== Kind.OPERATION_DEFINITION || !definition.name) continue;
      const operation: OperationDefinitionNode = definition;
      const root = operation.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : []));
      fields.set(`${operation.name!.value}Document`, root);
    }
  }
  return fields;
}

/** The API fields the console's pages send: the documents their code uses, read down to the root fields. */
function consoleFields(): Set<string> {
  const documents = operationFields();
  const used = new Set<string>();
  for (const entry of CONSOLE_ENTRIES) {
    for (const file of pageFiles(entry)) {
      for (const [name] of fs.readFileSync(file, 'utf8').matchAll(/\b\w+Document\b/g)) for (const field of documents.get(name) ?? []) used.add(field);
    }
  }
  return used;
}

/** Staff operations the console cannot reach and no exception explains. */
function uncovered(operations: Iterable<string>, used: ReadonlySet<string>, exceptions: Record<string, string>): string[] {
  return [...operations].filter((op) => !used.has(op) && !(op in exceptions)).sort();
}

describe('console parity', () => {
  const operations = staffOperations();
  const used = consoleFields();

  it('should name a new staff operation that has neither a console control nor an exception', () => {
    // The check itself, on a staff operation added tomorrow without a page: it must not pass.
    expect(uncovered([...operations.keys(), 'mergeSessions'], used, EXCEPTIONS)).toEqual(['mergeSessions']);
  });

  it('should find the staff operations of the schema through their @Authorized roles', () => {
    // A guard on the listing: were it to come back empty, every other check would pass vacuously.
    const sdl = fs.readFileSync(path.join(projectRoot(), 'schema/schema.graphql'), 'utf8');
    const schemaRoots = parse(sdl).definitions.flatMap((d) =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION && ['Query', 'Mutation', 'Subscription'].includes(d.name.value) ? (d.fields ?? []).map((f) => f.name.value) : [],
    );
    expect(operations.size).toBeGreaterThan(10);
    for (const op of operations.keys()) expect(schemaRoots, op).toContain(op);
    expect(operations.get('moderateOpinion')).toEqual(expect.arrayContaining([Role.MODERATOR]));
  });

  it('should reach every staff operation from a console page, or say why not', () => {
    expect(uncovered(operations.keys(), used, EXCEPTIONS)).toEqual([]);
  });

  it('should keep no stale exception: each is a staff operation that still has no control', () => {
    for (const op of Object.keys(EXCEPTIONS)) {
      expect(operations.has(op), `${op} is no staff operation`).toBe(true);
      expect(used.has(op), `${op} has a console control now: remove its exception`).toBe(false);
    }
  });
});
