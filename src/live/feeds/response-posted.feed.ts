import type { Viewer } from '../../auth/viewer.js';
import { responseFromSnapshot, type ResponseRowLike } from '../events.js';
import type { SessionLog } from '../session-log.js';
import { canSeeOpinion } from '../../auth/visibility.js';
import { logFeed, type FeedSession } from './log-feed.js';

/** Official responses on opinions the subscriber may see. */
export function responsePostedFeed({ log, session, viewer }: { log: SessionLog; session: FeedSession; viewer: Viewer }) {
  return logFeed<ResponseRowLike>({
    log,
    session,
    map: (entry) =>
      entry.type === 'RESPONSE_POSTED' && canSeeOpinion(viewer, session.unitId, entry.opinion) ? responseFromSnapshot(entry.response) : null,
  });
}
