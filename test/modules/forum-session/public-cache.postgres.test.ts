import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countingDatabase } from '../../helpers/database.js';
import { seedForum, type ForumFixture } from '../../helpers/fixtures.js';
import { eventually } from '../../helpers/live.js';
import { openSession, postOpinion } from '../../helpers/opinion-fixtures.js';
import { startRedis, type RedisProcess } from '../../helpers/process.js';
import { ok, startTestServer, type TestServer } from '../../helpers/server.js';

const PAGE = `query Page($id: ID!) {
  session(id: $id) {
    title status stats { opinions approved hidden answered upvotes }
    opinions(first: 50) { edges { node { id body status upvotes contact responses { body outcome responder { displayName } } } } }
  }
}`;

interface PageData {
  session: {
    title: string;
    status: string;
    stats: { opinions: number; approved: number; hidden: number; answered: number; upvotes: number };
    opinions: { edges: { node: { id: string; body: string; status: string; upvotes: number; contact: string | null; responses: { body: string; outcome: string }[] } }[] };
  };
}

// Two instances, one PostgreSQL, one Redis: this file runs in the postgres project only.
describe('PublicCache on several instances', () => {
  let redis: RedisProcess;
  let a: TestServer;
  let b: TestServer;
  let forum: ForumFixture;
  const counter = { operations: () => 0 };
  /** The last journal position each instance's bus delivered, per session. */
  const delivered = { a: new Map<string, number>(), b: new Map<string, number>() };

  beforeAll(async () => {
    redis = await startRedis();
    a = await startTestServer({ REDIS_URL: redis.url });
    b = await startTestServer(
      { REDIS_URL: redis.url },
      {
        shareDatabaseOf: a,
        wrapDatabase: (database) => {
          const counted = countingDatabase(database);
          counter.operations = counted.operations;
          return counted.database;
        },
      },
    );
    forum = await seedForum(a.app);
    for (const [name, server] of [['a', a], ['b', b]] as const) {
      server.app.events.subscribe((entry) => delivered[name].set(entry.sessionId, Math.max(entry.position, delivered[name].get(entry.sessionId) ?? 0)));
    }
    await eventually(() => a.app.events.deliveryEpoch() !== null && b.app.events.deliveryEpoch() !== null);
  });
  afterAll(async () => {
    await b?.close();
    await a?.close();
    await redis?.stop();
  });

  const readOnB = async (sessionId: string, token?: string) => ok(await b.post({ query: PAGE, variables: { id: sessionId } }, { token })) as PageData;
  const nodes = (page: PageData) => page.session.opinions.edges.map((edge) => edge.node);
  /** Resolves once B's bus has delivered the last entry A wrote in the session. */
  const bHasSeenA = (sessionId: string) => eventually(() => (delivered.b.get(sessionId) ?? 0) >= (delivered.a.get(sessionId) ?? 0), 10_000);
  const warmB = async (sessionId: string, citizenToken: string) => {
    for (let i = 0; i < 2; i++) {
      await readOnB(sessionId);
      await readOnB(sessionId, citizenToken);
    }
  };

  it('should show on B every change made on A as soon as B has received its entry, and cost B nothing while nothing changes', async () => {
    const { sessionId } = await openSession(a.app, forum);
    const citizen = await forum.citizen('Ngô Thị Bích');
    const opinion = await postOpinion(a.app, { sessionId, body: 'Đề nghị bố trí chốt trực ở ngã ba Bờ Hồ buổi tối', contact: '0987 654 321' });
    const act = async (change: () => Promise<unknown>, expectOnB: (page: PageData) => void) => {
      await warmB(sessionId, citizen.token);
      const before = counter.operations();
      await readOnB(sessionId);
      expect(counter.operations() - before).toBe(0);
      await change();
      await bHasSeenA(sessionId);
      for (const token of [undefined, citizen.token]) expectOnB(await readOnB(sessionId, token));
    };
    const { opinions, moderation, responses, sessions } = a.app.services;
    const moderator = forum.moderator.viewer;

    await act(
      () => moderation.moderate({ viewer: moderator, id: opinion.id, action: 'APPROVE' }),
      (page) => expect(nodes(page)).toMatchObject([{ id: opinion.id, status: 'APPROVED', contact: null }]),
    );
    await act(
      () => opinions.upvote({ viewer: citizen.viewer, id: opinion.id }),
      (page) => expect(page.session.stats.upvotes).toBe(1),
    );
    const response = await (async () => {
      let posted: { id: string } | undefined;
      await act(
        async () => (posted = await responses.respond({ viewer: forum.officer.viewer, input: { opinionId: opinion.id, body: 'Đã giao Công an phường Hàng Trống', outcome: 'IN_PROGRESS' } })),
        (page) => expect(nodes(page)[0].responses).toMatchObject([{ body: 'Đã giao Công an phường Hàng Trống', outcome: 'IN_PROGRESS' }]),
      );
      return posted!;
    })();
    await act(
      () => responses.correct({ viewer: forum.officer.viewer, input: { id: response.id, body: 'Chốt trực đã bố trí từ 18 giờ', outcome: 'RESOLVED' } }),
      (page) => expect(nodes(page)[0].responses).toMatchObject([{ body: 'Chốt trực đã bố trí từ 18 giờ', outcome: 'RESOLVED' }]),
    );
    await act(
      () => moderation.redact({ viewer: moderator, id: opinion.id, body: 'Đề nghị bố trí chốt trực buổi tối', reason: 'Rút gọn' }),
      (page) => expect(nodes(page)[0].body).toBe('Đề nghị bố trí chốt trực buổi tối'),
    );
    await act(
      () => moderation.moderate({ viewer: moderator, id: opinion.id, action: 'HIDE', reason: 'Trùng lặp', reasonCode: 'DUPLICATE' }),
      (page) => {
        expect(nodes(page)).toEqual([]);
        expect(page.session.stats).toMatchObject({ approved: 0, hidden: 1 });
      },
    );
    await act(
      () => sessions.setStatus({ viewer: moderator, id: sessionId, status: 'CLOSED' }),
      (page) => expect(page.session.status).toBe('CLOSED'),
    );
    await act(
      () => sessions.update({ viewer: moderator, input: { id: sessionId, title: 'Đối thoại với nhân dân phường Hàng Trống (biên bản)' } }),
      (page) => expect(page.session.title).toBe('Đối thoại với nhân dân phường Hàng Trống (biên bản)'),
    );
  });

  it('should fall back to the journal position on B while Redis is down, never serving what A changed meanwhile', async () => {
    const { sessionId } = await openSession(a.app, forum, { moderationMode: 'POST' });
    const citizen = await forum.citizen('Đinh Văn Khoa');
    const kept = await postOpinion(a.app, { sessionId, body: 'Cần thêm biển cấm đỗ xe trước cổng trường' });
    const doomed = await postOpinion(a.app, { sessionId, body: 'Ý kiến sẽ bị ẩn trong lúc Redis dừng' });
    await bHasSeenA(sessionId);
    await warmB(sessionId, citizen.token);

    await redis.stop();
    await eventually(() => b.app.events.deliveryEpoch() === null);
    await a.app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: doomed.id, action: 'HIDE', reason: 'Trùng lặp', reasonCode: 'DUPLICATE' });
    for (const token of [undefined, citizen.token]) expect(nodes(await readOnB(sessionId, token)).map((n) => n.id)).toEqual([kept.id]);
    // Unchanged since: one read of the position per request, the rest from memory.
    const before = counter.operations();
    await readOnB(sessionId);
    expect(counter.operations() - before).toBe(1);

    await redis.start();
    // A publishes again once its publishing connection is back too.
    await eventually(async () => b.app.events.deliveryEpoch() !== null && (await a.app.events.ping().catch(() => false)), 15_000);
    await a.app.services.opinions.upvote({ viewer: citizen.viewer, id: kept.id });
    await bHasSeenA(sessionId);
    expect(nodes(await readOnB(sessionId))[0].upvotes).toBe(1);
  }, 60_000);

  it('should stop trusting its cache on B when Redis hangs without closing, and serve what A changed meanwhile', async () => {
    const { sessionId } = await openSession(a.app, forum, { moderationMode: 'POST' });
    const citizen = await forum.citizen('Lý Thị Ngọc');
    const opinion = await postOpinion(a.app, { sessionId, body: 'Đèn đường ngõ 5 Hàng Bông tắt từ tuần trước' });
    await bHasSeenA(sessionId);
    await warmB(sessionId, citizen.token);

    redis.pause();
    try {
      await eventually(() => b.app.events.deliveryEpoch() === null);
      await a.app.services.moderation.redact({ viewer: forum.moderator.viewer, id: opinion.id, body: 'Đèn đường ngõ 5 tắt từ tuần trước', reason: 'Rút gọn địa chỉ' });
      for (const token of [undefined, citizen.token]) expect(nodes(await readOnB(sessionId, token))[0].body).toBe('Đèn đường ngõ 5 tắt từ tuần trước');
    } finally {
      redis.resume();
    }
    await eventually(() => b.app.events.deliveryEpoch() !== null, 15_000);
    await a.app.services.responses.respond({ viewer: forum.officer.viewer, input: { opinionId: opinion.id, body: 'Đã báo Công ty chiếu sáng', outcome: 'REFERRED' } });
    await bHasSeenA(sessionId);
    expect(nodes(await readOnB(sessionId))[0].responses).toMatchObject([{ body: 'Đã báo Công ty chiếu sáng' }]);
  }, 60_000);
});
