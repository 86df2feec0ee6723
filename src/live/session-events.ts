import { showsOpinion } from '../auth/visibility.js';
import { badInput } from '../common/errors.js';
import { decodeCursor, encodeCursor } from '../common/pagination.js';
import {
  opinionFromSnapshot,
  responseFromSnapshot,
  sessionFromSnapshot,
  type JournalEntry,
  type OpinionRowLike,
  type OpinionSnapshot,
  type ResponseRowLike,
  type SessionRowLike,
} from './events.js';

/** What one viewer is told about a journal entry (the GraphQL SessionEventType). */
export type SessionEventType =
  | 'OPINION_SUBMITTED'
  | 'OPINION_PUBLISHED'
  | 'OPINION_CHANGED'
  | 'OPINION_WITHDRAWN'
  | 'RESPONSE_POSTED'
  | 'SESSION_STATUS_CHANGED'
  | 'SESSION_UPDATED'
  | 'TIP_FOLLOWED_UP';

/**
 * An opinion as an event carries it; `withdrawn` ones carry nothing of their content (no
 * responses either). TIP_FOLLOWED_UP adds the tip's follow-up, which only staff are ever sent.
 */
export type EventOpinion = OpinionRowLike & { withdrawn?: boolean; tipStatus?: string; caseNumber?: string | null; suspects?: number | null };

/** One journal entry as one viewer may see it. */
export interface SessionEvent {
  cursor: string;
  position: number;
  type: SessionEventType;
  at: Date;
  opinion: EventOpinion | null;
  response: ResponseRowLike | null;
  status: string | null;
  session: SessionRowLike | null;
}

/**
 * Who sees what in the record: the session unit's staff see every opinion; everyone else (the
 * public, citizens, other units' staff) sees the opinions `session { opinions }` shows them
 * (`showsOpinion` in src/auth/visibility.ts).
 */
export interface EventAudience {
  /** The staff view (`viewScope`): every opinion, tips and their follow-up included (canSeeStaffFields). */
  staff: boolean;
  /**
   * The public text of each redacted opinion of the session, now: an entry written before the
   * redaction still holds the text as posted, which only the unit's staff may see again.
   */
  redactions?: ReadonlyMap<string, string>;
  /**
   * The status now of each opinion of the session the public may not see now (hidden, rejected,
   * pending, tips): an entry written while one was public shows everyone outside the unit's staff
   * nothing of it any more, only that it left (see `sessionEventOf`).
   */
  withheld?: ReadonlyMap<string, string>;
}

const CURSOR_KIND = 'event';
/**
 * Cursors outside the unit's staff name public positions (entries not about a tip), so that no
 * cursor the public holds moves when a tip arrives or changes. A kind of their own: a public
 * cursor is refused from staff and a staff cursor from the public (Invalid cursor), never read
 * in the other's numbering.
 */
const PUBLIC_CURSOR_KIND = 'public-event';

/** The opaque cursor of a position in a session's journal, for the session unit's staff: valid across restarts and instances. */
export function eventCursor(sessionId: string, position: number): string {
  return encodeCursor(CURSOR_KIND, [sessionId, position]);
}

/** The opaque cursor of a public position (the count of entries not about a tip), for everyone outside the unit's staff. */
export function publicEventCursor(sessionId: string, publicPosition: number): string {
  return encodeCursor(PUBLIC_CURSOR_KIND, [sessionId, publicPosition]);
}

/** Where a viewer's cursors stand: journal positions for the unit's staff, public positions for everyone else. */
export function recordCursorFor(staff: boolean, session: { id: string; lastEvent: number; lastPublicEvent: number }): string {
  return staff ? eventCursor(session.id, session.lastEvent) : publicEventCursor(session.id, session.lastPublicEvent);
}

/**
 * The position an `after` cursor names in this session, in the viewer's numbering (journal
 * positions for staff, public positions otherwise); BAD_USER_INPUT for anything else.
 */
