import type { LiveFeedName, Metrics } from '../server/metrics.js';
import { withPosition } from './events.js';

/** The instruments the live layer records into; absent (seed, unit tests) means nothing is recorded. */
export type LiveMetrics = Pick<Metrics, 'activeSubscriptions' | 'eventsDelivered' | 'deliveryLag' | 'eventsPublished'>;

// When the event behind a delivered value was published; weak, so values are not kept alive.
const publishedAt = new WeakMap<object, number>();

/**
 * Marks a value as coming from `event`: its delivery lag can be measured when a subscriber takes
 * it, and it carries the event's position (see `withPosition`).
 */
export function fromEvent<T extends object>(value: T, event: { at?: number; position?: number }): T {
  if (event.at !== undefined) publishedAt.set(value, event.at);
  return event.position === undefined ? value : withPosition(value, event.position);
}

/**
 * Wraps a live feed: counts it in `active_subscriptions` from now until it ends (done, returned
 * or failed), and counts each value the subscriber takes, with its lag when it came from an event.
 */
export async function countedFeed<T>(
  metrics: LiveMetrics | undefined,
  feed: LiveFeedName,
  started: Promise<AsyncIterableIterator<T>>,
): Promise<AsyncIterableIterator<T>> {
  const source = await started;
  if (!metrics) return source;
  metrics.activeSubscriptions.inc({ feed });
  let open = true;
  const end = () => {
    if (!open) return;
    open = false;
    metrics.activeSubscriptions.dec({ feed });
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
      metrics.eventsDelivered.inc({ feed });
      const at = typeof result.value === 'object' && result.value !== null ? publishedAt.get(result.value) : undefined;
      if (at !== undefined) metrics.deliveryLag.observe({ feed }, Math.max(0, Date.now() - at) / 1000);
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
