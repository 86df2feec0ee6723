import { PushQueue } from '../queue.js';
import { fromEntry } from '../feed-iterator.js';
import { sessionEventOf, type EventAudience, type SessionEvent } from '../session-events.js';
import type { SessionLog } from '../session-log.js';
import type { JournalEntry } from '../events.js';

/**
 * The session's record as one audience may see it, from `after` on: the replay (shared with
 * other replays of the same journal page, or from the log's memory), then live, in journal
 * order, each entry once. It does not end when the session closes: responses and moderation
 * continue on a closed session's record.
 */
export async function sessionEventsFeed({ log, after, audience }: { log: SessionLog; after: number; audience: EventAudience }) {
  return followInto<SessionEvent>(log, after, (entry, queue) => {
    const event = sessionEventOf(entry, audience);
    if (event) queue.push(fromEntry(event, entry));
  });
}

/**
 * A queue fed by `onEntry` with the session log's entries after `after` (the replay, then live),
 * once the log follows; the queue's end stops following.
 */
export async function followInto<T>(log: SessionLog, after: number, onEntry: (entry: JournalEntry, queue: PushQueue<T>) => void): Promise<PushQueue<T>> {
  let stop = () => {};
  const queue = new PushQueue<T>(() => stop());
  const following = log.follow(after, (entry) => onEntry(entry, queue));
  stop = following.stop;
  try {
    await following.ready;
  } catch (error) {
    stop();
    throw error;
  }
  return queue;
}
