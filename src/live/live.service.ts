import type { Logger } from 'pino';
import type { Prisma } from '../db/client.js';
import { isUnitStaff, type Viewer } from '../auth/viewer.js';
import { badInput, forbidden, notFound, unauthenticated } from '../common/errors.js';
import { OpinionKind, OpinionStatus, SessionStatus } from '../common/enums.js';
import { canSeeOpinion, isPublic } from '../modules/opinion/opinion.visibility.js';
import { statsScope, type SessionStats, type SessionStatsService, type StatsScope } from '../modules/forum-session/session-stats.service.js';
import {
  opinionFromSnapshot,
  responseFromSnapshot,
  type LiveEvent,
  type OpinionRowLike,
  type ResponseRowLike,
} from './events.js';
import type { LiveHub } from './hub.js';
import { countedFeed, fromEvent, type LiveMetrics } from './feed-metrics.js';
import { PushQueue } from './queue.js';

interface SessionRef {
  id: string;
  unitId: string;
  status: string;
}

const REPLAY_BATCH = 500;
/** How long an out-of-order opinion waits for the ones before it before they are read from the database. */
const GAP_WAIT_MS = 300;
/** At most four stats updates a second per session and audience. */
export const STATS_INTERVAL_MS = 250;

/**
 * The live feeds behind the Subscription type. Each feed checks access when it starts and
 * filters every event by what its subscriber may see. Feeds that take `afterSeq` replay from
 * the database first and then go live without a gap or a duplicate; a resync signal (Redis
 * back after an outage) makes them catch up from the database again.
 */
export class LiveService {
  private readonly tickers = new Map<string, StatsTicker>();

  constructor(
    private readonly prisma: Prisma,
    private readonly hub: LiveHub,
    private readonly stats: SessionStatsService,
    private readonly logger: Logger,
    private readonly metrics?: LiveMetrics,
  ) {}

  /** Staff of the session's unit: every new opinion in seq order, pending ones and tips included. */
  async opinionSubmitted({ viewer, sessionId, afterSeq }: { viewer: Viewer; sessionId: string; afterSeq?: number | null }) {
    checkAfterSeq(afterSeq);
    const session = await this.session(sessionId);
    if (!isUnitStaff(viewer, session.unitId)) {
      if (viewer.kind === 'anonymous') throw unauthenticated('opinionSubmitted is for the staff of the session\'s unit: sign in');
      throw forbidden('opinionSubmitted is for the staff of the session\'s unit');
    }
    return countedFeed(this.metrics, 'opinionSubmitted', new SeqFeed(this.prisma, this.hub, this.logger, session, afterSeq ?? null).start());
  }

  /** Anyone: each opinion as it becomes public; with afterSeq, the public ones after it first. */
  async opinionPublished({ sessionId, afterSeq }: { viewer: Viewer; sessionId: string; afterSeq?: number | null }) {
    checkAfterSeq(afterSeq);
    const session = await this.session(sessionId);
    return countedFeed(this.metrics, 'opinionPublished', new PublicFeed(this.prisma, this.hub, this.logger, session, afterSeq ?? null).start());
  }

  /**
   * Changes to opinions the subscriber may see. An opinion that leaves the subscriber's view
   * (hidden, say) comes once more with its new status and an empty body, so clients remove it.
   */
  async opinionUpdated({ viewer, sessionId }: { viewer: Viewer; sessionId: string }) {
    const session = await this.session(sessionId);
    return this.eventFeed<OpinionRowLike>('opinionUpdated', session, (event) => {
      if (event.type !== 'opinionChanged') return null;
      const row = opinionFromSnapshot(event.opinion);
      if (canSeeOpinion(viewer, session.unitId, row)) return row;
      if (canSeeOpinion(viewer, session.unitId, { ...row, status: event.previousStatus })) return { ...row, body: '' };
      return null;
    });
  }

  /** Official responses on opinions the subscriber may see. */
  async responsePosted({ viewer, sessionId }: { viewer: Viewer; sessionId: string }) {
    const session = await this.session(sessionId);
    return this.eventFeed<ResponseRowLike>('responsePosted', session, (event) =>
      event.type === 'responsePosted' && canSeeOpinion(viewer, session.unitId, event.opinion) ? responseFromSnapshot(event.response) : null,
    );
  }

  /** The session's stats now, then after changes, at most four times a second, shared by all subscribers of one audience. */
  async sessionStatsChanged({ viewer, sessionId }: { viewer: Viewer; sessionId: string }) {
    const session = await this.session(sessionId);
    const scope = statsScope(viewer, session.unitId);
    const key = `${session.id}:${scope}`;
    let ticker = this.tickers.get(key);
    if (!ticker) {
      ticker = new StatsTicker(session, scope, this.hub, this.stats, this.logger, () => this.tickers.delete(key));
      this.tickers.set(key, ticker);
    }
    return countedFeed(this.metrics, 'sessionStatsChanged', ticker.join(session.status === SessionStatus.CLOSED));
  }

  private async session(id: string): Promise<SessionRef> {
    const session = await this.prisma.forumSession.findUnique({ where: { id }, select: { id: true, unitId: true, status: true } });
    if (!session) throw notFound('Session');
    return session;
  }

