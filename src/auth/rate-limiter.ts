import { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Logger } from 'pino';
import { AppError, ErrorCode } from '../common/errors.js';
import { normalizeEmail } from '../common/text.js';
import type { RateLimits } from '../config.js';
import type { MessageRef, PlainMessageId } from '../shared/messages.js';
import { digestKey, isDeviceKey, posterKey } from './poster.js';
import type { Viewer } from './viewer.js';

/** The operations with rate limits (sessionByCode: each alias of a document counts). */
export type RateLimitedOperation = 'submitOpinion' | 'intakeOpinion' | 'upvoteOpinion' | 'joinAsCitizen' | 'login' | 'sessionByCode';

/**
 * Whom a request counts against: the actor (citizen, staff member or device; the e-mail address
 * for login), and the IP address. A missing actor counts against the IP address only.
 */
export interface RateLimitKeys {
  actor?: string | null;
  ip: string;
  /** The IP address again, for requests without any token: their own, lower limit per address. */
  anonymousIp?: string | null;
}

/** The scopes a request is counted in: its keys, and the pair of actor and address (login). */
type Scope = keyof RateLimitKeys | 'pair';
/**
 * A limit: `points` requests per `seconds`. A rule with `slowdown` never refuses: past `after`
 * requests each one waits, twice as long as the one before, from 250 ms up to `maxMs`.
 */
type Rule = { points: number; seconds: number; slowdown?: { after: number; maxMs: number } };

const SLOWDOWN_FIRST_MS = 250;

/** How long a request waits that a slowdown rule counts as the `consumed`-th in its window. */
export function slowdownDelay(consumed: number, { after, maxMs }: { after: number; maxMs: number }): number {
  if (consumed <= after) return 0;
  return Math.min(maxMs, SLOWDOWN_FIRST_MS * 2 ** Math.min(consumed - after - 1, 20));
}

const HOUR = 3600;

/** Each operation's limits by scope (one window, or several), from the configuration (which gives the reasons). */
function rulesOf(limits: RateLimits): Record<RateLimitedOperation, Partial<Record<Scope, Rule | Rule[]>>> {
  const perWindow = (points: number): Rule => ({ points, seconds: limits.windowSeconds });
  const perLoginWindow = (points: number) => ({ points, seconds: limits.loginWindowSeconds });
  const perHour = (points: number) => ({ points, seconds: HOUR });
  return {
    submitOpinion: {
      actor: perWindow(limits.submitOpinionPerPoster),
      ip: perWindow(limits.submitOpinionPerIp),
      anonymousIp: perWindow(limits.submitOpinionAnonymousPerIp),
    },
    intakeOpinion: { actor: perWindow(limits.intakePerStaff) },
    upvoteOpinion: { actor: perWindow(limits.upvotePerCitizen), ip: perWindow(limits.upvotePerIp) },
    // The actor is the X-Device-Id, when the client sends one (a bare address has none).
    joinAsCitizen: { actor: perHour(limits.joinPerDevicePerHour), ip: [perWindow(limits.joinPerIp), perHour(limits.joinPerIpPerHour)] },
    // Failures lock an (account, address) pair and an address; failures on an account from many
    // addresses only slow its sign-ins down, so nobody in the hall can lock a moderator out.
    login: {
      pair: perLoginWindow(limits.loginFailuresPerEmail),
      ip: perLoginWindow(limits.loginFailuresPerIp),
      actor: { points: 1_000_000_000, seconds: limits.loginWindowSeconds, slowdown: { after: limits.loginFailuresPerEmail, maxMs: limits.loginMaxDelayMs } },
    },
    sessionByCode: { ip: [perWindow(limits.sessionByCodePerIp), perHour(limits.sessionByCodePerIpPerHour)] },
  };
}

