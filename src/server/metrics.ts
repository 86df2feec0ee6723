import { createHash, timingSafeEqual } from 'node:crypto';
import Fastify, { type FastifyInstance, type FastifyReply } from 'fastify';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** The live feeds behind the Subscription type, as metric labels. */
export const LIVE_FEEDS = ['opinionSubmitted', 'opinionPublished', 'opinionUpdated', 'responsePosted', 'sessionStatsChanged', 'sessionEvents', 'myOpinionEvents'] as const;
export type LiveFeedName = (typeof LIVE_FEEDS)[number];

/** How a GraphQL operation ended: `error` is a refusal the client can read, `internal_error` a fault of ours. */
export type OperationOutcome = 'success' | 'error' | 'internal_error';

/** Every instrument the server records, on a registry of its own (see createMetrics). */
export interface Metrics {
  registry: Registry;
  httpRequests: Counter<'method' | 'route' | 'status'>;
  graphqlOperations: Counter<'operation' | 'type' | 'outcome'>;
  openWebSockets: Gauge;
  /** Subscribers and shared executions per feed, read at scrape time from the WebSocket layer. */
  subscribers: Gauge<'kind' | 'feed'>;
  /** Where `subscribers` reads from (the WebSocket layer sets it). */
  countSubscribers: { source: () => Map<string, { groups: number; members: number }> };
  activeSubscriptions: Gauge<'feed'>;
  /** Journal pages read for replays, read at scrape time from the session logs. */
  journalReads: Counter;
  /** Where `journalReads` reads from (the app sets it). */
  countJournalReads: { source: () => number };
  eventsPublished: Counter<'type'>;
  eventsDelivered: Counter<'feed'>;
  deliveryLag: Histogram<'feed'>;
  /** Seconds to hand one shared result to every member of its group (sockets written directly). */
  fanoutWrite: Histogram;
  /** Incremented by the rate limiter for each refused request: `rateLimited.inc({ operation })`. */
  rateLimited: Counter<'operation'>;
  /** Session views the public read cache opened for requests, by result (hit, miss, checked_hit, checked_miss). */
  publicCacheReads: Counter<'result'>;
  /**
   * A bounded label for a client-chosen operation name: the first MAX_OPERATION_NAMES valid
   * names are kept, later new ones count as "other", so clients cannot grow the series at will.
   */
  operationLabel(name: string | null | undefined): string;
}

const MAX_OPERATION_NAMES = 200;
const GRAPHQL_NAME = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

/**
 * The server's Prometheus instruments on a new registry (not prom-client's global one), so
 * several servers in one process — tests — keep separate counts. Default process metrics included.
 */
