import type { Server } from 'node:http';
import crypto from 'node:crypto';
import { GraphQLError, getOperationAST, getVariableValues, type DocumentNode, type ExecutionArgs, type ExecutionResult, type GraphQLSchema, type OperationDefinitionNode } from 'graphql';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Context as SocketContext, SubscribePayload } from 'graphql-ws';
import { useServer, type Extra as UpgradeExtra } from 'graphql-ws/use/ws';
import type { Context } from '../context.js';
import type { Logger } from 'pino';
import type { AccessService, Revocation } from '../auth/access.js';
import { ANONYMOUS, type Viewer } from '../auth/viewer.js';
import { createContext } from '../context.js';
import type { Database } from '../db/client.js';
import type { Services } from '../services.js';
import { DEFAULT_LOCALE, preferredLocale, type Locale } from '../common/locale.js';
import { CataloguedError, formatError, isExpectedError, localizeError } from './errors.js';
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

/** What graphql-ws keeps per socket besides the socket itself: copied from connection_init and the upgrade request. */
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


/** A socket as graphql-ws hands it to the steps below: connection_init's payload, the socket, and Extra. */
type Connection = SocketContext<Record<string, unknown> | undefined, UpgradeExtra & Partial<Extra>>;

/**
 * The WebSocketServer on the HTTP server's /graphql: messages up to `maxPayload`, browsers only
 * from the allowed origins, every open socket counted in `open_websockets`.
 */
function openWebSocketServer(options: WebSocketOptions): WebSocketServer {
  const wss = new WebSocketServer({
    server: options.httpServer,
    path: '/graphql',
    maxPayload: options.maxPayload ?? 64 * 1024,
    verifyClient: ({ origin }: { origin?: string }) =>
      options.allowedOrigins.length === 0 || !origin || options.allowedOrigins.includes(origin),
  });
  wss.on('connection', (socket: WebSocket) => {
    options.metrics.openWebSockets.inc();
    socket.once('close', () => {
      options.metrics.openWebSockets.dec();
      options.services.signals.emit('socketClosed', { open: wss.clients.size });
    });
  });
  return wss;
}

/** Errors and results as clients read them: formatted as over HTTP, in the socket's language. */
function errorFormatting(production: boolean) {
  // Without a locale (operation logs keep only the codes) the message stays as thrown.
  const error = (graphqlError: GraphQLError, locale: Locale = 'en') => localizeError(formatError(graphqlError.toJSON(), graphqlError, { exposeInternals: !production }), locale);
  const result = (result: ExecutionResult, locale: Locale) => ({ ...result, ...(result.errors ? { errors: result.errors.map((each) => error(each, locale)) } : {}) });
  return { error, result };
}
type ErrorFormatting = ReturnType<typeof errorFormatting>;

/**
 * Subscribe queries, parsed and validated once each: a reconnect wave sends thousands of
 * identical subscribe messages. Only accepted documents are kept, at most CHECKED_QUERIES of
 * them; each keeps the one copy of its query text (grouping reads it).
 */
class CheckedQueries {
  private readonly accepted = new Map<string, { document: DocumentNode; query: string }>();
  private readonly texts = new WeakMap<DocumentNode, string>();

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: QueryLimits,
  ) {}

  check(query: string): { document: DocumentNode; query: string } | { errors: readonly GraphQLError[] } {
    const known = this.accepted.get(query);
    if (known) return known;
    const checked = parseAndValidate(this.schema, query, this.limits);
    if ('errors' in checked) return checked;
    if (this.accepted.size >= CHECKED_QUERIES) this.accepted.delete(this.accepted.keys().next().value!);
    const accepted = { document: checked.document, query };
    this.accepted.set(query, accepted);
    this.texts.set(checked.document, query);
    return accepted;
  }

  /** The query text of an accepted document. */
  textOf(document: DocumentNode): string {
    return this.texts.get(document) ?? '';
  }
}

/** A subscribe message's outcome: the document and operation to run, or the errors that refuse it. */
type SubscribeCheck = { document: DocumentNode; operation: OperationDefinitionNode } | { errors: readonly GraphQLError[]; operation?: OperationDefinitionNode };

