import type { Logger } from 'pino';
import type { Prisma } from '../db/client.js';
import type { EventBus } from './bus.js';
import type { JournalEntry } from './events.js';
import { isPublicOpinion } from '../auth/visibility.js';
import { lastPosition, readJournal, readOpinionsNow } from './journal.js';

export type EntryListener = (entry: JournalEntry) => void;

/** Entries kept in memory per session, so replays from a recent cursor need no database read. */
export const TAIL_SIZE = 2000;
/** Journal reads are aligned to pages of this many positions, so nearby cursors share one read. */
export const PAGE_SIZE = 500;
/** How long an out-of-order entry waits for the ones before it before they are read from the journal. */
const GAP_WAIT_MS = 300;
/** Replay reads running at once per instance; the rest wait, so a reconnect storm cannot starve live delivery. */
const MAX_CONCURRENT_READS = 4;
/** A log without feeds stays this long (its tail serves clients that reconnect), then closes. */
const LINGER_MS = 10_000;

/**
 * Journal reads for replays: concurrent requests for the same page share one read (a reconnect
 * storm with thousands of similar cursors reads each page once), and at most
 * MAX_CONCURRENT_READS run at once.
 */
export class JournalReads {
  private readonly inFlight = new Map<string, Promise<JournalEntry[]>>();
  private readonly waiting: (() => void)[] = [];
  private running = 0;
  /** Reads done (tests, benchmarks). */
  count = 0;

  constructor(private readonly prisma: Prisma) {}

  /** The committed entries of one aligned page, read once however many replays ask at the same time. */
  page(sessionId: string, index: number): { entries: Promise<JournalEntry[]>; shared: boolean } {
    const key = `${sessionId}\n${index}`;
    const pending = this.inFlight.get(key);
    if (pending) return { entries: pending, shared: true };
    const entries = this.limited(() =>
      readJournal(this.prisma, { sessionId, after: index * PAGE_SIZE, upTo: (index + 1) * PAGE_SIZE, limit: PAGE_SIZE }),
    ).finally(() => this.inFlight.delete(key));
    this.inFlight.set(key, entries);
    return { entries, shared: false };
  }

  private async limited<T>(read: () => Promise<T>): Promise<T> {
    if (this.running >= MAX_CONCURRENT_READS) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.running++;
    this.count++;
    try {
      return await read();
    } finally {
      this.running--;
      this.waiting.shift()?.();
    }
  }
}

/**
 * One session's journal as this instance sees it: entries arrive from the bus in any order and
 * leave to the listeners strictly in position order, each once. A hole that stays open (an
 * entry lost with Redis, or one that overtook another) is filled from the journal, and so is
 * everything after the last delivered position when the bus says it may have missed entries.
 * All feeds of the session on this instance share it.
 */
export class SessionLog {
  /** The last position delivered to the listeners. */
  delivered = 0;
  /** The public text of each redacted opinion of the session, as of the last delivered entry (replays scrub older entries with it). */
  readonly redactions = new Map<string, string>();
  /** The status of each opinion of the session the public may not see, as of the last delivered entry (replays withdraw older entries about it). */
  readonly withheld = new Map<string, string>();
  private readonly tail: JournalEntry[] = [];
  private readonly held = new Map<number, JournalEntry>();
  private readonly listeners = new Set<EntryListener>();
  private ready = false;
  private filling: Promise<void> | null = null;
  private refill = false;
  private gapTimer: NodeJS.Timeout | null = null;
  private lingerTimer: NodeJS.Timeout | null = null;

  constructor(
    readonly sessionId: string,
    private readonly prisma: Prisma,
    private readonly reads: JournalReads,
    private readonly logger: Logger,
    private readonly onIdle: () => void,
  ) {}

