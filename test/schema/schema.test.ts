import fs from 'node:fs';
import { buildSchema as buildSdl, printSchema } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { breakingChanges, buildSchema, SCHEMA_FILE } from '../../src/schema.js';

// The committed schema/schema.graphql is the API contract: clients are built against it.
describe('schema', () => {
  let committed: string;
  let emitted: Awaited<ReturnType<typeof buildSchema>>;
  beforeAll(async () => {
    committed = fs.readFileSync(SCHEMA_FILE, 'utf8');
    emitted = await buildSchema();
  });

  it('should not break any client of the committed contract (deprecate first; see docs/development.md "Schema and codegen")', () => {
    const breaks = breakingChanges(committed, emitted);
    expect(breaks, `breaking changes against ${SCHEMA_FILE}:\n${breaks.join('\n')}`).toEqual([]);
  });

  it('should match the committed schema/schema.graphql (run `npm run schema:emit` when this fails)', () => {
    const withoutHeader = committed
      .split('\n')
      .filter((line) => !line.startsWith('#'))
      .join('\n')
      .trim();
    expect(withoutHeader).toBe(printSchema(emitted).trim());
  });
});

describe('breakingChanges', () => {
  it('should name a removed field, a narrowed argument and a removed enum value', () => {
    const before = 'type Query { a(n: Int): Int! b: String e: Kind } enum Kind { X Y }';
    const after = buildSdl('type Query { a(n: Int!): Int! e: Kind } enum Kind { X }');
    const breaks = breakingChanges(before, after);
    expect(breaks).toHaveLength(3);
    expect(breaks.some((line) => line.includes('Query.b was removed'))).toBe(true);
    expect(breaks.some((line) => line.includes('Y was removed from enum type Kind'))).toBe(true);
    expect(breaks.some((line) => line.includes('Query.a arg n has changed type from Int to Int!'))).toBe(true);
  });

  it('should accept additions: a new type, an optional argument, a new enum value', () => {
    const before = 'type Query { a: Int } enum Kind { X }';
    const after = buildSdl('type Query { a(n: Int): Int k: Kind t: T } type T { x: Int } enum Kind { X Y }');
    expect(breakingChanges(before, after)).toEqual([]);
  });
});
