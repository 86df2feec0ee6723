import type { Logger } from 'pino';
import { SessionStatus } from '../../common/enums.js';
import type { JournalEntry } from '../events.js';
import { PushQueue } from '../queue.js';
import type { SessionLog } from '../session-log.js';
import { countsInStats, type ViewScope } from '../../auth/visibility.js';
import type { FeedSession } from './log-feed.js';

/** At most four stats updates a second per session and audience. */
export const STATS_INTERVAL_MS = 250;

/** Where the figures come from (SessionStatsService, handed in by services.ts). */
export interface StatsSource<S> {
  compute(sessionId: string, scope: ViewScope): Promise<S>;
}

/**
 * Stats of one session for one audience, computed once per tick and sent to every subscriber:
 * the first change is sent at once, later ones at most every STATS_INTERVAL_MS.
 */
export class StatsTicker<S> {
  private readonly members = new Set<PushQueue<S>>();
  private timer: NodeJS.Timeout | null = null;
  private dirty = false;
  private readonly stop: () => void;

  constructor(
    private readonly session: FeedSession,
    private readonly scope: ViewScope,
    log: SessionLog,
    private readonly stats: StatsSource<S>,
    private readonly logger: Logger,
    private readonly onEmpty: () => void,
  ) {
    this.stop = log.listen((entry) => this.onEntry(entry));
  }

  async join(closed: boolean): Promise<AsyncIterableIterator<S>> {
    const queue: PushQueue<S> = new PushQueue(() => this.leave(queue));
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

  private leave(queue: PushQueue<S>): void {
    this.members.delete(queue);
    if (this.members.size === 0) {
      if (this.timer) clearTimeout(this.timer);
      this.stop();
      this.onEmpty();
    }
  }

  private onEntry(entry: JournalEntry): void {
    if (entry.type === 'SESSION_STATUS_CHANGED') {
      if (entry.status === SessionStatus.CLOSED) for (const member of [...this.members]) member.end();
      return;
    }
    // A session update may add topics (byTopic); an opinion's entry counts as its kind allows.
    if ('opinion' in entry && !countsInStats(this.scope, entry.opinion)) return;
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
