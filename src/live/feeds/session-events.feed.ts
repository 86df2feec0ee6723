import { PushQueue } from '../queue.js';
import { fromEntry } from '../feed-iterator.js';
import { sessionEventOf, type EventAudience, type SessionEvent } from '../session-events.js';
import type { SessionLog } from '../session-log.js';

/**
 * The session's record as one audience may see it, from `after` on: the replay (shared with
 * other replays of the same journal page, or from the log's memory), then live, in journal
 * order, each entry once. It does not end when the session closes: responses and moderation
 * continue on a closed session's record.
 */
export async function sessionEventsFeed({ log, after, audience }: { log: SessionLog; after: number; audience: EventAudience }) {
  let stop = () => {};
  const queue = new PushQueue<SessionEvent>(() => stop());
  const following = log.follow(after, (entry) => {
    const event = sessionEventOf(entry, audience);
    if (event) queue.push(fromEntry(event, entry));
  });
  stop = following.stop;
  try {
    await following.ready;
  } catch (error) {
    stop();
    throw error;
  }
  return queue;
}
