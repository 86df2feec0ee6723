import type { Logger } from 'pino';
import type { Prisma } from '../db/client.js';
import type { Viewer } from '../auth/viewer.js';
import { isOwnOpinion, viewScope } from '../auth/visibility.js';
import { badInput, forbidden, notFound, unauthenticated } from '../common/errors.js';
import { SessionStatus } from '../common/enums.js';
import { trackFeed, type LiveMetrics } from './feed-iterator.js';
import type { FeedSession } from './feeds/log-feed.js';
import { opinionPublishedFeed } from './feeds/opinion-published.feed.js';
import { opinionSubmittedFeed } from './feeds/opinion-submitted.feed.js';
import { opinionUpdatedFeed } from './feeds/opinion-updated.feed.js';
import { responsePostedFeed } from './feeds/response-posted.feed.js';
import { sessionEventsFeed } from './feeds/session-events.feed.js';
import { myOpinionEventsFeed } from './feeds/my-opinion-events.feed.js';
import { StatsTicker, type StatsSource } from './feeds/session-stats.feed.js';
import { ownPositionOf, positionOf, type EventAudience, type OwnPosition } from './session-events.js';
import type { SessionLogs } from './session-log.js';
import type { Signals } from './signals.js';
import { positionOfPublic } from './journal.js';

/** What every feed request names: who asks, for which session, and what to run before each value. */
interface FeedRequest {
  viewer: Viewer;
  sessionId: string;
  /** Runs before each value goes out (the subscription renews its loaders). */
  onEach?: () => void;
}

/**
 * The live feeds behind the Subscription type, over the per-session logs (src/live/session-log.ts).
 * Each feed checks access when it starts and filters every entry by what its subscriber may see.
 */
export class LiveService<S = unknown> {
  private readonly tickers = new Map<string, StatsTicker<S>>();

  constructor(
    private readonly deps: {
      prisma: Prisma;
      logs: SessionLogs;
      stats: StatsSource<S>;
      logger: Logger;
      metrics?: LiveMetrics;
      signals?: Signals;
    },
  ) {}

  /** Who sees what in a session's record: its unit's staff everything, everyone else what is public. */
  audience(viewer: Viewer, unitId: string): EventAudience {
    return { staff: viewScope(viewer, unitId) === 'staff' };
  }

  /** The session's record from `after` (a sessionEvents cursor; null: from the start), then live. */
  async sessionEvents({ viewer, sessionId, after, onEach }: FeedRequest & { after?: string | null }) {
    const session = await this.session(sessionId);
    const staff = viewScope(viewer, session.unitId) === 'staff';
    const checked = checkedPosition(session, after, staff);
    // A public cursor names a public position: the replay starts after the entry that holds it.
    const position = staff ? checked : await positionOfPublic(this.deps.prisma, session.id, checked);
    const log = await this.deps.logs.open(session.id);
    const audience = { ...this.audience(viewer, session.unitId), redactions: log.redactions, withheld: log.withheld };
    return this.track('sessionEvents', { viewer, sessionId: session.id, onEach }, sessionEventsFeed({ log, after: position, audience }));
  }

  /**
   * A citizen's own opinions in the record after `after` (null: from the start), then live:
   * status changes, reasons, responses, tips included. Only the citizen token that posted them.
   */
  async myOpinionEvents({ viewer, sessionId, after, onEach }: FeedRequest & { after?: string | null }) {
    if (viewer.kind !== 'citizen') throw unauthenticated('opinion.mineNeedsCitizen');
    const session = await this.session(sessionId);
    const cursor = checkedOwnPosition(session, after);
    const from = await positionOfPublic(this.deps.prisma, session.id, cursor.publicPosition);
    const log = await this.deps.logs.open(session.id);
    const own = { isOwn: (opinion: { citizenId: string | null }) => isOwnOpinion(viewer, opinion), redactions: log.redactions };
    return this.track('myOpinionEvents', { viewer, sessionId: session.id, onEach }, myOpinionEventsFeed({ log, from, after: cursor, own }));
  }

  /** Staff of the session's unit: every new opinion in seq order, pending ones and tips included. */
  async opinionSubmitted({ viewer, sessionId, afterSeq, onEach }: FeedRequest & { afterSeq?: number | null }) {
    checkAfterSeq(afterSeq);
    const session = await this.session(sessionId);
    if (viewScope(viewer, session.unitId) !== 'staff') {
      if (viewer.kind === 'anonymous') throw unauthenticated('live.submittedSignIn');
      throw forbidden('live.submittedStaffOnly');
    }
    const log = await this.deps.logs.open(session.id);
    return this.track('opinionSubmitted', { viewer, sessionId: session.id, onEach }, opinionSubmittedFeed({ prisma: this.deps.prisma, log, session, afterSeq: afterSeq ?? null }));
  }

