import { GraphQLError, type GraphQLErrorOptions, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import { AppError, ErrorCode, messageRef } from '../common/errors.js';
import { localizeForeignMessage, localizeMessage, type Locale } from '../common/locale.js';
import { isDatabaseUnavailable } from '../db/unavailable.js';
import { renderMessage, type Message, type MessageRef } from '../shared/messages.js';

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

export const INTERNAL_MESSAGE = renderMessage('server.internal', 'en');

/**
 * A GraphQL error of the transport's own (a query limit, a NUL character, a subscription over
 * HTTP): its message is a catalogue id with values, so it is said in the client's language like an
 * AppError. Apollo may wrap it (as `originalError`): formatError looks through the wrapping.
 */
export class CataloguedError extends GraphQLError {
  readonly messageRef: MessageRef;

  constructor(message: Message, options?: GraphQLErrorOptions) {
    super(renderMessage(message, 'en'), options);
    this.messageRef = messageRef(message);
  }
}

// Where a formatted error keeps the id and values its message was rendered from. A symbol key is
// not serialised: it travels with the error to localizeError and no further.
const MESSAGE = Symbol('message');
type FormattedError = GraphQLFormattedError & { [MESSAGE]?: MessageRef };

const withMessage = (formatted: GraphQLFormattedError, ref: MessageRef): FormattedError => ({ ...formatted, message: renderMessage(ref, 'en'), [MESSAGE]: ref });

/** The catalogue reference of one of our GraphQL errors, looking through Apollo's wrappers. */
function cataloguedRef(error: unknown): MessageRef | null {
  for (let depth = 0; error instanceof GraphQLError && depth < 3; depth += 1, error = error.originalError) {
    if (error instanceof CataloguedError) return error.messageRef;
  }
  return null;
}

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
    return withMessage({ ...formatted, extensions: { ...(original.details ?? {}), code: original.code } }, original.messageRef);
  }
  if (original instanceof GraphQLError && original.extensions?.code === 'UNAUTHORIZED') {
    return { ...formatted, extensions: { code: ErrorCode.FORBIDDEN } };
  }
  if (isExpectedError(error)) {
    const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
    const ours = cataloguedRef(original);
    return ours ? withMessage({ ...formatted, extensions }, ours) : { ...formatted, message: boundedMessage(formatted.message), extensions };
  }
  const fault = { message: '', locations: formatted.locations, path: formatted.path, extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR } };
  // A fault still (logged in full), but one the client can act on: retry shortly.
  if (isDatabaseUnavailable(original)) return withMessage(fault, { id: 'server.databaseUnavailable' });
  return withMessage(fault, exposeInternals && original instanceof Error ? { id: 'server.internalDetail', params: { detail: original.message } } : { id: 'server.internal' });
}

/**
 * A formatted error in the client's language (see docs/api.md "Error messages: Vietnamese by default"): ours rendered from its
 * message id and values, anyone else's with a Vietnamese lead-in; code and everything else
 * unchanged. Applied after formatError, once per answer.
 */
export function localizeError(formatted: GraphQLFormattedError, locale: Locale): GraphQLFormattedError {
  const { [MESSAGE]: ref, ...error } = formatted as FormattedError;
  if (ref) return { ...error, message: localizeMessage(ref, locale) };
  return { ...error, message: localizeForeignMessage(formatted.message, { locale, code: formatted.extensions?.code }) };
}