  /** Reads where the journal stands; entries received before that are held, then dropped or delivered. */
  async start(): Promise<void> {
    const last = await lastPosition(this.prisma, this.sessionId);
    // Read after the position: a redaction committed since comes as an entry after it (flush).
    const now = await readOpinionsNow(this.prisma, this.sessionId);
    for (const [id, body] of now.redactions) this.redactions.set(id, body);
    for (const [id, status] of now.withheld) this.withheld.set(id, status);
    this.delivered = last ?? 0;
    for (const position of [...this.held.keys()]) if (position <= this.delivered) this.held.delete(position);
    this.ready = true;
    this.flush();
  }

  get listenerCount(): number {
    return this.listeners.size;
  }

  /** Listens from the next delivered entry on; returns the function that stops listening. */
  listen(listener: EntryListener): () => void {
    this.listeners.add(listener);
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    this.lingerTimer = null;
    return () => {
      if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
      this.lingerTimer = setTimeout(() => {
        if (this.listeners.size === 0) this.close();
      }, LINGER_MS);
      this.lingerTimer.unref();
    };
  }

  /**
   * Delivers every entry after `after` in order, each once: the replay (from memory when recent,
   * else from the journal, shared with other replays), then live. Resolves when the replay is done.
   */
  follow(after: number, deliver: EntryListener): { ready: Promise<void>; stop: () => void } {
    let next = after + 1;
    let waiting: JournalEntry[] | null = [];
    let stopped = false;
    const take = (entry: JournalEntry) => {
      if (entry.position < next) return;
      next = entry.position + 1;
      deliver(entry);
    };
    const stopListening = this.listen((entry) => (waiting ? waiting.push(entry) : take(entry)));
    const ready = (async () => {
      try {
        while (!stopped && next <= this.delivered) {
          for (const entry of await this.range(next, this.delivered)) take(entry);
        }
      } finally {
        const held = waiting ?? [];
        waiting = null;
        if (!stopped) for (const entry of held) take(entry);
      }
    })();
    return {
      ready,
      stop: () => {
        stopped = true;
        stopListening();
      },
    };
  }

  /** Entries from `from` on, at most up to `to` and at least one, contiguous: from memory or one journal page. */
  private async range(from: number, to: number): Promise<JournalEntry[]> {
    const first = this.tail[0]?.position;
    if (first !== undefined && from >= first) return this.tail.slice(from - first, to - first + 1);
    const index = Math.floor((from - 1) / PAGE_SIZE);
    const end = Math.min(to, (index + 1) * PAGE_SIZE);
    let read = this.reads.page(this.sessionId, index);
    let entries = await read.entries;
    // A shared read that started before the wanted entries committed does not have them: read again.
    if (read.shared && !covers(entries, from, end)) {
      read = this.reads.page(this.sessionId, index);
      entries = await read.entries;
    }
    const wanted = entries.filter((entry) => entry.position >= from && entry.position <= end);
    if (!covers(wanted, from, end)) throw new Error(`journal of session ${this.sessionId} is missing positions ${from}..${end}`);
    this.remember(wanted);
    return wanted;
  }

  /**
   * Keeps what a replay read in memory when it joins the tail (or reaches the last delivered
   * position): the next clients of a reconnect storm replay from memory.
   */
  private remember(entries: JournalEntry[]): void {
    const last = entries.at(-1);
    if (!last || this.tail.length >= TAIL_SIZE) return;
    const joins = this.tail.length === 0 ? last.position === this.delivered : last.position + 1 === this.tail[0].position;
    if (!joins) return;
    this.tail.unshift(...entries.slice(Math.max(0, entries.length - (TAIL_SIZE - this.tail.length))));
  }

  /** An entry from the bus, for this session. */
  receive(entry: JournalEntry): void {
    if (entry.position <= this.delivered && this.ready) return;
    this.held.set(entry.position, entry);
    this.flush();
  }

