import type { Prisma } from '../../db/client.js';
import {
  fetchResponses,
  fetchTopics,
  type OpinionKey,
  type PublicReads,
  type ResponseRecord,
  type SessionRecord,
  type StaffRecord,
  type TopicRecord,
  type UnitRecord,
} from '../../db/loaders.js';
import { isPublicOpinion } from '../../auth/visibility.js';
import type { EventBus } from '../../live/bus.js';
import { lastPosition } from '../../live/journal.js';
import type { Page } from '../../common/pagination.js';
import type { OpinionListArgs, OpinionRow } from '../opinion/opinion.service.js';
import type { SessionStats } from './session-stats.service.js';

/** Where the cache reads what it keeps: the same services every other read goes through. */
export interface PublicSources {
  /** A page of the session's opinions as the public sees them (OpinionService.list for an anonymous viewer). */
  page(session: { id: string; unitId: string }, args: OpinionListArgs): Promise<Page<OpinionRow>>;
  /** The session's figures as the public sees them (SessionStatsService.compute, public scope). */
  stats(sessionId: string): Promise<SessionStats>;
}

/** One request's reads through the cache (the loaders' PublicReads, plus opinion pages and single opinions). */
export interface PublicView extends PublicReads<SessionStats> {
  /** A page of the session's public opinions. */
  page(session: { id: string; unitId: string }, args: OpinionListArgs): Promise<Page<OpinionRow>>;
}

/** How a session's cached view was reached, as the metric counts it. */
export type PublicCacheResult = 'hit' | 'miss' | 'checked_hit' | 'checked_miss';

export interface PublicCacheOptions {
  prisma: Prisma;
  bus: EventBus;
  sources: PublicSources;
  /** Sessions kept at most (least recently read dropped first). */
  maxSessions?: number;
  /** Counts each session view a request opens, by result (langnghe_public_cache_total). */
  onRead?: (result: PublicCacheResult) => void;
}

const DEFAULT_MAX_SESSIONS = 100;
/** Per session: distinct opinion pages (orders, filters, cursors), single opinions, response lists. */
const MAX_PAGES = 32;
const MAX_OPINIONS = 1000;
/** Staff and unit names on public pages, and which session an opinion id belongs to. */
const MAX_NAMES = 5000;

/** A Map that forgets its oldest key beyond `max`, and forgets a failed read so the next request tries again. */
class Memo<K, V> {
  private readonly entries = new Map<K, Promise<V>>();

  constructor(private readonly max: number) {}

  get(key: K, read: () => Promise<V>): Promise<V> {
    const kept = this.entries.get(key);
    if (kept) return kept;
    const reading = read();
    this.entries.set(key, reading);
    reading.catch(() => {
      if (this.entries.get(key) === reading) this.entries.delete(key);
    });
    if (this.entries.size > this.max) this.entries.delete(this.entries.keys().next().value as K);
    return reading;
  }

  clear(): void {
    this.entries.clear();
  }
}

/**
 * What the public has read of one session since its last change, each piece read on first
 * demand and then shared. Valid under the bus epoch it was made in (`epoch`), or, made while the
 * bus could not vouch for delivery, for as long as the journal still stands at `position`.
 */
class SessionView {
  stale = false;
  private readonly sessionRow = new Memo<'row', SessionRecord | null>(1);
  readonly topics = new Memo<'topics', TopicRecord[]>(1);
  readonly stats = new Memo<'stats', SessionStats>(1);
  readonly pages = new Memo<string, Page<OpinionRow>>(MAX_PAGES);
  readonly opinions = new Memo<string, OpinionRow | null>(MAX_OPINIONS);
  readonly responses = new Map<string, Promise<ResponseRecord[]>>();

  constructor(
    readonly sessionId: string,
    readonly epoch: number | null,
    readonly position: number | null,
    private readonly prisma: Prisma,
  ) {}

  session(): Promise<SessionRecord | null> {
    return this.sessionRow.get('row', () => this.prisma.forumSession.findUnique({ where: { id: this.sessionId } }));
  }
}

