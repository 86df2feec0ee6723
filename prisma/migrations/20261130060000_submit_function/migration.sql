-- The write path of submitOpinion and upvoteOpinion in the database (issue 10, the journal's write
-- cost). Until now each submission sent one long statement (a CTE of three writes) that the
-- database parsed, analysed and planned anew every time: on the embedded database that was
-- most of a submission's cost. PL/pgSQL keeps the plans of a function's statements for the
-- connection, so a submission is now a short call whose statements are planned once.

-- An opinion as its journal entries record it (OpinionSnapshot in src/live/events.ts, the same
-- keys as opinionSnapshot() there; a test compares the two). A plain SQL function: the planner
-- inlines it into the statement that calls it.
CREATE FUNCTION opinion_snapshot(o opinion) RETURNS jsonb LANGUAGE sql STABLE AS $$
  SELECT jsonb_build_object(
    'id', o.id, 'sessionId', o.session_id, 'seq', o.seq, 'kind', o.kind::text,
    'topicId', o.topic_id, 'body', o.body, 'authorName', o.author_name, 'citizenId', o.citizen_id,
    'contact', o.contact, 'status', o.status::text, 'rejectReason', o.reject_reason, 'moderationReason', o.moderation_reason::text,
    'originalBody', o.original_body, 'upvotes', o.upvotes,
    'channel', o.channel::text,
    'createdAt', to_char(o.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'updatedAt', to_char(o.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
$$;

-- Posts an opinion, or nothing when the session does not take it (no row returned; the service
-- then reads why). The session row hands out the next seq and the next journal position under
-- its row lock, so both stay gap-free and follow commit order: a failed insert rolls the
-- increments back with it. Returns the stored opinion and its journal entry.
CREATE FUNCTION submit_opinion(
  p_session_id TEXT,
  p_intake BOOLEAN,
  p_id TEXT,
  p_kind "OpinionKind",
  p_topic_id TEXT,
  p_body TEXT,
  p_search_text TEXT,
  p_author_name TEXT,
  p_author_key TEXT,
  p_citizen_id TEXT,
  p_contact TEXT,
  p_idempotency_key TEXT,
  p_channel "Channel"
) RETURNS TABLE (opinion opinion, "position" INTEGER, type TEXT, payload JSONB, created_at TIMESTAMPTZ(3))
LANGUAGE plpgsql VOLATILE AS $$
#variable_conflict use_column
DECLARE
  v_seq INTEGER;
  v_position INTEGER;
  v_mode "ModerationMode";
  v_opinion opinion;
  v_payload JSONB;
  v_created_at TIMESTAMPTZ(3);
BEGIN
  -- Intake (staff typing in a hotline call or a paper slip) is also allowed after the session closed.
  UPDATE forum_session f SET last_seq = f.last_seq + 1, last_event = f.last_event + 1
   WHERE f.id = p_session_id AND (f.status = 'LIVE' OR (p_intake AND f.status = 'CLOSED'))
     AND (f.allow_anonymous OR p_author_name IS NOT NULL)
     AND (p_topic_id IS NULL OR EXISTS (SELECT 1 FROM topic t WHERE t.id = p_topic_id AND t.session_id = p_session_id))
  RETURNING f.last_seq, f.last_event, f.moderation_mode INTO v_seq, v_position, v_mode;
  IF NOT FOUND THEN
    RETURN;
  END IF;

  INSERT INTO opinion (id, session_id, seq, kind, topic_id, body, search_text, author_name, author_key, citizen_id, contact, status, idempotency_key, updated_at, channel)
  VALUES (p_id, p_session_id, v_seq, p_kind, p_topic_id, p_body, p_search_text, p_author_name, p_author_key, p_citizen_id, p_contact,
          (CASE WHEN v_mode = 'POST' THEN 'APPROVED' ELSE 'PENDING' END)::"OpinionStatus", p_idempotency_key, now(), p_channel)
  RETURNING * INTO v_opinion;

  INSERT INTO session_event (session_id, position, type, opinion_id, payload)
  VALUES (p_session_id, v_position, 'OPINION_SUBMITTED', p_id, jsonb_build_object('opinion', opinion_snapshot(v_opinion)))
  RETURNING session_event.payload, session_event.created_at INTO v_payload, v_created_at;

  RETURN QUERY SELECT v_opinion, v_position, 'OPINION_SUBMITTED'::text, v_payload, v_created_at;
END
$$;
