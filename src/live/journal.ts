import type { Prisma as PrismaTypes } from '@prisma/client';
import type { Prisma } from '../db/client.js';
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

/**
 * The status now of each opinion of a session the public may not see now (`publicWhere` is the
 * one rule of what it may see), for replays outside the unit's staff. Read after the entries it
 * applies to, like `readRedactions`.
 */
export async function readWithheld(prisma: Prisma, sessionId: string, publicWhere: PrismaTypes.OpinionWhereInput): Promise<Map<string, string>> {
  const rows = await prisma.opinion.findMany({ where: { sessionId, NOT: publicWhere }, select: { id: true, status: true } });
  return new Map(rows.map((row) => [row.id, row.status]));
}

/**
 * The current public text of each redacted opinion of a session (for replays outside the unit's
 * staff). Read after the entries it applies to: a redaction committed later has a later position.
 */
export async function readRedactions(prisma: Prisma, sessionId: string): Promise<Map<string, string>> {
  const rows = await prisma.opinion.findMany({ where: { sessionId, originalBody: { not: null } }, select: { id: true, body: true } });
  return new Map(rows.map((row) => [row.id, row.body]));
}
