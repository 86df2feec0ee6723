import type { Server } from 'node:http';
import { GraphQLError, getOperationAST, subscribe, type DocumentNode, type ExecutionResult, type GraphQLSchema } from 'graphql';
import { WebSocket, WebSocketServer } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Context } from '../context.js';
import type { Logger } from 'pino';
import type { TokenService } from '../auth/tokens.js';
import type { Viewer } from '../auth/viewer.js';
import { createContext } from '../context.js';
import type { Database } from '../db/client.js';
import type { Services } from '../services.js';
import { formatError, isExpectedError } from './errors.js';
import { parseAndValidate } from './limits.js';
import type { QueryLimits } from '../config.js';
import type { Metrics } from './metrics.js';
import { recordOperation } from './operation-log.js';
import { groupKey, isShared, SHARED_JSON, sharedPayloadReplacer, SubscriptionGroups, withSharedPayload, type DirectSink } from '../live/fanout.js';

export interface WebSocketOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  services: Services;
  database: Database;
  tokens: TokenService;
  logger: Logger;
  production: boolean;
  allowedOrigins: string[];
  /** The same document limits as over HTTP. */
  queryLimits: QueryLimits;
  metrics: Metrics;
  /** Largest message a client may send; larger ones close the socket with 1009. */
  maxPayload?: number;
  /** Time a client has to send connection_init before it is closed with 4408. */
  connectionInitWaitTimeout?: number;
  /** Ping interval; a client that misses a pong is dropped. */
  keepAlive?: number;
  /**
   * How often the staff accounts behind open sockets are read again (default a minute): the
   * safety net for a revocation whose bus message was lost (Redis away); the message itself
   * closes the sockets at once.
   */
  staffRecheckInterval?: number;
}

export interface WebSocketTransport {
  wss: WebSocketServer;
  /** Open sockets. */
  clientCount(): number;
  /** Shared executions running and their members. */
  groups: SubscriptionGroups;
  /** Closes every socket with 1001 (Going Away) so clients reconnect elsewhere, then the server. */
  close(): Promise<void>;
}

type Extra = {
  viewer?: Viewer;
  deviceId?: string | null;
  ip?: string | null;
};

const CHECKED_QUERIES = 200;

/**
 * The subscriber's socket as a sink for shared results: the very `next` frame graphql-ws
 * writes ({"id","type","payload"}, in that order), with the payload's JSON made once per group.
 */
const sendFrame: (this: WebSocket, data: string) => void = WebSocket.prototype.send;

function directSink(socket: WebSocket, id: string): DirectSink {
  const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  // ws's own send: the frame is complete, so the per-socket token swap (below) has nothing to do.
  return (result) => {
    if (socket.readyState === socket.OPEN) sendFrame.call(socket, head + result[SHARED_JSON] + '}');
  };
}

/** The close code for a socket whose staff token was revoked: graphql-ws's Forbidden. */
export const REVOKED_CLOSE_CODE = 4403;

/** The open sockets of staff members with their token versions, so a revocation can close them. */
class StaffSockets {
  private readonly byStaff = new Map<string, Map<WebSocket, number>>();

  add(staffId: string, version: number, socket: WebSocket): void {
    let sockets = this.byStaff.get(staffId);
    if (!sockets) this.byStaff.set(staffId, (sockets = new Map()));
    sockets.set(socket, version);
    socket.once('close', () => {
      sockets.delete(socket);
      if (sockets.size === 0 && this.byStaff.get(staffId) === sockets) this.byStaff.delete(staffId);
    });
  }

  /** Closes the staff member's sockets, all of them or those whose token version is not `current`. */
  close(staffId: string, current?: number | null): void {
    for (const [socket, version] of this.byStaff.get(staffId) ?? []) {
      if (current === undefined || version !== current) socket.close(REVOKED_CLOSE_CODE, 'Token revoked: sign in again');
    }
  }

  staffIds(): string[] {
    return [...this.byStaff.keys()];
  }
}

const ONLY_SUBSCRIPTIONS = 'Only subscriptions go over WebSocket; send queries and mutations over HTTP';

/**
 * graphql-ws (graphql-transport-ws) on the HTTP server's /graphql. Clients authenticate in
 * connection_init with `{ authorization: "Bearer <token>" }`; a bad token closes with 4403.
 * Each subscribe is validated like an HTTP request and must be a subscription.
 */
