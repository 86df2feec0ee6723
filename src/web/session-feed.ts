import type { Client } from 'graphql-ws';
import { request } from './api.js';
import { follow, liveClient, type Connection } from './live.js';
import {
  PublicSessionEventsDocument,
  PublicSessionPageDocument,
  PublicStatsChangedDocument,
  StaffSessionEventsDocument,
  StaffSessionPageDocument,
  StaffStatsChangedDocument,
  type PublicOpinionFragment,
  type PublicSessionFragment,
  type PublicStatsFragment,
  type SessionEventType,
  type SessionStatus,
  type StaffOpinionFragment,
  type StaffStatsFragment,
} from './generated/graphql.js';
import { isPublicOpinion } from '../shared/visibility.js';

// The one place that knows how a page keeps a session current: read the session, its opinions
// and where its record stood (recordCursor) in one query, then follow sessionEvents from that
// cursor, and after any drop resume from the last cursor applied. Events the first read already
// showed come again and apply the same, so nothing falls between the read and the feed.

/** What a page shows of a session, kept current. */
export interface SessionView<O, S> {
  session: PublicSessionFragment | null;
  /** By id; a page sorts them as it shows them. */
  opinions: Map<string, O>;
  stats: S | null;
  connection: Connection;
  /** Set when the session does not exist or the viewer may not follow it. */
  problem: string | null;
  /** The last event applied: what a page derived from the whole record (the fingerprint) is read again when it moves. */
  cursor: string | null;
}

interface SessionEventOf<O> {
  cursor: string;
  type: SessionEventType;
  status: SessionStatus | null;
  opinion: O | null;
}

interface FeedHandlers<T> {
  next(value: T): void;
  refused(message: string, code: string): void;
  completed(): void;
}

interface Watch<O extends { id: string }, S> {
  client: Client;
  load(): Promise<{ session: PublicSessionFragment; cursor: string; opinions: O[]; stats: S } | null>;
  /** The session's events after `after()` (read again on every resubscribe). */
  events(after: () => string | null, on: FeedHandlers<SessionEventOf<O>>): () => void;
  stats(next: (stats: S) => void): () => void;
  /** Whether the view keeps an opinion (the public view: approved non-tips only, whatever arrives). */
  shows(opinion: O): boolean;
}

/** A running watch: stop it, or put in what a mutation answered before the feed brings it. */
export interface Watching<O> {
  stop(): void;
  upsert(opinion: O): void;
  /** Put in the session as an edit answered it (details and topics do not travel on the feed). */
  replaceSession(session: PublicSessionFragment): void;
}

function watch<O extends { id: string }, S>(spec: Watch<O, S>, onChange: (view: SessionView<O, S>) => void): Watching<O> {
  const view: SessionView<O, S> = { session: null, opinions: new Map(), stats: null, connection: 'connecting', problem: null, cursor: null };
  let stopped = false;
  let stopEvents: () => void = () => {};
  let stopStats: () => void = () => {};
  let scheduled = false;
  // Bursts of events (a replay after reconnecting) render once per frame.
  const emit = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      onChange({ ...view, opinions: new Map(view.opinions) });
    });
  };
  const upsert = (o: O) => {
    if (spec.shows(o)) view.opinions.set(o.id, o);
    else view.opinions.delete(o.id);
    emit();
  };
  const apply = (event: SessionEventOf<O>) => {
    view.cursor = event.cursor;
    if (event.type === 'OPINION_WITHDRAWN' && event.opinion) view.opinions.delete(event.opinion.id);
    else if (event.opinion) upsert(event.opinion);
    if (event.type === 'SESSION_STATUS_CHANGED' && event.status && view.session) view.session = { ...view.session, status: event.status };
    emit();
  };
  /** Reads the session afresh; the event feed then starts from the cursor that read returned. */
  const reload = async () => {
    const loaded = await spec.load();
    if (!loaded) {
      view.problem = 'not-found';
      emit();
      return;
    }
    view.session = loaded.session;
    view.stats = loaded.stats;
    view.cursor = loaded.cursor;
    view.opinions = new Map();
    for (const o of loaded.opinions) upsert(o);
    emit();
  };
  const retrying = async (run: () => Promise<void>) => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        return await run();
      } catch {
        view.connection = 'offline';
        emit();
        await new Promise((r) => setTimeout(r, Math.min(10_000, 1000 * 2 ** attempt)));
      }
    }
  };
  const followEvents = () => {
    stopEvents = spec.events(() => view.cursor, {
      next: apply,
      refused: (message, code) => {
        // A cursor the record no longer knows (a database restored from an older copy): start over.
        if (code === 'BAD_USER_INPUT') void retrying(reload).then(() => !stopped && !view.problem && followEvents());
        else {
          view.problem = message;
          emit();
        }
      },
      completed: () => void retrying(reload).then(() => !stopped && !view.problem && followEvents()),
    });
  };
  const start = async () => {
    await retrying(reload);
    if (stopped || view.problem) return;
    followEvents();
    stopStats = spec.stats((stats) => {
      view.stats = stats;
      emit();
    });
  };
  void start();
  return {
    stop: () => {
      stopped = true;
      stopEvents();
      stopStats();
    },
    upsert,
    replaceSession: (session) => {
      view.session = session;
      emit();
    },
  };
}

