-- Public positions (issue 18, point 9): nothing the public reads may count or time the tips of a
-- session. Tips are a class fixed when written, so every row about one is marked then, and the
-- public is given ordinals that only non-tip rows advance:
--   opinion.public_seq            1, 2, 3, … over the session's non-tip opinions (the public's `seq`)
--   session_event.public_position 1, 2, 3, … over the session's non-tip journal entries (public cursors)
--   forum_session.last_public_event the last public_position handed out (the public recordCursor)
--   audit_entry.tip               the staff action concerns a tip (the public fingerprint skips it)
-- Staff keep the real seq and positions. Rows about a tip have public_seq / public_position null.

ALTER TABLE "opinion" ADD COLUMN "public_seq" INTEGER;
ALTER TABLE "session_event" ADD COLUMN "public_position" INTEGER;
ALTER TABLE "forum_session" ADD COLUMN "last_public_event" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "audit_entry" ADD COLUMN "tip" BOOLEAN NOT NULL DEFAULT false;

-- Existing rows, in their real order. Stored payloads are not touched (their hashes commit to them).
UPDATE "opinion" o SET "public_seq" = r.n
  FROM (SELECT id, row_number() OVER (PARTITION BY session_id ORDER BY seq) AS n FROM "opinion" WHERE kind <> 'TIP') r
 WHERE o.id = r.id;
UPDATE "session_event" e SET "public_position" = r.n
  FROM (SELECT session_id, position, row_number() OVER (PARTITION BY session_id ORDER BY position) AS n
          FROM "session_event"
         WHERE type <> 'TIP_FOLLOWED_UP' AND coalesce(payload->'opinion'->>'kind', '') <> 'TIP') r
 WHERE e.session_id = r.session_id AND e.position = r.position;
UPDATE "forum_session" f SET "last_public_event" = coalesce((SELECT max(e.public_position) FROM "session_event" e WHERE e.session_id = f.id), 0);
UPDATE "audit_entry" a SET "tip" = true
 WHERE a.action = 'TIP_FOLLOW_UP'
    OR EXISTS (SELECT 1 FROM "opinion" o WHERE o.id = a.entity_id AND o.kind = 'TIP')
    OR EXISTS (SELECT 1 FROM "official_response" r JOIN "opinion" o ON o.id = r.opinion_id WHERE r.id = a.entity_id AND o.kind = 'TIP');

-- The public reads its ordinals by index: a page of the public record never scans tip entries.
CREATE UNIQUE INDEX "opinion_public_seq" ON "opinion"("session_id", "public_seq") WHERE "public_seq" IS NOT NULL;
CREATE UNIQUE INDEX "session_event_public_position" ON "session_event"("session_id", "public_position") WHERE "public_position" IS NOT NULL;
CREATE INDEX "audit_entry_public" ON "audit_entry"("chain", "seq") WHERE NOT "tip";

-- Every opinion insert runs under its session row's lock (submit_opinion updates the row first),
-- so max + 1 is gap-free and follows commit order, as seq does.
CREATE FUNCTION opinion_public_seq() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  IF NEW."kind" <> 'TIP' AND NEW."public_seq" IS NULL THEN
    SELECT coalesce(max(o."public_seq"), 0) + 1 INTO NEW."public_seq" FROM "opinion" o WHERE o."session_id" = NEW."session_id";
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "opinion_public_seq" BEFORE INSERT ON "opinion" FOR EACH ROW EXECUTE FUNCTION opinion_public_seq();

-- Fires before session_event_chain (triggers run in name order), so the entry's hash commits to
-- the public position and public seq it carries in its payload too: every writer (submit_opinion,
-- the upvote statement, appendEntry) gets them back in the payload it returns and publishes.
CREATE FUNCTION session_event_public() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
DECLARE
  v_public_seq INTEGER;
BEGIN
  IF NEW."type" = 'TIP_FOLLOWED_UP' OR coalesce(NEW."payload"->'opinion'->>'kind', '') = 'TIP' THEN
    NEW."public_position" := NULL;
    RETURN NEW;
  END IF;
  UPDATE "forum_session" f SET "last_public_event" = f."last_public_event" + 1 WHERE f."id" = NEW."session_id"
  RETURNING f."last_public_event" INTO NEW."public_position";
  NEW."payload" := NEW."payload" || jsonb_build_object('publicPosition', NEW."public_position");
  IF NEW."payload" ? 'opinion' AND NEW."opinion_id" IS NOT NULL THEN
    SELECT o."public_seq" INTO v_public_seq FROM "opinion" o WHERE o."id" = NEW."opinion_id";
    NEW."payload" := jsonb_set(NEW."payload", '{opinion,publicSeq}', to_jsonb(v_public_seq));
  END IF;
  RETURN NEW;
END
$$;
CREATE TRIGGER "session_event_a_public" BEFORE INSERT ON "session_event" FOR EACH ROW EXECUTE FUNCTION session_event_public();

-- A staff action about a tip (its follow-up, its moderation, a response to it).
CREATE FUNCTION audit_entry_tip() RETURNS trigger LANGUAGE plpgsql VOLATILE AS $$
BEGIN
  NEW."tip" := NEW."action" = 'TIP_FOLLOW_UP'
    OR EXISTS (SELECT 1 FROM "opinion" o WHERE o."id" = NEW."entity_id" AND o."kind" = 'TIP')
    OR EXISTS (SELECT 1 FROM "official_response" r JOIN "opinion" o ON o."id" = r."opinion_id" WHERE r."id" = NEW."entity_id" AND o."kind" = 'TIP');
  RETURN NEW;
END
$$;
CREATE TRIGGER "audit_entry_tip" BEFORE INSERT ON "audit_entry" FOR EACH ROW EXECUTE FUNCTION audit_entry_tip();