  /** A feed of mapped events that ends when the session closes. */
  private eventFeed<T extends object>(
    feed: 'opinionUpdated' | 'responsePosted',
    session: SessionRef,
    map: (event: LiveEvent) => T | null,
  ): Promise<AsyncIterableIterator<T>> {
    let stop = () => {};
    const queue = new PushQueue<T>(() => stop());
    stop = this.hub.listen(session.id, (event) => {
      if (event.type === 'sessionChanged') {
        if (event.status === SessionStatus.CLOSED) queue.end();
        return;
      }
      const value = map(event);
      if (value !== null) queue.push(fromEvent(value, event));
    });
    if (session.status === SessionStatus.CLOSED) queue.end();
    return countedFeed(this.metrics, feed, Promise.resolve(queue));
  }
}

function checkAfterSeq(afterSeq: number | null | undefined): void {
  if (afterSeq !== null && afterSeq !== undefined && (!Number.isInteger(afterSeq) || afterSeq < 0)) {
    throw badInput('afterSeq must be zero or a positive integer', { field: 'afterSeq' });
  }
}

/**
 * Every opinion of a session in seq order, for its staff. Seqs are gap-free and commit in
 * order (one row lock hands them out), so the feed delivers exactly `next`, `next + 1`, …:
 * an opinion that arrives early waits for the ones before it, and a hole that stays open
 * (an event lost with Redis, or the replay itself) is filled from the database.
 */
class SeqFeed {
  private readonly queue: PushQueue<OpinionRowLike>;
  private readonly held = new Map<number, OpinionRowLike>();
  private next = 1;
  private filling: Promise<void> | null = null;
  private refill = false;
  private gapTimer: NodeJS.Timeout | null = null;
  private closing = false;
  // Until the starting point is known, events are only held.
  private ready = false;
  private stop = () => {};

  constructor(
    private readonly prisma: Prisma,
    private readonly hub: LiveHub,
    private readonly logger: Logger,
    private readonly session: SessionRef,
    private readonly afterSeq: number | null,
  ) {
    this.queue = new PushQueue(() => this.dispose());
  }

  async start(): Promise<AsyncIterableIterator<OpinionRowLike>> {
    // Listen first, then read where to start: nothing committed in between can slip past.
    this.stop = this.hub.listen(this.session.id, (event) => this.onEvent(event), () => this.fill());
    try {
      if (this.afterSeq === null) {
        const current = await this.prisma.forumSession.findUniqueOrThrow({ where: { id: this.session.id }, select: { lastSeq: true } });
        this.next = current.lastSeq + 1;
        for (const seq of [...this.held.keys()]) if (seq < this.next) this.held.delete(seq);
        this.ready = true;
        this.flush();
      } else {
        this.next = this.afterSeq + 1;
        this.ready = true;
        await this.fill();
      }
      if (this.session.status === SessionStatus.CLOSED) await this.closeAfterCatchUp();
    } catch (error) {
      this.dispose();
      throw error;
    }
    return this.queue;
  }

  private onEvent(event: LiveEvent): void {
    if (event.type === 'sessionChanged') {
      if (event.status === SessionStatus.CLOSED) void this.closeAfterCatchUp();
      return;
    }
    if (event.type !== 'opinionSubmitted' || event.opinion.seq < this.next) return;
    this.held.set(event.opinion.seq, fromEvent(opinionFromSnapshot(event.opinion), event));
    this.flush();
  }

  private flush(): void {
    if (!this.ready) return;
    let row: OpinionRowLike | undefined;
    while ((row = this.held.get(this.next))) {
      this.held.delete(this.next);
      this.queue.push(row);
      this.next++;
    }
    if (this.held.size > 0 && !this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        void this.fill();
      }, GAP_WAIT_MS);
    }
  }

  /** Reads everything from `next` on from the database, then delivers in order. */
  fill(): Promise<void> {
    if (this.filling) {
      this.refill = true;
      return this.filling;
    }
    this.filling = (async () => {
      try {
        do {
          this.refill = false;
          for (;;) {
            const rows = await this.prisma.opinion.findMany({
              where: { sessionId: this.session.id, seq: { gte: this.next } },
              orderBy: { seq: 'asc' },
              take: REPLAY_BATCH,
            });
            for (const row of rows) if (!this.held.has(row.seq)) this.held.set(row.seq, row);
            this.flush();
            if (rows.length < REPLAY_BATCH) break;
          }
        } while (this.refill);
      } catch (error) {
        this.logger.warn({ err: error, sessionId: this.session.id }, 'live feed could not read from the database');
        if (this.held.size > 0) this.flush();
      } finally {
        this.filling = null;
      }
    })();
    return this.filling;
  }

  private async closeAfterCatchUp(): Promise<void> {
    if (this.closing) return;
    this.closing = true;
    await this.fill();
    this.queue.end();
  }

  private dispose(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.stop();
  }
}

/**
 * Opinions as they become public. With afterSeq, the public opinions after that seq are read
 * first; events that arrive meanwhile wait, and those already covered by the read are dropped.
 */
