-- Issue #24, the intake form's "received-at": when the unit received an opinion that staff type in
-- later (a paper slip, a hotline call). Null means the opinion's created_at: everything posted in
-- the app, and intake typed in as it arrives. created_at and seq stay the typing time and order.
ALTER TABLE opinion ADD COLUMN received_at TIMESTAMPTZ(3);

-- submit_opinion, whole (this is its one definition in force; 20261202020000_submit_idempotent
-- wrote the previous one, 20261130060000_submit_function the first): the same, with
-- p_received_at stored in opinion.received_at. The parameter list changed, so the previous
-- signature goes: only one submit_opinion exists.
DROP FUNCTION submit_opinion(TEXT, BOOLEAN, TEXT, "OpinionKind", TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, "Channel");

CREATE OR REPLACE FUNCTION submit_opinion(
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
  p_channel "Channel",
  p_received_at TIMESTAMPTZ(3)
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

  INSERT INTO opinion (id, session_id, seq, kind, topic_id, body, search_text, author_name, author_key, citizen_id, contact, status, idempotency_key, updated_at, channel, received_at)
  VALUES (p_id, p_session_id, v_seq, p_kind, p_topic_id, p_body, p_search_text, p_author_name, p_author_key, p_citizen_id, p_contact,
          (CASE WHEN v_mode = 'POST' THEN 'APPROVED' ELSE 'PENDING' END)::"OpinionStatus", p_idempotency_key, now(), p_channel, p_received_at)
  ON CONFLICT (session_id, author_key, idempotency_key) DO NOTHING
  RETURNING * INTO v_opinion;
  IF NOT FOUND THEN
    -- The poster's key is taken (a retry racing its first try): hand the seq and the position
    -- back (this transaction still holds the session row's lock, so nobody took the next ones)
    -- and write nothing; the service answers with the stored opinion or CONFLICT.
    UPDATE forum_session f SET last_seq = f.last_seq - 1, last_event = f.last_event - 1 WHERE f.id = p_session_id;
    RETURN;
  END IF;

  INSERT INTO session_event (session_id, position, type, opinion_id, payload)
  VALUES (p_session_id, v_position, 'OPINION_SUBMITTED', p_id, jsonb_build_object('opinion', opinion_snapshot(v_opinion)))
  RETURNING session_event.payload, session_event.created_at INTO v_payload, v_created_at;

  RETURN QUERY SELECT v_opinion, v_position, 'OPINION_SUBMITTED'::text, v_payload, v_created_at;
END
$$;
