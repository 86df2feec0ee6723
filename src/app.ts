import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { applyMigrations } from './db/migrate.js';
import { resolveJwtSecret, TokenService } from './auth/tokens.js';
import { MemoryEventBus, RedisEventBus, type EventBus } from './live/bus.js';
import { createLogger } from './logger.js';
import { buildSchema } from './schema.js';
import { createHttpServer } from './server/http.js';
import { attachWebSocketServer, type WebSocketTransport } from './server/ws.js';
import { createServices, type Services } from './services.js';

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
  /** Stops accepting, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** An already-open database (tests); otherwise opened from the configuration. */
  database?: Database;
  logger?: Logger;
  /** WebSocket transport settings (tests shorten them). */
  ws?: { connectionInitWaitTimeout?: number; keepAlive?: number };
}

/** Redis when configured, else in-process. A Redis that is down at start does not stop the API. */
async function createEventBus(config: Config, logger: Logger): Promise<EventBus> {
  if (!config.redisUrl) return new MemoryEventBus();
  const bus = new RedisEventBus(config.redisUrl, logger.child({ component: 'redis' }));
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
  const database = options.database ?? (await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir }));
  try {
    const applied = await applyMigrations(database);
    if (applied.length) logger.info({ applied }, 'applied database migrations');
    const tokens = new TokenService(resolveJwtSecret({ secret: config.jwtSecret, dataDir: config.dataDir, logger }), {
      staffSeconds: config.staffTokenTtlSeconds,
      citizenSeconds: config.citizenTokenTtlSeconds,
    });
    const events = await createEventBus(config, logger);
    const services = createServices({ prisma: database.prisma, tokens, events, logger });
    if (config.adminEmail && config.adminPassword) {
      await services.staff.ensureAdmin({ email: config.adminEmail, password: config.adminPassword });
    }
    const schema = await buildSchema();
    const { app } = await createHttpServer({
      schema,
      services,
      database,
      tokens,
      logger,
      production: config.nodeEnv === 'production',
      introspection: config.introspection,
      allowedOrigins: config.allowedOrigins,
    });
    const ws = attachWebSocketServer({
      httpServer: app.server,
      schema,
      services,
      database,
      tokens,
      logger: logger.child({ component: 'ws' }),
      production: config.nodeEnv === 'production',
      allowedOrigins: config.allowedOrigins,
      ...options.ws,
    });
    await app.listen({ host: config.host, port: config.port });
    const port = (app.server.address() as AddressInfo).port;
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
      close: () =>
        (closing ??= (async () => {
          await ws.close();
          await app.close();
          await events.close();
          if (!options.database) await database.close();
        })()),
    };
  } catch (error) {
    if (!options.database) await database.close().catch(() => {});
    throw error;
  }
}