export function positionOf(cursor: string, sessionId: string, staff = true): number {
  const [cursorSession, position] = decodeCursor(cursor, staff ? CURSOR_KIND : PUBLIC_CURSOR_KIND, ['string', 'number']) as [string, number];
  if (cursorSession !== sessionId) throw badInput('cursor.otherSession', { field: 'after' });
  if (!Number.isInteger(position) || position < 0) throw badInput('cursor.invalid', { field: 'after' });
  return position;
}

/** The opinion reduced to what a viewer who may not see it is told: that it is there no more, and its status (now, when given). */
function withdrawn(opinion: OpinionSnapshot, status = opinion.status): EventOpinion {
  return { ...opinionFromSnapshot(opinion), status, body: '', authorName: null, contact: null, rejectReason: null, originalBody: null, withdrawn: true };
}

/** An entry's opinion as `audience` may read it: outside the unit's staff, a redacted text never shows again. */
function shown(opinion: OpinionSnapshot, audience: EventAudience): EventOpinion {
  const row = opinionFromSnapshot(opinion);
  const redacted = audience.staff ? undefined : audience.redactions?.get(opinion.id);
  return redacted === undefined ? row : { ...row, body: redacted, originalBody: null };
}

/**
 * A journal entry as `audience` may see it, or null when it shows them nothing. Outside the
 * unit's staff, every entry about an opinion they may not see now (hidden since, say) comes as
 * OPINION_WITHDRAWN with the opinion's id and status now and nothing else: it keeps its place in
 * the record, and a client holding the opinion drops it.
 */
export function sessionEventOf(entry: JournalEntry, audience: EventAudience): SessionEvent | null {
  // An entry about a tip has no public position: it shows nothing outside the unit's staff.
  if (!audience.staff && entry.publicPosition === null) return null;
  const cursor = audience.staff ? eventCursor(entry.sessionId, entry.position) : publicEventCursor(entry.sessionId, entry.publicPosition ?? 0);
  const visible = (opinion: Pick<OpinionSnapshot, 'kind' | 'status'>) => showsOpinion(audience.staff ? 'staff' : 'public', opinion);
  const event = eventAsWritten(entry, audience, { cursor, visible });
  if (!event?.opinion || audience.staff || !('opinion' in entry)) return event;
  const now = audience.withheld?.get(entry.opinion.id);
  return now === undefined ? event : { ...event, type: 'OPINION_WITHDRAWN', opinion: withdrawn(entry.opinion, now), response: null };
}

/**
 * An entry as `audience` may see it as it stood when it was written (redactions aside), under
 * `cursor`, where `visible` says which opinions are in the audience's view.
 */
function eventAsWritten(
  entry: JournalEntry,
  audience: EventAudience,
  { cursor, visible }: { cursor: string; visible: (opinion: Pick<OpinionSnapshot, 'kind' | 'status'>) => boolean },
): SessionEvent | null {
  const base = { cursor, position: entry.position, at: new Date(entry.createdAt), opinion: null, response: null, status: null, session: null };
  switch (entry.type) {
    case 'SESSION_STATUS_CHANGED':
      return { ...base, type: 'SESSION_STATUS_CHANGED', status: entry.status };
    case 'SESSION_UPDATED':
      return { ...base, type: 'SESSION_UPDATED', session: sessionFromSnapshot(entry.session) };
    // Tip follow-up (status, case number, suspects) is for the unit's staff alone: never the
    // public, other citizens, nor the tip's author (Opinion.tipStatus is a staff field too).
    case 'TIP_FOLLOWED_UP':
      if (!audience.staff) return null;
      return {
        ...base,
        type: 'TIP_FOLLOWED_UP',
        opinion: { ...shown(entry.opinion, audience), tipStatus: entry.tip.status, caseNumber: entry.tip.caseNumber, suspects: entry.tip.suspects },
      };
    case 'OPINION_SUBMITTED':
      if (audience.staff) return { ...base, type: 'OPINION_SUBMITTED', opinion: shown(entry.opinion, audience) };
      return visible(entry.opinion) ? { ...base, type: 'OPINION_PUBLISHED', opinion: shown(entry.opinion, audience) } : null;
    case 'OPINION_STATUS_CHANGED': {
      const before = visible({ kind: entry.opinion.kind, status: entry.previousStatus });
      const after = visible(entry.opinion);
      if (after) return { ...base, type: before ? 'OPINION_CHANGED' : 'OPINION_PUBLISHED', opinion: shown(entry.opinion, audience) };
      return before ? { ...base, type: 'OPINION_WITHDRAWN', opinion: withdrawn(entry.opinion) } : null;
    }
    // A redaction's snapshot body is already the public text; originalBody is resolved for staff only.
    case 'OPINION_UPVOTED':
    case 'OPINION_REDACTED':
      return visible(entry.opinion) ? { ...base, type: 'OPINION_CHANGED', opinion: shown(entry.opinion, audience) } : null;
    case 'RESPONSE_POSTED':
      return visible(entry.opinion)
        ? { ...base, type: 'RESPONSE_POSTED', opinion: shown(entry.opinion, audience), response: responseFromSnapshot(entry.response) }
        : null;
    case 'RESPONSE_CORRECTED':
      return visible(entry.opinion)
        ? { ...base, type: 'OPINION_CHANGED', opinion: shown(entry.opinion, audience), response: responseFromSnapshot(entry.response) }
        : null;
    default:
      // An entry type this version does not know (written by a newer instance): shown to nobody.
      return null;
  }
}

