import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { EventPublisher, JournalEntry } from './events.js';
import type { LiveMetrics } from './feed-iterator.js';

export type EventListener = (entry: JournalEntry) => void;

/**
 * Carries committed journal entries from the services to the session logs. It is only a
 * carrier: `onResync` fires when delivery may have missed entries (Redis came back after an
 * outage), and the logs then read what they missed from the journal.
 */
export interface EventBus extends EventPublisher {
  subscribe(listener: EventListener): () => void;
  onResync(listener: () => void): () => void;
  /** True when the bus can carry events between instances now (always, in memory). */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

/** In-process delivery: one instance, no Redis. */
export class MemoryEventBus implements EventBus {
  protected readonly listeners = new Set<EventListener>();
  protected readonly resyncListeners = new Set<() => void>();

  constructor(protected readonly metrics?: Pick<LiveMetrics, 'eventsPublished'>) {}

  publish(event: JournalEntry): void {
    this.stamp(event);
    this.deliver(event);
  }

  /** Dates and counts an event this instance publishes. */
  protected stamp(event: JournalEntry): void {
    event.at ??= Date.now();
    this.metrics?.eventsPublished.inc({ type: event.type });
  }

  async ping(): Promise<boolean> {
    return true;
  }

  protected deliver(event: JournalEntry): void {
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch {
        // One broken listener must not stop delivery to the others.
      }
    }
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  onResync(listener: () => void): () => void {
    this.resyncListeners.add(listener);
    return () => this.resyncListeners.delete(listener);
  }

  protected resync(): void {
    for (const listener of this.resyncListeners) listener();
  }

  async close(): Promise<void> {
    this.listeners.clear();
    this.resyncListeners.clear();
  }
}

export const REDIS_CHANNEL = 'lang-nghe:events';

/**
 * Delivery across instances through Redis pub/sub. Local subscribers get events straight away
 * (so one instance keeps working while Redis is down); other instances get them through Redis
 * and drop their own echoes. When the subscriber connection comes back after a loss, feeds
 * are told to resync from the database, since events published meanwhile are gone.
 */
export class RedisEventBus extends MemoryEventBus {
  private readonly origin = crypto.randomUUID();
  private readonly publisher: Redis;
  private readonly subscriber: Redis;
  private lostConnection = false;

  constructor(
    url: string,
    private readonly logger: Logger,
    metrics?: Pick<LiveMetrics, 'eventsPublished'>,
  ) {
    super(metrics);
    const options = {
      // Fail fast instead of queueing while Redis is away: events are not stored, feeds resync.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      retryStrategy: (attempt: number) => Math.min(attempt * 200, 2000),
      lazyConnect: false,
    };
    this.publisher = new Redis(url, options);
    this.subscriber = new Redis(url, { ...options, enableOfflineQueue: true });
    for (const [name, client] of [['publisher', this.publisher], ['subscriber', this.subscriber]] as const) {
      client.on('error', (error) => this.logger.warn({ err: { message: error.message }, client: name }, 'redis error'));
    }
    this.subscriber.on('close', () => {
      this.lostConnection = true;
    });
    this.subscriber.on('ready', () => {
      if (this.lostConnection) {
        this.lostConnection = false;
        this.logger.info('redis is back: live feeds resync from the database');
        this.resync();
      }
    });
    this.subscriber.on('message', (_channel: string, message: string) => {
      try {
        const { origin, event } = JSON.parse(message) as { origin: string; event: JournalEntry };
        if (origin !== this.origin) this.deliver(event);
      } catch (error) {
        this.logger.warn({ err: error }, 'dropped a malformed event from redis');
      }
    });
  }

  /** Resolves once subscribed (first start), so nothing published after start is missed. */
  async start(): Promise<void> {
    await this.subscriber.subscribe(REDIS_CHANNEL);
  }

  override publish(event: JournalEntry): void {
    this.stamp(event);
    this.deliver(event);
    this.publisher.publish(REDIS_CHANNEL, JSON.stringify({ origin: this.origin, event })).catch((error: Error) => {
      this.logger.warn({ err: { message: error.message }, type: event.type }, 'could not publish to redis; other instances catch up on resync');
    });
  }

  /** Redis answers PING on the publishing connection (which never queues while Redis is away). */
  override async ping(): Promise<boolean> {
    return (await this.publisher.ping()) === 'PONG';
  }

  override async close(): Promise<void> {
    await super.close();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
