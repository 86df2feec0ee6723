import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/client.js';
import { applyMigrations } from './db/migrate.js';
import { resolveJwtSecret, TokenService } from './auth/tokens.js';
import { MemoryEventBus } from './live/events.js';
import { createLogger } from './logger.js';
import { buildSchema } from './schema.js';
import { createHttpServer } from './server/http.js';
import { createServices, type Services } from './services.js';

export interface RunningApp {
  url: string;
  port: number;
  database: Database;
  services: Services;
  events: MemoryEventBus;
  tokens: TokenService;
  logger: Logger;
  /** Stops accepting, finishes in-flight requests, closes the database. */
  close(): Promise<void>;
}

export interface StartOptions {
  /** An already-open database (tests); otherwise opened from the configuration. */
  database?: Database;
  logger?: Logger;
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
    const events = new MemoryEventBus();
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
    await app.listen({ host: config.host, port: config.port });
    const port = (app.server.address() as AddressInfo).port;
    const host = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host;
    const url = `http://${host}:${port}/graphql`;
    logger.info({ url, database: database.kind }, 'Lắng Nghe is listening');
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      database,
      services,
      events,
      tokens,
      logger,
      close: () =>
        (closing ??= (async () => {
          await app.close();
          if (!options.database) await database.close();
        })()),
    };
  } catch (error) {
    if (!options.database) await database.close().catch(() => {});
    throw error;
  }
}