/**
 * The public read path: what anonymous viewers and citizens read of a session (the session, its
 * topics, its public figures, its public opinion pages in each order, an opinion and its
 * responses, the names on them) kept in memory per session, so a hall of phones reloading the
 * page costs the database nothing while nothing changes.
 *
 * Invalidation follows the session record: every journal entry the bus brings (from this
 * instance or, through Redis, any other) drops that session's view, before the writer's request
 * even answers when the write was local. A view is trusted only while the bus vouches for
 * delivery (`deliveryEpoch`); while it cannot (Redis down or silent), each request first reads
 * the session's journal position (`forum_session.last_event`, one primary-key read) and uses
 * the view only if it was made at that very position, so no instance serves a state older than
 * the last committed entry. A staff member's new name (not a session's event) travels as a
 * `publicNamesChanged` access event. One per process (createServices), bounded.
 */
export class PublicCache {
  private readonly views = new Map<string, SessionView>();
  /** Names on public pages, valid under `namesEpoch` only. */
  private readonly staffNames = new Memo<string, StaffRecord | null>(MAX_NAMES);
  private readonly unitNames = new Memo<string, UnitRecord | null>(MAX_NAMES);
  /** Which session an opinion is in: never changes, so kept whatever the bus says. */
  private readonly opinionSessions = new Map<string, string>();
  private namesEpoch: number | null = null;
  private readonly maxSessions: number;

  constructor(private readonly options: PublicCacheOptions) {
    this.maxSessions = options.maxSessions ?? DEFAULT_MAX_SESSIONS;
    // Lives as long as the bus: closing the bus drops these listeners.
    options.bus.subscribe((entry) => this.drop(entry.sessionId));
    // A staff member renamed, moved or revoked, the unit tree changed: rare; forget every name.
    options.bus.onAccess(() => {
      this.staffNames.clear();
      this.unitNames.clear();
    });
    options.bus.onResync(() => {
      for (const sessionId of [...this.views.keys()]) this.drop(sessionId);
    });
  }

  /** Sessions kept now (metrics, tests). */
  get size(): number {
    return this.views.size;
  }

  /** The reads of one request: each session's view is opened (and checked) once per request. */
  forRequest(): PublicView {
    const opened = new Map<string, Promise<SessionView>>();
    // The session row is read before anything else of its view: its journal position
    // (`recordCursor`) is then never later than what the view's pages and figures show, as in an
    // uncached read, so a client resuming sessionEvents from it misses nothing.
    const view = (sessionId: string) => {
      let open = opened.get(sessionId);
      if (!open) opened.set(sessionId, (open = this.open(sessionId).then(async (kept) => (await kept.session(), kept))));
      return open;
    };
    const { prisma, sources } = this.options;
    return {
      session: async (id) => (await view(id)).session(),
      topics: async (sessionId) => (await view(sessionId)).topics.get('topics', async () => (await fetchTopics(prisma, [sessionId]))[0]),
      stats: async (sessionId) => (await view(sessionId)).stats.get('stats', () => sources.stats(sessionId)),
      page: async (session, args) => {
        // Searches are free text anyone can vary at will: read each time rather than fill memory with them.
        if (args.search) return sources.page(session, args);
        const kept = await view(session.id);
        const key = JSON.stringify([args.status, args.kind, args.topicId, args.orderBy, args.first, args.after]);
        const page = await kept.pages.get(key, () => sources.page(session, args));
        for (const edge of page.edges) this.link(edge.node.id, session.id);
        return page;
      },
      opinion: (id) => this.opinion(id, view),
      responses: (opinions) => this.responses(opinions, view),
      staff: (id) => this.names(this.staffNames, id, () => prisma.staff.findUnique({ where: { id } })),
      unit: (id) => this.names(this.unitNames, id, () => prisma.unit.findUnique({ where: { id } })),
    };
  }

