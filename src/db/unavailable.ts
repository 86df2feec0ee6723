import { MESSAGES } from '../shared/messages.js';

// Tells a database that cannot be reached (stopped, restarting, failing over, out of connections)
// from every other database error, so clients get "try again" rather than "internal error".

/** What clients read when the database cannot be reached. */
export const DATABASE_UNAVAILABLE_MESSAGE = MESSAGES['server.databaseUnavailable'].en;

// Prisma: can't reach server, connect timeout, operation timeout, server closed the connection,
// timed out waiting for a pooled connection.
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024']);
// @prisma/adapter-pg's names for socket-level failures.
const ADAPTER_KINDS = new Set(['DatabaseNotReachable', 'ConnectionClosed', 'SocketTimeout', 'TooManyConnections']);
// SQLSTATE: admin/crash shutdown, starting up (57P01–57P03), too many connections; class 08 is
// "connection exception".
const SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH']);
// node-postgres errors that carry no code.
const PG_MESSAGES = /Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error/i;

type Inspectable = { code?: unknown; kind?: unknown; message?: unknown; cause?: unknown; meta?: { driverAdapterError?: { cause?: unknown } } };

/** True when `error` or anything it wraps (Prisma's driver adapter error, `cause`) passes `test`. */
function inChain(error: unknown, test: (e: Inspectable) => boolean, depth = 0): boolean {
  if (!error || typeof error !== 'object' || depth > 5) return false;
  const e = error as Inspectable;
  return test(e) || inChain(e.meta?.driverAdapterError?.cause, test, depth + 1) || inChain(e.cause, test, depth + 1);
}

/** True when `error` (or what it wraps) says the database could not be reached or dropped the connection. */
export function isDatabaseUnavailable(error: unknown): boolean {
  return inChain(error, (e) => {
    const code = typeof e.code === 'string' ? e.code : undefined;
    if (code && (PRISMA_CODES.has(code) || SQLSTATES.has(code) || SOCKET_CODES.has(code) || /^08[0-9A-Z]{3}$/.test(code))) return true;
    if (typeof e.kind === 'string' && ADAPTER_KINDS.has(e.kind)) return true;
    return typeof e.message === 'string' && PG_MESSAGES.test(e.message);
  });
}

/** True when a statement was stopped by its timeout (SQLSTATE 57014; on the embedded database the worker was restarted). */
export function isStatementTimeout(error: unknown): boolean {
  return inChain(error, (e) => e.code === '57014');
}
