import crypto from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { AccessChannel, AccessEvent, AccessListener } from '../auth/access.js';
import type { EventPublisher, JournalEntry } from './events.js';
import type { LiveMetrics } from './feed-iterator.js';

export type EventListener = (entry: JournalEntry) => void;

/**
 * Carries committed journal entries from the services to the session logs. It is only a
 * carrier: `onResync` fires when delivery may have missed entries (Redis came back after an
 * outage), and the logs then read what they missed from the journal. It carries access changes
 * to every instance too (AccessChannel, src/auth/access.ts).
 */
export interface EventBus extends EventPublisher, AccessChannel {
  subscribe(listener: EventListener): () => void;
  /** True when the bus can carry events between instances now (always, in memory). */
  ping(): Promise<boolean>;
  /**
   * Whether this instance can tell that it received every entry published until a moment ago:
   * a number while it can (it changes whenever entries may have been missed in between, so
   * whatever was kept under the previous number is stale), null while it cannot (Redis away, or
   * silent longer than DELIVERY_TRUST_MS). Public read caches trust themselves only under a number.
   */
  deliveryEpoch(): number | null;
  close(): Promise<void>;
}

/** In-process delivery: one instance, no Redis. */
export class MemoryEventBus implements EventBus {
  protected readonly listeners = new Set<EventListener>();
  protected readonly resyncListeners = new Set<() => void>();
  protected readonly accessListeners = new Set<AccessListener>();

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

  deliveryEpoch(): number | null {
    return 0;
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

  publishAccess(event: AccessEvent): void {
    this.deliverAccess(event);
  }

  onAccess(listener: AccessListener): () => void {
    this.accessListeners.add(listener);
    return () => this.accessListeners.delete(listener);
  }

  protected deliverAccess(event: AccessEvent): void {
    for (const listener of this.accessListeners) {
      try {
        listener(event);
      } catch {
        // As for events: one broken listener must not stop the others.
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
    this.accessListeners.clear();
  }
}

export const REDIS_CHANNEL = 'lang-nghe:events';
/** How often the subscriber connection is pinged to prove that delivery is current. */
export const HEARTBEAT_MS = 250;
/**
 * How long a pong vouches for delivery: Redis answers a PING on the subscriber connection after
 * every message it queued there before, so a pong sent at t proves everything published before t
 * arrived. A Redis that hangs (no close) stops vouching this long after its last pong.
 */
export const DELIVERY_TRUST_MS = 1000;
export const REDIS_ACCESS_CHANNEL = 'lang-nghe:access';

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
  private epoch = 0;
  private confirmedUntil = 0;
  private pinging = false;
  private readonly heartbeat: NodeJS.Timeout;

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
      this.confirmedUntil = 0;
      this.epoch++;
    });
    this.heartbeat = setInterval(() => this.confirmDelivery(), HEARTBEAT_MS);
    this.heartbeat.unref();
    this.subscriber.on('ready', () => {
      if (this.lostConnection) {
        this.lostConnection = false;
        this.logger.info('redis is back: live feeds resync from the database');
        this.resync();
      }
    });
    this.subscriber.on('message', (channel: string, message: string) => {
      try {
        if (channel === REDIS_ACCESS_CHANNEL) {
          const { origin, event } = JSON.parse(message) as { origin: string; event: AccessEvent };
          if (origin !== this.origin) this.deliverAccess(event);
          return;
        }
        const { origin, event } = JSON.parse(message) as { origin: string; event: JournalEntry };
        if (origin !== this.origin) this.deliver(event);
      } catch (error) {
        this.logger.warn({ err: error }, 'dropped a malformed event from redis');
      }
    });
  }

  /** Pings the subscriber connection; its pong vouches for delivery up to the moment it was sent. */
  private confirmDelivery(): void {
    if (this.pinging || this.subscriber.status !== 'ready') return;
    this.pinging = true;
    const sentAt = Date.now();
    this.subscriber
      .ping()
      .then(() => {
        // After a lapse nothing kept meanwhile may be trusted again: a new epoch.
        if (Date.now() >= this.confirmedUntil) this.epoch++;
        this.confirmedUntil = sentAt + DELIVERY_TRUST_MS;
      })
      .catch(() => {})
      .finally(() => {
        this.pinging = false;
      });
  }

  override deliveryEpoch(): number | null {
    return Date.now() < this.confirmedUntil ? this.epoch : null;
  }

  /** Resolves once subscribed (first start), so nothing published after start is missed. */
  async start(): Promise<void> {
    await this.subscriber.subscribe(REDIS_CHANNEL, REDIS_ACCESS_CHANNEL);
  }

  override publish(event: JournalEntry): void {
    this.stamp(event);
    this.deliver(event);
    this.publisher.publish(REDIS_CHANNEL, JSON.stringify({ origin: this.origin, event })).catch((error: Error) => {
      this.logger.warn({ err: { message: error.message }, type: event.type }, 'could not publish to redis; other instances catch up on resync');
    });
  }

  override publishAccess(event: AccessEvent): void {
    this.deliverAccess(event);
    this.publisher.publish(REDIS_ACCESS_CHANNEL, JSON.stringify({ origin: this.origin, event })).catch((error: Error) => {
      // Other instances re-check their staff sockets and drop their unit cache on resync.
      this.logger.warn({ err: { message: error.message }, type: event.type }, 'could not publish an access change to redis');
    });
  }

  /** Redis answers PING on the publishing connection (which never queues while Redis is away). */
  override async ping(): Promise<boolean> {
    return (await this.publisher.ping()) === 'PONG';
  }

  override async close(): Promise<void> {
    clearInterval(this.heartbeat);
    await super.close();
    this.publisher.disconnect();
    this.subscriber.disconnect();
  }
}
