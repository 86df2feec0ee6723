// The journal's read half: its write half (appendEntry) is the record's (src/record/journal.ts).
import type { Prisma } from '../db/client.js';
import { isPublicOpinion, publicOpinionWhere } from '../auth/visibility.js';
import type { JournalEntry } from './events.js';
import { entryFromRow } from '../record/journal.js';

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
