import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { fastifyApolloDrainPlugin, fastifyApolloHandler } from '@as-integrations/fastify';
import { ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { GraphQLError, type GraphQLSchema } from 'graphql';
import type { Logger } from 'pino';
import { AppError } from '../common/errors.js';
import { createContext, type Context } from '../context.js';
import type { Database } from '../db/client.js';
import type { TokenService } from '../auth/tokens.js';
import type { Services } from '../services.js';
import { formatError, INTERNAL_MESSAGE, isExpectedError } from './errors.js';

export interface HttpServerOptions {
  schema: GraphQLSchema;
  services: Services;
  database: Database;
  tokens: TokenService;
  logger: Logger;
  production: boolean;
  introspection: boolean;
  allowedOrigins: string[];
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

/** The viewer for a request; a bad token is a 401 before any resolver runs. */
async function viewerOf(request: FastifyRequest, tokens: TokenService) {
  try {
    return await tokens.viewerFromAuthorization(request.headers.authorization);
  } catch (error) {
    const message = error instanceof AppError ? error.message : 'Invalid token';
    throw new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
  }
}

/** Fastify with Apollo on /graphql (POST and GET; GET never mutates) and /healthz. */
export async function createHttpServer(options: HttpServerOptions): Promise<{ app: FastifyInstance; apollo: ApolloServer<Context> }> {
  const { logger } = options;
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }) as FastifyBaseLogger,
    bodyLimit: 1024 * 1024,
    requestIdHeader: false,
    genReqId: () => crypto.randomUUID(),
    trustProxy: true,
  });

  const apollo = new ApolloServer<Context>({
    schema: options.schema,
    introspection: options.introspection,
    csrfPrevention: true,
    includeStacktraceInErrorResponses: false,
    formatError: (formatted, error) => formatError(formatted, error, { exposeInternals: !options.production }),
    plugins: [
      fastifyApolloDrainPlugin(app),
      errorLoggingPlugin(logger),
      ...(options.production ? [ApolloServerPluginLandingPageDisabled()] : []),
    ],
  });
  await apollo.start();

  const handler = fastifyApolloHandler(apollo, {
    context: async (request) =>
      createContext({
        viewer: await viewerOf(request, options.tokens),
        services: options.services,
        prisma: options.database.prisma,
        requestId: request.id,
        deviceId: typeof request.headers['x-device-id'] === 'string' ? request.headers['x-device-id'] : null,
        ip: request.ip,
      }),
  });
  app.route({ url: '/graphql', method: ['GET', 'POST', 'OPTIONS'], handler });

  app.get('/healthz', async (_request, reply) => {
    const ok = await options.database.ping().catch(() => false);
    return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'unavailable' });
  });

  return { app, apollo };
}
