import { describe, expect, it } from 'vitest';
import { useForum } from '../../helpers/forum.js';
import { countingDatabase } from '../../helpers/database.js';
import { ok } from '../../helpers/server.js';
import { createStaff } from '../../helpers/fixtures.js';
import { moderateTo, openSession, postOpinion } from '../../helpers/opinion-fixtures.js';
import { MemoryEventBus } from '../../../src/live/bus.js';
import { publicSources } from '../../../src/services.js';
import { PublicCache } from '../../../src/modules/forum-session/public-cache.js';

const PAGE = `query Page($id: ID!, $order: OpinionOrder) {
  session(id: $id) {
    id title location status unit { name } topics { id name }
    stats { opinions pending approved rejected hidden answered upvotes byTopic { topic { name } count } moderationReasons { reason count } }
    opinions(first: 50, orderBy: $order) {
      totalCount
      edges { node { id kind body authorName status upvotes contact originalBody rejectReason moderationReason personalData topic { name }
        responses { body outcome edited revisions { body } responder { displayName } } } }
    }
  }
}`;
const OPINION = `query One($id: ID!) { opinion(id: $id) { id kind body status contact originalBody rejectReason moderationReason responses { body } } }`;
const MINE = `query Mine($s: ID!) { myOpinions(sessionId: $s) { id kind body status rejectReason moderationReason } }`;

interface PageNode {
  id: string;
  kind: string;
  body: string;
  status: string;
  upvotes: number;
  contact: string | null;
  originalBody: string | null;
  rejectReason: string | null;
  moderationReason: string | null;
  personalData: string[];
  topic: { name: string } | null;
  responses: { body: string; outcome: string; edited: boolean; revisions: unknown; responder: { displayName: string } }[];
}
interface PageData {
  session: {
    title: string;
    location: string | null;
    status: string;
    topics: { id: string; name: string }[];
    stats: { opinions: number; pending: number; approved: number; rejected: number; hidden: number; answered: number; upvotes: number };
    opinions: { totalCount: number; edges: { node: PageNode }[] };
  };
}
interface OpinionData {
  opinion: { id: string; kind: string; body: string; status: string; contact: string | null; rejectReason: string | null; responses: { body: string }[] } | null;
}

const counter = { operations: () => 0 };
const { server, forum } = useForum({
  options: {
    wrapDatabase: (database) => {
      const counted = countingDatabase(database);
      counter.operations = counted.operations;
      return counted.database;
    },
  },
});

const app = () => server.app;
const readPage = async (sessionId: string, token?: string, order?: 'NEWEST' | 'OLDEST' | 'TOP') =>
  ok(await server.post({ query: PAGE, variables: { id: sessionId, order } }, { token })) as PageData;
const readOpinion = async (id: string, token?: string) => ok(await server.post({ query: OPINION, variables: { id } }, { token })) as OpinionData;
const nodes = (page: PageData) => page.session.opinions.edges.map((edge) => edge.node);
/** Reads the public page until the cache answers it (anonymous and citizen both), so the read after a change could be stale. */
const warm = async (sessionId: string, citizenToken: string) => {
  for (let i = 0; i < 2; i++) {
    await readPage(sessionId);
    await readPage(sessionId, citizenToken);
  }
};