export function attachWebSocketServer(options: WebSocketOptions): WebSocketTransport {
  const { logger } = options;
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: options.maxPayload ?? 64 * 1024,
    verifyClient: ({ origin }: { origin?: string }) =>
      options.allowedOrigins.length === 0 || !origin || options.allowedOrigins.includes(origin),
  });

  const format = (error: GraphQLError) => formatError(error.toJSON(), error, { exposeInternals: !options.production });
  const formatResult = (result: ExecutionResult) => ({ ...result, ...(result.errors ? { errors: result.errors.map(format) } : {}) });
  // Subscribers with the same document, variables and audience share one execution per event.
  const groups = new SubscriptionGroups(
    (args) => subscribe(args),
    formatResult,
    (seconds) => options.metrics.fanoutWrite.observe(seconds),
  );
  const queries = new WeakMap<DocumentNode, string>();
  // Each subscription's context → the sink writing to its socket (see directSink).
  const sinks = new WeakMap<object, DirectSink>();
  // A reconnect wave sends thousands of identical subscribe messages: parse and validate each
  // distinct query once. Only accepted documents are kept, at most CHECKED_QUERIES of them.
  const checkedQueries = new Map<string, { document: DocumentNode; query: string }>();
  const check = (query: string) => {
    const known = checkedQueries.get(query);
    if (known) return known;
    const checked = parseAndValidate(options.schema, query, options.queryLimits);
    if ('errors' in checked) return checked;
    if (checkedQueries.size >= CHECKED_QUERIES) checkedQueries.delete(checkedQueries.keys().next().value!);
    const accepted = { document: checked.document, query };
    checkedQueries.set(query, accepted);
    return accepted;
  };
  options.metrics.countSubscribers.source = () => groups.statsByFeed();

  const staffSockets = new StaffSockets();
  const access = options.services.access;
  const stopRevocations = access.onRevoked((staffId) => staffSockets.close(staffId));
  const recheck = () => {
    access
      .currentTokenVersions(staffSockets.staffIds())
      .then((versions) => {
        for (const [staffId, version] of versions) staffSockets.close(staffId, version);
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not re-check the staff behind open sockets'));
  };
  const stopResync = access.onResync(recheck);
  const recheckTimer = setInterval(recheck, options.staffRecheckInterval ?? 60_000).unref();

  wss.on('connection', (socket: WebSocket) => {
    options.metrics.openWebSockets.inc();
    socket.once('close', () => options.metrics.openWebSockets.dec());
    // Frames of shared results carry a token where the payload goes; swap in the ready JSON.
    const send = socket.send.bind(socket) as (data: unknown, ...rest: unknown[]) => void;
    socket.send = ((data: unknown, ...rest: unknown[]) => send(typeof data === 'string' ? withSharedPayload(data) : data, ...rest)) as WebSocket['send'];
  });

  useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: options.schema,
      connectionInitWaitTimeout: options.connectionInitWaitTimeout ?? 10_000,
      onConnect: async (ctx) => {
        try {
          const { viewer, version } = await access.resolve(ctx.connectionParams?.authorization);
          ctx.extra.viewer = viewer;
          if (viewer.kind === 'staff') staffSockets.add(viewer.id, version, ctx.extra.socket);
        } catch {
          return false;
        }
        const request = ctx.extra.request;
        const deviceId = request.headers['x-device-id'];
        ctx.extra.deviceId = typeof deviceId === 'string' ? deviceId : null;
        ctx.extra.ip = request.socket.remoteAddress ?? null;
        // Everything needed from the upgrade request is copied out: let it go (about 2 KB per
        // connection, kept for the socket's whole life otherwise).
        (ctx.extra as { request?: unknown }).request = undefined;
        return true;
      },
      onSubscribe: (ctx, id, payload) => {
        const checked = check(payload.query);
        if ('errors' in checked) return checked.errors;
        const { document } = checked;
        // graphql-ws keeps the subscribe message for the subscription's life: point it at the
        // one copy of the query text instead of this message's own.
        (payload as { query: string }).query = checked.query;
        queries.set(document, payload.query);
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return [new GraphQLError('Name the operation to run (operationName)')];
        if (operation.operation !== 'subscription') return [new GraphQLError(ONLY_SUBSCRIPTIONS)];
        const contextValue = createContext({
          viewer: ctx.extra.viewer ?? { kind: 'anonymous' },
          services: options.services,
          prisma: options.database.prisma,
          deviceId: ctx.extra.deviceId,
          ip: ctx.extra.ip,
        });
        sinks.set(contextValue, directSink(ctx.extra.socket, id));
        return { schema: options.schema, document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onOperation: async (_ctx, _id, _payload, args, operationResult) => {
        const result = await operationResult;
        const refused = Symbol.asyncIterator in result ? undefined : result.errors;
        recordOperation(
          { logger, metrics: options.metrics },
          {
            requestId: (args.contextValue as Context).requestId,
            operationName: getOperationAST(args.document, args.operationName)?.name?.value,
            operationType: 'subscription',
            errors: refused?.map((error) => formatError(error.toJSON(), error, { exposeInternals: !options.production })),
            transport: 'ws',
          },
        );
      },
      subscribe: (args) =>
        groups.subscribe(args, groupKey(args, queries.get(args.document) ?? '', (args.contextValue as Context).viewer), sinks.get(args.contextValue as object)),
      jsonMessageReplacer: sharedPayloadReplacer,
      onNext: (_ctx, _id, _payload, _args, result) => {
        // A shared result is formatted already; returning it lets its ready JSON go out as is.
        if (isShared(result)) return result;
        if (!result.errors?.length) return;
        return { ...result, errors: result.errors.map((error) => formatError(error.toJSON(), error, { exposeInternals: !options.production })) };
      },
      onError: (_ctx, _id, _payload, errors) => {
        for (const error of errors) if (!isExpectedError(error)) logger.error({ err: error }, 'subscription failed');
        return errors.map((error) => formatError(error.toJSON(), error, { exposeInternals: !options.production }));
      },
    },
    wss,
    options.keepAlive ?? 12_000,
  );

  return {
    wss,
    groups,
    clientCount: () => wss.clients.size,
    close: () =>
      new Promise<void>((resolve) => {
        stopRevocations();
        stopResync();
        clearInterval(recheckTimer);
        for (const socket of wss.clients) (socket as WebSocket).close(1001, 'Server is shutting down');
        wss.close(() => resolve());
        // Sockets that do not finish the closing handshake are cut after a second.
        setTimeout(() => {
          for (const socket of wss.clients) (socket as WebSocket).terminate();
          resolve();
        }, 1000).unref();
      }),
  };
}
