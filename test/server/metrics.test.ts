import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../helpers/server.js';
import { seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { openSession } from '../helpers/opinion-fixtures.js';
import { eventually, feedsAttached, feedsDetached, liveClient, reached, signalled, subscribe } from '../helpers/live.js';
import { captureLogs, type CapturedLogs } from '../helpers/logs.js';
import { startRedis, type RedisProcess } from '../helpers/process.js';
import { LIVE_FEEDS } from '../../src/live/feed-iterator.js';
import { createMetrics } from '../../src/server/metrics.js';
import {
  JoinAsCitizenDocument,
  LoginDocument,
  OnMyOpinionEventsDocument,
  OnOpinionPublishedDocument,
  OnSessionEventsDocument,
  OnOpinionSubmittedDocument,
  OnOpinionUpdatedDocument,
  OnResponsePostedDocument,
  OnSessionStatsChangedDocument,
  SubmitOpinionDocument,
} from '../generated/graphql.js';

const NAMED_METRICS = {
  langnghe_http_requests_total: 'counter',
  langnghe_graphql_operations_total: 'counter',
  langnghe_websocket_connections: 'gauge',
  langnghe_active_subscriptions: 'gauge',
  langnghe_live_events_published_total: 'counter',
  langnghe_live_events_delivered_total: 'counter',
  langnghe_live_delivery_lag_seconds: 'histogram',
  langnghe_fanout_write_seconds: 'histogram',
  langnghe_rate_limited_total: 'counter',
  langnghe_journal_reads_total: 'counter',
  process_cpu_user_seconds_total: 'counter',
  process_resident_memory_bytes: 'gauge',
  nodejs_eventloop_lag_seconds: 'gauge',
  nodejs_heap_size_used_bytes: 'gauge',
};

/** /metrics on the public port needs this token (METRICS_TOKEN); without one it is not there. */
const METRICS_TOKEN = 'ma-theo-doi-0123456789abcdef';
const METRICS_ENV = { METRICS_TOKEN };
const withToken = { headers: { authorization: `Bearer ${METRICS_TOKEN}` } };

/** /metrics on METRICS_PORT (no token) when the server has one, else on its port with the token. */
async function scrape(server: TestServer): Promise<string> {
  const { metricsPort } = server.app;
  const response = metricsPort ? await fetch(`http://127.0.0.1:${metricsPort}/metrics`) : await fetch(new URL('/metrics', server.url), withToken);
  expect(response.status).toBe(200);
  return response.text();
}

/** The value of the first sample of `name` whose labels include `labels`; 0 when there is none yet. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number {
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return 0;
}

const metric = async (server: TestServer, name: string, labels: Record<string, string> = {}) => sample(await scrape(server), name, labels);

describe('metrics', () => {
  let server: TestServer;
  let forum: ForumFixture;
  let logs: CapturedLogs;
  const clients: ReturnType<typeof liveClient>[] = [];
  const client = (token?: string | null) => {
    const c = liveClient(server.app.wsUrl, token);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    logs = captureLogs('info');
    server = await startTestServer(METRICS_ENV, { logger: logs.logger });
    forum = await seedForum(server.app);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.close();
  });

  describe('/metrics', () => {
    it('should not serve /metrics on PORT without the Bearer token, nor with a wrong one', async () => {
      const url = new URL('/metrics', server.url);
      const missing = await fetch(url);
      expect(missing.status).toBe(401);
      expect(await missing.text()).not.toContain('langnghe_');
      for (const authorization of [`Bearer ${METRICS_TOKEN}x`, `Bearer ${METRICS_TOKEN.slice(1)}`, `Basic ${METRICS_TOKEN}`]) {
        const wrong = await fetch(url, { headers: { authorization } });
        expect(wrong.status, authorization).toBe(authorization.startsWith('Basic') ? 401 : 403);
        expect(await wrong.text()).not.toContain('langnghe_');
      }
      expect((await fetch(url, withToken)).status).toBe(200);
    });

    it('should serve every named metric in the Prometheus text format, process metrics included', async () => {
      const response = await fetch(new URL('/metrics', server.url), withToken);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
      const text = await response.text();
      for (const [name, type] of Object.entries(NAMED_METRICS)) expect(text, name).toContain(`# TYPE ${name} ${type}\n`);
      for (const feed of LIVE_FEEDS) expect(text).toContain(`langnghe_active_subscriptions{feed="${feed}"} `);
    });

    it('should count HTTP requests by method, route pattern and status, never by raw path', async () => {
      const labels = { method: 'GET', route: '/healthz', status: '200' };
      const before = await metric(server, 'langnghe_http_requests_total', labels);
      await fetch(new URL('/healthz', server.url));
      await fetch(new URL('/healthz', server.url));
      expect(await metric(server, 'langnghe_http_requests_total', labels)).toBe(before + 2);

      await fetch(new URL('/khong-co-trang-nay-9f3a', server.url));
      const text = await scrape(server);
      expect(sample(text, 'langnghe_http_requests_total', { method: 'GET', route: 'unmatched', status: '404' })).toBeGreaterThanOrEqual(1);
      expect(text).not.toContain('khong-co-trang-nay-9f3a');
    });

    it('should count a SubmitOpinion mutation by name and outcome', async () => {
      const success = { operation: 'SubmitOpinion', type: 'mutation', outcome: 'success' };
      const error = { ...success, outcome: 'error' };
      const [beforeSuccess, beforeError] = [await metric(server, 'langnghe_graphql_operations_total', success), await metric(server, 'langnghe_graphql_operations_total', error)];
      ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body: 'Đề nghị lắp camera ở ngã tư Hàng Gai' } }));
      expect(await metric(server, 'langnghe_graphql_operations_total', success)).toBe(beforeSuccess + 1);
      expect(await metric(server, 'langnghe_graphql_operations_total', error)).toBe(beforeError);

      const refused = await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body: '   ' } });
      expect(refused.errors?.length).toBeGreaterThan(0);
      expect(await metric(server, 'langnghe_graphql_operations_total', error)).toBe(beforeError + 1);
    });

    it('should count events published by type', async () => {
      const labels = { type: 'OPINION_SUBMITTED' };
      const before = await metric(server, 'langnghe_live_events_published_total', labels);
      ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body: 'Xe máy đỗ tràn vỉa hè phố Hàng Đào' } }));
      expect(await metric(server, 'langnghe_live_events_published_total', labels)).toBe(before + 1);
    });

    it('should show each feed as an active subscription while it is open, and open sockets, back to 0 after', async () => {
      const { sessionId } = await openSession(server.app, forum);
      const staff = client(forum.moderator.token);
      // myOpinionEvents is a citizen's own feed: a citizen's socket follows it.
      const citizen = client((await forum.citizen()).token);
      const attached = feedsAttached(server.app, sessionId, LIVE_FEEDS.length);
      const feeds = [
        subscribe(staff, OnOpinionSubmittedDocument, { sessionId }),
        subscribe(staff, OnOpinionPublishedDocument, { sessionId }),
        subscribe(staff, OnOpinionUpdatedDocument, { sessionId }),
        subscribe(staff, OnResponsePostedDocument, { sessionId }),
        subscribe(staff, OnSessionStatsChangedDocument, { sessionId }),
        subscribe(staff, OnSessionEventsDocument, { sessionId }),
        subscribe(citizen, OnMyOpinionEventsDocument, { sessionId }),
      ];
      await attached;
      const active = await scrape(server);
      expect(LIVE_FEEDS.map((feed) => sample(active, 'langnghe_active_subscriptions', { feed }))).toEqual(LIVE_FEEDS.map(() => 1));
      expect(await metric(server, 'langnghe_websocket_connections')).toBe(2);

      const detached = feedsDetached(server.app, sessionId, LIVE_FEEDS.length);
      for (const feed of feeds) feed.close();
      await detached;
      const ended = await scrape(server);
      expect(LIVE_FEEDS.map((feed) => sample(ended, 'langnghe_active_subscriptions', { feed }))).toEqual(LIVE_FEEDS.map(() => 0));
      const closed = signalled(server.app, 'socketClosed', (socket) => socket.open === 0);
      await staff.dispose();
      await citizen.dispose();
      await closed;
      expect(await metric(server, 'langnghe_websocket_connections')).toBe(0);
    });

    it('should count subscribers per feed apart from the shared executions serving them', async () => {
      const { sessionId } = await openSession(server.app, forum);
      const screens = [client(null), client(null), client(null)];
      const feeds = screens.map((screen) => subscribe(screen, OnOpinionPublishedDocument, { sessionId }));
      const staff = client(forum.moderator.token);
      feeds.push(subscribe(staff, OnOpinionPublishedDocument, { sessionId }));
      const published = (kind: string) => ({ kind, feed: 'opinionPublished' });
      // Three public screens share one execution; the moderator's staff view is a second one.
      await reached(server.app, 'subscriberJoined', () => server.app.ws.groups.statsByFeed().get('opinionPublished')?.members === 4);
      const text = await scrape(server);
      expect(sample(text, 'langnghe_subscribers', published('members'))).toBe(4);
      expect(sample(text, 'langnghe_subscribers', published('groups'))).toBe(2);
      expect(sample(text, 'langnghe_active_subscriptions', { feed: 'opinionPublished' })).toBe(2);
      expect(sample(text, 'langnghe_subscribers', { kind: 'members', feed: 'opinionSubmitted' })).toBe(0);
      for (const feed of feeds) feed.close();
      await Promise.all([...screens, staff].map((c) => c.dispose()));
      await reached(server.app, 'subscriberLeft', () => !server.app.ws.groups.statsByFeed().has('opinionPublished'));
      expect(await metric(server, 'langnghe_subscribers', published('members'))).toBe(0);
      expect(await metric(server, 'langnghe_subscribers', published('groups'))).toBe(0);
    });

    it('should count deliveries per feed and observe their lag since publication', async () => {
      const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
      const labels = { feed: 'opinionPublished' };
      const text = await scrape(server);
      const [deliveredBefore, lagCountBefore, fanoutsBefore] = [
        sample(text, 'langnghe_live_events_delivered_total', labels),
        sample(text, 'langnghe_live_delivery_lag_seconds_count', labels),
        sample(text, 'langnghe_fanout_write_seconds_count', {}),
      ];
      const attached = feedsAttached(server.app, sessionId);
      const feed = subscribe(client(), OnOpinionPublishedDocument, { sessionId });
      await attached;
      ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body: 'Cảm ơn công an phường đã xử lý nhanh vụ mất trộm xe' } }));
      const [delivered] = await feed.take(1);
      expect(delivered.opinionPublished.body).toBe('Cảm ơn công an phường đã xử lý nhanh vụ mất trộm xe');
      const after = await scrape(server);
      expect(sample(after, 'langnghe_live_events_delivered_total', labels)).toBe(deliveredBefore + 1);
      expect(sample(after, 'langnghe_live_delivery_lag_seconds_count', labels)).toBe(lagCountBefore + 1);
      // Delivered in-process: well under ten seconds, so it lands in the last finite bucket.
      expect(sample(after, 'langnghe_live_delivery_lag_seconds_bucket', { ...labels, le: '10' })).toBe(lagCountBefore + 1);
      // The subscriber's group wrote the event to its socket once.
      expect(sample(after, 'langnghe_fanout_write_seconds_count', {})).toBe(fanoutsBefore + 1);
      feed.close();
    });

    it('should count the journal pages read to replay a session nobody here was following', async () => {
      const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
      for (const body of ['Đèn đường ngõ 12 Hàng Bạc hỏng đã hai tuần', 'Đề nghị lắp camera ở chợ Đồng Xuân']) {
        ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body } }));
      }
      const before = await metric(server, 'langnghe_journal_reads_total');
      const feed = subscribe(client(), OnSessionEventsDocument, { sessionId, after: null });
      // The session going LIVE, then the two opinions.
      const replayed = await feed.take(3);
      expect(replayed.map((e) => e.sessionEvents.opinion?.body).filter(Boolean)).toEqual(['Đèn đường ngõ 12 Hàng Bạc hỏng đã hai tuần', 'Đề nghị lắp camera ở chợ Đồng Xuân']);
      const after = await metric(server, 'langnghe_journal_reads_total');
      expect(after).toBeGreaterThan(before);
      expect(after).toBe(server.app.services.logs.reads.count);
      feed.close();
    });

    it('should keep the counts of each server instance apart; without METRICS_TOKEN, not serve them on PORT but on METRICS_PORT', async () => {
      const other = await startTestServer({ METRICS_PORT: '0' });
      try {
        const onPort = await fetch(new URL('/metrics', other.url));
        expect(onPort.status).toBe(404);
        expect(await onPort.text()).not.toContain('langnghe_');
        expect(other.app.metricsPort).toBeGreaterThan(0);
        expect(other.app.metricsPort).not.toBe(other.app.port);
        const labels = { method: 'GET', route: '/healthz', status: '200' };
        const [mine, theirs] = [await metric(server, 'langnghe_http_requests_total', labels), await metric(other, 'langnghe_http_requests_total', labels)];
        await fetch(new URL('/healthz', other.url));
        expect(await metric(other, 'langnghe_http_requests_total', labels)).toBe(theirs + 1);
        expect(await metric(server, 'langnghe_http_requests_total', labels)).toBe(mine);
      } finally {
        await other.close();
      }
    });

    it('should give client-chosen operation names a bounded set of labels', () => {
      const metrics = createMetrics();
      expect(metrics.operationLabel('SubmitOpinion')).toBe('SubmitOpinion');
      expect(metrics.operationLabel(undefined)).toBe('anonymous');
      expect(metrics.operationLabel('not a name {')).toBe('other');
      for (let i = 0; i < 500; i++) metrics.operationLabel(`Flood${i}`);
      expect(metrics.operationLabel('FloodLast')).toBe('other');
      expect(metrics.operationLabel('SubmitOpinion')).toBe('SubmitOpinion');
    });
  });

  describe('operation logs', () => {
    it('should log one line per operation with its request id and name, but not its variables or results', async () => {
      const body = 'Tố giác: nhóm thanh niên tụ tập đua xe trái phép đêm thứ bảy ở đường Thanh Niên';
      const contact = '0987 654 321';
      const response = await fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: 'mutation SubmitOpinion($input: SubmitOpinionInput!) { submitOpinion(input: $input) { id } }',
          variables: { input: { sessionId: forum.sessionId, body, contact, kind: 'TIP', authorName: 'Lê Thị Mai' } },
        }),
      });
      expect(response.status).toBe(200);
      const requestId = response.headers.get('x-request-id');
      const lines = logs.lines().filter((line) => line.msg === 'graphql operation' && line.requestId === requestId);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatchObject({ operationName: 'SubmitOpinion', operationType: 'mutation', outcome: 'success', transport: 'http', level: 30 });
      expect(typeof lines[0].durationMs).toBe('number');
      const text = logs.text();
      expect(text).not.toContain('đua xe trái phép');
      expect(text).not.toContain(contact);
      expect(text).not.toContain('Lê Thị Mai');
    });

    it('should log refused logins with their error code, never the password or an issued token', async () => {
      const password = 'mat-khau-sai-Hoan-Kiem-2026!';
      const refused = await server.request(LoginDocument, { email: forum.moderator.email, password });
      const code = refused.errors?.[0].extensions?.code;
      expect(code).toBeDefined();
      const joined = ok(await server.request(JoinAsCitizenDocument, { displayName: 'Phạm Văn Bình' }));
      const line = logs.lines().filter((entry) => entry.msg === 'graphql operation' && entry.operationName === 'Login').at(-1);
      expect(line).toMatchObject({ outcome: 'error', errorCodes: [code] });
      expect(logs.text()).not.toContain(password);
      expect(logs.text()).not.toContain(joined.joinAsCitizen.token);
    });

    it('should log subscriptions started over WebSocket by name', async () => {
      const { sessionId } = await openSession(server.app, forum);
      const attached = feedsAttached(server.app, sessionId);
      const feed = subscribe(client(), OnOpinionPublishedDocument, { sessionId });
      await attached;
      await eventually(() =>
        logs.lines().some((line) => line.msg === 'graphql operation' && line.transport === 'ws' && line.operationName === 'OnOpinionPublished'),
      );
      expect(logs.text()).not.toContain(sessionId);
      feed.close();
    });
  });
});

describe('readiness', () => {
  let redis: RedisProcess;
  let server: TestServer;

  beforeAll(async () => {
    redis = await startRedis();
    server = await startTestServer({ REDIS_URL: redis.url });
  });
  afterAll(async () => {
    await server?.close();
    await redis?.stop();
  });

  const probe = async (path: string) => {
    const response = await fetch(new URL(path, server.url));
    return { status: response.status, body: (await response.json()) as { status: string; checks?: Record<string, string>; down?: string[] } };
  };

  it('should be ready while the database and Redis answer', async () => {
    expect(await probe('/readyz')).toEqual({ status: 200, body: { status: 'ready', checks: { database: 'ok', redis: 'ok' }, down: [] } });
  });

  it('should answer 503 naming Redis when Redis is down, while staying alive', async () => {
    await redis.stop();
    try {
      expect(await probe('/readyz')).toEqual({ status: 503, body: { status: 'unavailable', checks: { database: 'ok', redis: 'down' }, down: ['redis'] } });
      expect((await probe('/healthz')).status).toBe(200);
    } finally {
      await redis.start();
    }
    await eventually(async () => (await probe('/readyz')).status === 200, 10_000);
  });

  it('should answer 503 naming the database when it is closed, and fail liveness too', async () => {
    const outage = await startTestServer();
    try {
      expect((await fetch(new URL('/readyz', outage.url))).status).toBe(200);
      await outage.app.database.close();
      const ready = await fetch(new URL('/readyz', outage.url));
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', checks: { database: 'down' }, down: ['database'] });
      expect((await fetch(new URL('/healthz', outage.url))).status).toBe(503);
    } finally {
      await outage.close();
    }
  });
});