/**
 * Checks a subscribe message as an HTTP request is checked (parse, validation, limits, NUL
 * characters, variables) and that it is a subscription. Points the message at the one copy of
 * its query text: graphql-ws keeps the message for the subscription's life.
 */
function checkSubscribe(payload: SubscribePayload, { schema, queries, nulLiterals }: { schema: GraphQLSchema; queries: CheckedQueries; nulLiterals: ReturnType<typeof rememberedNulLiterals> }): SubscribeCheck {
  const checked = queries.check(payload.query);
  if ('errors' in checked) return checked;
  const { document } = checked;
  (payload as { query: string }).query = checked.query;
  const operation = getOperationAST(document, payload.operationName);
  if (!operation) return { errors: [new CataloguedError('query.operationNameMissing', { extensions: { code: 'BAD_REQUEST' } })] };
  if (operation.operation !== 'subscription') return { errors: [new CataloguedError('transport.onlySubscriptions', { extensions: { code: 'BAD_REQUEST' } })], operation };
  const nul = refuseNulCharacters(document, payload.variables, nulLiterals);
  if (nul) return { errors: [nul], operation };
  // Variables are checked here, as Apollo does over HTTP: a bad one is the client's mistake
  // (BAD_USER_INPUT), where graphql-js's subscribe would return an uncoded error (a fault).
  const variables = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {}, { maxErrors: MAX_VARIABLE_ERRORS });
  if (variables.errors) return { errors: variables.errors.map((error) => new GraphQLError(error.message, { nodes: error.nodes, extensions: { code: 'BAD_USER_INPUT' } })), operation };
  return { document, operation };
}

/**
 * The Context a subscription runs with, from what its socket keeps (viewer, device, address,
 * language). A citizen follows the public feeds as the public (see executingViewer).
 */
function subscriptionContext(extra: Partial<Extra>, document: DocumentNode, operationName: string | null | undefined, options: WebSocketOptions): Context {
  return createContext({
    viewer: executingViewer(extra.viewer ?? ANONYMOUS, rootField({ document, operationName })?.name.value ?? null),
    services: options.services,
    prisma: options.database.prisma,
    deviceId: extra.deviceId,
    ip: extra.ip,
    locale: extra.locale,
  });
}

/** Who each open socket acts as, with its staff token's version and its token's id: what access changes close. */
class OpenSockets {
  private readonly viewers = new Map<WebSocket, { viewer: Viewer; version: number; tokenId: string | null }>();

  /** Keeps the socket's viewer until the socket closes. */
  add(socket: WebSocket, viewer: Viewer, version: number, tokenId: string | null): void {
    this.viewers.set(socket, { viewer, version, tokenId });
    socket.once('close', () => this.viewers.delete(socket));
  }

  /** The staff members and tokens behind open sockets. */
  staff(): { staffIds: Set<string>; tokenIds: Set<string> } {
    const staffIds = new Set<string>();
    const tokenIds = new Set<string>();
    for (const { viewer, tokenId } of this.viewers.values()) {
      if (viewer.kind !== 'staff') continue;
      staffIds.add(viewer.id);
      if (tokenId) tokenIds.add(tokenId);
    }
    return { staffIds, tokenIds };
  }

  /** See WebSocketTransport.closeSocketsWhere. */
  readonly closeWhere: WebSocketTransport['closeSocketsWhere'] = (predicate, code, reason) => {
    let closed = 0;
    for (const [socket, { viewer, version, tokenId }] of this.viewers) {
      if (socket.readyState !== socket.OPEN || !predicate(viewer, version, tokenId)) continue;
      socket.close(code, reason);
      closed++;
    }
    return closed;
  };
}

/**
 * Authenticates a connection from connection_init's `authorization` (a bad token refuses it:
 * graphql-ws closes with 4403), keeps what its subscriptions need from the upgrade request,
 * arms the close at the token's expiry and lists the socket among the open ones.
 */
