import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { onPostgres } from '../helpers/database.js';
import { startRedis, type RedisProcess } from '../helpers/process.js';
import { seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { openSession, postOpinion } from '../helpers/opinion-fixtures.js';
import { eventually, liveClient, subscribe, type LiveSubscription } from '../helpers/live.js';
import { applyEvent, freshView, plain, readRecord, type OpinionView } from '../helpers/session-record.js';
import type { Viewer } from '../../src/auth/viewer.js';
import { OnSessionEventsDocument, type LiveSessionEventFragment, type OnSessionEventsSubscription } from '../generated/graphql.js';

/** A small seeded PRNG (mulberry32): a failing run is repeated with its seed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, pick: <T,>(items: readonly T[]): T => items[Math.floor(next() * items.length)] };
}

const BODIES = [
  'Đèn đường ngõ 12 Hàng Bạc tắt từ tuần trước',
  'Xe tải chạy quá tốc độ trên phố Trần Quang Khải',
  'Đề nghị công an phường tuần tra chợ đêm',
  'Vì sao thủ tục cư trú phải đi lại nhiều lần?',
  'Tiếng ồn karaoke sau 23 giờ ở khu tập thể',
];
const TIP_BODY = 'Tin báo mật: điểm tiêm chích sau bãi xe';
const CASE_NUMBER = 'VV-204/2026/HK';
// A tip's follow-up, one step at a time (CASE_OPENED needs its case number).
const NEXT_TIP_STATUS: Record<string, string | undefined> = { RECEIVED: 'VERIFYING', VERIFYING: 'CASE_OPENED', CASE_OPENED: 'CLOSED' };
const CONTACT = '0977 123 456';

/**
 * Follows a session's record as one viewer: applies each event to its view, remembers the view
 * at some cursors, and can drop its connection and resume from the last cursor it applied.
 */
class Follower {
  readonly view: OpinionView = new Map();
  cursor: string | null = null;
  readonly snapshots: { cursor: string; view: OpinionView }[] = [];
  readonly seen: LiveSessionEventFragment[] = [];
  failure: unknown = null;
  private feed!: LiveSubscription<OnSessionEventsSubscription>;

  constructor(
    private readonly open: (after: string | null) => LiveSubscription<OnSessionEventsSubscription>,
    readonly staff: boolean,
  ) {
    this.connect();
  }

  reconnect(): void {
    this.feed.close();
    this.connect();
  }

  close(): void {
    this.feed.close();
  }

  private connect(): void {
    const feed = this.open(this.cursor);
    this.feed = feed;
    void this.pump(feed);
  }

  private async pump(feed: LiveSubscription<OnSessionEventsSubscription>): Promise<void> {
    while (this.feed === feed) {
      let result;
      try {
        result = await feed.next(120_000);
      } catch {
        return; // closed by a reconnect
      }
      if (this.feed !== feed) return;
      if (result.errors?.length || !result.data) {
        this.failure = result.errors;
        return;
      }
      const event = result.data.sessionEvents;
      this.seen.push(event);
      applyEvent(this.view, event);
      this.cursor = event.cursor;
      if (this.seen.length % 7 === 3) this.snapshots.push({ cursor: event.cursor, view: new Map(this.view) });
    }
  }
}

// On PostgreSQL: two instances over one database and one Redis; writes and (re)connections go
// to either at random. On PGlite: one instance.
describe('the session record, as a property', () => {
  let server: TestServer;
  let instances: TestServer[] = [];
  let redis: RedisProcess | undefined;
  let forum: ForumFixture;
  const clients: ReturnType<typeof liveClient>[] = [];

  beforeAll(async () => {
    if (onPostgres()) {
      redis = await startRedis();
      server = await startTestServer({ REDIS_URL: redis.url });
      instances = [server, await startTestServer({ REDIS_URL: redis.url }, { shareDatabaseOf: server })];
    } else {
      server = await startTestServer();
      instances = [server];
    }
    forum = await seedForum(server.app);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    for (const instance of instances.slice(1)) await instance.close();
    await server?.close();
    await redis?.stop();
  });

  for (const seed of [20261130, 7, 4242]) {
    it(`should converge for the public, a citizen and the unit's staff from any cursor (seed ${seed})`, async () => {
      const rng = random(seed);
      const { sessionId } = await openSession(server.app, forum, { moderationMode: rng.next() < 0.5 ? 'PRE' : 'POST' });
      const citizens = await Promise.all(['Nguyễn Thị Lan', 'Trần Văn Hải', 'Vũ Minh Châu'].map((name) => forum.citizen(name)));
      const follow = (token: string | null, staff: boolean) =>
        new Follower((after) => {
          const client = liveClient(rng.pick(instances).app.wsUrl, token);
          clients.push(client);
          return subscribe(client, OnSessionEventsDocument, { sessionId, after });
        }, staff);
      const viewers = [
        { token: null, follower: follow(null, false) },
        { token: citizens[0].token, follower: follow(citizens[0].token, false) },
        { token: forum.moderator.token, follower: follow(forum.moderator.token, true) },
      ];
      const opinions: { id: string; status: string; tipStatus?: string }[] = [];
      const operations = { followUps: 0, updates: 0 };
      const posters: Viewer[] = [{ kind: 'anonymous' }, ...citizens.map((c) => c.viewer)];

      for (let step = 0; step < 40; step++) {
        const roll = rng.next();
        if (roll < 0.35 || opinions.length === 0) {
          const tip = rng.next() < 0.2;
          const posted = await postOpinion(rng.pick(instances).app, {
            sessionId,
            viewer: rng.pick(posters),
            body: tip ? TIP_BODY : `${rng.pick(BODIES)} (${step})`,
            kind: tip ? 'TIP' : rng.pick(['SUGGESTION', 'QUESTION', 'COMPLAINT'] as const),
            contact: rng.next() < 0.5 ? CONTACT : null,
          });
          opinions.push({ id: posted.id, status: posted.status, ...(tip ? { tipStatus: 'RECEIVED' } : {}) });
        } else if (roll < 0.65) {
          const opinion = rng.pick(opinions);
          const actions = { PENDING: ['APPROVE', 'REJECT'], APPROVED: ['HIDE'], HIDDEN: ['RESTORE'], REJECTED: ['RESTORE'] } as const;
          const action = rng.pick(actions[opinion.status as keyof typeof actions]);
          const reason = action === 'REJECT' || action === 'HIDE' ? 'Lý do kiểm duyệt nội bộ' : null;
          opinion.status = (await rng.pick(instances).app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: opinion.id, action, reason, reasonCode: reason ? 'OFF_TOPIC' : null })).status;
        } else if (roll < 0.75) {
          await rng.pick(instances).app.services.responses.respond({
            viewer: forum.officer.viewer,
            input: { opinionId: rng.pick(opinions).id, body: 'Công an phường đã tiếp nhận và xử lý', outcome: 'ACKNOWLEDGED' },
          });
        } else if (roll < 0.85) {
          const approved = opinions.filter((o) => o.status === 'APPROVED');
          if (approved.length) await rng.pick(instances).app.services.opinions.upvote({ viewer: rng.pick(citizens).viewer, id: rng.pick(approved).id }).catch(() => {});
        } else if (roll < 0.92) {
          // A tip followed up (staff only), or the session edited (everyone).
          const tip = opinions.find((o) => o.tipStatus && NEXT_TIP_STATUS[o.tipStatus]);
          const app = rng.pick(instances).app;
          if (tip && rng.next() < 0.5) {
            const status = NEXT_TIP_STATUS[tip.tipStatus!]!;
            await app.services.tips.followUp({ viewer: forum.officer.viewer, input: { opinionId: tip.id, status, caseNumber: status === 'CASE_OPENED' ? CASE_NUMBER : null } });
            tip.tipStatus = status;
            operations.followUps++;
          } else {
            await app.services.sessions.update({ viewer: forum.moderator.viewer, input: { id: sessionId, location: `Hội trường tổ dân phố số ${step}` } });
            operations.updates++;
          }
        } else {
          rng.pick(viewers).follower.reconnect();
        }
      }

      // The sentinel: everyone sees it approved last, so everything before it has arrived.
      const sentinel = await postOpinion(server.app, { sessionId, body: 'Ý kiến đánh dấu kết thúc chuỗi thao tác' });
      if (sentinel.status !== 'APPROVED') await server.app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: sentinel.id, action: 'APPROVE' });
      for (const { follower } of viewers) {
        await eventually(() => follower.failure !== null || follower.view.get(sentinel.id)?.status === 'APPROVED', 60_000);
        expect(follower.failure).toBeNull();
      }

      for (const { token, follower } of viewers) {
        const fresh = plain(await freshView(server, sessionId, token));
        expect(plain(follower.view)).toEqual(fresh);
        const count = (type: string) => follower.seen.filter((event) => event.type === type).length;
        expect({ followUps: count('TIP_FOLLOWED_UP'), updates: count('SESSION_UPDATED') }).toEqual({ ...operations, followUps: follower.staff ? operations.followUps : 0 });
        if (!follower.staff) {
          const text = JSON.stringify(follower.seen);
          expect(text).not.toContain(TIP_BODY);
          expect(text).not.toContain(CONTACT);
          expect(text).not.toContain('Lý do kiểm duyệt nội bộ');
          expect(text).not.toContain(CASE_NUMBER);
          expect(follower.seen.map((event) => event.type)).not.toContain('TIP_FOLLOWED_UP');
        }
        // From the start, over HTTP, and from cursors the client passed on the way, onto its view then.
        const fromStart: OpinionView = new Map();
        for (const event of (await readRecord(server, sessionId, token, null, 17)).events) applyEvent(fromStart, event);
        expect(plain(fromStart)).toEqual(fresh);
        for (const { cursor, view } of follower.snapshots.slice(-3)) {
          const resumed = new Map(view);
          for (const event of (await readRecord(server, sessionId, token, cursor)).events) applyEvent(resumed, event);
          expect(plain(resumed)).toEqual(fresh);
        }
        follower.close();
      }
    }, 300_000);
  }
});
