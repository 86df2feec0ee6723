import { badInput } from './errors.js';

export const MAX_PAGE_SIZE = 100;

/** Checks `first`: negative is an error, above the maximum is capped. */
export function pageSize(first: number | null | undefined, fallback = 20): number {
  if (first === null || first === undefined) return fallback;
  if (!Number.isInteger(first) || first < 0) throw badInput('page.firstInvalid', { field: 'first' });
  return Math.min(first, MAX_PAGE_SIZE);
}

/** Cursors are opaque to clients: base64url of a tagged JSON array. */
export function encodeCursor(kind: string, values: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify([kind, ...values]), 'utf8').toString('base64url');
}

/** Decodes a cursor made by encodeCursor for `kind` with the given value types; BAD_USER_INPUT otherwise. */
export function decodeCursor(cursor: string, kind: string, types: readonly ('string' | 'number')[]): (string | number)[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badInput('cursor.invalid', { field: 'after' });
  }
  if (
    !Array.isArray(parsed) ||
    parsed[0] !== kind ||
    parsed.length !== types.length + 1 ||
    !types.every((t, i) => typeof parsed[i + 1] === t && (t !== 'number' || Number.isFinite(parsed[i + 1])))
  ) {
    throw badInput('cursor.invalid', { field: 'after' });
  }
  return parsed.slice(1);
}

export interface Page<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
  totalCount: number;
}

/** Builds a connection from `rows` fetched with one extra row to learn hasNextPage. */
export function toPage<T>(rows: T[], size: number, totalCount: number, cursorOf: (row: T) => string): Page<T> {
  const nodes = rows.slice(0, size);
  const edges = nodes.map((node) => ({ cursor: cursorOf(node), node }));
  return {
    edges,
    pageInfo: { hasNextPage: rows.length > size, endCursor: edges.length ? edges[edges.length - 1].cursor : null },
    totalCount,
  };
}
