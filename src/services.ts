import type { Logger } from 'pino';
import type { Prisma } from './db/client.js';
import type { TokenService } from './auth/tokens.js';
import type { EventBus } from './live/bus.js';
import { LiveHub } from './live/hub.js';
import type { LiveMetrics } from './live/feed-metrics.js';
import { LiveService } from './live/live.service.js';
import { UnitService } from './modules/unit/unit.service.js';
import { StaffService } from './modules/staff/staff.service.js';
import { ForumSessionService } from './modules/forum-session/forum-session.service.js';
import { SessionStatsService } from './modules/forum-session/session-stats.service.js';
import { OpinionService } from './modules/opinion/opinion.service.js';
import { RecordService } from './modules/record/record.service.js';
import { OfficialResponseService } from './modules/official-response/official-response.service.js';
import { DEFAULT_RATE_LIMITS } from './config.js';
import { RateLimiter } from './auth/rate-limiter.js';

/** Every domain service, built once per process and shared by all requests. */
export function createServices(deps: { prisma: Prisma; tokens: TokenService; events: EventBus; logger: Logger; metrics?: LiveMetrics; rateLimits?: RateLimiter }) {
  const stats = new SessionStatsService(deps.prisma);
  const hub = new LiveHub(deps.events);
  return {
    units: new UnitService(deps.prisma),
    staff: new StaffService(deps.prisma, deps.tokens, deps.logger),
    sessions: new ForumSessionService(deps.prisma, deps.events),
    stats,
    opinions: new OpinionService(deps.prisma, deps.events),
    responses: new OfficialResponseService(deps.prisma, deps.events),
    record: new RecordService(deps.prisma),
    live: new LiveService(deps.prisma, hub, stats, deps.logger, deps.metrics),
    hub,
    // In-process counters with the default limits unless the app brings its own (seed, scripts).
    rateLimits: deps.rateLimits ?? new RateLimiter({ limits: DEFAULT_RATE_LIMITS }),
  };
}

export type Services = ReturnType<typeof createServices>;