  /** The session's view for a request: the kept one if still valid, else a new one (kept for the next requests). */
  private async open(sessionId: string): Promise<SessionView> {
    const { prisma, bus, onRead } = this.options;
    const epoch = bus.deliveryEpoch();
    const kept = this.views.get(sessionId);
    if (epoch !== null) {
      if (kept && !kept.stale && kept.epoch === epoch) {
        this.touch(kept);
        onRead?.('hit');
        return kept;
      }
      onRead?.('miss');
      return this.keep(new SessionView(sessionId, epoch, null, prisma));
    }
    // The bus cannot vouch for delivery: the journal says whether anything changed.
    const position = await lastPosition(prisma, sessionId);
    const current = this.views.get(sessionId);
    if (current && !current.stale && current.position !== null && current.position === position) {
      this.touch(current);
      onRead?.('checked_hit');
      return current;
    }
    onRead?.('checked_miss');
    const view = new SessionView(sessionId, null, position, prisma);
    // A session that does not exist has no position to check later: not kept.
    return position === null ? view : this.keep(view);
  }

  private keep(view: SessionView): SessionView {
    this.drop(view.sessionId);
    this.views.set(view.sessionId, view);
    while (this.views.size > this.maxSessions) this.drop(this.views.keys().next().value as string);
    return view;
  }

  private touch(view: SessionView): void {
    this.views.delete(view.sessionId);
    this.views.set(view.sessionId, view);
  }

  private drop(sessionId: string): void {
    const view = this.views.get(sessionId);
    if (!view) return;
    view.stale = true;
    this.views.delete(sessionId);
  }

  private link(opinionId: string, sessionId: string): void {
    if (this.opinionSessions.size >= MAX_NAMES) this.opinionSessions.delete(this.opinionSessions.keys().next().value as string);
    this.opinionSessions.set(opinionId, sessionId);
  }

  /** A public opinion by id, or null when it is not public (or not there): the caller asks the database for anything else. */
  private async opinion(id: string, view: (sessionId: string) => Promise<SessionView>): Promise<OpinionRow | null> {
    let sessionId = this.opinionSessions.get(id);
    if (!sessionId) {
      // An opinion never moves to another session: which one it is in can be kept for good.
      const row = await this.options.prisma.opinion.findUnique({ where: { id }, select: { sessionId: true } });
      if (!row) return null;
      this.link(id, (sessionId = row.sessionId));
    }
    const kept = await view(sessionId);
    return kept.opinions.get(id, async () => {
      const row = await this.options.prisma.opinion.findUnique({ where: { id } });
      return row && isPublicOpinion(row) ? row : null;
    });
  }

  /** Responses of opinions, read in one query per session for those not kept yet. */
  private async responses(opinions: readonly OpinionKey[], view: (sessionId: string) => Promise<SessionView>): Promise<ResponseRecord[][]> {
    const bySession = new Map<string, OpinionKey[]>();
    for (const opinion of opinions) bySession.set(opinion.sessionId, [...(bySession.get(opinion.sessionId) ?? []), opinion]);
    const found = new Map<string, Promise<ResponseRecord[]>>();
    for (const [sessionId, keys] of bySession) {
      const kept = await view(sessionId);
      const missing = keys.filter((key) => !kept.responses.has(key.id));
      if (missing.length > 0) {
        const read = fetchResponses(this.options.prisma, missing.map((key) => key.id));
        missing.forEach((key, i) => {
          const one = read.then((lists) => lists[i]);
          one.catch(() => kept.responses.get(key.id) === one && kept.responses.delete(key.id));
          if (kept.responses.size < MAX_OPINIONS) kept.responses.set(key.id, one);
          found.set(key.id, one);
        });
      }
      for (const key of keys) found.set(key.id, found.get(key.id) ?? kept.responses.get(key.id)!);
    }
    return Promise.all(opinions.map((opinion) => found.get(opinion.id)!));
  }

  /** Names outside any session: trusted under one bus epoch, read straight from the database while the bus cannot vouch. */
  private names<T>(memo: Memo<string, T>, id: string, read: () => Promise<T>): Promise<T> {
    const epoch = this.options.bus.deliveryEpoch();
    if (epoch === null) return read();
    if (epoch !== this.namesEpoch) {
      this.staffNames.clear();
      this.unitNames.clear();
      this.namesEpoch = epoch;
    }
    return memo.get(id, read);
  }
}
