import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../helpers/server.js';
import { seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { feedsAttached, liveClient, subscribe } from '../helpers/live.js';
import { startRedis, startServerProcess, type RedisProcess } from '../helpers/process.js';
import { applyEvent, freshView, plain, readRecord, type OpinionView } from '../helpers/session-record.js';
import { OnOpinionPublishedDocument, OnOpinionSubmittedDocument, OnSessionEventsDocument, SubmitOpinionDocument } from '../generated/graphql.js';

// Several instances need one PostgreSQL and one Redis: this file runs in the postgres project only.
describe('several instances on PostgreSQL and Redis', () => {
  let redis: RedisProcess;
  let a: TestServer;
  let b: TestServer;
  let forum: ForumFixture;
  const clients: ReturnType<typeof liveClient>[] = [];
  const client = (url: string, token?: string) => {
    const c = liveClient(url, token);
    clients.push(c);
    return c;
  };
  const newSession = async (moderationMode: 'PRE' | 'POST' = 'PRE') => {
    const s = await a.app.services.sessions.create({
      viewer: forum.moderator.viewer,
      input: { unitId: forum.districtId, title: 'Phiên liên thông nhiều máy chủ', startsAt: new Date(), moderationMode },
    });
    await a.app.services.sessions.setStatus({ viewer: forum.moderator.viewer, id: s.id, status: 'LIVE' });
    return s.id;
  };
  const submitOn = (server: TestServer, sessionId: string, body: string) =>
    server.request(SubmitOpinionDocument, { input: { sessionId, body } });

  beforeAll(async () => {
    redis = await startRedis();
    a = await startTestServer({ REDIS_URL: redis.url });
    b = await startTestServer({ REDIS_URL: redis.url }, { shareDatabaseOf: a });
    forum = await seedForum(a.app);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  it('should deliver an opinion submitted on instance A to a subscriber on instance B', async () => {
    const sessionId = await newSession();
    const attached = feedsAttached(b.app, sessionId);
    const feed = subscribe(client(b.app.wsUrl, forum.moderator.token), OnOpinionSubmittedDocument, { sessionId });
    await attached;
    ok(await submitOn(a, sessionId, 'Góp ý gửi qua máy chủ A'));
    const [received] = await feed.take(1);
    expect(received.opinionSubmitted).toMatchObject({ seq: 1, body: 'Góp ý gửi qua máy chủ A' });
    feed.close();
  });

  it('should hand out unique, gap-free seqs across instances under concurrent writes', async () => {
    const sessionId = await newSession();
    const results = await Promise.all(Array.from({ length: 40 }, (_, i) => submitOn(i % 2 ? a : b, sessionId, `Ý kiến song song ${i}`)));
    const seqs = results.map((r) => ok(r).submitOpinion.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
  });

  it('should keep taking writes while Redis is down and catch subscribers up when it returns', async () => {
    const sessionId = await newSession('POST');
    const attached = feedsAttached(b.app, sessionId, 2);
    const staffFeed = subscribe(client(b.app.wsUrl, forum.moderator.token), OnOpinionSubmittedDocument, { sessionId });
    const publicFeed = subscribe(client(b.app.wsUrl), OnOpinionPublishedDocument, { sessionId });
    await attached;
    ok(await submitOn(a, sessionId, 'Trước khi Redis dừng'));
    expect((await staffFeed.take(1))[0].opinionSubmitted.seq).toBe(1);
    expect((await publicFeed.take(1))[0].opinionPublished.seq).toBe(1);

    await redis.stop();
    for (let i = 0; i < 5; i++) ok(await submitOn(a, sessionId, `Trong lúc Redis dừng ${i}`));
    await redis.start();

    const caughtUp = await staffFeed.take(5, 20_000);
    expect(caughtUp.map((r) => r.opinionSubmitted.seq)).toEqual([2, 3, 4, 5, 6]);
    const publicCaughtUp = await publicFeed.take(5, 20_000);
    expect(publicCaughtUp.map((r) => r.opinionPublished.seq)).toEqual([2, 3, 4, 5, 6]);

    ok(await submitOn(a, sessionId, 'Sau khi Redis trở lại'));
    expect((await staffFeed.take(1, 10_000))[0].opinionSubmitted.seq).toBe(7);
    staffFeed.close();
    publicFeed.close();
  }, 60_000);

  it('should let a client resume on another instance with afterSeq when its instance is killed', async () => {
    const sessionId = await newSession();
    const doomed = await startServerProcess({ DATABASE_URL: a.db.url!, REDIS_URL: redis.url });
    try {
      const doomedClient = liveClient(doomed.wsUrl, forum.moderator.token);
      const feed = subscribe(doomedClient, OnOpinionSubmittedDocument, { sessionId, afterSeq: 0 });
      for (let i = 0; i < 3; i++) ok(await submitOn(a, sessionId, `Trước khi máy chủ bị tắt ${i}`));
      const before = await feed.take(3);
      const lastSeen = before.at(-1)!.opinionSubmitted.seq;

      doomed.child.kill('SIGKILL');
      await doomed.exited;
      await feed.done;
      for (let i = 0; i < 4; i++) ok(await submitOn(a, sessionId, `Trong lúc chuyển máy chủ ${i}`));

      const resumed = subscribe(client(b.app.wsUrl, forum.moderator.token), OnOpinionSubmittedDocument, { sessionId, afterSeq: lastSeen });
      const after = await resumed.take(4);
      expect([...before, ...after].map((r) => r.opinionSubmitted.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      resumed.close();
      await doomedClient.dispose();
    } finally {
      doomed.child.kill('SIGKILL');
    }
  }, 90_000);

  it('should bring sessionEvents subscribers on B to the state of writes on A, through a Redis outage, from cursors made on A', async () => {
    const sessionId = await newSession('PRE');
    const citizen = await forum.citizen('Hoàng Văn Nam');
    const first = ok(await submitOn(a, sessionId, 'Cột điện nghiêng trước nhà văn hóa tổ 5')).submitOpinion;
    await a.app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: first.id, action: 'APPROVE' });
    // Cursors are journal positions: one read on A resumes on B.
    const { events: early, endCursor } = await readRecord(a, sessionId, null);
    const views = new Map<string | null, OpinionView>();
    const attached = feedsAttached(b.app, sessionId, 3);
    const feeds = [null, citizen.token, forum.moderator.token].map((token) => {
      const view: OpinionView = new Map();
      if (token === null) for (const event of early) applyEvent(view, event);
      views.set(token, view);
      return { token, view, feed: subscribe(client(b.app.wsUrl, token ?? undefined), OnSessionEventsDocument, { sessionId, after: token === null ? endCursor : null }) };
    });
    await attached;

    const second = ok(await submitOn(a, sessionId, 'Đề nghị xử lý quán nhậu lấn chiếm vỉa hè')).submitOpinion;
    await redis.stop();
    await a.app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: second.id, action: 'APPROVE' });
    await a.app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: first.id, action: 'HIDE', reason: 'Trùng nội dung', reasonCode: 'DUPLICATE' });
    await a.app.services.opinions.submit({ poster: { viewer: citizen.viewer, deviceKey: 'c' }, input: { sessionId, body: 'Tin báo về đối tượng trộm chó', kind: 'TIP', contact: '0909 555 666' } });
    await a.app.services.responses.respond({ viewer: forum.officer.viewer, input: { opinionId: second.id, body: 'Đội trật tự sẽ xử lý trong tuần', outcome: 'IN_PROGRESS' } });
    await redis.start();
    const sentinel = ok(await submitOn(a, sessionId, 'Ý kiến đánh dấu sau khi Redis trở lại')).submitOpinion;
    await a.app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: sentinel.id, action: 'APPROVE' });

    for (const { token, view, feed } of feeds) {
      for (;;) {
        const [{ sessionEvents }] = await feed.take(1, 30_000);
        applyEvent(view, sessionEvents);
        if (sessionEvents.opinion?.id === sentinel.id && sessionEvents.opinion.status === 'APPROVED') break;
      }
      expect(plain(view)).toEqual(plain(await freshView(b, sessionId, token)));
      feed.close();
    }
    expect([...views.get(null)!.keys()]).not.toContain(first.id);
  }, 90_000);
});
