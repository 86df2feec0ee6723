import { beforeAll, describe, expect, it, vi } from 'vitest';
import { useForum } from '../../helpers/forum.js';
import { ok } from '../../helpers/server.js';
import { moderateTo, openSession, postOpinion, type SessionFixture } from '../../helpers/opinion-fixtures.js';
import { RespondToOpinionDocument, SessionStatsDocument, SubmitOpinionDocument } from '../../generated/graphql.js';

describe('SessionStats', () => {
  const { server, forum } = useForum();

  const prisma = () => server.app.database.prisma;

  async function statsOf(sessionId: string, token?: string) {
    const { session } = ok(await server.request(SessionStatsDocument, { id: sessionId }, { token }));
    return session!.stats;
  }

  const respond = (opinionId: string, body = 'Công an phường đã tiếp nhận và giao cán bộ khu vực xác minh.') =>
    server.request(RespondToOpinionDocument, { input: { opinionId, body, outcome: 'ACKNOWLEDGED' } }, { token: forum.officer.token });

  describe('moderationReasons', () => {
    const counts = (stats: { moderationReasons: { reason: string; count: number }[] }) =>
      Object.fromEntries(stats.moderationReasons.filter((r) => r.count > 0).map((r) => [r.reason, r.count]));

    it('should not count rejected tips for the public, and count them for the unit\'s staff', async () => {
      const session = await openSession(server.app, forum);
      const post = (body: string, kind: 'COMPLAINT' | 'TIP' = 'COMPLAINT') => postOpinion(server.app, { sessionId: session.sessionId, body, kind });
      await moderateTo(server.app, forum, await post('Bán hàng rong lấn chiếm vỉa hè phố Hàng Đào.'), 'REJECTED');
      await moderateTo(server.app, forum, await post('Ông Tư ở phố Hàng Đường hay gây gổ với hàng xóm.'), 'HIDDEN');
      const tip = await post('Một nhóm tụ tập đánh bạc trong nhà kho cuối phố Hàng Buồm.', 'TIP');
      await server.app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: tip.id, action: 'REJECT', reason: 'Trùng với tin đã nhận', reasonCode: 'DUPLICATE' });

      for (const token of [undefined, (await forum.citizen('Vũ Thị Nga')).token, forum.otherModerator.token]) {
        expect(counts(await statsOf(session.sessionId, token))).toEqual({ OFF_TOPIC: 1, PERSONAL_DATA: 1 });
      }
      expect(counts(await statsOf(session.sessionId, forum.moderator.token))).toEqual({ DUPLICATE: 1, OFF_TOPIC: 1, PERSONAL_DATA: 1 });
    });

    it('should list every reason in enum order, zeros included', async () => {
      const session = await openSession(server.app, forum);
      expect((await statsOf(session.sessionId)).moderationReasons).toEqual(
        ['DUPLICATE', 'OFF_TOPIC', 'ABUSIVE', 'PERSONAL_DATA', 'SPAM', 'UNLAWFUL', 'OTHER'].map((reason) => ({ reason, count: 0 })),
      );
    });
  });

  describe('of a session with opinions in every status', () => {
    let session: SessionFixture;

    // Seven opinions: two approved, one pending, one rejected, one hidden, a pending tip and an
    // approved tip, from two citizens and three anonymous devices; two of them answered.
    beforeAll(async () => {
      session = await openSession(server.app, forum, { topics: ['An toàn giao thông', 'Trật tự đô thị', 'Phòng cháy chữa cháy'] });
      const [traffic, order, fire] = session.topics;
      const [lan, binh] = await Promise.all([forum.citizen('Nguyễn Thị Lan'), forum.citizen('Trần Văn Bình')]);
      const post = (body: string, by: { viewer?: typeof lan.viewer; deviceKey?: string }, kind: 'SUGGESTION' | 'COMPLAINT' | 'QUESTION' | 'TIP', topicId: string | null) =>
        postOpinion(server.app, { sessionId: session.sessionId, body, kind, topicId, ...by });
      const deviceA = { deviceKey: 'd:dien-thoai-ba-hoa' };
      const approved1 = await moderateTo(server.app, forum, await post('Đề nghị sơn lại vạch kẻ đường trước chợ Hàng Da.', { viewer: lan.viewer }, 'SUGGESTION', traffic.id), 'APPROVED');
      const approved2 = await moderateTo(server.app, forum, await post('Xe ô tô đỗ dưới lòng đường phố Hàng Bông cả ngày.', deviceA, 'COMPLAINT', traffic.id), 'APPROVED');
      await post('Xin hỏi giờ làm việc của bộ phận một cửa?', deviceA, 'QUESTION', order.id);
      await moderateTo(server.app, forum, await post('Quảng cáo tín dụng đen, gọi ngay số bên dưới.', { viewer: binh.viewer }, 'SUGGESTION', order.id), 'REJECTED');
      await moderateTo(server.app, forum, await post('Nhà ông X ở số 5 buôn bán gì đó rất đáng ngờ.', { viewer: lan.viewer }, 'COMPLAINT', null), 'HIDDEN');
      const pendingTip = await post('Có người lạ hay giao nhận hàng ở cuối ngõ Yên Thái lúc 2 giờ sáng.', { deviceKey: 'd:may-tinh-bang-0001' }, 'TIP', traffic.id);
      await moderateTo(server.app, forum, await post('Một quán karaoke tổ chức cho khách sử dụng ma túy.', { deviceKey: 'd:dien-thoai-ca-nhan-02' }, 'TIP', fire.id), 'APPROVED');

      const voters = await Promise.all(['Phùng Văn Sơn', 'Hà Thị Thu'].map((name) => forum.citizen(name)));
      for (const voter of voters) await server.app.services.opinions.upvote({ viewer: voter.viewer, id: approved1.id });
      await server.app.services.opinions.upvote({ viewer: voters[0].viewer, id: approved2.id });

      ok(await respond(approved1.id));
      ok(await respond(approved1.id, 'Đã chuyển Ủy ban phường bố trí kinh phí sơn lại.'));
      ok(await respond(pendingTip.id));
    });

    const staffView = () => ({ opinions: 7, pending: 2, approved: 3, rejected: 1, hidden: 1, answered: 2, participants: 5, upvotes: 3 });
    const publicView = () => ({ opinions: 5, pending: 1, approved: 2, rejected: 1, hidden: 1, answered: 1, participants: 3, upvotes: 3 });

    it("should count every opinion by status for the unit's staff, tips included", async () => {
      for (const staff of [forum.moderator, forum.officer, forum.admin]) {
        expect(await statsOf(session.sessionId, staff.token)).toMatchObject(staffView());
      }
    });

    it('should leave tips out of the numbers of the public, citizens and other units’ staff', async () => {
      const citizen = await forum.citizen('Ngô Thị Uyên');
      for (const token of [undefined, citizen.token, forum.otherModerator.token, forum.otherOfficer.token]) {
        expect(await statsOf(session.sessionId, token)).toMatchObject(publicView());
      }
    });

    it('should list every topic of the session in byTopic, empty ones included', async () => {
      const topicCounts = (stats: Awaited<ReturnType<typeof statsOf>>) => stats.byTopic.map((t) => [t.topic.id, t.topic.name, t.count]);
      const [traffic, order, fire] = session.topics;
      expect(topicCounts(await statsOf(session.sessionId, forum.moderator.token))).toEqual([
        [traffic.id, 'An toàn giao thông', 3],
        [order.id, 'Trật tự đô thị', 2],
        [fire.id, 'Phòng cháy chữa cháy', 1],
      ]);
      expect(topicCounts(await statsOf(session.sessionId))).toEqual([
        [traffic.id, 'An toàn giao thông', 2],
        [order.id, 'Trật tự đô thị', 2],
        [fire.id, 'Phòng cháy chữa cháy', 0],
      ]);
    });

    it('should count an opinion with two responses as answered once', async () => {
      expect((await statsOf(session.sessionId, forum.moderator.token)).answered).toBe(2);
      expect(await prisma().officialResponse.count({ where: { opinion: { sessionId: session.sessionId } } })).toBe(3);
    });
  });

  describe('participants', () => {
    it('should count a citizen posting twice once', async () => {
      const { sessionId } = await openSession(server.app, forum);
      const citizen = await forum.citizen('Lý Thị Vân');
      for (const body of ['Đường Phùng Hưng thiếu đèn chiếu sáng.', 'Bổ sung: đoạn gần số 40 tối nhất.']) {
        ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body } }, { token: citizen.token }));
      }
      expect(await statsOf(sessionId)).toMatchObject({ opinions: 2, participants: 1 });
    });

    it('should count anonymous posters with the same x-device-id once', async () => {
      const { sessionId } = await openSession(server.app, forum);
      for (const body of ['Nên có hòm thư góp ý tại trụ sở phường.', 'Và công khai kết quả trả lời.']) {
        ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body } }, { headers: { 'x-device-id': 'thiet-bi-ong-xuan-01' } }));
      }
      expect(await statsOf(sessionId)).toMatchObject({ opinions: 2, participants: 1 });
    });

    it('should count anonymous posters with different x-device-ids separately', async () => {
      const { sessionId } = await openSession(server.app, forum);
      for (const device of ['thiet-bi-ong-xuan-01', 'thiet-bi-ba-yen-0002']) {
        ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body: 'Đề nghị kéo dài giờ tiếp dân buổi chiều.' } }, { headers: { 'x-device-id': device } }));
      }
      expect(await statsOf(sessionId)).toMatchObject({ opinions: 2, participants: 2 });
    });

    it('should count a citizen and an anonymous device as two participants', async () => {
      const { sessionId } = await openSession(server.app, forum);
      const citizen = await forum.citizen('Lý Thị Vân');
      const headers = { 'x-device-id': 'thiet-bi-ong-xuan-01' };
      ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body: 'Cần thêm biển cấm đỗ xe.' } }, { token: citizen.token, headers }));
      ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body: 'Cần thêm thùng rác công cộng.' } }, { headers }));
      expect((await statsOf(sessionId)).participants).toBe(2);
    });
  });

  describe('upvotes', () => {
    it('should sum the upvotes of every opinion of the session', async () => {
      const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
      const opinions = await Promise.all(
        ['Lắp gương cầu lồi ở khúc cua ngõ Văn Chương.', 'Đặt gờ giảm tốc trước cổng trường.'].map((body) => postOpinion(server.app, { sessionId, body })),
      );
      const citizens = await Promise.all(['Mạc Văn Tùng', 'Lã Thị Sen', 'Âu Văn Hải'].map((name) => forum.citizen(name)));
      for (const citizen of citizens) await server.app.services.opinions.upvote({ viewer: citizen.viewer, id: opinions[0].id });
      await server.app.services.opinions.upvote({ viewer: citizens[0].viewer, id: opinions[1].id });
      expect((await statsOf(sessionId)).upvotes).toBe(4);
      expect((await statsOf(sessionId, forum.moderator.token)).upvotes).toBe(4);
    });

    it('should report zeros for a session without opinions', async () => {
      const { sessionId } = await openSession(server.app, forum);
      expect(await statsOf(sessionId)).toMatchObject({ opinions: 0, pending: 0, approved: 0, answered: 0, participants: 0, upvotes: 0, medianResponseSeconds: null });
    });
  });

  describe('medianResponseSeconds', () => {
    /** Three answered opinions in a fresh session, answered after `delays` seconds (set in the database). */
    async function answeredAfter(delays: number[]) {
      const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
      const createdAt = new Date('2026-12-04T02:00:00Z');
      for (const [i, delay] of delays.entries()) {
        const opinion = await postOpinion(server.app, { sessionId, body: `Ý kiến số ${i + 1} về an ninh khu phố.` });
        ok(await respond(opinion.id));
        await prisma().opinion.update({
          where: { id: opinion.id },
          data: { createdAt, firstResponseAt: new Date(createdAt.getTime() + delay * 1000) },
        });
      }
      return sessionId;
    }

    it('should be null before any response', async () => {
      const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
      await postOpinion(server.app, { sessionId, body: 'Xin hỏi thủ tục đăng ký xe máy chính chủ.' });
      expect((await statsOf(sessionId)).medianResponseSeconds).toBeNull();
      expect((await statsOf(sessionId, forum.moderator.token)).medianResponseSeconds).toBeNull();
    });

    it('should be a positive number of seconds after a response', async () => {
      const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
      const opinion = await postOpinion(server.app, { sessionId, body: 'Xin hỏi thủ tục đăng ký xe máy chính chủ.' });
      ok(await respond(opinion.id));
      const { medianResponseSeconds } = await statsOf(sessionId);
      expect(medianResponseSeconds).toBeGreaterThan(0);
      expect(medianResponseSeconds).toBeLessThan(60);
    });

    it('should be the median of the times to first response', async () => {
      const sessionId = await answeredAfter([600, 60, 120]);
      await postOpinion(server.app, { sessionId, body: 'Ý kiến chưa được trả lời.' });
      expect((await statsOf(sessionId)).medianResponseSeconds).toBe(120);
    });

    it('should take the mean of the two middle times for an even count', async () => {
      const sessionId = await answeredAfter([60, 120, 600, 3600]);
      expect((await statsOf(sessionId)).medianResponseSeconds).toBe(360);
    });
  });

  describe('in one request', () => {
    it('should compute the stats once per session and audience, however many aliases and nested paths ask', async () => {
      const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
      for (const body of ['Đèn đường ngõ 12 phố Huế bị hỏng.', 'Đề nghị lắp camera ở ngã tư Bà Triệu.', 'Xe máy đỗ tràn vỉa hè phố Hàng Bài.']) {
        await postOpinion(server.app, { sessionId, body });
      }
      const compute = vi.spyOn(server.app.services.stats, 'compute');
      try {
        const page = 'opinions(first: 3) { edges { node { session { stats { opinions } } } } }';
        const result = await server.post({ query: `query($id: ID!) { a: session(id: $id) { stats { opinions } ${page} } b: session(id: $id) { stats { approved } ${page} } }`, variables: { id: sessionId } });
        const data = ok(result) as Record<'a' | 'b', { stats: Record<string, number>; opinions: { edges: { node: { session: { stats: { opinions: number } } } }[] } }>;
        expect(data.a.stats.opinions).toBe(3);
        expect(data.b.opinions.edges.map((edge) => edge.node.session.stats.opinions)).toEqual([3, 3, 3]);
        expect(compute).toHaveBeenCalledTimes(1);
        expect(compute).toHaveBeenCalledWith(sessionId, 'public');
      } finally {
        compute.mockRestore();
      }
    });
  });
});
