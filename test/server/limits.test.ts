import fs from 'node:fs';
import http from 'node:http';
import { once } from 'node:events';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { getIntrospectionQuery, Kind, parse, type FragmentDefinitionNode } from 'graphql';
import type { Client } from 'graphql-ws';
import { DEFAULT_QUERY_LIMITS } from '../../src/config.js';
import { buildSchema } from '../../src/schema.js';
import { FIELD_COSTS, measureOperation } from '../../src/server/limits.js';
import { useForum } from '../helpers/forum.js';
import { liveClient, subscribe } from '../helpers/live.js';
import { ok, type GraphQLResult } from '../helpers/server.js';
import { OnSessionStatsChangedDocument, UnitsDocument } from '../generated/graphql.js';

const { maxDepth, maxAliases, maxTokens, maxCost } = DEFAULT_QUERY_LIMITS;

/** `a { b { c { leaf } } }` for fields a, b, c. */
const nested = (fields: string[], leaf = 'id') => fields.reduceRight((inner, field) => `${field} { ${inner} }`, leaf);
/** `units { parent { parent … { id } } }`, `depth` levels deep. */
const unitChain = (depth: number) => nested(['units', ...Array<string>(depth - 2).fill('parent')]);
const aliases = (count: number) => Array.from({ length: count }, (_, i) => `a${i}: id`).join(' ');
// Two nested pages of 100 around lists of responses: millions of fields at most 10 levels deep.
const COSTLY_SELECTION =
  'session(id: "phien-1") { opinions(first: 100) { edges { node { responses { opinion { session { opinions(first: 100) { edges { node { id } } } } } } } } } }';

function expectRefusal(result: GraphQLResult<unknown>, code: string, message: RegExp) {
  expect(result.status).toBe(400);
  expect(result.data).toBeUndefined();
  expect(result.errors).toHaveLength(1);
  expect(result.errors![0].extensions?.code).toBe(code);
  expect(result.errors![0].message).toMatch(message);
}

