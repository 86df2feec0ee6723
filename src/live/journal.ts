import type { Prisma } from '../db/client.js';
import { isPublicOpinion, publicOpinionWhere } from '../auth/visibility.js';
import type { JournalChange, JournalEntry } from './events.js';

/** A Prisma client or an interactive transaction: whatever runs the change appends to the journal. */
export type JournalWriter = Pick<Prisma, '$queryRaw'>;

/** A stored row of the journal (session_event) as Prisma or a raw query returns it. */
export interface JournalRow {
  sessionId: string;
  position: number;
  /** Absent where a writer returns only the payload, which carries it too (trigger session_event_public). */
  publicPosition?: number | null;
  type: string;
  payload: unknown;
  createdAt: Date | string;
}

/** The entry a stored row records. */
export function entryFromRow(row: JournalRow): JournalEntry {
  const payload = (typeof row.payload === 'string' ? JSON.parse(row.payload) : row.payload) as Record<string, unknown>;
  const publicPosition = row.publicPosition ?? (payload.publicPosition as number | null | undefined) ?? null;
  return {
    ...payload,
    type: row.type,
    sessionId: row.sessionId,
    position: Number(row.position),
    publicPosition: publicPosition === null ? null : Number(publicPosition),
    createdAt: new Date(row.createdAt).toISOString(),
  } as JournalEntry;
}

/** The payload column of a change: everything but its type. */
function payloadOf(change: JournalChange): string {
  const { type: _type, ...payload } = change;
  return JSON.stringify(payload);
}

/**
 * Appends a change to its session's journal inside the caller's transaction. The position comes
 * from the session row, incremented under its row lock, so positions follow commit order within
 * the session (a sequence would not: a lower number can commit later). Publish the returned
 * entry only after the transaction committed.
 */
export async function appendEntry(tx: JournalWriter, sessionId: string, change: JournalChange): Promise<JournalEntry> {
  const opinionId = 'opinion' in change ? change.opinion.id : null;
  const responseId = 'response' in change ? change.response.id : null;
  const rows = await tx.$queryRaw<{ position: number; publicPosition: number | null; payload: unknown; createdAt: Date | string }[]>`
    WITH s AS (UPDATE forum_session SET last_event = last_event + 1 WHERE id = ${sessionId} RETURNING last_event)
    INSERT INTO session_event (session_id, position, type, opinion_id, response_id, payload)
    SELECT ${sessionId}, s.last_event, ${change.type}, ${opinionId}::text, ${responseId}::text, ${payloadOf(change)}::jsonb FROM s
    RETURNING position, public_position AS "publicPosition", payload, created_at AS "createdAt"`;
  if (rows.length === 0) throw new Error(`session ${sessionId} vanished while appending to its journal`);
  // The stored payload: the database adds the public position and the opinion's public seq.
  return entryFromRow({ sessionId, type: change.type, ...rows[0] });
}

/** Up to `limit` entries after `after` (and up to `upTo`), in order. */
export async function readJournal(
  prisma: Prisma,
  { sessionId, after, upTo, limit }: { sessionId: string; after: number; upTo?: number; limit: number },
): Promise<JournalEntry[]> {
  const rows = await prisma.sessionEvent.findMany({
    where: { sessionId, position: upTo === undefined ? { gt: after } : { gt: after, lte: upTo } },
    orderBy: { position: 'asc' },
    take: limit,
    select: JOURNAL_COLUMNS,
  });
  return rows.map(entryFromRow);
}

const JOURNAL_COLUMNS = { sessionId: true, position: true, publicPosition: true, type: true, payload: true, createdAt: true } as const;

/**
 * Up to `limit` entries not about a tip, after public position `after`, in order: read by the
 * index on (session, public position), so no tip entry is ever read for the public.
 */
export async function readPublicJournal(prisma: Prisma, { sessionId, after, limit }: { sessionId: string; after: number; limit: number }): Promise<JournalEntry[]> {
  const rows = await prisma.sessionEvent.findMany({
    where: { sessionId, publicPosition: { gt: after } },
    orderBy: { publicPosition: 'asc' },
    take: limit,
    select: JOURNAL_COLUMNS,
  });
  return rows.map(entryFromRow);
}

/** The journal position of the entry at a public position (0 for 0): where a public replay starts. */
export async function positionOfPublic(prisma: Prisma, sessionId: string, publicPosition: number): Promise<number> {
  if (publicPosition === 0) return 0;
  const row = await prisma.sessionEvent.findFirst({ where: { sessionId, publicPosition }, select: { position: true } });
  if (!row) throw new Error(`session ${sessionId} has no journal entry at public position ${publicPosition}`);
  return row.position;
}

/** The session's last journal position, or null when there is no such session. */
export async function lastPosition(prisma: Prisma, sessionId: string): Promise<number | null> {
  const session = await prisma.forumSession.findUnique({ where: { id: sessionId }, select: { lastEvent: true } });
  return session ? session.lastEvent : null;
}

/** What a replay outside the unit's staff must know of a session's opinions as they stand now. */
export interface OpinionsNow {
  /** The public text of each redacted opinion: an entry written before still holds the text as posted. */
  redactions: Map<string, string>;
  /** The status of each opinion the public may not see now (hidden since, say). */
  withheld: Map<string, string>;
}

/**
 * Both in one read, after the entries they apply to: a redaction or a status change committed
 * later comes as an entry with a later position.
 */
export async function readOpinionsNow(prisma: Prisma, sessionId: string): Promise<OpinionsNow> {
  const rows = await prisma.opinion.findMany({
    where: { sessionId, OR: [{ originalBody: { not: null } }, { NOT: publicOpinionWhere }] },
    select: { id: true, body: true, kind: true, status: true, originalBody: true },
  });
  return {
    redactions: new Map(rows.filter((row) => row.originalBody !== null).map((row) => [row.id, row.body])),
    withheld: new Map(rows.filter((row) => !isPublicOpinion(row)).map((row) => [row.id, row.status])),
  };
}