/**
 * Where a citizen's own feed (myOpinionEvents) stands: the last public position at or before the
 * entry, and how many of the citizen's own entries came since it. Counting in public positions,
 * not journal positions, keeps the number of other people's tips out of the cursors a citizen
 * holds (their own tips have no public position of their own, hence the count).
 */
export interface OwnPosition {
  publicPosition: number;
  count: number;
}

const OWN_CURSOR_KIND = 'own-event';

/** The opaque cursor of one of a citizen's own events (see OwnPosition). */
export function ownEventCursor(sessionId: string, { publicPosition, count }: OwnPosition): string {
  return encodeCursor(OWN_CURSOR_KIND, [sessionId, publicPosition, count]);
}

/**
 * The position a myOpinionEvents `after` names: one of its own cursors, or a public record cursor
 * (the session's recordCursor read before myOpinions: everything after that public position).
 * BAD_USER_INPUT for anything else.
 */
export function ownPositionOf(cursor: string, sessionId: string): OwnPosition {
  let values: (string | number)[];
  try {
    values = decodeCursor(cursor, OWN_CURSOR_KIND, ['string', 'number', 'number']);
  } catch {
    return { publicPosition: positionOf(cursor, sessionId, false), count: 0 };
  }
  const [cursorSession, publicPosition, count] = values as [string, number, number];
  if (cursorSession !== sessionId) throw badInput('cursor.otherSession', { field: 'after' });
  if (![publicPosition, count].every((n) => Number.isInteger(n) && n >= 0)) throw badInput('cursor.invalid', { field: 'after' });
  return { publicPosition, count };
}

/** A citizen's view of their own opinions in the record. */
export interface OwnAudience {
  /** Whether the opinion is the citizen's own (opinion.visibility.ts isOwnOpinion, handed in). */
  isOwn(opinion: Pick<OpinionSnapshot, 'citizenId'>): boolean;
  /** As in EventAudience: the author reads the public text of a redacted opinion, never the text as posted. */
  redactions?: ReadonlyMap<string, string>;
}

/**
 * An entry about one of the citizen's own opinions as its author may see it, cursor aside (the
 * feed gives it): in any status, tips included, the tip's follow-up never (staff only). A new
 * opinion comes as OPINION_PUBLISHED (it entered its author's view), its status changes,
 * upvotes and redaction as OPINION_CHANGED, answers as RESPONSE_POSTED; never OPINION_WITHDRAWN,
 * since an author follows their opinion whatever becomes of it. Null for every other entry.
 */
export function ownEventOf(entry: JournalEntry, own: OwnAudience): Omit<SessionEvent, 'cursor'> | null {
  if (!('opinion' in entry) || !own.isOwn(entry.opinion)) return null;
  const audience: EventAudience = { staff: false, redactions: own.redactions };
  const event = eventAsWritten(entry, audience, { cursor: '', visible: () => true });
  if (!event) return null;
  const { cursor: _cursor, ...rest } = event;
  return rest;
}