const REFUSED: Record<RateLimitedOperation, PlainMessageId> = {
  submitOpinion: 'rateLimit.submitOpinion',
  intakeOpinion: 'rateLimit.intakeOpinion',
  upvoteOpinion: 'rateLimit.upvoteOpinion',
  joinAsCitizen: 'rateLimit.joinAsCitizen',
  login: 'rateLimit.login',
  sessionByCode: 'rateLimit.sessionByCode',
};
/** Where a refusal by the actor's counter reads better than the operation's own words. */
const REFUSED_ACTOR: Partial<Record<RateLimitedOperation, PlainMessageId>> = {
  joinAsCitizen: 'rateLimit.joinAsCitizenDevice',
};

function inWords(seconds: number): MessageRef {
  if (seconds < 120) return seconds === 1 ? { id: 'duration.oneSecond' } : { id: 'duration.seconds', params: { count: seconds } };
  return { id: 'duration.minutes', params: { count: Math.ceil(seconds / 60) } };
}

/** The RATE_LIMITED refusal: says when to retry, in words and in `extensions.retryAfterSeconds`. */
export function rateLimited(operation: RateLimitedOperation, msBeforeNext: number, scope?: Scope): AppError {
  const retryAfterSeconds = Math.max(1, Math.ceil(msBeforeNext / 1000));
  const what = (scope === 'actor' && REFUSED_ACTOR[operation]) || REFUSED[operation];
  return new AppError(ErrorCode.RATE_LIMITED, { id: 'rateLimit.retry', params: { refusal: { id: what }, wait: inWords(retryAfterSeconds) } }, { retryAfterSeconds });
}

export interface RateLimiterOptions {
  limits: RateLimits;
  /** Counters shared by every instance through this Redis; in this process only when absent. */
  redisUrl?: string;
  logger?: Logger;
  /** Called for each refused request (e.g. to count it in /metrics). */
  onRefusal?: (operation: RateLimitedOperation) => void;
}

/**
 * Fixed-window counters per operation and key (rate-limiter-flexible). With Redis, every
 * instance shares the counters through one ioredis connection; while Redis is unreachable each
 * instance counts in memory instead, so an outage neither blocks nor unlimits anybody.
 */
export class RateLimiter {
  private readonly counters = new Map<string, { counter: RateLimiterAbstract; rule: Rule }[]>();
  private readonly redis?: Redis;

  constructor(private readonly options: RateLimiterOptions) {
    if (options.redisUrl) {
      this.redis = new Redis(options.redisUrl, {
        // A request must not wait for Redis: a command that cannot go out now fails, and the
        // in-memory insurance counter answers instead.
        enableOfflineQueue: false,
        maxRetriesPerRequest: 1,
        commandTimeout: 1000,
      });
      let warned = false;
      this.redis.on('error', (error: Error) => {
        if (!warned) options.logger?.warn({ err: error }, 'rate limits: redis unreachable, counting in memory');
        warned = true;
      });
      this.redis.on('ready', () => (warned = false));
    }
    for (const [operation, scopes] of Object.entries(rulesOf(options.limits))) {
      for (const [scope, rules] of Object.entries(scopes)) {
        const counters = [rules].flat().map((rule, i) => {
          // The first window keeps the key of the single-window release, so its counts carry over.
          const keyPrefix = `ln:rl:${operation}:${scope}${i === 0 ? '' : `:${rule.seconds}s`}`;
          const memory = new RateLimiterMemory({ keyPrefix, points: rule.points, duration: rule.seconds });
          const counter = this.redis
            ? new RateLimiterRedis({ storeClient: this.redis, keyPrefix, points: rule.points, duration: rule.seconds, rejectIfRedisNotReady: true, insuranceLimiter: memory })
            : memory;
          return { counter, rule };
        });
        this.counters.set(`${operation}:${scope}`, counters);
      }
    }
  }

