import crypto from 'node:crypto';
import { deviceKey } from './auth/poster.js';
import type { RateLimitContext } from './auth/rate-limit.js';
import type { Viewer } from './auth/viewer.js';
import { DEFAULT_LOCALE, type Locale } from './common/locale.js';
import type { Prisma } from './db/client.js';
import { createLoaders, type Loaders } from './db/loaders.js';
import type { PublicView } from './modules/forum-session/public-cache.js';
import type { SessionStats } from './modules/forum-session/session-stats.service.js';
import type { ViewScope as StatsScope } from './auth/visibility.js';
import type { Services } from './services.js';
import { Pacer, SLICE_MS } from './common/pacer.js';

/** One request's loaders, with the forum-session module's stats. */
type RequestLoaders = Loaders<SessionStats, StatsScope>;

/** One context shape for HTTP requests and WebSocket operations (what the rate limits read included). */
export interface Context extends RateLimitContext {
  viewer: Viewer;
  /** The token the request came with (its id and expiry), which `logout` ends; null without one, and on sockets. */
  token: RequestToken | null;
  services: Services;
  loaders: RequestLoaders;
  /** The public read cache for this request; null for staff, whose reads stay exact. */
  publicView: PublicView | null;
  requestId: string;
  /** Counts anonymous posters: the client's X-Device-Id, else a hash of its address. */
  deviceKey: string;
  /** The client's IP address (behind a proxy, from X-Forwarded-For), for per-address rate limits. */
  clientIp: string;
  /** The language the client reads error messages in (Accept-Language; Vietnamese by default). */
  locale: Locale;
  /** Slices this request's execution of long lists (src/common/pacer.ts). */
  pacer: Pacer;
  /** Drops cached records, so a long-lived subscription reads fresh data for each event (and starts its slice afresh). */
  renewLoaders(): void;
}

/** A token by its id (`jti`) and expiry (epoch milliseconds). */
export interface RequestToken {
  id: string;
  expiresAt: number;
}

export interface ContextSource {
  viewer: Viewer;
  token?: RequestToken | null;
  services: Services;
  prisma: Prisma;
  requestId?: string;
  deviceId?: string | null;
  ip?: string | null;
  locale?: Locale;
}

/**
 * A class, so every context has one fixed shape: a subscriber's context is kept for the life of
 * its subscription, thousands at a time, and only the first member of a shared group ever uses
 * its loaders. Loaders and the device key are made on first use.
 */
class RequestContext implements Context {
  private cachedLoaders: RequestLoaders | null = null;
  private cachedPublicView: PublicView | null | undefined;
  private cachedDeviceKey: string | null = null;
  private cachedPacer: Pacer | null = null;
  readonly clientIp: string;

  constructor(
    readonly viewer: Viewer,
    readonly services: Services,
    private readonly prisma: Prisma,
    readonly requestId: string,
    private readonly deviceId: string | null,
    ip: string | null,
    readonly locale: Locale,
    readonly token: RequestToken | null,
  ) {
    this.clientIp = ip ?? 'unknown';
  }

  get loaders(): RequestLoaders {
    return (this.cachedLoaders ??= createLoaders(this.prisma, (sessionId, scope: StatsScope) => this.services.stats.compute(sessionId, scope), this.publicView));
  }

  get publicView(): PublicView | null {
    // Staff (of any unit) read exactly; anonymous viewers and citizens read the public view, which
    // is the same for all of them (their own opinions are never read through it).
    if (this.cachedPublicView === undefined) this.cachedPublicView = this.viewer.kind === 'staff' ? null : this.services.publicCache.forRequest();
    return this.cachedPublicView;
  }

  get pacer(): Pacer {
    return (this.cachedPacer ??= new Pacer(SLICE_MS));
  }

  get deviceKey(): string {
    return (this.cachedDeviceKey ??= deviceKey({ deviceId: this.deviceId, ip: this.clientIp }));
  }

  renewLoaders(): void {
    this.cachedLoaders = null;
    // A subscription's next event is a new piece of work: its slice starts now.
    this.cachedPacer = null;
    this.cachedPublicView = undefined;
  }
}

export function createContext(source: ContextSource): Context {
  return new RequestContext(source.viewer, source.services, source.prisma, source.requestId ?? crypto.randomUUID(), source.deviceId ?? null, source.ip ?? null, source.locale ?? DEFAULT_LOCALE, source.token ?? null);
}
