import type { Viewer } from '../../auth/viewer.js';
import { opinionFromSnapshot, type JournalType, type OpinionRowLike } from '../events.js';
import type { SessionLog } from '../session-log.js';
import { canSeeOpinion } from '../../auth/visibility.js';
import { logFeed, type FeedSession } from './log-feed.js';

const UPDATES = new Set<JournalType>(['OPINION_STATUS_CHANGED', 'OPINION_UPVOTED', 'OPINION_REDACTED', 'RESPONSE_POSTED', 'RESPONSE_CORRECTED']);

/**
 * Changes to opinions the subscriber may see (status, upvotes, redactions, responses). An opinion that
 * leaves the subscriber's view (hidden, say) comes once more with its new status and an empty
 * body, so clients remove it.
 */
export function opinionUpdatedFeed({ log, session, viewer }: { log: SessionLog; session: FeedSession; viewer: Viewer }) {
  return logFeed<OpinionRowLike>({
    log,
    session,
    map: (entry) => {
      if (!UPDATES.has(entry.type) || !('opinion' in entry)) return null;
      const row = opinionFromSnapshot(entry.opinion);
      if (canSeeOpinion(viewer, session.unitId, row)) return row;
      const previousStatus = entry.type === 'OPINION_STATUS_CHANGED' ? entry.previousStatus : row.status;
      if (canSeeOpinion(viewer, session.unitId, { ...row, status: previousStatus })) return { ...row, body: '', withdrawn: true };
      return null;
    },
  });
}
