import type { Prisma } from '../../db/client.js';
import type { Viewer } from '../../auth/viewer.js';
import { pageSize } from '../../common/pagination.js';
import { readJournal, readOpinionsNow, readPublicJournal } from '../../live/journal.js';
import { checkedPosition, type LiveService } from '../../live/live.service.js';
import { eventCursor, publicEventCursor, sessionEventOf, type SessionEvent } from '../../live/session-events.js';

/** What the page needs of the live layer: the session with its record's position, and who sees what. */
type RecordAccess = Pick<LiveService, 'session' | 'audience'>;

const SCAN_BATCH = 500;
/**
 * Entries read at most for one page: a page of a record the viewer sees little of (50,000
 * pending opinions under PRE) ends there with `hasNextPage` and an `endCursor` past what it
 * read, so no request costs more than this many rows.
 */
export const MAX_SCANNED = 2000;

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
   * it, so the client subscribes from there without reading it again. Outside the unit's staff
   * the page reads the public positions only (never an entry about a tip), by index.
   */
  async page({ viewer, sessionId, after, first }: { viewer: Viewer; sessionId: string; after?: string | null; first?: number | null }): Promise<SessionEventPage> {
    const size = pageSize(first, 100);
    const session = await this.live.session(sessionId);
    const audience = this.live.audience(viewer, session.unitId);
    const staff = audience.staff;
    let scanned = checkedPosition(session, after, staff);
    const cursorAt = (position: number) => (staff ? eventCursor(session.id, position) : publicEventCursor(session.id, position));
    const read = (from: number) =>
      staff
        ? readJournal(this.prisma, { sessionId: session.id, after: from, limit: SCAN_BATCH })
        : readPublicJournal(this.prisma, { sessionId: session.id, after: from, limit: SCAN_BATCH });
    const edges: SessionEventPage['edges'] = [];
    let rowsRead = 0;
    for (;;) {
      const entries = await read(scanned);
      rowsRead += entries.length;
      // After the entries: every redaction and status change of an opinion they show has committed by now.
      if (!staff && entries.length) {
        const now = await readOpinionsNow(this.prisma, session.id);
        audience.redactions = now.redactions;
        audience.withheld = now.withheld;
      }
      for (const entry of entries) {
        const event = sessionEventOf(entry, audience);
        if (event && edges.length === size) {
          return { edges, pageInfo: { hasNextPage: true, endCursor: edges.at(-1)?.cursor ?? cursorAt(scanned) } };
        }
        scanned = staff ? entry.position : (entry.publicPosition ?? scanned);
        if (event) edges.push({ cursor: event.cursor, node: event });
      }
      if (entries.length < SCAN_BATCH) break;
      if (rowsRead >= MAX_SCANNED) return { edges, pageInfo: { hasNextPage: true, endCursor: cursorAt(scanned) } };
    }
    return { edges, pageInfo: { hasNextPage: false, endCursor: cursorAt(scanned) } };
  }
}
