import type { Prisma } from '../db/client.js';
import type { JournalChange, JournalEntry, OpinionSnapshot } from './events.js';

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

/**
 * A change as its writer hands it over: an entry about an opinion names it by id, and the
 * database writes its snapshot (opinion_snapshot(), the one definition of what an entry records
 * of an opinion), reading the row as the transaction changed it.
 */
export type JournalDraft = { sessionId: string } & DraftOf<JournalChange>;
type DraftOf<C> = C extends { opinion: OpinionSnapshot } ? Omit<C, 'opinion'> & { opinionId: string } : C;

/**
 * Appends a change to its session's journal inside the caller's transaction. The position comes
 * from the session row, incremented under its row lock, so positions follow commit order within
 * the session (a sequence would not: a lower number can commit later). Publish the returned
 * entry only after the transaction committed (Recorder.commit does).
 */
export async function appendEntry(tx: JournalWriter, draft: JournalDraft): Promise<JournalEntry> {
  const { sessionId, type, ...rest } = draft;
  const { opinionId = null, ...payload } = rest as { opinionId?: string } & Record<string, unknown>;
  const responseId = 'response' in draft ? draft.response.id : null;
  const rows = await tx.$queryRaw<{ position: number; publicPosition: number | null; payload: unknown; createdAt: Date | string }[]>`
    WITH s AS (UPDATE forum_session SET last_event = last_event + 1 WHERE id = ${sessionId} RETURNING last_event)
    INSERT INTO session_event (session_id, position, type, opinion_id, response_id, payload)
    SELECT ${sessionId}, s.last_event, ${type}, ${opinionId}::text, ${responseId}::text,
           ${JSON.stringify(payload)}::jsonb
             || coalesce((SELECT jsonb_build_object('opinion', opinion_snapshot(o)) FROM opinion o WHERE o.id = ${opinionId}::text), '{}'::jsonb)
      FROM s
    RETURNING position, public_position AS "publicPosition", payload, created_at AS "createdAt"`;
  if (rows.length === 0) throw new Error(`session ${sessionId} vanished while appending to its journal`);
  // The stored payload: the database adds the opinion's snapshot, the public position and the opinion's public seq.
  return entryFromRow({ sessionId, type, ...rows[0] });
}
