import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startTestServer, TEST_LANGUAGE, type TestServer } from '../helpers/server.js';
import { seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { captureLogs, type CapturedLogs } from '../helpers/logs.js';

const ALLOWED_ORIGIN = 'https://langnghe.congan-hanoi.example.vn';
const HOSTILE_ORIGIN = 'https://gop-y-gia-mao.example.com';
const PRODUCTION = { NODE_ENV: 'production', LOG_LEVEL: 'silent' };

const SUBMIT = 'mutation SubmitOpinion($input: SubmitOpinionInput!) { submitOpinion(input: $input) { id seq } }';
const INTROSPECTION = 'query IntrospectionProbe { __schema { queryType { name } types { name } } }';
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** How many opinions a session holds, read straight from the database. */
const opinionCount = (server: TestServer, sessionId: string) => server.app.database.prisma.opinion.count({ where: { sessionId } });

function submitBody(sessionId: string, body: string) {
  return JSON.stringify({ query: SUBMIT, variables: { input: { sessionId, body } } });
}

/** Opens a WebSocket with an Origin header; resolves with the HTTP status of the handshake (101 when it opened). */
function openSocket(wsUrl: string, origin: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(wsUrl, 'graphql-transport-ws', { origin });
    socket.once('open', () => {
      socket.close();
      resolve(101);
    });
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      socket.terminate();
    });
    socket.once('error', (error) => reject(error));
  });
}

