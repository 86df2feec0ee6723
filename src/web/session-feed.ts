import { request } from './api.js';
import { follow, liveClient, type Connection } from './live.js';
import {
  OpinionPublishedDocument,
  OpinionSubmittedDocument,
  PublicOpinionUpdatedDocument,
  PublicSessionPageDocument,
  PublicStatsChangedDocument,
  StaffOpinionUpdatedDocument,
  StaffSessionPageDocument,
  StaffStatsChangedDocument,
  type PublicOpinionFragment,
  type PublicSessionFragment,
  type PublicStatsFragment,
  type StaffOpinionFragment,
  type StaffStatsFragment,
} from './generated/graphql.js';

// The one place that knows how a page keeps a session's opinions current: load over HTTP,
// follow the live feeds, and after any drop catch up and resume from the last seq. When the
// session journal (sessionEvents, resumable by cursor) is on main, only this file changes.

/** What a page shows of a session, kept current. */
export interface SessionView<O, S> {
  session: PublicSessionFragment | null;
  /** By id; a page sorts them as it shows them. */
  opinions: Map<string, O>;
  stats: S | null;
  connection: Connection;
  /** Set when the session does not exist or the viewer may not follow it. */
  problem: string | null;
}

interface Watch<O extends { id: string; seq: number }, S> {
  load(): Promise<{ session: PublicSessionFragment; opinions: O[]; stats: S } | null>;
  /** Live feeds to follow, given how to apply what they bring. */
  feeds(apply: { upsert(o: O): void; remove(id: string): void; stats(s: S): void; lastSeq(): number; reload(): Promise<void>; refused(message: string): void; closed(): void }): Array<() => void>;
}

/** A running watch: stop it, or put in what a mutation answered before the feed brings it. */
export interface Watching<O> {
  stop(): void;
  upsert(opinion: O): void;
}

function watch<O extends { id: string; seq: number }, S>(spec: Watch<O, S>, onChange: (view: SessionView<O, S>) => void): Watching<O> {
  const view: SessionView<O, S> = { session: null, opinions: new Map(), stats: null, connection: 'connecting', problem: null };
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
  let lastSeq = 0;
  const upsert = (o: O) => {
    view.opinions.set(o.id, o);
    lastSeq = Math.max(lastSeq, o.seq);
    emit();
  };
  const reload = async () => {
    const loaded = await spec.load();
    if (!loaded) {
      view.problem = 'not-found';
      emit();
      return;
    }
    view.session = loaded.session;
    view.stats = loaded.stats;
    view.opinions = new Map();
    for (const o of loaded.opinions) upsert(o);
    emit();
  };
  let stops: Array<() => void> = [];
  let stopped = false;
  const start = async () => {
    for (let attempt = 0; !stopped; attempt++) {
      try {
        await reload();
        break;
      } catch {
        view.connection = 'offline';
        emit();
        await new Promise((r) => setTimeout(r, Math.min(10_000, 1000 * 2 ** attempt)));
      }
    }
    if (stopped || view.problem) return;
    stops = spec.feeds({
      upsert,
      remove: (id) => {
        view.opinions.delete(id);
        emit();
      },
      stats: (s) => {
        view.stats = s;
        emit();
      },
      lastSeq: () => lastSeq,
      reload,
      refused: (message) => {
        view.problem = message;
        emit();
      },
      closed: () => void reload().catch(() => {}),
    });
  };
  void start();
  return {
    stop: () => {
      stopped = true;
      for (const stop of stops) stop();
    },
    upsert,
  };
}

/** The public view of a session (citizens, the big screen): approved non-tip opinions only. */
export function watchPublicSession(
  sessionId: string,
  onChange: (view: SessionView<PublicOpinionFragment, PublicStatsFragment>) => void,
): () => void {
  let connection: Connection = 'connecting';
  let latest: SessionView<PublicOpinionFragment, PublicStatsFragment> | null = null;
  const client = liveClient({
    onConnection: (state) => {
      connection = state;
      if (latest) onChange({ ...latest, connection });
    },
  });
  const watching = watch<PublicOpinionFragment, PublicStatsFragment>(
    {
      load: async () => {
        const { session } = await request(PublicSessionPageDocument, { id: sessionId, first: 100 }, null);
        return session && { session, opinions: session.opinions.edges.map((e) => e.node), stats: session.stats };
      },
      feeds: (apply) => [
        follow(client, {
          operation: OpinionPublishedDocument,
          variables: () => ({ sessionId, afterSeq: apply.lastSeq() }),
          next: (d) => apply.upsert(d.opinionPublished),
          resume: apply.reload,
          refused: apply.refused,
          completed: apply.closed,
        }),
        follow(client, {
          operation: PublicOpinionUpdatedDocument,
          variables: () => ({ sessionId }),
          next: ({ opinionUpdated: o }) => (o.status === 'APPROVED' && o.kind !== 'TIP' ? apply.upsert(o) : apply.remove(o.id)),
        }),
        follow(client, { operation: PublicStatsChangedDocument, variables: () => ({ sessionId }), next: (d) => apply.stats(d.sessionStatsChanged) }),
      ],
    },
    (view) => {
      latest = view;
      onChange({ ...view, connection });
    },
  );
  return () => {
    watching.stop();
    void client.dispose();
  };
}

/** The unit staff's view of a session: every opinion, tips and contacts included. */
export function watchStaffSession(
  sessionId: string,
  token: string,
  onChange: (view: SessionView<StaffOpinionFragment, StaffStatsFragment>) => void,
): Watching<StaffOpinionFragment> {
  let connection: Connection = 'connecting';
  let latest: SessionView<StaffOpinionFragment, StaffStatsFragment> | null = null;
  const client = liveClient({
    token: () => token,
    onConnection: (state) => {
      connection = state;
      if (latest) onChange({ ...latest, connection });
    },
  });
  const watching = watch<StaffOpinionFragment, StaffStatsFragment>(
    {
      load: async () => {
        const { session } = await request(StaffSessionPageDocument, { id: sessionId }, token);
        if (!session) return null;
        const opinions = [...session.pending.edges, ...session.approved.edges, ...session.tips.edges].map((e) => e.node);
        return { session, opinions, stats: session.stats };
      },
      feeds: (apply) => [
        follow(client, {
          operation: OpinionSubmittedDocument,
          variables: () => ({ sessionId, afterSeq: apply.lastSeq() }),
          next: (d) => apply.upsert(d.opinionSubmitted),
          resume: apply.reload,
          refused: apply.refused,
          completed: apply.closed,
        }),
        follow(client, { operation: StaffOpinionUpdatedDocument, variables: () => ({ sessionId }), next: (d) => apply.upsert(d.opinionUpdated) }),
        follow(client, { operation: StaffStatsChangedDocument, variables: () => ({ sessionId }), next: (d) => apply.stats(d.sessionStatsChanged) }),
      ],
    },
    (view) => {
      latest = view;
      onChange({ ...view, connection });
    },
  );
  return {
    stop: () => {
      watching.stop();
      void client.dispose();
    },
    upsert: watching.upsert,
  };
}
