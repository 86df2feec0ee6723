import { request } from './api.js';
import { follow, liveClient } from './live.js';
import { MyOpinionEventsDocument, MyOpinionsDocument, MyRecordCursorDocument, type MyOpinionFragment } from './generated/graphql.js';

/**
 * Keeps a citizen's own opinions of a session current without polling: reads where the record
 * stands, then myOpinions, then follows myOpinionEvents from that cursor; after a dropped socket
 * it resumes from the last cursor applied. Its own socket, with the citizen token: the public
 * feeds stay on the page's anonymous socket. Returns the stop function.
 */
export function watchMyOpinions(sessionId: string, token: string, onChange: (mine: MyOpinionFragment[]) => void): () => void {
  const mine = new Map<string, MyOpinionFragment>();
  const client = liveClient({ token: () => token });
  let cursor: string | null = null;
  let stopped = false;
  let stopFeed = () => {};
  const show = () => onChange([...mine.values()]);
  // In this order: whatever commits after the cursor was read comes again through the feed.
  const load = async () => {
    const { session } = await request(MyRecordCursorDocument, { sessionId }, token);
    const { myOpinions } = await request(MyOpinionsDocument, { sessionId }, token);
    cursor = session?.recordCursor ?? null;
    mine.clear();
    for (const opinion of myOpinions) mine.set(opinion.id, opinion);
    show();
  };
  const start = async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        await load();
        break;
      } catch {
        await new Promise((resolve) => setTimeout(resolve, Math.min(10_000, 1000 * 2 ** attempt)));
      }
    }
    if (stopped) return;
    stopFeed = follow(client, {
      operation: MyOpinionEventsDocument,
      variables: () => ({ sessionId, after: cursor }),
      next: ({ myOpinionEvents: event }) => {
        cursor = event.cursor;
        if (event.opinion) mine.set(event.opinion.id, event.opinion);
        show();
      },
    });
  };
  void start();
  return () => {
    stopped = true;
    stopFeed();
    void client.dispose();
  };
}
