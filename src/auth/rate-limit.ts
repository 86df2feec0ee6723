import { setTimeout } from 'node:timers/promises';
import type { MiddlewareFn } from 'type-graphql';
import { AppError, ErrorCode } from '../common/errors.js';
import { isIntake } from './poster.js';
import { rateLimitActor, type RateLimitedOperation, type RateLimiter } from './rate-limiter.js';
import type { Viewer } from './viewer.js';

/**
 * What the middleware reads of a request's context: who asks, from where, and the limiter.
 * src/context.ts's Context extends it, so the compiler checks that every request brings them.
 */
export interface RateLimitContext {
  viewer: Viewer;
  deviceKey: string;
  clientIp: string;
  services: { rateLimits: RateLimiter };
}

/**
 * Resolver middleware: `@UseMiddleware(rateLimit('submitOpinion'))`. A refused request never
 * reaches the resolver; a slowed-down one (login) reaches it later. For `login` only failures
 * count: a successful sign-in gives its point back and clears the e-mail address's failures, and
 * so does an error other than a wrong password.
 */
export function rateLimit(operation: RateLimitedOperation): MiddlewareFn<RateLimitContext> {
  return async ({ context, args }, next) => {
    const limiter = context.services.rateLimits;
    // Staff typing in slips and calls count against their own, larger intake limit.
    const counted = operation === 'submitOpinion' && isIntake(context.viewer, (args.input as { channel?: string } | undefined)?.channel) ? 'intakeOpinion' : operation;
    // X-Device-Id is the client's word: posters without a token are also counted by address, so
    // rotating it buys no more than the anonymous share of the address.
    const anonymousIp = operation === 'submitOpinion' && context.viewer.kind === 'anonymous' ? context.clientIp : null;
    const keys = { actor: rateLimitActor(counted, { viewer: context.viewer, deviceKey: context.deviceKey, args }), ip: context.clientIp, anonymousIp };
    // Counted before the attempt, so parallel guesses cannot all pass while the first is checked.
    const delay = await limiter.consume(counted, keys);
    // Before the password is checked, so the wait says nothing about whether it was right.
    if (delay > 0) await setTimeout(delay);
    if (operation !== 'login') return next();
    try {
      const result = await next();
      await limiter.refund(operation, keys, { reset: true });
      return result;
    } catch (error) {
      if (!(error instanceof AppError && error.code === ErrorCode.UNAUTHENTICATED)) await limiter.refund(operation, keys);
      throw error;
    }
  };
}
