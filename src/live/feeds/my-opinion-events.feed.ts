import { followInto } from './session-events.feed.js';
import { fromEntry } from '../feed-iterator.js';
import { ownEventCursor, ownEventOf, type OwnAudience, type OwnPosition, type SessionEvent } from '../session-events.js';
import type { SessionLog } from '../session-log.js';

/**
 * A citizen's own entries of the session record after `after`: the replay (from the journal
 * entry that holds `after.publicPosition`, `from`), then live, in journal order, each once.
 * Cursors are counted the same way whatever the starting point, so two subscriptions of one
 * citizen send the same frames (they share one execution, see fanout.ts).
 */
export async function myOpinionEventsFeed({ log, from, after, own }: { log: SessionLog; from: number; after: OwnPosition; own: OwnAudience }) {
  let at: OwnPosition = { publicPosition: after.publicPosition, count: 0 };
  return followInto<SessionEvent>(log, from, (entry, queue) => {
    if (entry.publicPosition !== null) at = { publicPosition: entry.publicPosition, count: 0 };
    const event = ownEventOf(entry, own);
    if (!event) return;
    at = { ...at, count: at.count + 1 };
    // Already delivered before `after` (an own tip counted after the same public position).
    if (at.publicPosition === after.publicPosition && at.count <= after.count) return;
    queue.push(fromEntry({ ...event, cursor: ownEventCursor(log.sessionId, at) }, entry));
  });
}