class PublicFeed {
  private readonly queue: PushQueue<OpinionRowLike>;
  private buffer: OpinionRowLike[] | null = null;
  private highestSeq: number;
  private replaying: Promise<void> | null = null;
  private stop = () => {};

  constructor(
    private readonly prisma: Prisma,
    private readonly hub: LiveHub,
    private readonly logger: Logger,
    private readonly session: SessionRef,
    private readonly afterSeq: number | null,
  ) {
    this.queue = new PushQueue(() => this.stop());
    this.highestSeq = afterSeq ?? 0;
  }

  async start(): Promise<AsyncIterableIterator<OpinionRowLike>> {
    this.stop = this.hub.listen(this.session.id, (event) => this.onEvent(event), () => void this.replay());
    try {
      if (this.afterSeq !== null) await this.replay();
    } catch (error) {
      this.stop();
      throw error;
    }
    if (this.session.status === SessionStatus.CLOSED) this.queue.end();
    return this.queue;
  }

  private onEvent(event: LiveEvent): void {
    if (event.type === 'sessionChanged') {
      if (event.status === SessionStatus.CLOSED) void (this.replaying ?? Promise.resolve()).then(() => this.queue.end());
      return;
    }
    const becamePublic =
      (event.type === 'opinionSubmitted' && isPublic(event.opinion)) ||
      (event.type === 'opinionChanged' && event.change === 'status' && isPublic(event.opinion) && !isPublic({ kind: event.opinion.kind, status: event.previousStatus }));
    if (!becamePublic) return;
    const row = fromEvent(opinionFromSnapshot(event.opinion), event);
    if (this.buffer) this.buffer.push(row);
    else this.deliver(row);
  }

  private deliver(row: OpinionRowLike): void {
    this.highestSeq = Math.max(this.highestSeq, row.seq);
    this.queue.push(row);
  }

  /** Public opinions after the highest seq delivered so far, then whatever waited meanwhile. */
  private replay(): Promise<void> {
    if (this.replaying) return this.replaying;
    this.buffer = [];
    this.replaying = (async () => {
      const replayed = new Set<string>();
      try {
        for (;;) {
          const rows = await this.prisma.opinion.findMany({
            where: { sessionId: this.session.id, seq: { gt: this.highestSeq }, status: OpinionStatus.APPROVED, kind: { not: OpinionKind.TIP } },
            orderBy: { seq: 'asc' },
            take: REPLAY_BATCH,
          });
          for (const row of rows) {
            replayed.add(row.id);
            this.deliver(row);
          }
          if (rows.length < REPLAY_BATCH) break;
        }
      } catch (error) {
        this.logger.warn({ err: error, sessionId: this.session.id }, 'public feed could not replay from the database');
      } finally {
        const waiting = this.buffer ?? [];
        this.buffer = null;
        this.replaying = null;
        for (const row of waiting) if (!replayed.has(row.id)) this.deliver(row);
      }
    })();
    return this.replaying;
  }
}

/**
 * Stats of one session for one audience, computed once per tick and sent to every subscriber:
 * the first change is sent at once, later ones at most every STATS_INTERVAL_MS.
 */
class StatsTicker {
  private readonly members = new Set<PushQueue<SessionStats>>();
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private stop: () => void;

  constructor(
    private readonly session: SessionRef,
    private readonly scope: StatsScope,
    hub: LiveHub,
    private readonly stats: SessionStatsService,
    private readonly logger: Logger,
    private readonly onEmpty: () => void,
  ) {
    this.stop = hub.listen(session.id, (event) => this.onEvent(event), () => this.poke());
  }

  async join(closed: boolean): Promise<AsyncIterableIterator<SessionStats>> {
    const queue: PushQueue<SessionStats> = new PushQueue(() => this.leave(queue));
    this.members.add(queue);
    try {
      queue.push(await this.stats.compute(this.session.id, this.scope));
    } catch (error) {
      this.leave(queue);
      throw error;
    }
    if (closed) queue.end();
    return queue;
  }

  private leave(queue: PushQueue<SessionStats>): void {
    this.members.delete(queue);
    if (this.members.size === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.stop();
      this.onEmpty();
    }
  }

  private onEvent(event: LiveEvent): void {
    if (event.type === 'sessionChanged') {
      if (event.status === SessionStatus.CLOSED) for (const member of [...this.members]) member.end();
      return;
    }
    if (this.scope === 'public' && event.opinion.kind === OpinionKind.TIP) return;
    this.poke();
  }

  private poke(): void {
    if (this.timer) {
      this.dirty = true;
      return;
    }
    void this.emit();
    this.timer = setTimeout(() => {
      this.timer = null;
      if (this.dirty) {
        this.dirty = false;
        this.poke();
      }
    }, STATS_INTERVAL_MS);
  }

  private async emit(): Promise<void> {
    try {
      const stats = await this.stats.compute(this.session.id, this.scope);
      for (const member of this.members) member.push(stats);
    } catch (error) {
      this.logger.warn({ err: error, sessionId: this.session.id }, 'could not compute live stats');
    }
  }
}
