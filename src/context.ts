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
  return {
    viewer: source.viewer,
    services: source.services,
    loaders: createLoaders(source.prisma),
    requestId: source.requestId ?? crypto.randomUUID(),
    deviceKey,
  };
}