export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const registers = [registry];
  const activeSubscriptions = new Gauge({
    name: 'langnghe_active_subscriptions',
    help: 'Live feed executions running, per feed: one per group of subscribers that share an execution (see langnghe_subscribers)',
    labelNames: ['feed'] as const,
    registers,
  });
  // Every feed shows up, at 0, before its first subscriber.
  for (const feed of LIVE_FEEDS) activeSubscriptions.set({ feed }, 0);
  const countSubscribers = { source: () => new Map<string, { groups: number; members: number }>() };
  const countJournalReads = { source: () => 0 };
  const knownOperations = new Set<string>();
  return {
    registry,
    httpRequests: new Counter({
      name: 'langnghe_http_requests_total',
      help: 'HTTP requests answered, by method, route pattern and status code',
      labelNames: ['method', 'route', 'status'] as const,
      registers,
    }),
    graphqlOperations: new Counter({
      name: 'langnghe_graphql_operations_total',
      help: 'GraphQL operations by operation name, type (query, mutation, subscription) and outcome (success, error, internal_error)',
      labelNames: ['operation', 'type', 'outcome'] as const,
      registers,
    }),
    openWebSockets: new Gauge({
      name: 'langnghe_websocket_connections',
      help: 'WebSocket connections currently open',
      registers,
    }),
    activeSubscriptions,
    subscribers: new Gauge({
      name: 'langnghe_subscribers',
      help: 'WebSocket subscriptions served by shared executions (kind=members) and the executions serving them (kind=groups), per feed',
      labelNames: ['kind', 'feed'] as const,
      registers,
      collect() {
        const byFeed = countSubscribers.source();
        for (const feed of LIVE_FEEDS) {
          const counts = byFeed.get(feed) ?? { groups: 0, members: 0 };
          this.set({ kind: 'groups', feed }, counts.groups);
          this.set({ kind: 'members', feed }, counts.members);
        }
      },
    }),
    countSubscribers,
    journalReads: new Counter({
      name: 'langnghe_journal_reads_total',
      help: 'Journal pages read from the database for replays (a reconnect storm shares one read per page)',
      registers,
      collect() {
        this.reset();
        this.inc(countJournalReads.source());
      },
    }),
    countJournalReads,
    eventsPublished: new Counter({
      name: 'langnghe_live_events_published_total',
      help: 'Domain events published by this instance, by event type',
      labelNames: ['type'] as const,
      registers,
    }),
    eventsDelivered: new Counter({
      name: 'langnghe_live_events_delivered_total',
      help: 'Results produced by live feed executions, by feed: a shared group counts once per event, however many sockets it writes to',
      labelNames: ['feed'] as const,
      registers,
    }),
    deliveryLag: new Histogram({
      name: 'langnghe_live_delivery_lag_seconds',
      help: 'Seconds from the publication of an event to the result of a feed execution (then written to its group: langnghe_fanout_write_seconds), by feed',
      labelNames: ['feed'] as const,
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers,
    }),
    fanoutWrite: new Histogram({
      name: 'langnghe_fanout_write_seconds',
      help: 'Seconds to hand one shared result to every member of its group, sockets written in one loop',
      buckets: [0.0005, 0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    rateLimited: new Counter({
      name: 'langnghe_rate_limited_total',
      help: 'Requests refused by a rate limit, by operation',
      labelNames: ['operation'] as const,
      registers,
    }),
    publicCacheReads: new Counter({
      name: 'langnghe_public_cache_total',
      help: 'Session views of the public read cache opened by requests: hit (no database), miss (read anew), checked_hit / checked_miss (the bus could not vouch for delivery: journal position read first)',
      labelNames: ['result'] as const,
      registers,
    }),
    operationLabel(name) {
      if (!name) return 'anonymous';
      if (!GRAPHQL_NAME.test(name)) return 'other';
      if (knownOperations.has(name)) return name;
      if (knownOperations.size >= MAX_OPERATION_NAMES) return 'other';
      knownOperations.add(name);
      return name;
    },
  };
}

/**
 * Counts every HTTP response by route pattern (never the raw URL). `/metrics` is served on the
 * public port only with a token (Bearer; 401 without one, 403 with a wrong one): counters by
 * event type would let anyone count and time the tips a live session receives. Without a token
 * the route does not exist there (404); `startMetricsServer` serves it on a private port.
 */
export function registerMetrics(app: FastifyInstance, metrics: Metrics, { token }: { token?: string } = {}): void {
  app.addHook('onResponse', async (request, reply) => {
    metrics.httpRequests.inc({
      method: request.method,
      route: request.routeOptions.url ?? 'unmatched',
      status: String(reply.statusCode),
    });
  });
  if (token === undefined) return;
  const expected = digest(token);
  app.get('/metrics', async (request, reply) => {
    const presented = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
    if (presented === undefined) return reply.code(401).header('www-authenticate', 'Bearer').send('Unauthorized\n');
    // Digests of equal length, so the comparison takes the same time whatever was presented.
    if (!timingSafeEqual(digest(presented), expected)) return reply.code(403).send('Forbidden\n');
    return serve(metrics, reply);
  });
}

/** `/metrics` alone, without a token, on its own port (METRICS_PORT): keep that port off the public network. */
export async function startMetricsServer(metrics: Metrics, { host, port }: { host: string; port: number }): Promise<{ port: number; close: () => Promise<void> }> {
  const app = Fastify({ logger: false });
  app.get('/metrics', (_request, reply) => serve(metrics, reply));
  await app.listen({ host, port });
  const address = app.server.address();
  return { port: typeof address === 'object' && address ? address.port : port, close: () => app.close() };
}

async function serve(metrics: Metrics, reply: FastifyReply) {
  const body = await metrics.registry.metrics();
  return reply.header('content-type', metrics.registry.contentType).send(body);
}

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}