describe('PublicCache', () => {
  it('should not show tips, pending, rejected or hidden opinions, contacts or reasons to the public or citizens, however warm the cache', async () => {
    const { sessionId, topics } = await openSession(app(), forum);
    const author = await forum.citizen('Trần Thị Mai');
    const other = await forum.citizen('Lê Văn Tâm');
    const post = (body: string, extra: object = {}) => postOpinion(app(), { sessionId, body, topicId: topics[0].id, contact: '0912 345 678', viewer: author.viewer, ...extra });
    const published = await moderateTo(app(), forum, await post('Đề nghị lắp đèn tín hiệu ở ngã tư Tràng Thi'), 'APPROVED');
    const pending = await post('Xe tải chạy quá tốc độ qua trường tiểu học');
    const tip = await moderateTo(app(), forum, await post('Tin báo: ổ nhóm đánh bạc ở số 12 ngõ Hội Vũ', { kind: 'TIP' }), 'APPROVED');
    const rejected = await moderateTo(app(), forum, await post('Quảng cáo bán hàng online'), 'REJECTED');
    const hidden = await moderateTo(app(), forum, await post('Nêu tên và số điện thoại hàng xóm'), 'HIDDEN');

    // The author follows their own pending tip-free opinion first: that read must not leak into the public view.
    expect((await readOpinion(pending.id, author.token)).opinion?.body).toBe(pending.body);
    for (const token of [undefined, author.token, other.token, undefined, author.token]) {
      const page = await readPage(sessionId, token);
      expect(nodes(page).map((n) => n.id)).toEqual([published.id]);
      expect(page.session.opinions.totalCount).toBe(1);
      expect(nodes(page)[0]).toMatchObject({ contact: null, originalBody: null, rejectReason: null, moderationReason: null, personalData: [] });
      // Counted without the tip: four opinions, one of each status but the tip.
      expect(page.session.stats).toMatchObject({ opinions: 4, pending: 1, approved: 1, rejected: 1, hidden: 1 });
      for (const id of [tip.id, rejected.id, hidden.id]) expect((await readOpinion(id, token === author.token ? other.token : token)).opinion).toBeNull();
      expect((await readOpinion(pending.id, token === author.token ? other.token : token)).opinion).toBeNull();
    }
    // Staff of the unit read exactly: everything, contacts included.
    const staffPage = await readPage(sessionId, forum.moderator.token);
    expect(nodes(staffPage).map((n) => n.id).sort()).toEqual([published.id, pending.id, tip.id, rejected.id, hidden.id].sort());
    expect(nodes(staffPage).every((n) => n.contact === '0912 345 678')).toBe(true);
    expect(staffPage.session.stats.opinions).toBe(5);
  });

  it("should keep a citizen's own opinions, tips and reasons out of the public cache", async () => {
    const { sessionId } = await openSession(app(), forum);
    const author = await forum.citizen('Phạm Thị Hương');
    const other = await forum.citizen('Đỗ Văn Hải');
    const tip = await postOpinion(app(), { sessionId, body: 'Tin báo: có người tàng trữ pháo ở chợ Hôm', kind: 'TIP', viewer: author.viewer });
    const refused = await moderateTo(app(), forum, await postOpinion(app(), { sessionId, body: 'Bình luận không liên quan', viewer: author.viewer }), 'REJECTED');
    await warm(sessionId, other.token);

    const mine = ok(await server.post({ query: MINE, variables: { s: sessionId } }, { token: author.token })) as { myOpinions: { id: string; rejectReason: string | null }[] };
    expect(mine.myOpinions.map((o) => o.id)).toEqual([tip.id, refused.id]);
    expect(mine.myOpinions[1].rejectReason).toBe('Nội dung không liên quan đến an ninh trật tự');
    expect((await readOpinion(tip.id, author.token)).opinion).toMatchObject({ kind: 'TIP', body: tip.body, contact: null });
    expect((await readOpinion(refused.id, author.token)).opinion?.rejectReason).toBe('Nội dung không liên quan đến an ninh trật tự');
    // Read by their author just now, still nobody else's.
    for (const token of [undefined, other.token]) {
      expect((await readOpinion(tip.id, token)).opinion).toBeNull();
      expect((await readOpinion(refused.id, token)).opinion).toBeNull();
      expect(nodes(await readPage(sessionId, token))).toEqual([]);
    }
  });

  it('should answer the steady-state public page, in each order, without a database operation', async () => {
    const { sessionId, topics } = await openSession(app(), forum, { moderationMode: 'POST' });
    const citizen = await forum.citizen('Nguyễn Thị Thu');
    for (let i = 0; i < 3; i++) {
      const opinion = await postOpinion(app(), { sessionId, body: `Đề nghị tăng cường tuần tra khu vực chợ đêm số ${i}`, topicId: topics[i].id });
      await app().services.responses.respond({ viewer: forum.officer.viewer, input: { opinionId: opinion.id, body: 'Đã giao Đội cảnh sát trật tự', outcome: 'IN_PROGRESS' } });
    }
    const [one] = nodes(await readPage(sessionId));
    const reads = async () => {
      for (const order of ['NEWEST', 'OLDEST', 'TOP'] as const) {
        await readPage(sessionId, undefined, order);
        await readPage(sessionId, citizen.token, order);
      }
      await readOpinion(one.id);
    };
    await reads();
    const before = counter.operations();
    await reads();
    await reads();
    expect(counter.operations() - before).toBe(0);
    // And what it answers is what the database says.
    const page = await readPage(sessionId);
    expect(nodes(page)).toHaveLength(3);
    expect(nodes(page).every((n) => n.responses[0].responder.displayName === 'Thượng úy Lê Văn Dũng')).toBe(true);
  });

  describe('should show every change on the very next read', () => {
    const scenario = async (moderationMode: 'PRE' | 'POST' = 'POST') => {
      const { sessionId, topics } = await openSession(app(), forum, { moderationMode });
      const citizen = await forum.citizen('Vũ Thị Lan');
      const opinion = await postOpinion(app(), { sessionId, body: 'Đường Hàng Bài ngập nước mỗi khi mưa to', topicId: topics[0].id });
      return { sessionId, topics, citizen, opinion };
    };

    it('on approval', async () => {
      const { sessionId, citizen, opinion } = await scenario('PRE');
      await warm(sessionId, citizen.token);
      await app().services.moderation.moderate({ viewer: forum.moderator.viewer, id: opinion.id, action: 'APPROVE' });
      for (const token of [undefined, citizen.token]) expect(nodes(await readPage(sessionId, token)).map((n) => n.id)).toEqual([opinion.id]);
      expect((await readOpinion(opinion.id)).opinion?.status).toBe('APPROVED');
    });

    it('on hiding', async () => {
      const { sessionId, citizen, opinion } = await scenario();
      await warm(sessionId, citizen.token);
      expect((await readOpinion(opinion.id)).opinion?.id).toBe(opinion.id);
      await app().services.moderation.moderate({ viewer: forum.moderator.viewer, id: opinion.id, action: 'HIDE', reason: 'Trùng lặp', reasonCode: 'DUPLICATE' });
      for (const token of [undefined, citizen.token]) {
        const page = await readPage(sessionId, token);
        expect(nodes(page)).toEqual([]);
        expect(page.session.stats).toMatchObject({ approved: 0, hidden: 1 });
      }
      expect((await readOpinion(opinion.id)).opinion).toBeNull();
    });

    it('on redaction', async () => {
      const { sessionId, citizen, opinion } = await scenario();
      await warm(sessionId, citizen.token);
      await app().services.moderation.redact({ viewer: forum.moderator.viewer, id: opinion.id, body: 'Đường Hàng Bài ngập nước (đã lược bỏ thông tin cá nhân)', reason: 'Số điện thoại' });
      for (const token of [undefined, citizen.token]) {
        expect(nodes(await readPage(sessionId, token))[0]).toMatchObject({ body: 'Đường Hàng Bài ngập nước (đã lược bỏ thông tin cá nhân)', originalBody: null });
        expect((await readOpinion(opinion.id, token)).opinion?.body).toBe('Đường Hàng Bài ngập nước (đã lược bỏ thông tin cá nhân)');
      }
    });

    it('on a response and its correction', async () => {
      const { sessionId, citizen, opinion } = await scenario();
      await warm(sessionId, citizen.token);
      const response = await app().services.responses.respond({ viewer: forum.officer.viewer, input: { opinionId: opinion.id, body: 'Đã báo Công ty thoát nước', outcome: 'REFERRED' } });
      expect(nodes(await readPage(sessionId))[0].responses).toMatchObject([{ body: 'Đã báo Công ty thoát nước', outcome: 'REFERRED', edited: false }]);
      expect((await readPage(sessionId, citizen.token)).session.stats.answered).toBe(1);
      await warm(sessionId, citizen.token);
      await app().services.responses.correct({ viewer: forum.officer.viewer, input: { id: response.id, body: 'Đã nạo vét cống ngày 28/11', outcome: 'RESOLVED' } });
      for (const token of [undefined, citizen.token]) {
        expect(nodes(await readPage(sessionId, token))[0].responses).toMatchObject([{ body: 'Đã nạo vét cống ngày 28/11', outcome: 'RESOLVED', edited: true, revisions: null }]);
        expect((await readOpinion(opinion.id, token)).opinion?.responses).toEqual([{ body: 'Đã nạo vét cống ngày 28/11' }]);
      }
    });

    it('on an upvote', async () => {
      const { sessionId, citizen, opinion } = await scenario();
      await warm(sessionId, citizen.token);
      await app().services.opinions.upvote({ viewer: citizen.viewer, id: opinion.id });
      for (const token of [undefined, citizen.token]) {
        const page = await readPage(sessionId, token, 'TOP');
        expect(nodes(page)[0].upvotes).toBe(1);
        expect(page.session.stats.upvotes).toBe(1);
      }
    });

    it('on a change of status', async () => {
      const { sessionId, citizen } = await scenario();
      await warm(sessionId, citizen.token);
      await app().services.sessions.setStatus({ viewer: forum.moderator.viewer, id: sessionId, status: 'CLOSED' });
      for (const token of [undefined, citizen.token]) expect((await readPage(sessionId, token)).session.status).toBe('CLOSED');
    });

    it('on updateSession (details and topics)', async () => {
      const { sessionId, topics, citizen } = await scenario();
      await warm(sessionId, citizen.token);
      await app().services.sessions.update({
        viewer: forum.moderator.viewer,
        input: { id: sessionId, title: 'Đối thoại với nhân dân phường Tràng Tiền (dời lịch)', location: 'Hội trường Cung Văn hóa Hữu nghị', renameTopics: [{ id: topics[0].id, name: 'Trật tự an toàn giao thông' }], addTopics: ['Môi trường'] },
      });
      for (const token of [undefined, citizen.token]) {
        const page = await readPage(sessionId, token);
        expect(page.session).toMatchObject({ title: 'Đối thoại với nhân dân phường Tràng Tiền (dời lịch)', location: 'Hội trường Cung Văn hóa Hữu nghị' });
        expect(page.session.topics.map((t) => t.name)).toContain('Môi trường');
        expect(nodes(page)[0].topic?.name).toBe('Trật tự an toàn giao thông');
      }
    });

    it("on a responder's new name (not a session event)", async () => {
      const { sessionId, citizen, opinion } = await scenario();
      const officer = await createStaff(app(), 'OFFICER', forum.districtId, 'Thiếu úy Hoàng Văn Nam');
      await app().services.responses.respond({ viewer: officer.viewer, input: { opinionId: opinion.id, body: 'Đã tiếp nhận', outcome: 'ACKNOWLEDGED' } });
      await warm(sessionId, citizen.token);
      await app().services.staff.update({ viewer: forum.admin.viewer, input: { id: officer.id, displayName: 'Trung úy Hoàng Văn Nam' } });
      for (const token of [undefined, citizen.token]) {
        expect(nodes(await readPage(sessionId, token))[0].responses[0].responder.displayName).toBe('Trung úy Hoàng Văn Nam');
      }
    });
  });

  it("should never give a record cursor later than what the cached page shows, whichever piece a request reads first", async () => {
    // A bus of its own: the approval below commits but this cache does not hear of it yet, as
    // when it was made on another instance and is still on its way through Redis.
    const bus = new MemoryEventBus();
    const { opinions, stats } = app().services;
    const cache = new PublicCache({
      prisma: app().database.prisma,
      bus,
      sources: publicSources(opinions, stats),
    });
    const { sessionId } = await openSession(app(), forum);
    const pending = await postOpinion(app(), { sessionId, body: 'Đề nghị kéo dài giờ tiếp dân buổi chiều' });
    const page = await cache.forRequest().page({ id: sessionId, unitId: forum.districtId }, {});
    await app().services.moderation.moderate({ viewer: forum.moderator.viewer, id: pending.id, action: 'APPROVE' });
    const reads = cache.forRequest();
    const session = await reads.session(sessionId);
    expect((await reads.page({ id: sessionId, unitId: forum.districtId }, {})).edges).toEqual(page.edges);
    expect(page.edges).toEqual([]);
    // The cursor stands before the approval, which the page does not show: a client resuming from it gets it.
    expect(session?.lastEvent).toBe((await app().database.prisma.forumSession.findUniqueOrThrow({ where: { id: sessionId } })).lastEvent - 1);
    await bus.close();
  });

  it('should keep at most maxSessions sessions, least recently read dropped first', async () => {
    const bus = new MemoryEventBus();
    const { opinions, stats } = app().services;
    const cache = new PublicCache({
      prisma: app().database.prisma,
      bus,
      sources: publicSources(opinions, stats),
      maxSessions: 2,
    });
    const ids = [(await openSession(app(), forum)).sessionId, (await openSession(app(), forum)).sessionId, (await openSession(app(), forum)).sessionId];
    for (const id of ids) await cache.forRequest().session(id);
    expect(cache.size).toBe(2);
    await bus.close();
  });

  it('should read the journal position, and never serve an older view, while the bus cannot vouch for delivery', async () => {
    // A bus that has lost touch with the other instances: it carries nothing and vouches for nothing.
    class SilentBus extends MemoryEventBus {
      override deliveryEpoch(): number | null {
        return null;
      }
    }
    const bus = new SilentBus();
    const { opinions, stats } = app().services;
    const reads: string[] = [];
    const cache = new PublicCache({
      prisma: app().database.prisma,
      bus,
      sources: publicSources(opinions, stats),
      onRead: (result) => reads.push(result),
    });
    const { sessionId } = await openSession(app(), forum, { moderationMode: 'POST' });
    const session = { id: sessionId, unitId: forum.districtId };
    const opinion = await postOpinion(app(), { sessionId, body: 'Vỉa hè phố Tràng Tiền bị lấn chiếm' });
    const first = await cache.forRequest().page(session, {});
    expect(first.edges.map((e) => e.node.id)).toEqual([opinion.id]);
    const before = counter.operations();
    expect(await cache.forRequest().page(session, {})).toBe(first);
    // Nothing changed: one primary-key read of the position, the page itself from memory.
    expect(counter.operations() - before).toBe(1);
    // A change this cache's bus never carried (as if made on another instance during an outage).
    await app().services.moderation.moderate({ viewer: forum.moderator.viewer, id: opinion.id, action: 'HIDE', reason: 'Trùng lặp', reasonCode: 'DUPLICATE' });
    expect((await cache.forRequest().page(session, {})).edges).toEqual([]);
    expect(reads).toEqual(['checked_miss', 'checked_hit', 'checked_miss']);
    await bus.close();
  });
});
