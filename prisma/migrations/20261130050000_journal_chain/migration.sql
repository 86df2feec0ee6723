-- Journal chain (issue 11, item 4): every session_event row is a link of its session's hash
-- chain, and intake idempotency keys are unique per session.

-- AlterTable: entries written before this migration stay unhashed, a prefix of their session's
-- chain (verify-record counts them), as audit entries older than the record did.
ALTER TABLE "session_event" ADD COLUMN     "hash" TEXT,
ADD COLUMN     "prev_hash" TEXT,
ADD COLUMN     "salt" TEXT;

-- The link, in the database so that every writer (the one-statement submit and upvote, and
-- appendEntry in the services' transactions) chains alike with no extra round trip. The same
-- formula in TypeScript is journalEntryHash (src/modules/record/record.chain.ts), which
-- verify-record recomputes independently of this function; a test checks that both agree:
--   hash = SHA-256(prev_hash "\n" salt "\n" canonical JSON of
--          [session_id, position, type, opinion_id, response_id, created_at (ISO, UTC, ms), payload as text])
-- The previous entry is the one at position - 1: positions come from the session row under its
-- row lock, so it has committed (or is this transaction's own) and this read sees it.
CREATE FUNCTION session_event_chain() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  previous TEXT;
BEGIN
  SELECT e."hash" INTO previous FROM "session_event" e WHERE e."session_id" = NEW."session_id" AND e."position" = NEW."position" - 1;
  NEW."salt" := replace(gen_random_uuid()::text, '-', '');
  NEW."prev_hash" := coalesce(previous, '0000000000000000000000000000000000000000000000000000000000000000');
  NEW."hash" := encode(sha256(convert_to(
    NEW."prev_hash" || E'\n' || NEW."salt" || E'\n' || '['
      || to_json(NEW."session_id")::text || ','
      || NEW."position"::text || ','
      || to_json(NEW."type")::text || ','
      || coalesce(to_json(NEW."opinion_id")::text, 'null') || ','
      || coalesce(to_json(NEW."response_id")::text, 'null') || ','
      || to_json(to_char(NEW."created_at" AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))::text || ','
      || to_json(NEW."payload"::text)::text
      || ']', 'UTF8')), 'hex');
  RETURN NEW;
END
$$;

CREATE TRIGGER "session_event_chain" BEFORE INSERT ON "session_event" FOR EACH ROW EXECUTE FUNCTION session_event_chain();

-- Intake entries (author_key e:<opinion id>, one per row) escape the (session, author, key)
-- unique index; their stored key names the staff member (s:<id>/<key>), so this index makes two
-- simultaneous retries of one hotline call or paper slip produce one opinion.
CREATE UNIQUE INDEX "opinion_intake_idempotency_key" ON "opinion"("session_id", "idempotency_key") WHERE "author_key" LIKE 'e:%';
