import crypto from 'node:crypto';
import type { Viewer } from './auth/viewer.js';
import type { Prisma } from './db/client.js';
import { createLoaders, type Loaders } from './db/loaders.js';
import type { Services } from './services.js';

/** One context shape for HTTP requests and WebSocket operations. */
export interface Context {
  viewer: Viewer;
  services: Services;
  loaders: Loaders;
  requestId: string;
  /** Counts anonymous posters: the client's X-Device-Id, else a hash of its address. */
  deviceKey: string;
  /** The client's IP address (behind a proxy, from X-Forwarded-For), for per-address rate limits. */
  clientIp: string;
  /** Drops cached records, so a long-lived subscription reads fresh data for each event. */
  renewLoaders(): void;
}

export interface ContextSource {
  viewer: Viewer;
  services: Services;
  prisma: Prisma;
  requestId?: string;
  deviceId?: string | null;
  ip?: string | null;
}

const DEVICE_ID = /^[A-Za-z0-9._:-]{8,128}$/;

export function createContext(source: ContextSource): Context {
  const deviceKey =
    source.deviceId && DEVICE_ID.test(source.deviceId)
      ? `d:${source.deviceId}`
      : `ip:${crypto.createHash('sha256').update(source.ip ?? 'unknown').digest('base64url').slice(0, 22)}`;
  // Made on first use: an idle subscriber (or one served by a shared execution) never needs them.
  let loaders: Loaders | null = null;
  const context = {
    viewer: source.viewer,
    services: source.services,
    requestId: source.requestId ?? crypto.randomUUID(),
    deviceKey,
    clientIp: source.ip ?? 'unknown',
    renewLoaders: () => {
      loaders = null;
    },
  } as Omit<Context, 'loaders'> as Context;
  Object.defineProperty(context, 'loaders', {
    get: () => (loaders ??= createLoaders(source.prisma)),
    enumerable: true,
  });
  return context;
}

/** Wraps a live feed so that each event is resolved with fresh loaders (nothing stale from the last one). */
export async function liveFeed<T>(context: Context, feed: Promise<AsyncIterableIterator<T>>): Promise<AsyncIterableIterator<T>> {
  const source = await feed;
  const iterator: AsyncIterableIterator<T> = {
    next: async () => {
      const result = await source.next();
      if (!result.done) context.renewLoaders();
      return result;
    },
    return: async () => (await source.return?.()) ?? { value: undefined, done: true },
    throw: async (error?: unknown) => (source.throw ? source.throw(error) : Promise.reject(error)),
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}