describe('query limits', () => {
  const { server, forum } = useForum();
  const clients: Client[] = [];
  const client = () => {
    const c = liveClient(server.app.wsUrl);
    clients.push(c);
    return c;
  };
  const query = (text: string) => server.post({ query: text });
  const healthy = async () => (await fetch(new URL('/healthz', server.url))).status;

  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
  });

  describe('measureOperation', () => {
    it('should keep every client operation well under the limits', async () => {
      const schema = await buildSchema();
      const folder = path.resolve(import.meta.dirname, '../operations');
      const document = parse(fs.readdirSync(folder).map((file) => fs.readFileSync(path.join(folder, file), 'utf8')).join('\n'));
      const fragments = new Map(
        document.definitions.filter((d): d is FragmentDefinitionNode => d.kind === Kind.FRAGMENT_DEFINITION).map((d) => [d.name.value, d]),
      );
      let measured = 0;
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        const measure = measureOperation(schema, definition, (name) => fragments.get(name));
        expect.soft(measure.depth, definition.name?.value).toBeLessThanOrEqual(maxDepth - 5);
        expect.soft(measure.aliases, definition.name?.value).toBe(0);
        expect.soft(measure.cost, definition.name?.value).toBeLessThanOrEqual(maxCost / 3);
        measured++;
      }
      expect(measured).toBeGreaterThan(20);
    });

    it('should count a list once per page item, and the list inside a page once', async () => {
      const schema = await buildSchema();
      const [operation] = parse('{ sessions(first: 10) { edges { node { topics { id } } } } }').definitions;
      // sessions 1 + 10 × (edges 1 + node 1 + topics (1 + 20 × id 1))
      expect(measureOperation(schema, operation as never, () => undefined)).toEqual({ depth: 5, aliases: 0, cost: 1 + 10 * (1 + 1 + 1 + 20) });
    });
    it('should count stats at its weight, once per place it is asked for', async () => {
      const schema = await buildSchema();
      const stats = FIELD_COSTS['ForumSession.stats'];
      const [single] = parse('{ session(id: "phien-1") { stats { opinions } } }').definitions;
      expect(measureOperation(schema, single as never, () => undefined).cost).toBe(1 + stats + 1);
      const [nested] = parse('{ session(id: "phien-1") { opinions(first: 10) { edges { node { session { stats { opinions } } } } } } }').definitions;
      // session 1 + opinions (1 + 10 × (edges 1 + node 1 + session (1 + stats (weight + opinions 1))))
      expect(measureOperation(schema, nested as never, () => undefined).cost).toBe(1 + 1 + 10 * (1 + 1 + 1 + stats + 1));
    });
  });

  describe('over HTTP', () => {
    it("should refuse five aliases of a page of opinions that each ask their session's stats", async () => {
      const page = 'opinions(first: 100) { edges { node { session { stats { opinions participants byTopic { count } } } } } }';
      const selection = Array.from({ length: 5 }, (_, i) => `s${i}: session(id: "${forum.sessionId}") { ${page} }`).join(' ');
      const result = await query(`query Stalling { ${selection} }`);
      expectRefusal(result, 'GRAPHQL_VALIDATION_FAILED', new RegExp(`^Query is too costly: \\d+ points, at most ${maxCost} .*stats ${FIELD_COSTS['ForumSession.stats']}`));
    });

    it(`should refuse a query 30 levels deep, saying how deep it is`, async () => {
      const result = await query(`query Deep { ${unitChain(30)} }`);
      expectRefusal(result, 'GRAPHQL_VALIDATION_FAILED', new RegExp(`^Query is too deep: 30 levels, at most ${maxDepth}$`));
    });

    it(`should answer a query exactly ${maxDepth} levels deep`, async () => {
      const result = await query(`query AtTheLimit { ${unitChain(maxDepth)} }`);
      expect(ok(result)).toHaveProperty('units');
    });

    it('should refuse 5,000 aliases before building the document', async () => {
      const result = await query(`{ units { ${aliases(5000)} } }`);
      expectRefusal(result, 'GRAPHQL_PARSE_FAILED', new RegExp(`Document contains more tha[nt] ${maxTokens} tokens`));
    });

    it(`should refuse ${maxAliases + 1} aliases, saying how many`, async () => {
      const result = await query(`{ units { ${aliases(maxAliases + 1)} } }`);
      expectRefusal(result, 'GRAPHQL_VALIDATION_FAILED', new RegExp(`^Query has too many aliases: ${maxAliases + 1}, at most ${maxAliases}$`));
    });

    it('should refuse a document of more tokens than allowed', async () => {
      const result = await query(`{ units { ${'id '.repeat(maxTokens)} } }`);
      expectRefusal(result, 'GRAPHQL_PARSE_FAILED', new RegExp(`^Syntax Error: Document contains more tha[nt] ${maxTokens} tokens`));
    });

    it('should refuse a costly query of nested pages, saying its cost and the limit', async () => {
      const result = await query(`query Costly { ${COSTLY_SELECTION} }`);
      expectRefusal(result, 'GRAPHQL_VALIDATION_FAILED', new RegExp(`^Query is too costly: \\d+ points, at most ${maxCost} `));
      expect(Number(/(\d+) points/.exec(result.errors![0].message)![1])).toBeGreaterThan(maxCost * 10);
    });

    it('should refuse a fragment chain that doubles at each step, without walking it 2^40 times', async () => {
      const fragments = Array.from({ length: 40 }, (_, i) => `fragment F${i + 1} on Unit { ...F${i} ...F${i} }`).join('\n');
      const started = Date.now();
      const result = await query(`query Doubling { units { ...F40 } }\nfragment F0 on Unit { id }\n${fragments}`);
      expectRefusal(result, 'GRAPHQL_VALIDATION_FAILED', /^Query is too costly/);
      expect(Date.now() - started).toBeLessThan(2000);
    });

    it('should answer the standard introspection query (GraphiQL, Sandbox) while introspection is on', async () => {
      const result = await query(getIntrospectionQuery());
      expect(ok(result)).toHaveProperty('__schema.queryType.name', 'Query');
    });

    it('should refuse a 10 MB body with a declared length with 413 before it has arrived, and stay healthy', async () => {
      const { status, sent } = await streamBody(server.url, { declareLength: true });
      expect(status).toBe(413);
      expect(sent).toBeLessThan(TEN_MB);
      expect(await healthy()).toBe(200);
      expect(ok(await server.request(UnitsDocument)).units.length).toBeGreaterThan(0);
    });

    it('should refuse a 10 MB chunked body with 413 once it passes 1 MB, and stay healthy', async () => {
      const { status, sent } = await streamBody(server.url, { declareLength: false });
      expect(status).toBe(413);
      expect(sent).toBeLessThan(TEN_MB);
      expect(await healthy()).toBe(200);
      expect(ok(await server.request(UnitsDocument)).units.length).toBeGreaterThan(0);
    });
  });

  describe('over WebSocket', () => {
    /** The errors a subscribe is refused with (graphql-ws `error` message). */
    const refusalOf = (text: string, c = client()) =>
      new Promise<{ message: string; extensions?: { code?: string } }[]>((resolve, reject) => {
        c.subscribe(
          { query: text },
          {
            next: (value) => reject(new Error(`expected a refusal, got ${JSON.stringify(value)}`)),
            error: (error) => (Array.isArray(error) ? resolve(error) : reject(error)),
            complete: () => reject(new Error('expected a refusal, the subscription completed')),
          },
        );
      });
    const feed = `opinionUpdated(sessionId: "phien-1")`;

    it('should refuse a subscription 30 levels deep like HTTP does', async () => {
      const [error, ...more] = await refusalOf(`subscription Deep { ${nested([feed, 'session', 'unit', ...Array<string>(26).fill('parent')])} }`);
      expect(more).toHaveLength(0);
      expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error.message).toBe(`Query is too deep: 30 levels, at most ${maxDepth}`);
    });

    it(`should refuse ${maxAliases + 1} aliases like HTTP does`, async () => {
      const [error] = await refusalOf(`subscription Aliased { ${feed} { ${aliases(maxAliases + 1)} } }`);
      expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error.message).toBe(`Query has too many aliases: ${maxAliases + 1}, at most ${maxAliases}`);
    });

    it('should refuse a document of more tokens than allowed like HTTP does', async () => {
      const [error] = await refusalOf(`subscription Long { ${feed} { ${'id '.repeat(maxTokens)} } }`);
      expect(error.extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(error.message).toMatch(new RegExp(`^Syntax Error: Document contains more tha[nt] ${maxTokens} tokens`));
    });

    it('should refuse a costly subscription like HTTP does, and keep the socket for the next one', async () => {
      const c = client();
      const [error] = await refusalOf(`subscription Costly { ${feed} { ${COSTLY_SELECTION} } }`, c);
      expect(error.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error.message).toMatch(new RegExp(`^Query is too costly: \\d+ points, at most ${maxCost} `));
      const stats = subscribe(c, OnSessionStatsChangedDocument, { sessionId: forum.sessionId });
      const [first] = await stats.take(1);
      expect(first.sessionStatsChanged.opinions).toBe(0);
      stats.close();
    });

    it('should close a socket that sends a message over 64 KB with 1009, and stay healthy', async () => {
      const socket = new WebSocket(server.app.wsUrl, 'graphql-transport-ws');
      await once(socket, 'open');
      socket.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      const [ack] = await once(socket, 'message');
      expect(JSON.parse(String(ack)).type).toBe('connection_ack');
      const closed = once(socket, 'close');
      socket.send(JSON.stringify({ type: 'subscribe', id: '1', payload: { query: `subscription { ${feed} { id } }`, variables: { pad: 'x'.repeat(70_000) } } }));
      const [code] = await closed;
      expect(code).toBe(1009);

      expect(await healthy()).toBe(200);
      const again = new WebSocket(server.app.wsUrl, 'graphql-transport-ws');
      await once(again, 'open');
      again.send(JSON.stringify({ type: 'connection_init', payload: {} }));
      const [reply] = await once(again, 'message');
      expect(JSON.parse(String(reply)).type).toBe('connection_ack');
      again.close();
    });
  });
});

const TEN_MB = 10 * 1024 * 1024;

/**
 * POSTs a 10 MB body in 64 KB chunks, a little at a time, and stops sending when the answer
 * comes: how much was sent by then shows whether the server waited for the whole body.
 */
function streamBody(url: string, { declareLength }: { declareLength: boolean }): Promise<{ status: number; sent: number }> {
  const chunk = Buffer.alloc(64 * 1024, 'a');
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(declareLength ? { 'content-length': String(TEN_MB) } : {}) },
    });
    request.on('response', (response) => {
      answered = true;
      response.resume();
      resolve({ status: response.statusCode ?? 0, sent });
      request.destroy();
    });
    request.on('error', (error) => {
      if (!answered) reject(error);
    });
    void (async () => {
      request.write('{"query":"{ units { id } }","variables":{"padding":"');
      while (sent < TEN_MB && !answered && !request.destroyed) {
        if (!request.write(chunk)) await Promise.race([once(request, 'drain'), once(request, 'close')]);
        sent += chunk.length;
        await new Promise((r) => setTimeout(r, 2));
      }
      if (!answered && !request.destroyed) request.end();
    })().catch(() => {});
  });
}
