-- AlterTable
ALTER TABLE "forum_session" ADD COLUMN     "last_event" INTEGER NOT NULL DEFAULT 0;

-- CreateTable
CREATE TABLE "session_event" (
    "session_id" TEXT NOT NULL,
    "position" INTEGER NOT NULL,
    "type" TEXT NOT NULL,
    "opinion_id" TEXT,
    "response_id" TEXT,
    "payload" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "session_event_pkey" PRIMARY KEY ("session_id","position")
);

-- AddForeignKey
ALTER TABLE "session_event" ADD CONSTRAINT "session_event_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "forum_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- Backfill: every opinion that exists already enters its session's record once, as it stands
-- now, at its seq (seqs are gap-free from 1, so positions are too); later changes follow.
INSERT INTO "session_event" ("session_id", "position", "type", "opinion_id", "payload", "created_at")
SELECT o.session_id, o.seq, 'OPINION_SUBMITTED', o.id,
       jsonb_build_object('opinion', jsonb_build_object(
         'id', o.id, 'sessionId', o.session_id, 'seq', o.seq, 'kind', o.kind::text, 'topicId', o.topic_id, 'body', o.body,
         'authorName', o.author_name, 'citizenId', o.citizen_id, 'contact', o.contact, 'status', o.status::text,
         'rejectReason', o.reject_reason, 'upvotes', o.upvotes,
         'createdAt', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
         'updatedAt', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
       o.created_at
  FROM "opinion" o;
UPDATE "forum_session" SET "last_event" = "last_seq";