  private flush(): void {
    if (!this.ready) return;
    let entry: JournalEntry | undefined;
    while ((entry = this.held.get(this.delivered + 1))) {
      this.held.delete(entry.position);
      this.delivered = entry.position;
      if (entry.type === 'OPINION_REDACTED') this.redactions.set(entry.opinion.id, entry.opinion.body);
      if ('opinion' in entry) {
        if (isPublicOpinion(entry.opinion)) this.withheld.delete(entry.opinion.id);
        else this.withheld.set(entry.opinion.id, entry.opinion.status);
      }
      this.tail.push(entry);
      if (this.tail.length > TAIL_SIZE) this.tail.splice(0, this.tail.length - TAIL_SIZE);
      for (const listener of [...this.listeners]) {
        try {
          listener(entry);
        } catch (error) {
          // One failing feed must not stop delivery to the others.
          this.logger.warn({ err: error, sessionId: this.sessionId }, 'a live feed failed on an entry');
        }
      }
    }
    for (const position of this.held.keys()) if (position <= this.delivered) this.held.delete(position);
    if (this.held.size > 0 && !this.gapTimer) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        void this.fill();
      }, GAP_WAIT_MS);
    }
  }

  /** Reads everything after the last delivered position from the journal, then delivers in order. */
  fill(): Promise<void> {
    if (this.filling) {
      this.refill = true;
      return this.filling;
    }
    this.filling = (async () => {
      try {
        do {
          this.refill = false;
          for (;;) {
            const entries = await readJournal(this.prisma, { sessionId: this.sessionId, after: this.delivered, limit: PAGE_SIZE });
            for (const entry of entries) if (entry.position > this.delivered) this.held.set(entry.position, entry);
            this.flush();
            if (entries.length < PAGE_SIZE) break;
          }
        } while (this.refill);
      } catch (error) {
        this.logger.warn({ err: error, sessionId: this.sessionId }, 'session log could not read the journal');
      } finally {
        this.filling = null;
      }
    })();
    return this.filling;
  }

  private close(): void {
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.gapTimer = null;
    this.onIdle();
  }
}

function covers(entries: JournalEntry[], from: number, to: number): boolean {
  let expected = from;
  for (const entry of entries) {
    if (entry.position < expected) continue;
    if (entry.position !== expected) return false;
    if (expected === to) return true;
    expected++;
  }
  return expected > to;
}

/**
 * The session logs of this instance, one per session with at least one feed: routes entries
 * from the bus to their session's log and the bus's resync signal to every log.
 */
export class SessionLogs {
  private readonly logs = new Map<string, SessionLog>();
  private readonly starting = new Map<string, Promise<SessionLog>>();
  readonly reads: JournalReads;

  constructor(
    private readonly prisma: Prisma,
    bus: EventBus,
    private readonly logger: Logger,
  ) {
    this.reads = new JournalReads(prisma);
    // Lives as long as the bus: closing the bus drops these listeners.
    bus.subscribe((entry) => this.logs.get(entry.sessionId)?.receive(entry));
    bus.onResync(() => {
      for (const log of this.logs.values()) void log.fill();
    });
  }

  /** The session's log, started when it is the first feed of the session here. */
  open(sessionId: string): Promise<SessionLog> {
    let starting = this.starting.get(sessionId);
    if (starting) return starting;
    const open = this.logs.get(sessionId);
    if (open) return Promise.resolve(open);
    {
      const log: SessionLog = new SessionLog(sessionId, this.prisma, this.reads, this.logger, () => {
        if (this.logs.get(sessionId) === log) this.logs.delete(sessionId);
      });
      // Receiving before reading where the journal stands: nothing committed in between slips past.
      this.logs.set(sessionId, log);
      starting = log
        .start()
        .then(() => log)
        .catch((error) => {
          if (this.logs.get(sessionId) === log) this.logs.delete(sessionId);
          throw error;
        })
        .finally(() => this.starting.delete(sessionId));
      this.starting.set(sessionId, starting);
    }
    return starting;
  }

  /** Feeds listening, for one session or in all (metrics and tests). */
  listenerCount(sessionId?: string): number {
    if (sessionId) return this.logs.get(sessionId)?.listenerCount ?? 0;
    let total = 0;
    for (const log of this.logs.values()) total += log.listenerCount;
    return total;
  }
}