  /**
   * Counts one request of `operation` against each of `keys`; throws RATE_LIMITED when any of
   * them is over its limit, before anything else happens. Resolves to how long the request
   * should wait before it runs (milliseconds; 0 but for a slowdown rule past its threshold).
   */
  async consume(operation: RateLimitedOperation, keys: RateLimitKeys): Promise<number> {
    const counters = this.countersFor(operation, keys);
    const results = await Promise.allSettled(counters.map(([counter, key]) => counter.consume(key)));
    let wait = -1;
    let delay = 0;
    let refusedBy: Scope | undefined;
    results.forEach((result, i) => {
      const { slowdown } = counters[i][3];
      if (result.status === 'fulfilled') {
        if (slowdown) delay = Math.max(delay, slowdownDelay(result.value.consumedPoints, slowdown));
        return;
      }
      if (result.reason instanceof RateLimiterRes) {
        if (result.reason.msBeforeNext > wait) [wait, refusedBy] = [result.reason.msBeforeNext, counters[i][2]];
      }
      // Anything else is a store failure the insurance counter did not absorb: let the request through.
      else this.options.logger?.warn({ err: result.reason }, 'rate limit store failed');
    });
    if (wait >= 0) {
      this.options.onRefusal?.(operation);
      throw rateLimited(operation, wait, refusedBy);
    }
    return delay;
  }

  /**
   * Takes back what `consume` counted, for requests that turned out not to be abuse (a successful
   * sign-in); `reset` also clears the actor's and the pair's counts (their earlier failures).
   */
  async refund(operation: RateLimitedOperation, keys: RateLimitKeys, { reset = false } = {}): Promise<void> {
    await Promise.allSettled(
      this.countersFor(operation, keys).map(([counter, key, scope]) => (reset && (scope === 'actor' || scope === 'pair') ? counter.delete(key) : counter.reward(key, 1))),
    );
  }

  /** True while the counters are shared through Redis (false without Redis, or while it is away). */
  get shared(): boolean {
    return this.redis?.status === 'ready';
  }

  async close(): Promise<void> {
    this.redis?.disconnect();
  }

  /** The counters that apply, each with the digest of its key. */
  private countersFor(operation: RateLimitedOperation, keys: RateLimitKeys): [RateLimiterAbstract, string, Scope, Rule][] {
    const applicable: [RateLimiterAbstract, string, Scope, Rule][] = [];
    const pair = keys.actor ? `${keys.actor}\n${keys.ip}` : null;
    for (const scope of ['actor', 'ip', 'anonymousIp', 'pair'] as const) {
      const key = scope === 'pair' ? pair : keys[scope];
      // Keys name people and addresses: the store (Redis) only ever sees digests of them.
      if (key) for (const { counter, rule } of this.counters.get(`${operation}:${scope}`) ?? []) applicable.push([counter, digestKey(key), scope, rule]);
    }
    return applicable;
  }
}

/** What a request of `operation` says about who sends it, transport aside. */
export interface RateLimitRequest {
  viewer: Viewer;
  deviceKey: string;
  args: Record<string, unknown>;
}

/**
 * Whom a request counts against besides its address. An anonymous poster without X-Device-Id
 * counts against the IP address only: behind a hall's Wi-Fi, everybody shares that address.
 */
export function rateLimitActor(operation: RateLimitedOperation, { viewer, deviceKey, args }: RateLimitRequest): string | null {
  switch (operation) {
    case 'intakeOpinion':
      return viewer.kind === 'staff' ? posterKey(viewer, deviceKey) : null;
    case 'submitOpinion':
      return viewer.kind === 'anonymous' && !isDeviceKey(deviceKey) ? null : posterKey(viewer, deviceKey);
    case 'upvoteOpinion':
      return viewer.kind === 'citizen' ? posterKey(viewer, deviceKey) : null;
    case 'login':
      return typeof args.email === 'string' ? `e:${normalizeEmail(args.email)}` : null;
    case 'joinAsCitizen':
      // Only a device that names itself: without X-Device-Id the address is all there is.
      return isDeviceKey(deviceKey) ? deviceKey : null;
    case 'sessionByCode':
      // The address only: a guesser names no device, and the hall's phones share one address.
      return null;
  }
}