async function authenticateConnection(ctx: Connection, access: AccessService, sockets: OpenSockets): Promise<boolean> {
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
  sockets.add(socket, ctx.extra.viewer, ctx.extra.tokenVersion ?? 0, ctx.extra.tokenId ?? null);
  if (ctx.extra.expiresAt !== null) closeAtExpiry(socket, ctx.extra.expiresAt);
  const request = ctx.extra.request;
  const deviceId = request.headers['x-device-id'];
  ctx.extra.deviceId = typeof deviceId === 'string' ? deviceId : null;
  ctx.extra.ip = request.socket.remoteAddress ?? null;
  // Everything needed from the upgrade request is copied out: let it go (about 2 KB per
  // connection, kept for the socket's whole life otherwise).
  (ctx.extra as { request?: unknown }).request = undefined;
  return true;
}

/**
 * Closes the sockets whose staff token no longer stands: at once on a revocation (the bus
 * carries it to every instance), and by reading the accounts again after a resync and every
 * `interval` ms (the safety net for a lost message). Returns what stops it.
 */
function closeOnRevocation(access: AccessService, sockets: OpenSockets, { interval, logger }: { interval: number; logger: Logger }): () => void {
  const revokes = (revocation: Revocation, viewer: Viewer, tokenId: string | null) =>
    'tokenId' in revocation ? tokenId === revocation.tokenId : viewer.kind === 'staff' && viewer.id === revocation.staffId;
  const stopRevocations = access.onRevoked((revocation) =>
    sockets.closeWhere((viewer, _version, tokenId) => revokes(revocation, viewer, tokenId), REVOKED.code, REVOKED.reason),
  );
  const recheck = () => {
    const { staffIds, tokenIds } = sockets.staff();
    Promise.all([access.currentTokenVersions([...staffIds]), access.revokedTokens([...tokenIds])])
      .then(([current, revoked]) => {
        sockets.closeWhere(
          (viewer, version, tokenId) =>
            viewer.kind === 'staff' && ((current.has(viewer.id) && current.get(viewer.id) !== version) || (tokenId !== null && revoked.has(tokenId))),
          REVOKED.code,
          REVOKED.reason,
        );
      })
      .catch((error: unknown) => logger.warn({ err: error }, 'could not re-check the staff behind open sockets'));
  };
  const stopResync = access.onResync(recheck);
  const recheckTimer = setInterval(recheck, interval).unref();
  return () => {
    stopRevocations();
    stopResync();
    clearInterval(recheckTimer);
  };
}

/**
 * Refuses a subscribe with graphql-ws's own error message (the socket stays open) and one info
 * line: the client's mistake, not a fault.
 */
function refuseSubscribe(options: WebSocketOptions, format: ErrorFormatting, payload: SubscribePayload, { errors, operation }: { errors: readonly GraphQLError[]; operation?: OperationDefinitionNode }): GraphQLError[] {
  recordOperation(
    { logger: options.logger, metrics: options.metrics },
    { requestId: crypto.randomUUID(), operationName: operation?.name?.value ?? payload.operationName, operationType: operation?.operation, errors: errors.map((error) => format.error(error)), transport: 'ws' },
  );
  return [...errors];
}

/** Logs a subscription once graphql-js has set it up: started, or refused by its resolver (one line, counted by outcome). */
function logSubscription(options: WebSocketOptions, args: ExecutionArgs, refused: readonly GraphQLError[] | undefined): void {
  recordOperation(
    { logger: options.logger, metrics: options.metrics },
    {
      requestId: (args.contextValue as Context).requestId,
      operationName: getOperationAST(args.document, args.operationName)?.name?.value,
      operationType: 'subscription',
      errors: refused?.map((error) => formatError(error.toJSON(), error, { exposeInternals: !options.production })),
      transport: 'ws',
    },
  );
}

