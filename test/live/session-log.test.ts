import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pino from 'pino';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { openSession, postOpinion } from '../helpers/opinion-fixtures.js';
import { eventually } from '../helpers/live.js';
import { MemoryEventBus } from '../../src/live/bus.js';
import type { JournalEntry } from '../../src/live/events.js';
import { readJournal } from '../../src/live/journal.js';
import { SessionLogs } from '../../src/live/session-log.js';

/** A bus the test drives: entries arrive when and in the order the test says, or never. */
class TestBus extends MemoryEventBus {
  signalResync(): void {
    this.resync();
  }
}

describe('SessionLog', () => {
  let server: TestServer;
  let forum: ForumFixture;

  beforeAll(async () => {
    server = await startTestServer();
    forum = await seedForum(server.app);
  });
  afterAll(async () => {
    await server?.close();
  });

  /** A session with `count` opinions, and a log of it over a bus of the test's own. */
  async function setup(count: number) {
    const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
    for (let i = 0; i < count; i++) await postOpinion(server.app, { sessionId, body: `Ý kiến có sẵn số ${i}` });
    const bus = new TestBus();
    const logs = new SessionLogs(server.app.database.prisma, bus, pino({ level: 'silent' }));
    const log = await logs.open(sessionId);
    const received: number[] = [];
    log.listen((entry) => received.push(entry.position));
    /** Writes `n` more opinions (published on the app's bus only) and returns their entries. */
    const write = async (n: number): Promise<JournalEntry[]> => {
      const from = log.delivered;
      for (let i = 0; i < n; i++) await postOpinion(server.app, { sessionId, body: `Ý kiến mới số ${i}` });
      return readJournal(server.app.database.prisma, { sessionId, after: from, limit: 100 });
    };
    return { sessionId, bus, logs, log, received, write };
  }

  it('should deliver entries strictly in position order when they arrive out of order', async () => {
    const { bus, received, write, log } = await setup(2);
    const start = log.delivered;
    const [a, b, c] = await write(3);
    bus.publish(c);
    bus.publish(a);
    bus.publish(b);
    bus.publish(a);
    expect(received).toEqual([start + 1, start + 2, start + 3]);
  });

  it('should fill a hole from the journal when an entry never arrives', async () => {
    const { bus, received, write, log } = await setup(1);
    const start = log.delivered;
    const [, b, c] = await write(3);
    bus.publish(c);
    bus.publish(b);
    expect(received).toEqual([]);
    await eventually(() => received.length === 3);
    expect(received).toEqual([start + 1, start + 2, start + 3]);
  });

  it('should read what it missed from the journal when the bus says it may have lost entries', async () => {
    const { bus, received, write, log } = await setup(1);
    const start = log.delivered;
    await write(2);
    bus.signalResync();
    await eventually(() => received.length === 2);
    expect(received).toEqual([start + 1, start + 2]);
  });

  it('should replay from a cursor then go live, each entry once, and share one journal read among concurrent replays', async () => {
    const { bus, logs, log, write } = await setup(12);
    const readsBefore = logs.reads.count;
    const followers = Array.from({ length: 10 }, (_, i) => {
      const seen: number[] = [];
      return { seen, following: log.follow(i % 3, (entry) => seen.push(entry.position)) };
    });
    await Promise.all(followers.map((f) => f.following.ready));
    expect(logs.reads.count - readsBefore).toBe(1);
    const [next] = await write(1);
    bus.publish(next);
    bus.publish(next);
    followers.forEach(({ seen }, i) => {
      const from = (i % 3) + 1;
      expect(seen).toEqual(Array.from({ length: next.position - from + 1 }, (_, k) => from + k));
    });
    for (const { following } of followers) following.stop();
  });
});
