import type { Prisma as PrismaTypes } from '@prisma/client';
import type { Prisma } from '../db/client.js';
import { SessionStatus } from '../common/enums.js';
import type { JournalRow } from './journal.js';
import { JournalType } from './vocabulary.js';

/** What the upvote statement returns: the rows it locked, and the vote's journal entry when one was written. */
export type UpvoteRow = { opinionStatus: string; opinionKind: string; sessionStatus: string | null; currentUpvotes: number } & Partial<
  { upvotes: number; updatedAt: Date } & JournalRow
>;

/**
 * One citizen's upvote in one statement (it is why votes are fast): the vote, the counter and the
 * journal entry, or nothing. `isPublic` is the public-opinion predicate over the locked row
 * `target` (the visibility rule, as SQL). Publish the entry (if any) after it returns.
 */
export function castUpvote(db: Pick<Prisma, '$queryRaw'>, { opinionId, citizenId, isPublic }: { opinionId: string; citizenId: string; isPublic: PrismaTypes.Sql }) {
  // Checks made before this runs may be stale by now (a hide or a close committing meanwhile), so
  // the statement makes them again on the rows it locks: the opinion first, then its session, as
  // moderation and submit_opinion do (closing a session locks no opinion). After waiting for a
  // lock, PostgreSQL reads the row as committed, so a vote lands before a hide or a close, or not
  // at all. Insert-or-nothing, the counter and the journal entry move together; the locked rows
  // come back, to say why nothing was written.
  return db.$queryRaw<UpvoteRow[]>`
    WITH target AS MATERIALIZED (
      SELECT id, session_id, status, kind, upvotes FROM opinion WHERE id = ${opinionId} FOR NO KEY UPDATE),
    live AS MATERIALIZED (
      SELECT f.id, f.status FROM forum_session f WHERE f.id = (SELECT session_id FROM target) FOR NO KEY UPDATE),
    vote AS (
      INSERT INTO upvote (opinion_id, citizen_id)
      SELECT target.id, ${citizenId} FROM target, live
       WHERE ${isPublic} AND live.status::text = ${SessionStatus.LIVE}
      ON CONFLICT DO NOTHING RETURNING opinion_id),
    o AS (
      UPDATE opinion SET upvotes = upvotes + 1, updated_at = now()
       WHERE id IN (SELECT opinion_id FROM vote)
   RETURNING opinion.*, opinion_snapshot(opinion) AS snapshot),
    s AS (
      UPDATE forum_session f SET last_event = f.last_event + 1 FROM o WHERE f.id = o.session_id
   RETURNING f.last_event),
    e AS (
      INSERT INTO session_event (session_id, position, type, opinion_id, payload)
      SELECT o.session_id, s.last_event, ${JournalType.OPINION_UPVOTED}, o.id, jsonb_build_object('opinion', o.snapshot)
        FROM o, s
   RETURNING session_id, position, type, payload, created_at)
    SELECT target.status::text AS "opinionStatus", target.kind::text AS "opinionKind", live.status::text AS "sessionStatus",
           target.upvotes AS "currentUpvotes", o.upvotes, o.updated_at AS "updatedAt",
           e.session_id AS "sessionId", e.position, e.type, e.payload, e.created_at AS "createdAt"
      FROM target LEFT JOIN live ON true LEFT JOIN o ON true LEFT JOIN e ON true`;
}
