/**
 * Domain events, published by services after their transaction committed. Payloads are
 * JSON-safe (dates as ISO strings) so they cross Redis between instances unchanged.
 */

/** An opinion row as it travels in events. */
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
  createdAt: string;
  updatedAt: string;
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

export type LiveEvent = (
  | { type: 'opinionSubmitted'; sessionId: string; opinion: OpinionSnapshot }
  | {
      type: 'opinionChanged';
      sessionId: string;
      opinion: OpinionSnapshot;
      previousStatus: string;
      change: 'status' | 'upvotes' | 'response' | 'redaction';
    }
  | { type: 'responsePosted'; sessionId: string; opinion: OpinionSnapshot; response: ResponseSnapshot }
  | { type: 'sessionChanged'; sessionId: string; status: string }
) & {
  /** When the event was published (epoch milliseconds), set by the bus; for the delivery lag metric. */
  at?: number;
};

/** Where services send events; src/live/ decides how they travel (memory or Redis). */
export interface EventPublisher {
  publish(event: LiveEvent): void;
}

type Row<T> = { [K in keyof T]: T[K] extends string ? (K extends 'createdAt' | 'updatedAt' ? Date : T[K]) : T[K] };

export type OpinionRowLike = Row<OpinionSnapshot>;
export type ResponseRowLike = Row<ResponseSnapshot>;

export function opinionSnapshot(row: OpinionRowLike): OpinionSnapshot {
  return {
    id: row.id,
    sessionId: row.sessionId,
    seq: row.seq,
    kind: row.kind,
    topicId: row.topicId,
    body: row.body,
    authorName: row.authorName,
    citizenId: row.citizenId,
    contact: row.contact,
    status: row.status,
    rejectReason: row.rejectReason,
    moderationReason: row.moderationReason,
    originalBody: row.originalBody,
    upvotes: row.upvotes,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function opinionFromSnapshot(snapshot: OpinionSnapshot): OpinionRowLike {
  return { ...snapshot, createdAt: new Date(snapshot.createdAt), updatedAt: new Date(snapshot.updatedAt) };
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
