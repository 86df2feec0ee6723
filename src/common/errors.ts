import { renderMessage, type Message, type MessageRef } from '../shared/messages.js';

/** The error codes clients see in `extensions.code`. */
export const ErrorCode = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  CONFLICT: 'CONFLICT',
  RATE_LIMITED: 'RATE_LIMITED',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** A message as one reference: its id and its values. */
export const messageRef = (message: Message): MessageRef => (typeof message === 'string' ? ({ id: message } as MessageRef) : message);

/**
 * The one error type services throw; src/server/errors.ts turns it into a GraphQL error. It says
 * what went wrong by a message id of the catalogue (src/shared/messages.ts) with its values, and
 * is rendered in the client's language from them; `message` is its English, for logs.
 */
export class AppError extends Error {
  /** The catalogue's id and values of this refusal. */
  readonly messageRef: MessageRef;

  constructor(
    readonly code: ErrorCode,
    message: Message,
    /** What goes to `extensions` beside the code: `field`, `retryAfterSeconds`. */
    readonly details?: Record<string, unknown>,
  ) {
    super(renderMessage(message, 'en'));
    this.name = 'AppError';
    this.messageRef = messageRef(message);
  }
}

export const badInput = (message: Message, details?: Record<string, unknown>) => new AppError(ErrorCode.BAD_USER_INPUT, message, details);
export const notFound = (message: Message) => new AppError(ErrorCode.NOT_FOUND, message);
export const forbidden = (message: Message = 'auth.forbidden') => new AppError(ErrorCode.FORBIDDEN, message);
export const unauthenticated = (message: Message = 'auth.signInFirst') => new AppError(ErrorCode.UNAUTHENTICATED, message);
export const conflict = (message: Message) => new AppError(ErrorCode.CONFLICT, message);