/** Runs a watch over its own live client, which reports the connection state into the view. */
function watchWithClient<O extends { id: string }, S>(
  token: string | null,
  spec: (client: Client) => Omit<Watch<O, S>, 'client'>,
  onChange: (view: SessionView<O, S>) => void,
): Watching<O> {
  let connection: Connection = 'connecting';
  let latest: SessionView<O, S> | null = null;
  const client = liveClient({
    token: () => token,
    onConnection: (state) => {
      connection = state;
      if (latest) onChange({ ...latest, connection });
    },
  });
  const watching = watch<O, S>({ client, ...spec(client) }, (view) => {
    latest = view;
    onChange({ ...view, connection });
  });
  return {
    stop: () => {
      watching.stop();
      void client.dispose();
    },
    upsert: watching.upsert,
    replaceSession: watching.replaceSession,
  };
}

/** The public view of a session (citizens, the big screen): approved non-tip opinions only. */
export function watchPublicSession(
  sessionId: string,
  onChange: (view: SessionView<PublicOpinionFragment, PublicStatsFragment>) => void,
): () => void {
  const watching = watchWithClient<PublicOpinionFragment, PublicStatsFragment>(
    null,
    (client) => ({
      load: async () => {
        const { session } = await request(PublicSessionPageDocument, { id: sessionId, first: 100 }, null);
        return session && { session, cursor: session.recordCursor, opinions: session.opinions.edges.map((e) => e.node), stats: session.stats };
      },
      events: (after, on) =>
        follow(client, {
          operation: PublicSessionEventsDocument,
          variables: () => ({ sessionId, after: after() }),
          next: (d) => on.next(d.sessionEvents),
          refused: on.refused,
          completed: on.completed,
        }),
      stats: (next) => follow(client, { operation: PublicStatsChangedDocument, variables: () => ({ sessionId }), next: (d) => next(d.sessionStatsChanged) }),
      shows: isPublicOpinion,
    }),
    onChange,
  );
  return watching.stop;
}

/** The unit staff's view of a session: every opinion, tips and contacts included. */
export function watchStaffSession(
  sessionId: string,
  token: string,
  onChange: (view: SessionView<StaffOpinionFragment, StaffStatsFragment>) => void,
): Watching<StaffOpinionFragment> {
  return watchWithClient<StaffOpinionFragment, StaffStatsFragment>(
    token,
    (client) => ({
      load: async () => {
        const { session } = await request(StaffSessionPageDocument, { id: sessionId }, token);
        if (!session) return null;
        const opinions = [...session.pending.edges, ...session.approved.edges, ...session.tips.edges].map((e) => e.node);
        return { session, cursor: session.recordCursor, opinions, stats: session.stats };
      },
      events: (after, on) =>
        follow(client, {
          operation: StaffSessionEventsDocument,
          variables: () => ({ sessionId, after: after() }),
          next: (d) => on.next(d.sessionEvents),
          refused: on.refused,
          completed: on.completed,
        }),
      stats: (next) => follow(client, { operation: StaffStatsChangedDocument, variables: () => ({ sessionId }), next: (d) => next(d.sessionStatsChanged) }),
      shows: () => true,
    }),
    onChange,
  );
}
