import type { Prisma } from '../../db/client.js';
import type { Viewer } from '../../auth/viewer.js';
import { pageSize } from '../../common/pagination.js';
import { readJournal, readRedactions, readWithheld } from '../../live/journal.js';
import { checkedPosition, type LiveService } from '../../live/live.service.js';
import { eventCursor, sessionEventOf, type SessionEvent } from '../../live/session-events.js';
import { publicOpinionWhere } from '../opinion/opinion.visibility.js';

/** What the page needs of the live layer: the session with its record's position, and who sees what. */
type RecordAccess = Pick<LiveService, 'session' | 'audience'>;

const SCAN_BATCH = 500;

export interface SessionEventPage {
  edges: { cursor: string; node: SessionEvent }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** The session record over HTTP: what a viewer may see of it, a page at a time. */
export class SessionEventService {
  constructor(
    private readonly prisma: Prisma,
    private readonly live: RecordAccess,
  ) {}

  /**
   * The viewer's events after `after`, at most `first` (100 by default and at most). On the last
   * page `endCursor` is the position of the record read last, even if the viewer saw none of
   * it, so the client subscribes from there without reading it again.
   */
  async page({ viewer, sessionId, after, first }: { viewer: Viewer; sessionId: string; after?: string | null; first?: number | null }): Promise<SessionEventPage> {
    const size = pageSize(first, 100);
    const session = await this.live.session(sessionId);
    let scanned = checkedPosition(session, after);
    const audience = this.live.audience(viewer, session.unitId);
    const edges: SessionEventPage['edges'] = [];
    for (;;) {
      const entries = await readJournal(this.prisma, { sessionId: session.id, after: scanned, limit: SCAN_BATCH });
      // After the entries: every redaction and status change of an opinion they show has committed by now.
      if (!audience.staff && entries.length) {
        audience.redactions = await readRedactions(this.prisma, session.id);
        audience.withheld = await readWithheld(this.prisma, session.id, publicOpinionWhere);
      }
      for (const entry of entries) {
        const event = sessionEventOf(entry, audience);
        if (event && edges.length === size) {
          return { edges, pageInfo: { hasNextPage: true, endCursor: edges.at(-1)?.cursor ?? eventCursor(session.id, scanned) } };
        }
        scanned = entry.position;
        if (event) edges.push({ cursor: event.cursor, node: event });
      }
      if (entries.length < SCAN_BATCH) break;
    }
    return { edges, pageInfo: { hasNextPage: false, endCursor: eventCursor(session.id, scanned) } };
  }
}
