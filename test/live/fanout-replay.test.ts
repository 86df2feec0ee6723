import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../helpers/server.js';
import { seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { moderateTo, openSession, postOpinion } from '../helpers/opinion-fixtures.js';
import { liveClient, reached, subscribe, type LiveSubscription } from '../helpers/live.js';
import { OnOpinionPublishedDocument, OnOpinionSubmittedDocument, type OnOpinionPublishedSubscription, type OnOpinionSubmittedSubscription } from '../generated/graphql.js';

const BODIES = [
  'Đề nghị lắp thêm camera ở ngã tư Hàng Bài – Tràng Thi',
  'Vỉa hè phố Bà Triệu bị lấn chiếm làm chỗ để xe',
  'Xin tăng cường tuần tra ban đêm ở ngõ Tạm Thương',
  'Cảm ơn tổ công tác đã tìm lại xe máy bị mất cho tôi',
  'Tiếng ồn karaoke sau 23 giờ ở khu tập thể',
  'Đèn tín hiệu giao thông ở phố Hai Bà Trưng hay bị hỏng',
  'Học sinh đi xe đạp điện không đội mũ bảo hiểm',
];

// Every subscriber with afterSeq gets the whole history once, in order, whether it starts the
// shared execution of its feed or joins one that is already running.
describe('replay for subscribers joining a shared feed', () => {
  let server: TestServer;
  let forum: ForumFixture;
  const clients: ReturnType<typeof liveClient>[] = [];
  const open = <T,>(token: string | null, doc: Parameters<typeof subscribe<T>>[1], variables: Record<string, unknown>) => {
    const client = liveClient(server.app.wsUrl, token);
    clients.push(client);
    return subscribe<T>(client, doc, variables);
  };

  beforeAll(async () => {
    server = await startTestServer();
    forum = await seedForum(server.app);
  });
  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.dispose()));
    await reached(server.app, 'groupEnded', () => server.app.ws.groups.stats().groups === 0);
  });
  afterAll(async () => {
    await server?.close();
  });

  async function approvedSession(count: number) {
    const { sessionId } = await openSession(server.app, forum, { moderationMode: 'PRE' });
    const approve = async (body: string) => moderateTo(server.app, forum, await postOpinion(server.app, { sessionId, body }), 'APPROVED');
    const approved = [];
    for (const body of BODIES.slice(0, count)) approved.push(await approve(body));
    // Neither a pending opinion nor a tip is ever public.
    await postOpinion(server.app, { sessionId, body: 'Ý kiến đang chờ duyệt về bãi xe' });
    await postOpinion(server.app, { sessionId, body: 'Tin báo về điểm tập kết hàng lậu', kind: 'TIP', contact: '0987 654 321' });
    return { sessionId, approved, approve };
  }

  it('should replay the approved opinions to each public screen, the second and third included', async () => {
    const { sessionId, approved, approve } = await approvedSession(4);
    const screens: LiveSubscription<OnOpinionPublishedSubscription>[] = [];
    for (let i = 0; i < 3; i++) {
      const screen = open<OnOpinionPublishedSubscription>(null, OnOpinionPublishedDocument, { sessionId, afterSeq: 0 });
      expect((await screen.take(4)).map((o) => o.opinionPublished.id)).toEqual(approved.map((o) => o.id));
      screens.push(screen);
    }
    expect(server.app.ws.groups.stats()).toEqual({ groups: 1, members: 3 });

    // Then live: each new approval once, and the one after it (the sentinel) next.
    const fifth = await approve('Đề nghị sơn lại vạch kẻ đường trước cổng trường');
    const sixth = await approve('Xin bố trí cảnh sát giao thông giờ tan học');
    for (const screen of screens) expect((await screen.take(2)).map((o) => o.opinionPublished.id)).toEqual([fifth.id, sixth.id]);
    // The late screens have met the shared execution and run on it alone.
    expect(server.app.ws.groups.replayingMembers()).toBe(0);
  });

  it('should replay every opinion, tips included, to each of the unit\'s staff', async () => {
    const { sessionId } = await openSession(server.app, forum, { moderationMode: 'PRE' });
    const submitted = [];
    for (const [i, body] of BODIES.entries()) {
      submitted.push(await postOpinion(server.app, { sessionId, body, ...(i % 3 === 2 ? { kind: 'TIP', contact: `0901 000 00${i}` } : {}) }));
    }
    const staff: LiveSubscription<OnOpinionSubmittedSubscription>[] = [];
    for (const member of [forum.moderator, forum.officer]) {
      const feed = open<OnOpinionSubmittedSubscription>(member.token, OnOpinionSubmittedDocument, { sessionId, afterSeq: 0 });
      const got = await feed.take(7);
      expect(got.map((o) => o.opinionSubmitted.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
      expect(got.map((o) => o.opinionSubmitted.id)).toEqual(submitted.map((o) => o.id));
      expect(got[2].opinionSubmitted).toMatchObject({ kind: 'TIP', contact: '0901 000 002' });
      staff.push(feed);
    }
    expect(server.app.ws.groups.stats()).toEqual({ groups: 1, members: 2 });

    const eighth = await postOpinion(server.app, { sessionId, body: 'Phản ánh tình trạng đua xe trên cầu Long Biên' });
    const ninth = await postOpinion(server.app, { sessionId, body: 'Đề nghị xử lý xe tải chạy giờ cấm' });
    for (const feed of staff) expect((await feed.take(2)).map((o) => o.opinionSubmitted.id)).toEqual([eighth.id, ninth.id]);
  });

  it('should replay to each of several screens that subscribe at the same moment', async () => {
    const { sessionId, approved, approve } = await approvedSession(3);
    const screens = Array.from({ length: 5 }, () => open<OnOpinionPublishedSubscription>(null, OnOpinionPublishedDocument, { sessionId, afterSeq: 0 }));
    for (const screen of screens) expect((await screen.take(3)).map((o) => o.opinionPublished.id)).toEqual(approved.map((o) => o.id));
    const fourth = await approve('Xin lắp gương cầu lồi ở khúc cua phố Lò Sũ');
    const fifth = await approve('Cảm ơn công an phường đã hòa giải tranh chấp lối đi');
    for (const screen of screens) expect((await screen.take(2)).map((o) => o.opinionPublished.id)).toEqual([fourth.id, fifth.id]);
    expect(server.app.ws.groups.stats()).toEqual({ groups: 1, members: 5 });
  });
});
