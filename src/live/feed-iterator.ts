import type { Counter, Gauge, Histogram } from 'prom-client';
import { withPosition } from './events.js';
import type { Signals } from './signals.js';

/** The live feeds behind the Subscription type, as metric labels. */
export const LIVE_FEEDS = ['opinionSubmitted', 'opinionPublished', 'opinionUpdated', 'responsePosted', 'sessionStatsChanged', 'sessionEvents', 'myOpinionEvents'] as const;
export type LiveFeedName = (typeof LIVE_FEEDS)[number];

/**
 * The instruments the live layer records into, part of the server's Metrics (src/server/metrics.ts);
 * absent (seed, unit tests) means nothing is recorded.
 */
export interface LiveMetrics {
  activeSubscriptions: Gauge<'feed'>;
  eventsPublished: Counter<'type'>;
  eventsDelivered: Counter<'feed'>;
  deliveryLag: Histogram<'feed'>;
}

// When the entry behind a delivered value was published; weak, so values are not kept alive.
const publishedAt = new WeakMap<object, number>();

/**
 * Marks a value as coming from `entry`: its delivery lag can be measured when a subscriber takes
 * it, and it carries the entry's journal position (see `withPosition`).
 */
export function fromEntry<T extends object>(value: T, entry: { at?: number; position: number }): T {
  if (entry.at !== undefined) publishedAt.set(value, entry.at);
  return withPosition(value, entry.position);
}

export interface FeedTracking {
  metrics?: LiveMetrics;
  feed: LiveFeedName;
  /** Runs before each value goes to the subscriber (a subscription renews its loaders, so nothing stale is resolved). */
  onEach?: () => void;
  /** Told when the feed is attached and when it ends (feedAttached, feedDetached), with who follows which session. */
  signals?: Signals;
  sessionId?: string;
  /** The kind of viewer the feed executes as (a citizen on a public feed executes as the public). */
  viewerKind?: string;
}

/**
 * The one wrapper around a live feed: counts it in `active_subscriptions` from now until it ends
 * (done, returned or failed) and signals both, counts each value the subscriber takes with its lag when it came
 * from an entry, and runs `onEach` before each value.
 */
export async function trackFeed<T>(started: Promise<AsyncIterableIterator<T>>, { metrics, feed, onEach, signals, sessionId = '', viewerKind = '' }: FeedTracking): Promise<AsyncIterableIterator<T>> {
  const source = await started;
  metrics?.activeSubscriptions.inc({ feed });
  signals?.emit('feedAttached', { sessionId, feed, viewerKind });
  let open = true;
  const end = () => {
    if (!open) return;
    open = false;
    metrics?.activeSubscriptions.dec({ feed });
    signals?.emit('feedDetached', { sessionId, feed, viewerKind });
  };
  const iterator: AsyncIterableIterator<T> = {
    next: async () => {
      let result: IteratorResult<T>;
      try {
        result = await source.next();
      } catch (error) {
        end();
        throw error;
      }
      if (result.done) {
        end();
        return result;
      }
      onEach?.();
      if (metrics) {
        metrics.eventsDelivered.inc({ feed });
        const at = typeof result.value === 'object' && result.value !== null ? publishedAt.get(result.value) : undefined;
        if (at !== undefined) metrics.deliveryLag.observe({ feed }, Math.max(0, Date.now() - at) / 1000);
      }
      return result;
    },
    return: async (value?: unknown) => {
      end();
      return (await source.return?.(value)) ?? { value: undefined, done: true };
    },
    throw: async (error?: unknown) => {
      end();
      return source.throw ? source.throw(error) : Promise.reject(error);
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