/** Closes every socket with 1001 (Going Away), then the server; sockets that do not finish the closing handshake are cut after a second. */
function closeServer(wss: WebSocketServer): Promise<void> {
  return new Promise<void>((resolve) => {
    for (const socket of wss.clients) (socket as WebSocket).close(1001, 'Server is shutting down');
    wss.close(() => resolve());
    setTimeout(() => {
      for (const socket of wss.clients) (socket as WebSocket).terminate();
      resolve();
    }, 1000).unref();
  });
}

/**
 * graphql-ws (graphql-transport-ws) on the HTTP server's /graphql. Clients authenticate in
 * connection_init with `{ authorization: "Bearer <token>" }`; a bad token closes with 4403.
 * Each subscribe is validated like an HTTP request and must be a subscription.
 */
export function attachWebSocketServer(options: WebSocketOptions): WebSocketTransport {
  const { logger, schema } = options;
  const wss = openWebSocketServer(options);
  const format = errorFormatting(options.production);
  // Subscribers with the same document, variables and audience share one execution per event.
  const groups = new SubscriptionGroups(
    subscribeWithPositions,
    (result, args) => format.result(result, (args.contextValue as Context).locale),
    (seconds) => options.metrics.fanoutWrite.observe(seconds),
    options.services.signals,
  );
  options.metrics.countSubscribers.source = () => groups.statsByFeed();
  const queries = new CheckedQueries(schema, options.queryLimits);
  const nulLiterals = rememberedNulLiterals();
  // Each subscription's context → the sink writing to its socket (see directSink).
  const sinks = new WeakMap<object, DirectSink>();
  const sockets = new OpenSockets();
  const access = options.services.access;
  const stopClosingRevoked = closeOnRevocation(access, sockets, { interval: options.staffRecheckInterval ?? 60_000, logger });

  useServer<Record<string, unknown> | undefined, Extra>(
    {
      schema,
      connectionInitWaitTimeout: options.connectionInitWaitTimeout ?? 10_000,
      onConnect: (ctx) => authenticateConnection(ctx, access, sockets),
      onSubscribe: (ctx, id, payload) => {
        // The expiry timer may not have run yet (a busy event loop): an expired token starts nothing.
        if (hasExpired(ctx.extra.expiresAt)) {
          ctx.extra.socket.close(EXPIRED.code, EXPIRED.reason);
          return [new CataloguedError('auth.tokenExpired')];
        }
        const checked = checkSubscribe(payload, { schema, queries, nulLiterals });
        if ('errors' in checked) return refuseSubscribe(options, format, payload, checked);
        const contextValue = subscriptionContext(ctx.extra, checked.document, payload.operationName, options);
        sinks.set(contextValue, directSink(ctx.extra.socket, id, ctx.extra.expiresAt ?? null));
        return { schema, document: checked.document, operationName: payload.operationName, variableValues: payload.variables, contextValue };
      },
      onOperation: async (_ctx, _id, _payload, args, operationResult) => {
        const result = await operationResult;
        logSubscription(options, args, Symbol.asyncIterator in result ? undefined : result.errors);
      },
      subscribe: (args) => {
        const context = args.contextValue as Context;
        // Members of a group share its formatted results, error messages included: one language per group.
        const key = groupKey(args, queries.textOf(args.document), context.viewer);
        return groups.subscribe(args, key === null ? null : `${context.locale}\n${key}`, sinks.get(context));
      },
      // Grouped subscriptions write their results straight to their sockets (directSink): only
      // subscriptions run alone come through here.
      onNext: (ctx, _id, _payload, _args, result) => {
        if (!result.errors?.length) return;
        return format.result(result, ctx.extra.locale ?? DEFAULT_LOCALE);
      },
      onError: (ctx, _id, _payload, errors) => {
        for (const error of errors) if (!isExpectedError(error)) logger.error({ err: error }, 'subscription failed');
        return errors.map((error) => format.error(error, ctx.extra.locale ?? DEFAULT_LOCALE));
      },
    },
    wss,
    options.keepAlive ?? 12_000,
  );

  return {
    wss,
    groups,
    clientCount: () => wss.clients.size,
    closeSocketsWhere: sockets.closeWhere,
    close: () => {
      stopClosingRevoked();
      return closeServer(wss);
    },
  };
}
