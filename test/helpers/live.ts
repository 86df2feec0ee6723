import { print } from 'graphql';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import type { RunningApp } from '../../src/app.js';
import type { SignalMap, SignalName } from '../../src/live/signals.js';
import { TEST_LANGUAGE } from './server.js';

export interface LiveResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: { code?: string } }[];
}

/** `ws` sending `language` as the upgrade request's Accept-Language (none when null). */
function webSocketSaying(language: string | null) {
  return class extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, language === null ? {} : { headers: { 'accept-language': language } });
    }
  };
}

/** A graphql-ws client for tests: no retries, closes on dispose. */
export function liveClient(wsUrl: string, token?: string | null, extra: { connectionParams?: Record<string, unknown>; language?: string | null } = {}): Client {
  return createClient({
    url: wsUrl,
    // English, as test HTTP requests ask (TEST_LANGUAGE), unless the test says otherwise.
    webSocketImpl: webSocketSaying(extra.language === undefined ? TEST_LANGUAGE : extra.language),
    connectionParams: extra.connectionParams ?? (token ? { authorization: `Bearer ${token}` } : {}),
    retryAttempts: 0,
    lazy: true,
  });
}

/** One subscription, with its messages queued for the test to take in order. */
export class LiveSubscription<T> {
  private readonly items: LiveResult<T>[] = [];
  private readonly waiters: ((item: LiveResult<T> | 'complete') => void)[] = [];
  private readonly dispose: () => void;
  error: unknown = null;
  completed = false;
  readonly done: Promise<void>;

  constructor(client: Client, doc: TypedDocumentNode<T, unknown>, variables: Record<string, unknown>) {
    let finish: () => void;
    this.done = new Promise((resolve) => (finish = resolve));
    this.dispose = client.subscribe<T>(
      { query: print(doc), variables },
      {
        next: (value) => {
          const waiter = this.waiters.shift();
          if (waiter) waiter(value as LiveResult<T>);
          else this.items.push(value as LiveResult<T>);
        },
        error: (error) => {
          this.error = error;
          this.completed = true;
          for (const waiter of this.waiters.splice(0)) waiter('complete');
          finish();
        },
        complete: () => {
          this.completed = true;
          for (const waiter of this.waiters.splice(0)) waiter('complete');
          finish();
        },
      },
    );
  }

  /** The next message; fails after `timeoutMs`, or when the stream ended first. */
  next(timeoutMs = 5000): Promise<LiveResult<T>> {
    const queued = this.items.shift();
    if (queued) return Promise.resolve(queued);
    if (this.completed) return Promise.reject(new Error(`stream ended: ${JSON.stringify(this.error)}`));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no message within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push((item) => {
        clearTimeout(timer);
        if (item === 'complete') reject(new Error(`stream ended: ${JSON.stringify(this.error)}`));
        else resolve(item);
      });
    });
  }

  /** The data of the next `count` messages, each of which must have succeeded. */
  async take(count: number, timeoutMs = 10_000): Promise<T[]> {
    const values: T[] = [];
    for (let i = 0; i < count; i++) {
      const result = await this.next(timeoutMs);
      if (result.errors?.length || !result.data) throw new Error(`expected data, got ${JSON.stringify(result)}`);
      values.push(result.data);
    }
    return values;
  }

  /** Messages already received and not taken. */
  get buffered(): number {
    return this.items.length;
  }

  close(): void {
    this.dispose();
  }
}

export function subscribe<T>(client: Client, doc: TypedDocumentNode<T, never>, variables: Record<string, unknown>): LiveSubscription<T> {
  return new LiveSubscription<T>(client, doc as TypedDocumentNode<T, unknown>, variables);
}

/**
 * Resolves when the instance has given `count` signals `name` matching `match`, counted from
 * this call on: call it before the action, await it after (no race, no poll). `match` runs when
 * the signal is given, so it may read the instance's state at that moment.
 */
export function signalled<K extends SignalName>(
  app: Pick<RunningApp, 'signals'>,
  name: K,
  match: (payload: SignalMap[K]) => boolean = () => true,
  { count = 1, timeoutMs = 5000 }: { count?: number; timeoutMs?: number } = {},
): Promise<void> {
  let seen = 0;
  return app.signals.next(name, (payload) => match(payload) && ++seen === count, timeoutMs).then(() => undefined);
}

/**
 * Resolves when `holds` is true of the instance: at once if it is now, else at the first signal
 * `name` after which it is. The listener goes on before the first look, so no change slips
 * between them; for bookkeeping a signal changes (group members, replaying members, sockets).
 */
export async function reached<K extends SignalName>(app: Pick<RunningApp, 'signals'>, name: K, holds: () => boolean, timeoutMs = 5000): Promise<void> {
  const signal = app.signals.next(name, holds, timeoutMs);
  if (!holds()) return signal.then(() => undefined);
  // Already true: the listener is no longer wanted (it ends with its timeout, which is unref'd).
  signal.catch(() => {});
}

/** Resolves once `count` feeds of the session were attached to its log on this instance (see `signalled`). */
export function feedsAttached(app: Pick<RunningApp, 'signals'>, sessionId: string, count = 1, timeoutMs?: number): Promise<void> {
  return signalled(app, 'feedAttached', (feed) => feed.sessionId === sessionId, { count, timeoutMs });
}

/** Resolves once `count` feeds of the session have ended on this instance (see `signalled`). */
export function feedsDetached(app: Pick<RunningApp, 'signals'>, sessionId: string, count = 1, timeoutMs?: number): Promise<void> {
  return signalled(app, 'feedDetached', (feed) => feed.sessionId === sessionId, { count, timeoutMs });
}

/** Resolves when `check` passes, polling; only for what the server gives no signal of (another instance, another process, Redis). */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