  /** Anyone: each opinion as it becomes public; with afterSeq, the public ones after it first. */
  async opinionPublished({ viewer, sessionId, afterSeq, onEach }: FeedRequest & { afterSeq?: number | null }) {
    checkAfterSeq(afterSeq);
    const session = await this.session(sessionId);
    const log = await this.deps.logs.open(session.id);
    const inPublicSeq = viewScope(viewer, session.unitId) === 'public';
    return this.track('opinionPublished', { viewer, sessionId: session.id, onEach }, opinionPublishedFeed({ prisma: this.deps.prisma, log, session, afterSeq: afterSeq ?? null, inPublicSeq }));
  }

  /** Changes to opinions the subscriber may see; one leaving the view comes once more, emptied. */
  async opinionUpdated({ viewer, sessionId, onEach }: FeedRequest) {
    const session = await this.session(sessionId);
    const log = await this.deps.logs.open(session.id);
    return this.track('opinionUpdated', { viewer, sessionId: session.id, onEach }, opinionUpdatedFeed({ log, session, viewer }));
  }

  /** Official responses on opinions the subscriber may see. */
  async responsePosted({ viewer, sessionId, onEach }: FeedRequest) {
    const session = await this.session(sessionId);
    const log = await this.deps.logs.open(session.id);
    return this.track('responsePosted', { viewer, sessionId: session.id, onEach }, responsePostedFeed({ log, session, viewer }));
  }

  /** The session's stats now, then after changes, at most four times a second, shared by all subscribers of one audience. */
  async sessionStatsChanged({ viewer, sessionId, onEach }: FeedRequest) {
    const session = await this.session(sessionId);
    const scope = viewScope(viewer, session.unitId);
    const key = `${session.id}:${scope}`;
    let ticker = this.tickers.get(key);
    if (!ticker) {
      const log = await this.deps.logs.open(session.id);
      ticker = this.tickers.get(key);
      if (!ticker) {
        ticker = new StatsTicker(session, scope, log, this.deps.stats, this.deps.logger, () => this.tickers.delete(key));
        this.tickers.set(key, ticker);
      }
    }
    return this.track('sessionStatsChanged', { viewer, sessionId: session.id, onEach }, ticker.join(session.status === SessionStatus.CLOSED));
  }

  private track<T>(feed: Parameters<typeof trackFeed>[1]['feed'], { viewer, sessionId, onEach }: FeedRequest, started: Promise<AsyncIterableIterator<T>>) {
    return trackFeed(started, { metrics: this.deps.metrics, feed, onEach, signals: this.deps.signals, sessionId, viewerKind: viewer.kind });
  }

  /** The session with where its record stands; NOT_FOUND when there is none. */
  async session(id: string): Promise<FeedSession & { lastEvent: number; lastPublicEvent: number }> {
    const session = await this.deps.prisma.forumSession.findUnique({
      where: { id },
      select: { id: true, unitId: true, status: true, lastEvent: true, lastPublicEvent: true },
    });
    if (!session) throw notFound('session.notFound');
    return session;
  }
}

/**
 * The position a cursor names, in the viewer's numbering (journal positions for the unit's
 * staff, public positions otherwise): BAD_USER_INPUT when malformed, of the other numbering or
 * another session, or ahead of the record.
 */
export function checkedPosition(session: { id: string; lastEvent: number; lastPublicEvent: number }, after: string | null | undefined, staff: boolean): number {
  if (after === null || after === undefined) return 0;
  const position = positionOf(after, session.id, staff);
  if (position > (staff ? session.lastEvent : session.lastPublicEvent)) throw badInput('cursor.ahead', { field: 'after' });
  return position;
}

/** `checkedPosition` for a myOpinionEvents cursor (see ownPositionOf). */
function checkedOwnPosition(session: { id: string; lastPublicEvent: number }, after: string | null | undefined): OwnPosition {
  if (after === null || after === undefined) return { publicPosition: 0, count: 0 };
  const position = ownPositionOf(after, session.id);
  if (position.publicPosition > session.lastPublicEvent) throw badInput('cursor.ahead', { field: 'after' });
  return position;
}

function checkAfterSeq(afterSeq: number | null | undefined): void {
  if (afterSeq !== null && afterSeq !== undefined && (!Number.isInteger(afterSeq) || afterSeq < 0)) {
    throw badInput('cursor.afterSeqInvalid', { field: 'afterSeq' });
  }
}
