import type { Logger } from 'pino';
import type { Prisma } from './db/client.js';
import type { TokenService } from './auth/tokens.js';
import type { EventBus } from './live/bus.js';
import type { LiveMetrics } from './live/feed-iterator.js';
import { LiveService } from './live/live.service.js';
import { AccessService } from './auth/access.js';
import { SessionLogs } from './live/session-log.js';
import { Signals } from './live/signals.js';
import { UnitService } from './modules/unit/unit.service.js';
import { StaffService } from './modules/staff/staff.service.js';
import { ForumSessionService } from './modules/forum-session/forum-session.service.js';
import { SessionStatsService } from './modules/forum-session/session-stats.service.js';
import { PublicCache, type PublicCacheResult, type PublicSources } from './modules/forum-session/public-cache.js';
import { ANONYMOUS } from './auth/viewer.js';
import { OpinionService } from './modules/opinion/opinion.service.js';
import { ModerationService } from './modules/opinion/moderation.service.js';
import { Recorder } from './record/recorder.js';
import { RecordService } from './modules/record/record.service.js';
import { OfficialResponseService } from './modules/official-response/official-response.service.js';
import { SessionEventService } from './modules/session-event/session-event.service.js';
import { TipService } from './modules/tip/tip.service.js';
import { ReportService } from './modules/report/report.service.js';
import { DEFAULT_RATE_LIMITS } from './config.js';
import { RateLimiter } from './auth/rate-limiter.js';

/** What the public read cache reads through: the anonymous viewer's list and the public figures. */
export function publicSources(opinions: OpinionService, stats: SessionStatsService): PublicSources {
  return {
    page: (session, args) => opinions.list({ viewer: ANONYMOUS, session, args }),
    stats: (sessionId) => stats.compute(sessionId, 'public'),
  };
}

/** Every domain service, built once per process and shared by all requests. */
export function createServices(deps: {
  prisma: Prisma;
  tokens: TokenService;
  events: EventBus;
  logger: Logger;
  metrics?: LiveMetrics;
  rateLimits?: RateLimiter;
  /** Submission batches written at once (SubmissionWriter): 1 on the embedded database. */
  writeConcurrency?: number;
  /** Counts the public read cache's session views by result. */
  onPublicCacheRead?: (result: PublicCacheResult) => void;
}) {
  const signals = new Signals();
  const stats = new SessionStatsService(deps.prisma);
  // Every write of the session record goes through it: rows, audit and journal in one transaction.
  const recorder = new Recorder(deps.prisma, deps.events);
  const opinions = new OpinionService(deps.prisma, recorder, { writeConcurrency: deps.writeConcurrency });
  // Listens to the bus before the session logs do, so a feed never resolves fields from a view its entry made stale.
  const publicCache = new PublicCache({
    prisma: deps.prisma,
    bus: deps.events,
    sources: publicSources(opinions, stats),
    onRead: deps.onPublicCacheRead,
  });
  const access = new AccessService(deps.prisma, deps.tokens, deps.events);
  const logs = new SessionLogs(deps.prisma, deps.events, deps.logger);
  const live = new LiveService({ prisma: deps.prisma, logs, stats, logger: deps.logger, metrics: deps.metrics, signals });
  return {
    access,
    units: new UnitService(deps.prisma, recorder, access),
    staff: new StaffService(deps.prisma, recorder, deps.tokens, access, deps.logger),
    sessions: new ForumSessionService(deps.prisma, recorder),
    stats,
    opinions,
    /** Approve, reject, hide, restore and redact: the moderators' side of opinions. */
    moderation: new ModerationService(deps.prisma, recorder),
    /** What the public reads of sessions, kept per session between events (see PublicCache). */
    publicCache,
    responses: new OfficialResponseService(deps.prisma, recorder),
    record: new RecordService(deps.prisma),
    live,
    sessionEvents: new SessionEventService(deps.prisma, live),
    /** The per-session logs of this instance (feeds listening, journal reads). */
    logs,
    tips: new TipService(deps.prisma, recorder),
    reports: new ReportService(deps.prisma),
    /** This instance's readiness signals (feeds attached, subscribers joined, sockets closed): what tests await. */
    signals,
    // In-process counters with the default limits unless the app brings its own (seed, scripts).
    rateLimits: deps.rateLimits ?? new RateLimiter({ limits: DEFAULT_RATE_LIMITS }),
  };
}

export type Services = ReturnType<typeof createServices>;
