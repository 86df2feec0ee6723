import type { JournalType } from './vocabulary.js';

export type { JournalType } from './vocabulary.js';

/**
 * The session record's entries as they travel: appended to the journal by `Recorder.commit` in
 * the transaction of the change (or by the one-statement SQL writers), published after commit.
 * Payloads are JSON-safe (dates as ISO strings) so they cross Redis between instances and sit in the journal's jsonb unchanged.
 */

/** An opinion row as it travels in entries. */
export interface OpinionSnapshot {
  id: string;
  sessionId: string;
  seq: number;
  kind: string;
  topicId: string | null;
  body: string;
  authorName: string | null;
  citizenId: string | null;
  contact: string | null;
  status: string;
  rejectReason: string | null;
  moderationReason: string | null;
  /** The text as posted, once a moderator redacted `body` (staff only, like contact). */
  originalBody: string | null;
  upvotes: number;
  /** How it reached the police (APP, HOTLINE, …); public. */
  channel: string;
  createdAt: string;
  updatedAt: string;
  /**
   * The `seq` the public sees (opinion.public_seq; null for tips): added to the stored entry by
   * the database (trigger session_event_public), so absent from snapshots made in TypeScript.
   */
  publicSeq?: number | null;
}

export interface ResponseSnapshot {
  id: string;
  opinionId: string;
  responderId: string;
  body: string;
  outcome: string;
  createdAt: string;
  updatedAt: string;
}

/** A session's details as they travel (SESSION_UPDATED): what the ForumSession type shows. */
export interface SessionSnapshot {
  id: string;
  unitId: string;
  title: string;
  description: string | null;
  location: string | null;
  startsAt: string;
  endsAt: string | null;
  status: string;
  moderationMode: string;
  allowAnonymous: boolean;
  joinCode: string;
  createdAt: string;
  updatedAt: string;
}

/** A tip's follow-up as it travels (TIP_FOLLOWED_UP); the officer's note stays in the history table. */
export interface TipFollowUpSnapshot {
  status: string;
  previousStatus: string;
  caseNumber: string | null;
  suspects: number | null;
}

/** What a journal entry records, by type (the `payload` column holds everything but `type`). */
export type JournalChange =
  | { type: 'OPINION_SUBMITTED'; opinion: OpinionSnapshot }
  | { type: 'OPINION_STATUS_CHANGED'; opinion: OpinionSnapshot; previousStatus: string }
  | { type: 'OPINION_UPVOTED'; opinion: OpinionSnapshot }
  | { type: 'RESPONSE_POSTED'; opinion: OpinionSnapshot; response: ResponseSnapshot }
  /** A response's text or outcome corrected (the previous version is kept in response_revision). */
  | { type: 'RESPONSE_CORRECTED'; opinion: OpinionSnapshot; response: ResponseSnapshot }
  /** A moderator replaced the public text; the text as posted stays in `opinion.originalBody` (staff only). */
  | { type: 'OPINION_REDACTED'; opinion: OpinionSnapshot }
  | { type: 'SESSION_STATUS_CHANGED'; status: string; previousStatus: string }
  /** Details, times, moderation, anonymity or topics changed (updateSession); every viewer is told. */
  | { type: 'SESSION_UPDATED'; session: SessionSnapshot }
  /** A tip moved on (followUpTip): confidential, for the session unit's staff only. */
  | { type: 'TIP_FOLLOWED_UP'; opinion: OpinionSnapshot; tip: TipFollowUpSnapshot };

/** Every type of the union is in the vocabulary, and every vocabulary type has a shape here: the compiler checks. */
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const _journalShapesMatchVocabulary: Same<JournalChange['type'], JournalType> = true;

/** One committed entry of a session's journal. */
export type JournalEntry = JournalChange & {
  sessionId: string;
  /** 1, 2, 3, … within the session, in commit order. */
  position: number;
  /**
   * 1, 2, 3, … over the session's entries that are not about a tip (the public's cursors); null
   * for an entry about a tip. Set by the database (trigger session_event_public).
   */
  publicPosition: number | null;
  createdAt: string;
  /** When this instance published or received it (epoch milliseconds); for the delivery lag metric. */
  at?: number;
};

/** Where the recorder sends committed entries; src/live/ decides how they travel (memory or Redis). */
export interface EventPublisher {
  publish(entry: JournalEntry): void;
}

type Row<T> = { [K in keyof T]: T[K] extends string ? (K extends 'createdAt' | 'updatedAt' ? Date : T[K]) : T[K] };

export type OpinionRowLike = Row<OpinionSnapshot>;
export type ResponseRowLike = Row<ResponseSnapshot>;

export function opinionFromSnapshot(snapshot: OpinionSnapshot): OpinionRowLike {
  // An instance still running the previous release publishes no channel: those were all APP.
  return { ...snapshot, channel: snapshot.channel ?? 'APP', createdAt: new Date(snapshot.createdAt), updatedAt: new Date(snapshot.updatedAt) };
}

export function responseSnapshot(row: ResponseRowLike): ResponseSnapshot {
  return {
    id: row.id,
    opinionId: row.opinionId,
    responderId: row.responderId,
    body: row.body,
    outcome: row.outcome,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function responseFromSnapshot(snapshot: ResponseSnapshot): ResponseRowLike {
  return { ...snapshot, createdAt: new Date(snapshot.createdAt), updatedAt: new Date(snapshot.updatedAt) };
}

type SessionTimes = 'startsAt' | 'endsAt' | 'createdAt' | 'updatedAt';
export type SessionRowLike = Omit<SessionSnapshot, SessionTimes> & { startsAt: Date; endsAt: Date | null; createdAt: Date; updatedAt: Date };

/** A session row as it travels in a SESSION_UPDATED entry. */
export function sessionSnapshot(row: SessionRowLike): SessionSnapshot {
  return {
    id: row.id,
    unitId: row.unitId,
    title: row.title,
    description: row.description,
    location: row.location,
    startsAt: row.startsAt.toISOString(),
    endsAt: row.endsAt?.toISOString() ?? null,
    status: row.status,
    moderationMode: row.moderationMode,
    allowAnonymous: row.allowAnonymous,
    joinCode: row.joinCode,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** A SESSION_UPDATED entry's session, with dates again (what the ForumSession type resolves). */
export function sessionFromSnapshot(snapshot: SessionSnapshot): SessionRowLike {
  return {
    ...snapshot,
    startsAt: new Date(snapshot.startsAt),
    endsAt: snapshot.endsAt === null ? null : new Date(snapshot.endsAt),
    createdAt: new Date(snapshot.createdAt),
    updatedAt: new Date(snapshot.updatedAt),
  };
}
