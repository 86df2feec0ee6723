import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError, ErrorCode } from '../common/errors.js';
import { localizeMessage, type Locale } from '../common/locale.js';
import { DATABASE_UNAVAILABLE_MESSAGE, isDatabaseUnavailable } from '../db/unavailable.js';

// Codes graphql-js and Apollo produce for requests that never ran: safe to show as they are.
const PROTOCOL_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  ...Object.values(ErrorCode),
]);

export const INTERNAL_MESSAGE = 'Internal server error';

/**
 * The longest protocol message sent back whole. graphql-js copies a bad variable's value into its
 * message (twice): a megabyte variable would come back as two megabytes, so the message is cut
 * here; its start still names the variable.
 */
export const MAX_ECHOED_MESSAGE = 1000;

/** `message` cut to MAX_ECHOED_MESSAGE characters with an ellipsis, never inside a surrogate pair. */
export function boundedMessage(message: string): string {
  if (message.length <= MAX_ECHOED_MESSAGE) return message;
  const last = message.charCodeAt(MAX_ECHOED_MESSAGE - 1);
  const cut = last >= 0xd800 && last <= 0xdbff ? MAX_ECHOED_MESSAGE - 1 : MAX_ECHOED_MESSAGE;
  return `${message.slice(0, cut)}…`;
}

/** True when an error is ours to explain (a coded AppError or a protocol error), false when it is a fault. */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) return true;
  if (original instanceof GraphQLError) {
    const code = original.extensions?.code;
    return typeof code === 'string' && (PROTOCOL_CODES.has(code) || code === 'UNAUTHORIZED');
  }
  return false;
}

/**
 * The one place where errors become what clients see: AppError codes go to extensions.code,
 * type-graphql's UNAUTHORIZED becomes FORBIDDEN, an unreachable database says so, anything
 * else unexpected becomes "Internal server error" (the request id is added by the logging plugin).
 */
export function formatError(formatted: GraphQLFormattedError, error: unknown, { exposeInternals = false } = {}): GraphQLFormattedError {
  const original = unwrapResolverError(error);
  if (original instanceof AppError) {
    return { ...formatted, message: original.message, extensions: { ...(original.details ?? {}), code: original.code } };
  }
  if (original instanceof GraphQLError && original.extensions?.code === 'UNAUTHORIZED') {
    return { ...formatted, extensions: { code: ErrorCode.FORBIDDEN } };
  }
  if (isExpectedError(error)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, message: boundedMessage(formatted.message), extensions };
  }
  if (isDatabaseUnavailable(original)) {
    // A fault still (logged in full), but one the client can act on: retry shortly.
    return { message: DATABASE_UNAVAILABLE_MESSAGE, locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  }
  return {
    message: exposeInternals && original instanceof Error ? `${INTERNAL_MESSAGE}: ${original.message}` : INTERNAL_MESSAGE,
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/**
 * A formatted error in the client's language (see README "Error messages"): the message through
 * the catalogue, code and everything else unchanged. Applied after formatError, once per answer.
 */
export function localizeError(formatted: GraphQLFormattedError, locale: Locale): GraphQLFormattedError {
  if (locale === 'en') return formatted;
  return { ...formatted, message: localizeMessage(formatted.message, { locale, code: formatted.extensions?.code }) };
}
