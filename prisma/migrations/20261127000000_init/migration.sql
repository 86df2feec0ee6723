-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "Role" AS ENUM ('CITIZEN', 'MODERATOR', 'OFFICER', 'ADMIN');

-- CreateEnum
CREATE TYPE "SessionStatus" AS ENUM ('SCHEDULED', 'LIVE', 'CLOSED');

-- CreateEnum
CREATE TYPE "ModerationMode" AS ENUM ('PRE', 'POST');

-- CreateEnum
CREATE TYPE "OpinionKind" AS ENUM ('SUGGESTION', 'QUESTION', 'COMPLAINT', 'TIP');

-- CreateEnum
CREATE TYPE "OpinionStatus" AS ENUM ('PENDING', 'APPROVED', 'REJECTED', 'HIDDEN');

-- CreateEnum
CREATE TYPE "ResponseOutcome" AS ENUM ('ACKNOWLEDGED', 'IN_PROGRESS', 'RESOLVED', 'REFERRED', 'DECLINED');

-- CreateTable
CREATE TABLE "unit" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "parent_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "unit_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "staff" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "password_hash" TEXT NOT NULL,
    "display_name" TEXT NOT NULL,
    "role" "Role" NOT NULL,
    "unit_id" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "staff_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "citizen" (
    "id" TEXT NOT NULL,
    "display_name" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "citizen_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "forum_session" (
    "id" TEXT NOT NULL,
    "unit_id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "description" TEXT,
    "location" TEXT,
    "starts_at" TIMESTAMPTZ(3) NOT NULL,
    "ends_at" TIMESTAMPTZ(3),
    "status" "SessionStatus" NOT NULL DEFAULT 'SCHEDULED',
    "moderation_mode" "ModerationMode" NOT NULL DEFAULT 'PRE',
    "allow_anonymous" BOOLEAN NOT NULL DEFAULT true,
    "last_seq" INTEGER NOT NULL DEFAULT 0,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "forum_session_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "topic" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,

    CONSTRAINT "topic_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "opinion" (
    "id" TEXT NOT NULL,
    "session_id" TEXT NOT NULL,
    "seq" INTEGER NOT NULL,
    "kind" "OpinionKind" NOT NULL,
    "topic_id" TEXT,
    "body" TEXT NOT NULL,
    "search_text" TEXT NOT NULL,
    "author_name" TEXT,
    "author_key" TEXT NOT NULL,
    "citizen_id" TEXT,
    "contact" TEXT,
    "status" "OpinionStatus" NOT NULL,
    "reject_reason" TEXT,
    "upvotes" INTEGER NOT NULL DEFAULT 0,
    "idempotency_key" TEXT,
    "first_response_at" TIMESTAMPTZ(3),
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "opinion_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "upvote" (
    "opinion_id" TEXT NOT NULL,
    "citizen_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "upvote_pkey" PRIMARY KEY ("opinion_id","citizen_id")
);

-- CreateTable
CREATE TABLE "official_response" (
    "id" TEXT NOT NULL,
    "opinion_id" TEXT NOT NULL,
    "body" TEXT NOT NULL,
    "outcome" "ResponseOutcome" NOT NULL,
    "responder_id" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "official_response_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_entry" (
    "id" TEXT NOT NULL,
    "actor_id" TEXT NOT NULL,
    "actor_role" "Role" NOT NULL,
    "action" TEXT NOT NULL,
    "entity_type" TEXT NOT NULL,
    "entity_id" TEXT NOT NULL,
    "session_id" TEXT,
    "from_status" TEXT,
    "to_status" TEXT,
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "audit_entry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "unit_parent_id_idx" ON "unit"("parent_id");

-- CreateIndex
CREATE UNIQUE INDEX "staff_email_key" ON "staff"("email");

-- CreateIndex
CREATE INDEX "staff_unit_id_idx" ON "staff"("unit_id");

-- CreateIndex
CREATE INDEX "forum_session_unit_id_starts_at_idx" ON "forum_session"("unit_id", "starts_at");

-- CreateIndex
CREATE INDEX "forum_session_status_starts_at_idx" ON "forum_session"("status", "starts_at");

-- CreateIndex
CREATE INDEX "forum_session_starts_at_id_idx" ON "forum_session"("starts_at", "id");

-- CreateIndex
CREATE UNIQUE INDEX "topic_session_id_name_key" ON "topic"("session_id", "name");

-- CreateIndex
CREATE INDEX "opinion_session_id_status_seq_idx" ON "opinion"("session_id", "status", "seq");

-- CreateIndex
CREATE INDEX "opinion_session_id_upvotes_idx" ON "opinion"("session_id", "upvotes");

-- CreateIndex
CREATE INDEX "opinion_citizen_id_idx" ON "opinion"("citizen_id");

-- CreateIndex
CREATE UNIQUE INDEX "opinion_session_id_seq_key" ON "opinion"("session_id", "seq");

-- CreateIndex
CREATE UNIQUE INDEX "opinion_session_id_idempotency_key_key" ON "opinion"("session_id", "idempotency_key");

-- CreateIndex
CREATE INDEX "official_response_opinion_id_created_at_idx" ON "official_response"("opinion_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_entry_entity_id_created_at_idx" ON "audit_entry"("entity_id", "created_at");

-- CreateIndex
CREATE INDEX "audit_entry_session_id_created_at_idx" ON "audit_entry"("session_id", "created_at");

-- AddForeignKey
ALTER TABLE "unit" ADD CONSTRAINT "unit_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "staff" ADD CONSTRAINT "staff_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "forum_session" ADD CONSTRAINT "forum_session_unit_id_fkey" FOREIGN KEY ("unit_id") REFERENCES "unit"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "topic" ADD CONSTRAINT "topic_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "forum_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "opinion" ADD CONSTRAINT "opinion_session_id_fkey" FOREIGN KEY ("session_id") REFERENCES "forum_session"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "opinion" ADD CONSTRAINT "opinion_topic_id_fkey" FOREIGN KEY ("topic_id") REFERENCES "topic"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "upvote" ADD CONSTRAINT "upvote_opinion_id_fkey" FOREIGN KEY ("opinion_id") REFERENCES "opinion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "upvote" ADD CONSTRAINT "upvote_citizen_id_fkey" FOREIGN KEY ("citizen_id") REFERENCES "citizen"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "official_response" ADD CONSTRAINT "official_response_opinion_id_fkey" FOREIGN KEY ("opinion_id") REFERENCES "opinion"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "official_response" ADD CONSTRAINT "official_response_responder_id_fkey" FOREIGN KEY ("responder_id") REFERENCES "staff"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

