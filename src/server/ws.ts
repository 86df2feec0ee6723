import type { Server } from 'node:http';
import crypto from 'node:crypto';
import { GraphQLError, getOperationAST, getVariableValues, type DocumentNode, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import { useServer } from 'graphql-ws/use/ws';
import type { Context } from '../context.js';
import type { Logger } from 'pino';
import type { Revocation } from '../auth/access.js';
import { ANONYMOUS, type Viewer } from '../auth/viewer.js';
import { createContext } from '../context.js';
import type { Database } from '../db/client.js';
import type { Services } from '../services.js';
import { DEFAULT_LOCALE, preferredLocale, type Locale } from '../common/locale.js';
import { formatError, isExpectedError, localizeError } from './errors.js';
import { refuseNulCharacters, rememberedNulLiterals } from './input-guard.js';
import { parseAndValidate } from './limits.js';
import type { QueryLimits } from '../config.js';
import type { Metrics } from './metrics.js';
import { recordOperation } from './operation-log.js';
import { executingViewer, groupKey, rootField, subscribeWithPositions, SubscriptionGroups, type DirectSink } from '../live/fanout.js';

export interface WebSocketOptions {
  httpServer: Server;
  schema: GraphQLSchema;
  services: Services;
  database: Database;
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
  /**
   * Closes every open socket whose viewer matches, with `code` and `reason` (4403 for a token
   * that no longer stands: revoked, say), and says how many. A closing socket sends nothing more;
   * its client reconnects with a fresh token and resumes by cursor.
   */
  closeSocketsWhere(predicate: (viewer: Viewer, tokenVersion: number, tokenId: string | null) => boolean, code: number, reason: string): number;
  /** Closes every socket with 1001 (Going Away) so clients reconnect elsewhere, then the server. */
  close(): Promise<void>;
}

type Extra = {
  viewer?: Viewer;
  /** When the socket's token expires (epoch milliseconds); null without a token. */
  expiresAt?: number | null;
  /** The staff token's version (0 for others): a revocation closes sockets with an older one. */
  tokenVersion?: number;
  /** The token's id: its logout closes the socket. */
  tokenId?: string | null;
  deviceId?: string | null;
  ip?: string | null;
  /** The language of the socket's error messages: connection_init's `acceptLanguage`, else the upgrade request's Accept-Language. */
  locale?: Locale;
};

const CHECKED_QUERIES = 200;
/** Bad variables reported for one subscribe (graphql-js's own default is 50). */
const MAX_VARIABLE_ERRORS = 10;

/** Close code and reason of a socket whose token expired (graphql-ws's Forbidden). */
const EXPIRED = { code: 4403, reason: 'Token expired' } as const;
// setTimeout's longest delay (about 24.8 days); a later expiry re-arms.
const MAX_TIMER_MS = 2 ** 31 - 1;

function hasExpired(expiresAt: number | null | undefined): boolean {
  return expiresAt !== null && expiresAt !== undefined && Date.now() >= expiresAt;
}

/** Closes the socket with 4403 the moment its token expires; the timer goes with the socket. */
function closeAtExpiry(socket: WebSocket, expiresAt: number): void {
  let timer: NodeJS.Timeout | undefined;
  const check = () => {
    const left = expiresAt - Date.now();
    if (left <= 0) return socket.close(EXPIRED.code, EXPIRED.reason);
    timer = setTimeout(check, Math.min(left, MAX_TIMER_MS)).unref();
  };
  socket.once('close', () => clearTimeout(timer));
  check();
}

/**
 * One subscription's socket as the sink of its group's results: the very `next` frame graphql-ws
 * would write ({"id","type","payload"}, in that order), around a payload whose JSON was made once
 * per group. The id goes in as JSON, so whatever the client chose for it stays inert text. A
 * socket whose token expired gets nothing more, even before its expiry timer has run.
 */
function directSink(socket: WebSocket, id: string, expiresAt: number | null): DirectSink {
  const head = `{"id":${JSON.stringify(id)},"type":"next","payload":`;
  return (payloadJson) => {
    if (socket.readyState !== socket.OPEN) return;
    if (hasExpired(expiresAt)) return socket.close(EXPIRED.code, EXPIRED.reason);
    socket.send(head + payloadJson + '}');
  };
}

/** Close code and reason of a socket whose staff token was revoked (deactivation, password reset, role or unit change). */
const REVOKED = { code: 4403, reason: 'Token revoked: sign in again' } as const;

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

  // Without a locale (operation logs keep only the codes) the message stays as thrown.
  const format = (error: GraphQLError, locale: Locale = 'en') => localizeError(formatError(error.toJSON(), error, { exposeInternals: !options.production }), locale);
  const formatResult = (result: ExecutionResult, locale: Locale) => ({ ...result, ...(result.errors ? { errors: result.errors.map((error) => format(error, locale)) } : {}) });
  // Subscribers with the same document, variables and audience share one execution per event.
  const groups = new SubscriptionGroups(
    subscribeWithPositions,
    (result, args) => formatResult(result, (args.contextValue as Context).locale),
    (seconds) => options.metrics.fanoutWrite.observe(seconds),
    options.services.signals,
  );
  const queries = new WeakMap<DocumentNode, string>();
  const nulLiterals = rememberedNulLiterals();
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
  // Who each open socket acts as, with the token version (staff) and id, for closeSocketsWhere.
  const viewers = new Map<WebSocket, { viewer: Viewer; version: number; tokenId: string | null }>();

  const access = options.services.access;
  const revokes = (revocation: Revocation, viewer: Viewer, tokenId: string | null) =>
    'tokenId' in revocation ? tokenId === revocation.tokenId : viewer.kind === 'staff' && viewer.id === revocation.staffId;
  const stopRevocations = access.onRevoked((revocation) =>
    transport.closeSocketsWhere((viewer, _version, tokenId) => revokes(revocation, viewer, tokenId), REVOKED.code, REVOKED.reason),
  );
  const recheck = () => {
    const staffIds = new Set<string>();
    const tokenIds = new Set<string>();
    for (const { viewer, tokenId } of viewers.values()) {
      if (viewer.kind !== 'staff') continue;
      staffIds.add(viewer.id);
      if (tokenId) tokenIds.add(tokenId);
    }
    Promise.all([access.currentTokenVersions([...staffIds]), access.revokedTokens([...tokenIds])])
      .then(([current, revoked]) => {
        transport.closeSocketsWhere(
          (viewer, version, tokenId) =>
            viewer.kind === 'staff' && ((current.has(viewer.id) && current.get(viewer.id) !== version) || (tokenId !== null && revoked.has(tokenId))),
          REVOKED.code,
          REVOKED.reason,
        );
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not re-check the staff behind open sockets'));
  };
  const stopResync = access.onResync(recheck);
  const recheckTimer = setInterval(recheck, options.staffRecheckInterval ?? 60_000).unref();

  wss.on('connection', (socket: WebSocket) => {
    options.metrics.openWebSockets.inc();
    socket.once('close', () => {
      options.metrics.openWebSockets.dec();
      options.services.signals.emit('socketClosed', { open: wss.clients.size });
    });
  });

  useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema: options.schema,
      connectionInitWaitTimeout: options.connectionInitWaitTimeout ?? 10_000,
      onConnect: async (ctx) => {
        ctx.extra.locale = preferredLocale(ctx.connectionParams?.acceptLanguage ?? ctx.extra.request.headers['accept-language']);
        try {
          const { viewer, expiresAt, version, tokenId } = await access.authenticate(ctx.connectionParams?.authorization);
          ctx.extra.viewer = viewer;
          ctx.extra.expiresAt = expiresAt;
          ctx.extra.tokenVersion = version;
          ctx.extra.tokenId = tokenId;
        } catch {
          return false;
        }
        const { socket } = ctx.extra;
        viewers.set(socket, { viewer: ctx.extra.viewer, version: ctx.extra.tokenVersion ?? 0, tokenId: ctx.extra.tokenId ?? null });
        socket.once('close', () => viewers.delete(socket));
        if (ctx.extra.expiresAt !== null) closeAtExpiry(socket, ctx.extra.expiresAt);
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
        // The expiry timer may not have run yet (a busy event loop): an expired token starts nothing.
        if (hasExpired(ctx.extra.expiresAt)) {
          ctx.extra.socket.close(EXPIRED.code, EXPIRED.reason);
          return [new GraphQLError('Token expired: sign in again')];
        }
        // A refused subscribe gets graphql-ws's own error message (the socket stays open) and
        // one info line: the client's mistake, not a fault.
        const refuse = (errors: readonly GraphQLError[], operation?: OperationDefinitionNode | null) => {
          recordOperation(
            { logger, metrics: options.metrics },
            { requestId: crypto.randomUUID(), operationName: operation?.name?.value ?? payload.operationName, operationType: operation?.operation, errors: errors.map((error) => format(error)), transport: 'ws' },
          );
          return [...errors];
        };
        const checked = check(payload.query);
        if ('errors' in checked) return refuse(checked.errors);
        const { document } = checked;
        // graphql-ws keeps the subscribe message for the subscription's life: point it at the
        // one copy of the query text instead of this message's own.
        (payload as { query: string }).query = checked.query;
        queries.set(document, payload.query);
        const operation = getOperationAST(document, payload.operationName);
        if (!operation) return refuse([new GraphQLError('Name the operation to run (operationName)', { extensions: { code: 'BAD_REQUEST' } })]);
        if (operation.operation !== 'subscription') return refuse([new GraphQLError(ONLY_SUBSCRIPTIONS, { extensions: { code: 'BAD_REQUEST' } })], operation);
        const nul = refuseNulCharacters(document, payload.variables, nulLiterals);
        if (nul) return refuse([nul], operation);
        // Variables are checked here, as Apollo does over HTTP: a bad one is the client's mistake
        // (BAD_USER_INPUT), where graphql-js's subscribe would return an uncoded error (a fault).
        const variables = getVariableValues(options.schema, operation.variableDefinitions ?? [], payload.variables ?? {}, { maxErrors: MAX_VARIABLE_ERRORS });
        if (variables.errors) return refuse(variables.errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } })), operation);
        const contextValue = createContext({
          // A citizen follows the public feeds as the public (see executingViewer).
          viewer: executingViewer(ctx.extra.viewer ?? ANONYMOUS, rootField({ document, operationName: payload.operationName })?.name.value ?? null),
          services: options.services,
          prisma: options.database.prisma,
          deviceId: ctx.extra.deviceId,
          ip: ctx.extra.ip,
          locale: ctx.extra.locale,
        });
        sinks.set(contextValue, directSink(ctx.extra.socket, id, ctx.extra.expiresAt ?? null));
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
      subscribe: (args) => {
        const context = args.contextValue as Context;
        // Members of a group share its formatted results, error messages included: one language per group.
        const key = groupKey(args, queries.get(args.document) ?? '', context.viewer);
        return groups.subscribe(args, key === null ? null : `${context.locale}\n${key}`, sinks.get(context));
      },
      // Grouped subscriptions write their results straight to their sockets (directSink): only
      // subscriptions run alone come through here.
      onNext: (ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        return formatResult(result, ctx.extra.locale ?? DEFAULT_LOCALE);
      },
      onError: (ctx, _id, _payload, errors) => {
        for (const error of errors) if (!isExpectedError(error)) logger.error({ err: error }, 'subscription failed');
        return errors.map((error) => format(error, ctx.extra.locale ?? DEFAULT_LOCALE));
      },
    },
    wss,
    options.keepAlive ?? 12_000,
  );

  const transport: WebSocketTransport = {
    wss,
    groups,
    clientCount: () => wss.clients.size,
    closeSocketsWhere: (predicate, code, reason) => {
      let closed = 0;
      for (const [socket, { viewer, version, tokenId }] of viewers) {
        if (socket.readyState !== socket.OPEN || !predicate(viewer, version, tokenId)) continue;
        socket.close(code, reason);
        closed++;
      }
      return closed;
    },
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
  return transport;
}
