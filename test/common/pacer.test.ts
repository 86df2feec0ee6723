import { describe, expect, it } from 'vitest';
import { GraphQLInt, GraphQLList, GraphQLObjectType, GraphQLSchema, GraphQLString, execute, parse } from 'graphql';
import { Pacer } from '../../src/common/pacer.js';

// The isolation property (issue 12): a request with a long list lets the event loop take turns
// while graphql-js completes it, so other clients' work runs in between. Tested on graphql-js
// itself, with a slice of 0 ms (every item waits for a turn) and with a slice no test reaches
// (nothing waits), so that nothing depends on how fast the machine is.

interface Item {
  n: number;
}

/** A schema whose `items` list goes through `pacer` and whose items log when their fields run. */
function schemaFor(pacer: Pacer | null, items: Item[], log: string[], onItem?: (n: number) => void) {
  const Item = new GraphQLObjectType<Item>({
    name: 'Item',
    fields: {
      n: {
        type: GraphQLInt,
        resolve: (item) => {
          log.push(`item ${item.n}`);
          onItem?.(item.n);
          return item.n;
        },
      },
      label: {
        type: GraphQLString,
        // A loader-like field: its value arrives later, and through the pacer when there is one.
        resolve: (item) => {
          const loaded = Promise.resolve(`#${item.n}`);
          return pacer ? pacer.after(loaded) : loaded;
        },
      },
    },
  });
  return new GraphQLSchema({
    query: new GraphQLObjectType({
      name: 'Query',
      fields: { items: { type: new GraphQLList(Item), resolve: () => (pacer ? pacer.list(items) : items) } },
    }),
  });
}

const items = (count: number): Item[] => Array.from({ length: count }, (_, n) => ({ n }));

describe('Pacer', () => {
  it('should let work queued by an item run before the rest of the list, where a plain list runs to its end first', async () => {
    // The hostile case first: without pacing, a callback queued for the event loop while the list
    // is completed (another client's request, say) waits for the whole list.
    for (const pacer of [null, new Pacer(0)]) {
      const log: string[] = [];
      const schema = schemaFor(pacer, items(20), log, (n) => {
        if (n === 0) setImmediate(() => log.push('other work'));
      });
      const result = await execute({ schema, document: parse('{ items { n } }') });
      expect(result.errors).toBeUndefined();
      // Wait for the other work itself: it has run by the time this resolves.
      await new Promise((resolve) => setImmediate(resolve));
      const other = log.indexOf('other work');
      if (pacer) {
        expect(other).toBeGreaterThan(0);
        expect(other).toBeLessThan(log.length - 1);
      } else {
        expect(other).toBe(log.length - 1);
      }
    }
  });

  it('should give every item, in order, with the fields that arrive later, to each alias that reads the list', async () => {
    for (const slice of [0, 1_000_000]) {
      const schema = schemaFor(new Pacer(slice), items(250), []);
      const result = await execute({ schema, document: parse('{ a: items { n label } b: items { n } }') });
      expect(result.errors).toBeUndefined();
      const data = result.data as { a: { n: number; label: string }[]; b: { n: number }[] };
      expect(data.a).toEqual(items(250).map(({ n }) => ({ n, label: `#${n}` })));
      expect(data.b).toEqual(items(250).map(({ n }) => ({ n })));
    }
  });

  it('should not make a list wait while the slice lasts', async () => {
    const log: string[] = [];
    const schema = schemaFor(new Pacer(1_000_000), items(50), log, (n) => {
      if (n === 0) setImmediate(() => log.push('other work'));
    });
    const result = await execute({ schema, document: parse('{ items { n } }') });
    // Completed without giving the event loop a turn: the other work has not run yet.
    expect(result).not.toBeInstanceOf(Promise);
    expect(log).not.toContain('other work');
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.at(-1)).toBe('other work');
  });

  it('should keep the slices of two requests apart', async () => {
    const spent = new Pacer(0);
    const fresh = new Pacer(1_000_000);
    expect(spent.pace(1)).toBeInstanceOf(Promise);
    expect(fresh.pace(2)).toBe(2);
    await expect(spent.pace(3)).resolves.toBe(3);
  });
});
