-- CreateEnum
CREATE TYPE "Channel" AS ENUM ('APP', 'HOTLINE', 'PAPER', 'IN_PERSON', 'EMAIL', 'SOCIAL');

-- CreateEnum
CREATE TYPE "TipStatus" AS ENUM ('RECEIVED', 'VERIFYING', 'CASE_OPENED', 'UNFOUNDED', 'CLOSED');

-- AlterTable
ALTER TABLE "forum_session" ADD COLUMN     "join_code" TEXT;

-- Backfill: existing sessions get distinct codes. n ↦ n·3^18 + 104729 is a bijection modulo 31^6
-- (3 is coprime with 31), so distinct row numbers give distinct six-digit base-31 codes, spelt in
-- the alphabet of src/modules/forum-session/join-code.ts (no 0 O 1 I L).
WITH numbered AS (
  SELECT id, ((row_number() OVER (ORDER BY created_at, id)) * 387420489 + 104729) % 887503681 AS n FROM "forum_session"
)
UPDATE "forum_session" f
   SET "join_code" = (SELECT string_agg(substr('ABCDEFGHJKMNPQRSTUVWXYZ23456789', 1 + ((numbered.n / power(31, k)::bigint) % 31)::int, 1), '' ORDER BY k)
                        FROM generate_series(0, 5) AS k)
  FROM numbered
 WHERE numbered.id = f.id;

ALTER TABLE "forum_session" ALTER COLUMN "join_code" SET NOT NULL;

-- For rows inserted without the service (which draws its codes from crypto and retries on a
-- clash): a random code from the same alphabet.
CREATE FUNCTION new_join_code() RETURNS text LANGUAGE sql VOLATILE AS $$
  SELECT string_agg(substr('ABCDEFGHJKMNPQRSTUVWXYZ23456789', 1 + floor(random() * 31)::int, 1), '') FROM generate_series(1, 6)
$$;
ALTER TABLE "forum_session" ALTER COLUMN "join_code" SET DEFAULT new_join_code();

-- AlterTable
ALTER TABLE "opinion" ADD COLUMN     "case_number" TEXT,
ADD COLUMN     "channel" "Channel" NOT NULL DEFAULT 'APP',
ADD COLUMN     "suspects" INTEGER,
ADD COLUMN     "tip_status" "TipStatus";

-- AlterTable
ALTER TABLE "official_response" ADD COLUMN     "edited_at" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "response_revision" (
    "id" TEXT NOT NULL,
    "response_id" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "outcome" "ResponseOutcome" NOT NULL,
    "editor_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "response_revision_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "tip_follow_up" (
    "id" TEXT NOT NULL,
    "opinion_id" TEXT NOT NULL,
    "from_status" "TipStatus" NOT NULL,
    "to_status" "TipStatus" NOT NULL,
    "case_number" TEXT,
    "suspects" INTEGER,
    "note" TEXT,
    "actor_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "tip_follow_up_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "response_revision_response_id_created_at_idx" ON "response_revision"("response_id", "created_at");

-- CreateIndex
CREATE INDEX "tip_follow_up_opinion_id_created_at_idx" ON "tip_follow_up"("opinion_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "forum_session_join_code_key" ON "forum_session"("join_code");

-- AddForeignKey
ALTER TABLE "response_revision" ADD CONSTRAINT "response_revision_response_id_fkey" FOREIGN KEY ("response_id") REFERENCES "official_response"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "tip_follow_up" ADD CONSTRAINT "tip_follow_up_opinion_id_fkey" FOREIGN KEY ("opinion_id") REFERENCES "opinion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

