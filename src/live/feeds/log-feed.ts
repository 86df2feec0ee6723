import type { Viewer } from '../../auth/viewer.js';
import { SessionStatus } from '../../common/enums.js';
import type { JournalEntry, OpinionSnapshot } from '../events.js';
import { fromEntry } from '../feed-iterator.js';
import { PushQueue } from '../queue.js';
import type { PublicRule, SessionLog } from '../session-log.js';

/** The session a feed follows, as far as access and ending go. */
export interface FeedSession {
  id: string;
  unitId: string;
  status: string;
}

/**
 * The visibility rules feeds apply. They live with the opinions (modules/opinion/opinion.visibility.ts)
 * and are handed in (services.ts), so the live layer does not reach back into the modules.
 */
export interface OpinionRules extends PublicRule {
  canSeeOpinion(viewer: Viewer, unitId: string, opinion: Pick<OpinionSnapshot, 'kind' | 'status' | 'citizenId'>): boolean;
  /** Whether the viewer posted the opinion with their citizen token (their own feed, myOpinionEvents). */
  isOwnOpinion(viewer: Viewer, opinion: Pick<OpinionSnapshot, 'citizenId'>): boolean;
  /** Whether the public figures count an opinion (every status, no tips). */
  countsInPublicStats(opinion: Pick<OpinionSnapshot, 'kind'>): boolean;
}

export interface LogFeedOptions<T> {
  log: SessionLog;
  session: FeedSession;
  /** The value for one entry, or null when it shows this subscriber nothing. */
  map: (entry: JournalEntry) => T | null;
  /** Reads what came before (from the database) and pushes it; entries arriving meanwhile wait. */
  replay?: (push: (value: T) => void) => Promise<void>;
  /** After the replay and the entries that waited for it (what the replay kept to drop duplicates can go). */
  settled?: () => void;
}

/**
 * A feed over a session log: optional replay first, then each entry mapped, in journal order.
 * The feed ends when the session closes (and at once, after the replay, when it is closed).
 */
export async function logFeed<T extends object>({ log, session, map, replay, settled }: LogFeedOptions<T>): Promise<PushQueue<T>> {
  let stop = () => {};
  const queue = new PushQueue<T>(() => stop());
  let waiting: JournalEntry[] | null = replay ? [] : null;
  const take = (entry: JournalEntry) => {
    if (entry.type === 'SESSION_STATUS_CHANGED') {
      if (entry.status === SessionStatus.CLOSED) queue.end();
      return;
    }
    const value = map(entry);
    if (value !== null) queue.push(fromEntry(value, entry));
  };
  stop = log.listen((entry) => (waiting ? waiting.push(entry) : take(entry)));
  if (replay) {
    try {
      await replay((value) => queue.push(value));
    } catch (error) {
      stop();
      throw error;
    } finally {
      const held = waiting ?? [];
      waiting = null;
      for (const entry of held) take(entry);
      settled?.();
    }
  }
  if (session.status === SessionStatus.CLOSED) queue.end();
  return queue;
}
