-- Trust record (issue 11): idempotency keys per poster, moderation reasons, redaction, and the
-- hash-chained audit record.

-- CreateEnum
CREATE TYPE "ModerationReason" AS ENUM ('DUPLICATE', 'OFF_TOPIC', 'ABUSIVE', 'PERSONAL_DATA', 'SPAM', 'UNLAWFUL', 'OTHER');

-- DropIndex
DROP INDEX "opinion_session_id_idempotency_key_key";

-- AlterTable
ALTER TABLE "opinion" ADD COLUMN     "moderation_reason" "ModerationReason",
ADD COLUMN     "original_body" TEXT;

-- AlterTable: chain and seq are filled for the entries written before the record began, which
-- stay unhashed (a prefix of their session's chain; verify-record counts them).
ALTER TABLE "audit_entry" ADD COLUMN     "chain" TEXT,
ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prev_hash" TEXT,
ADD COLUMN     "reason_code" "ModerationReason",
ADD COLUMN     "salt" TEXT,
ADD COLUMN     "seq" INTEGER,
ADD COLUMN     "state_digest" TEXT,
ADD COLUMN     "unit_id" TEXT,
ALTER COLUMN "actor_id" DROP NOT NULL,
ALTER COLUMN "actor_role" DROP NOT NULL;

UPDATE "audit_entry" a
   SET "chain" = 'session:' || a."session_id",
       "seq" = n.seq,
       "unit_id" = s."unit_id"
  FROM (SELECT "id", row_number() OVER (PARTITION BY "session_id" ORDER BY "created_at", "id")::int AS seq FROM "audit_entry") n,
       "forum_session" s
 WHERE n."id" = a."id" AND s."id" = a."session_id";

ALTER TABLE "audit_entry" ALTER COLUMN "chain" SET NOT NULL,
ALTER COLUMN "seq" SET NOT NULL;

-- CreateTable
CREATE TABLE "record_chain" (
    "id" TEXT NOT NULL,
    "last_seq" INTEGER NOT NULL DEFAULT 0,
    "head_hash" TEXT NOT NULL DEFAULT '0000000000000000000000000000000000000000000000000000000000000000',

    CONSTRAINT "record_chain_pkey" PRIMARY KEY ("id")
);

INSERT INTO "record_chain" ("id", "last_seq")
SELECT "chain", max("seq") FROM "audit_entry" GROUP BY "chain";

-- CreateIndex
CREATE UNIQUE INDEX "opinion_session_id_author_key_idempotency_key_key" ON "opinion"("session_id", "author_key", "idempotency_key");

-- CreateIndex
CREATE INDEX "audit_entry_unit_id_created_at_id_idx" ON "audit_entry"("unit_id", "created_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "audit_entry_chain_seq_key" ON "audit_entry"("chain", "seq");
