import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { AppError } from '../common/errors.js';
import { createContext, type Context } from '../context.js';
import type { Database } from '../db/client.js';
import type { AccessService } from '../auth/access.js';
import type { Services } from '../services.js';
import { preferredLocale, localizeMessage } from '../common/locale.js';
import { formatError, INTERNAL_MESSAGE, isExpectedError, localizeError } from './errors.js';
import { requestGuardPlugin } from './input-guard.js';
import { queryLimitsRule } from './limits.js';
import type { QueryLimits } from '../config.js';
import { registerExportRoutes } from './export.js';
import { registerHealthRoutes, type ReadinessCheck } from './health.js';
import { registerMetrics, type Metrics } from './metrics.js';
import { operationLogPlugin } from './operation-log.js';
import { registerHttpPosture } from './security.js';
import { registerWebRoutes } from './web.js';

/** The largest request body accepted (a larger one is a 413): a GraphQL request is a few kilobytes. */
export const MAX_REQUEST_BODY = 1024 * 1024;

export interface HttpServerOptions {
  schema: GraphQLSchema;
  services: Services;
  database: Database;
  logger: Logger;
  production: boolean;
  introspection: boolean;
  allowedOrigins: string[];
  /** Depth, aliases, tokens and cost a document may have (the same as over WebSocket). */
  queryLimits: QueryLimits;
  /** Which X-Forwarded-For entries give the client's address (Config.trustProxy). */
  trustProxy: boolean | string[];
  metrics: Metrics;
  /** Bearer token for `/metrics` on this port; absent: no `/metrics` here (404). */
  metricsToken?: string;
  /** What /readyz checks: the database, and Redis when configured. */
  readiness: ReadinessCheck[];
  /** The built pages (default dist/web; tests build their own). */
  webDir?: string;
}

/** Logs faults in full with the request id, and shows clients that id on masked errors. */
function errorLoggingPlugin(logger: Logger): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors({ errors, contextValue, operationName }) {
          for (const error of errors) {
            if (!isExpectedError(error)) {
              logger.error({ err: error.originalError ?? error, requestId: contextValue.requestId, operationName }, 'unexpected error');
            }
          }
        },
        async willSendResponse({ response, contextValue }) {
          if (response.body.kind !== 'single') return;
          for (const error of response.body.singleResult.errors ?? []) {
            if (error.message.startsWith(INTERNAL_MESSAGE)) {
              (error.extensions as Record<string, unknown>).requestId = contextValue.requestId;
            }
          }
        },
      };
    },
  };
}

/**
 * Answers in the language the request prefers (Accept-Language; Vietnamese by default). Listed
 * after errorLoggingPlugin, which recognises masked errors by their English text.
 */
function errorLanguagePlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ request, response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const locale = preferredLocale(request.http?.headers.get('accept-language'));
          response.body.singleResult.errors = response.body.singleResult.errors.map((error) => localizeError(error, locale));
        },
      };
    },
  };
}

/** The viewer and token of a request; a bad or revoked token is a 401 before any resolver runs (and before any plugin). */
async function authenticate(request: FastifyRequest, access: AccessService) {
  try {
    return await access.authenticate(request.headers.authorization);
  } catch (error) {
    const message = error instanceof AppError ? error.messageRef : 'auth.invalidToken';
    const locale = preferredLocale(request.headers['accept-language']);
    throw new GraphQLError(localizeMessage(message, locale), { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

/** Fastify with Apollo on /graphql (POST and GET; GET never mutates), /healthz, /readyz, /metrics, the exports and the web pages. */
export async function createHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const { logger } = options;
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: MAX_REQUEST_BODY,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    trustProxy: options.trustProxy,
  });
  await registerHttpPosture(app, { production: options.production, allowedOrigins: options.allowedOrigins });
  registerMetrics(app, options.metrics, { token: options.metricsToken });

  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    introspection: options.introspection,
    csrfPrevention: true,
    // index.ts owns SIGTERM/SIGINT. Apollo's own handler (on outside NODE_ENV=test) would close
    // Fastify at once, skipping the drain in app.close() and cutting requests already sent.
    stopOnTerminationSignals: false,
    parseOptions: { maxTokens: options.queryLimits.maxTokens },
    validationRules: [queryLimitsRule(options.queryLimits)],
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, { exposeInternals: !options.production }),
    plugins: [
      fastifyApolloDrainPlugin(app),
      requestGuardPlugin(),
      errorLoggingPlugin(logger),
      errorLanguagePlugin(),
      operationLogPlugin({ logger: logger.child({ component: 'graphql' }), metrics: options.metrics }),
      // No field carries a cache hint and no response is cached by HTTP: Apollo's cache-control
      // plugin would only time every field resolution (a wrapper per field, on large pages a
      // real share of the request).
      ApolloServerPluginCacheControlDisabled(),
      ...(options.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  const handler = fastifyApolloHandler(apollo, {
    context: async (request) => {
      const { viewer, tokenId, expiresAt } = await authenticate(request, options.services.access);
      return createContext({
        viewer,
        token: tokenId !== null && expiresAt !== null ? { id: tokenId, expiresAt } : null,
        services: options.services,
        prisma: options.database.prisma,
        requestId: request.id,
        deviceId: typeof request.headers['x-device-id'] === 'string' ? request.headers['x-device-id'] : null,
        ip: request.ip,
        locale: preferredLocale(request.headers['accept-language']),
      });
    },
  });
  app.route({ url: '/graphql', method: ['GET', 'POST', 'OPTIONS'], handler });

  registerHealthRoutes(app, { database: options.database, readiness: options.readiness });
  registerExportRoutes(app, { services: options.services });
  registerWebRoutes(app, { dir: options.webDir, logger });

  return app;
}