describe('production posture', () => {
  let production: TestServer;
  let development: TestServer;
  let forum: ForumFixture;

  beforeAll(async () => {
    [production, development] = await Promise.all([
      startTestServer({ ...PRODUCTION, ALLOWED_ORIGINS: `${ALLOWED_ORIGIN}, https://man-hinh-lon.example.vn` }),
      startTestServer(),
    ]);
    forum = await seedForum(production.app);
  });
  afterAll(async () => {
    await Promise.all([production?.close(), development?.close()]);
  });

  describe('CSRF prevention', () => {
    it('should refuse a text/plain POST mutation with 400 and write nothing', async () => {
      const before = await opinionCount(production, forum.sessionId);
      const response = await fetch(production.url, {
        method: 'POST',
        headers: { 'content-type': 'text/plain' },
        body: submitBody(forum.sessionId, 'Bài đăng giả mạo từ một trang web khác'),
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/CSRF/i);
      expect(await opinionCount(production, forum.sessionId)).toBe(before);
    });

    it('should accept the same mutation as application/json (the control for the refusal above)', async () => {
      const before = await opinionCount(production, forum.sessionId);
      const response = await fetch(production.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: submitBody(forum.sessionId, 'Đề nghị tăng cường tuần tra đêm ở phố Hàng Bông'),
      });
      expect(response.status).toBe(200);
      expect(await opinionCount(production, forum.sessionId)).toBe(before + 1);
    });
  });

  describe('GET', () => {
    const getUrl = (server: TestServer, body: string) =>
      `${server.url}?query=${encodeURIComponent(SUBMIT)}&variables=${encodeURIComponent(
        JSON.stringify({ input: { sessionId: forum.sessionId, body } }),
      )}`;

    it('should never run a mutation: 405 and nothing written, even with the preflight header', async () => {
      const before = await opinionCount(production, forum.sessionId);
      const response = await fetch(getUrl(production, 'Ý kiến gửi qua một đường link'), { headers: { 'apollo-require-preflight': 'true' } });
      expect(response.status).toBe(405);
      expect(await opinionCount(production, forum.sessionId)).toBe(before);
    });

    it('should refuse a GET without a preflight header as a possible CSRF with 400', async () => {
      const before = await opinionCount(production, forum.sessionId);
      const response = await fetch(getUrl(production, 'Ý kiến gửi qua thẻ img'));
      expect(response.status).toBe(400);
      expect(await opinionCount(production, forum.sessionId)).toBe(before);
    });

    it('should still answer a query over GET (the control for the refusals above)', async () => {
      const response = await fetch(`${production.url}?query=${encodeURIComponent('query Units { units { id } }')}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { data: { units: unknown[] } }).data.units.length).toBeGreaterThanOrEqual(2);
    });
  });

  describe('CORS', () => {
    const preflight = (server: TestServer, origin: string) =>
      fetch(server.url, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type, authorization' },
      });

    it('should give a listed origin CORS headers on the preflight and on the answer', async () => {
      const response = await preflight(production, ALLOWED_ORIGIN);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
      expect(response.headers.get('access-control-allow-methods')).toContain('POST');
      const answer = await fetch(production.url, {
        method: 'POST',
        headers: { origin: ALLOWED_ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ units { id } }' }),
      });
      expect(answer.headers.get('access-control-allow-origin')).toBe(ALLOWED_ORIGIN);
    });

    it('should give an origin that is not listed no CORS headers, so browsers drop the answer', async () => {
      const response = await preflight(production, HOSTILE_ORIGIN);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      const answer = await fetch(production.url, {
        method: 'POST',
        headers: { origin: HOSTILE_ORIGIN, 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ units { id } }' }),
      });
      expect(answer.headers.get('access-control-allow-origin')).toBeNull();
    });

    it('should allow any origin when ALLOWED_ORIGINS is empty', async () => {
      const response = await preflight(development, HOSTILE_ORIGIN);
      expect(response.status).toBe(204);
      expect(response.headers.get('access-control-allow-origin')).toBe('*');
    });
  });

  describe('WebSocket origins', () => {
    it('should not let a page from an origin that is not listed open a socket', async () => {
      expect(await openSocket(production.app.wsUrl, HOSTILE_ORIGIN)).toBe(401);
      expect(production.app.ws.clientCount()).toBe(0);
    });

    it('should let a listed origin open a socket (the control for the refusal above)', async () => {
      expect(await openSocket(production.app.wsUrl, ALLOWED_ORIGIN)).toBe(101);
    });
  });

  describe('introspection and landing page', () => {
    it('should refuse introspection in production by default', async () => {
      const result = await production.post({ query: INTROSPECTION });
      expect(result.status).toBe(400);
      expect(result.data).toBeUndefined();
      expect(result.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(result.errors?.[0].message).toMatch(/introspection/i);
    });

    it('should answer introspection in production when GRAPHQL_INTROSPECTION=true', async () => {
      const enabled = await startTestServer({ ...PRODUCTION, GRAPHQL_INTROSPECTION: 'true' });
      try {
        const result = await enabled.post({ query: INTROSPECTION });
        expect(result.status).toBe(200);
        expect((result.data as { __schema: { queryType: { name: string } } }).__schema.queryType.name).toBe('Query');
      } finally {
        await enabled.close();
      }
    });

    it('should answer introspection outside production', async () => {
      const result = await development.post({ query: INTROSPECTION });
      expect(result.errors).toBeUndefined();
      expect((result.data as { __schema: { queryType: { name: string } } }).__schema.queryType.name).toBe('Query');
    });

    it('should serve no landing page in production, though it does in development', async () => {
      const asBrowser = { headers: { accept: 'text/html' } };
      const [prod, dev] = await Promise.all([fetch(production.url, asBrowser), fetch(development.url, asBrowser)]);
      expect(dev.headers.get('content-type')).toMatch(/text\/html/);
      expect(prod.headers.get('content-type') ?? '').not.toMatch(/text\/html/);
      expect(await prod.text()).not.toMatch(/<html/i);
    });
  });

  describe('security headers', () => {
    const paths = ['/graphql', '/healthz', '/readyz', '/metrics', '/khong-co-trang-nay'];

    it('should send nosniff, no framing and no referrer on every HTTP response', async () => {
      for (const path of paths) {
        const response = await fetch(new URL(path, production.url));
        expect(response.headers.get('x-content-type-options'), path).toBe('nosniff');
        expect(response.headers.get('x-frame-options'), path).toBe('DENY');
        expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'");
        expect(response.headers.get('referrer-policy'), path).toBe('no-referrer');
        expect(response.headers.get('x-request-id'), path).toMatch(UUID);
      }
    });

    it('should send Strict-Transport-Security in production only', async () => {
      const [prod, dev] = await Promise.all([fetch(new URL('/healthz', production.url)), fetch(new URL('/healthz', development.url))]);
      expect(prod.headers.get('strict-transport-security')).toMatch(/max-age=\d{7,}/);
      expect(dev.headers.get('strict-transport-security')).toBeNull();
    });

    it('should forbid caching GraphQL answers', async () => {
      const answer = await fetch(production.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ query: '{ units { id } }' }),
      });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('cache-control')).toBe('no-store');
      const refused = await fetch(production.url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: '{}' });
      expect(refused.headers.get('cache-control')).toBe('no-store');
    });
  });
});

describe('internal errors', () => {
  let server: TestServer;
  let logs: CapturedLogs;

  beforeAll(async () => {
    logs = captureLogs('error');
    server = await startTestServer(PRODUCTION, { logger: logs.logger });
    await seedForum(server.app);
    // The database goes away under a running server: every query that reaches it now fails unexpectedly.
    await server.app.database.close();
  });
  afterAll(async () => {
    await server?.close();
  });

  it('should answer "Internal server error" with INTERNAL_SERVER_ERROR and a request id, and no internal detail', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'accept-language': TEST_LANGUAGE },
      body: JSON.stringify({ query: 'query Units { units { id name } }' }),
    });
    const text = await response.text();
    const body = JSON.parse(text) as { errors: { message: string; extensions: Record<string, unknown> }[] };
    expect(body.errors).toHaveLength(1);
    const [error] = body.errors;
    expect(error.message).toBe('Internal server error');
    expect(error.extensions.code).toBe('INTERNAL_SERVER_ERROR');
    expect(error.extensions.requestId).toMatch(UUID);
    expect(response.headers.get('x-request-id')).toBe(error.extensions.requestId);
    expect(Object.keys(error.extensions).sort()).toEqual(['code', 'requestId']);
    expect(text).not.toMatch(/stack|prisma|pglite|pool|closed|\bat \w/i);
  });

  it('should log the fault in full server-side under the same request id', async () => {
    const response = await fetch(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: 'query Sessions { sessions { totalCount } }' }),
    });
    const requestId = response.headers.get('x-request-id');
    const line = logs.lines().find((entry) => entry.requestId === requestId && entry.msg === 'unexpected error');
    expect(line).toBeDefined();
    const err = line!.err as { message: string; stack: string };
    expect(err.message.length).toBeGreaterThan(0);
    expect(err.message).not.toBe('Internal server error');
    expect(err.stack).toContain('\n');
    expect(line!.operationName).toBe('Sessions');
  });
});
