import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { applyMigrations } from './db/migrate.js';
import { resolveJwtSecret, TokenService } from './auth/tokens.js';
import { MemoryEventBus, RedisEventBus, type EventBus } from './live/bus.js';
import { createLogger } from './logger.js';
import { buildSchema } from './schema.js';
import { HttpDrain } from './server/drain.js';
import { createHttpServer } from './server/http.js';
import type { ReadinessCheck } from './server/health.js';
import { createMetrics, startMetricsServer, type Metrics } from './server/metrics.js';
import { RateLimiter } from './auth/rate-limiter.js';
import { attachWebSocketServer, type WebSocketTransport } from './server/ws.js';
import { createServices, type Services } from './services.js';
import type { Signals } from './live/signals.js';

export interface RunningApp {
  url: string;
  port: number;
  database: Database;
  services: Services;
  events: EventBus;
  ws: WebSocketTransport;
  /** ws:// URL of the subscription endpoint. */
  wsUrl: string;
  tokens: TokenService;
  logger: Logger;
  /** This instance's readiness signals (tests await them instead of polling counters). */
  signals: Signals;
  /** This instance's Prometheus instruments (served on /metrics). */
  metrics: Metrics;
  /** The port serving `/metrics` without a token (METRICS_PORT), when set. */
  metricsPort?: number;
  /** Stops accepting, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** A database already open, or being opened (tests; index.ts opens it while modules load). */
  database?: Database | Promise<Database>;
  /** Close `database` on close (default: only a database startApp opened itself). */
  ownsDatabase?: boolean;
  logger?: Logger;
  /** WebSocket transport settings (tests shorten them). */
  ws?: { connectionInitWaitTimeout?: number; keepAlive?: number };
  /** Folder of the built web pages (default dist/web; the browser tests build their own). */
  webDir?: string;
}

/** Redis when configured, else in-process. A Redis that is down at start does not stop the API. */
async function createEventBus(config: Config, logger: Logger, metrics: Metrics): Promise<EventBus> {
  if (!config.redisUrl) return new MemoryEventBus(metrics);
  const bus = new RedisEventBus(config.redisUrl, logger.child({ component: 'redis' }), metrics);
  const started = await Promise.race([
    bus.start().then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 3000).unref()),
  ]);
  if (!started) logger.warn('redis is not reachable yet: serving anyway, live delivery across instances resumes when it is');
  return bus;
}

/** Opens the database, applies migrations, and serves the API on config.host:config.port. */
export async function startApp(config: Config, options: StartOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger(config.logLevel);
  const database = (await options.database) ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }));
  const ownsDatabase = !options.database || options.ownsDatabase === true;
  try {
    const applied = await applyMigrations(database);
    if (applied.length) logger.info({ applied }, 'applied database migrations');
    const tokens = new TokenService(resolveJwtSecret({ secret: config.jwtSecret, dataDir: config.dataDir, logger }), {
      staffSeconds: config.staffTokenTtlSeconds,
      citizenSeconds: config.citizenTokenTtlSeconds,
    });
    const metrics = createMetrics();
    const events = await createEventBus(config, logger, metrics);
    const rateLimits = new RateLimiter({
      limits: config.rateLimits,
      redisUrl: config.redisUrl,
      logger: logger.child({ component: 'rate-limit' }),
      onRefusal: (operation) => metrics.rateLimited.inc({ operation }),
    });
    const services = createServices({
      prisma: database.prisma,
      tokens,
      events,
      logger,
      metrics,
      rateLimits,
      // PGlite runs one statement at a time; PostgreSQL's pooled connections write in parallel.
      writeConcurrency: database.kind === 'postgresql' ? 4 : 1,
      onPublicCacheRead: (result) => metrics.publicCacheReads.inc({ result }),
    });
    metrics.countJournalReads.source = () => services.logs.reads.count;
    const readiness: ReadinessCheck[] = [{ name: 'database', ping: () => database.ping() }];
    if (config.redisUrl) readiness.push({ name: 'redis', ping: () => events.ping() });
    if (config.adminEmail && config.adminPassword) {
      await services.staff.ensureAdmin({ email: config.adminEmail, password: config.adminPassword });
    }
    const schema = await buildSchema();
    const app = await createHttpServer({
      schema,
      services,
      database,
      logger,
      production: config.nodeEnv === 'production',
      introspection: config.introspection,
      allowedOrigins: config.allowedOrigins,
      queryLimits: config.queryLimits,
      trustProxy: config.trustProxy,
      metrics,
      metricsToken: config.metricsToken,
      readiness,
      webDir: options.webDir,
    });
    const drain = new HttpDrain(app.server);
    const ws = attachWebSocketServer({
      httpServer: app.server,
      schema,
      services,
      database,
      logger: logger.child({ component: 'ws' }),
      production: config.nodeEnv === 'production',
      allowedOrigins: config.allowedOrigins,
      queryLimits: config.queryLimits,
      metrics,
      ...options.ws,
    });
    await app.listen({ host: config.host, port: config.port });
    const port = (app.server.address() as AddressInfo).port;
    const metricsServer = config.metricsPort === undefined ? undefined : await startMetricsServer(metrics, { host: config.host, port: config.metricsPort });
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${host}:${port}/graphql`;
    logger.info({ url, database: database.kind }, 'Lắng Nghe is listening');
    let closing: Promise<void> | undefined;
    return {
      url,
      wsUrl: url.replace(/^http/, 'ws'),
      ws,
      port,
      database,
      services,
      events,
      tokens,
      logger,
      signals: services.signals,
      metrics,
      metricsPort: metricsServer?.port,
      close: () =>
        (closing ??= (async () => {
          await ws.close();
          // Read what clients already sent before fastify drops idle keep-alive sockets.
          await drain.drain();
          await app.close();
          await metricsServer?.close();
          await events.close();
          await services.rateLimits.close();
          if (ownsDatabase) await database.close();
        })()),
    };
  } catch (error) {
    if (ownsDatabase) await database.close().catch(() => {});
    throw error;
  }
}
