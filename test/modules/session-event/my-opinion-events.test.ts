import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../../helpers/server.js';
import { seedForum, type ForumFixture } from '../../helpers/fixtures.js';
import { liveClient, subscribe, type LiveSubscription } from '../../helpers/live.js';
import {
  ModerateOpinionDocument,
  OnMyOpinionEventsDocument,
  OnSessionEventsDocument,
  RespondToOpinionDocument,
  SubmitOpinionDocument,
  type OnMyOpinionEventsSubscription,
} from '../../generated/graphql.js';

type OwnFeed = LiveSubscription<OnMyOpinionEventsSubscription>;
type OwnEvent = OnMyOpinionEventsSubscription['myOpinionEvents'];

describe('myOpinionEvents', () => {
  let server: TestServer;
  let forum: ForumFixture;
  const clients: ReturnType<typeof liveClient>[] = [];
  const connect = (token: string | null) => {
    const client = liveClient(server.app.wsUrl, token);
    clients.push(client);
    return client;
  };
  const own = (token: string | null, after: string | null = null): OwnFeed => subscribe(connect(token), OnMyOpinionEventsDocument, { sessionId: forum.sessionId, after });
  const submit = async (body: string, token?: string, extra: { kind?: 'TIP' | 'QUESTION'; contact?: string } = {}) =>
    ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body, ...extra } }, token ? { token } : {})).submitOpinion;
  const moderate = async (id: string, action: 'APPROVE' | 'REJECT', reason?: string) =>
    ok(await server.request(ModerateOpinionDocument, { id, action, ...(reason ? { reason, reasonCode: 'OFF_TOPIC' as const } : {}) }, { token: forum.moderator.token }));
  /** Takes events until one about `sentinelId` arrives; returns every event taken, the sentinel's last. */
  const until = async (feed: OwnFeed, sentinelId: string): Promise<OwnEvent[]> => {
    const taken: OwnEvent[] = [];
    for (;;) {
      const [{ myOpinionEvents: event }] = await feed.take(1);
      taken.push(event);
      if (event.opinion?.id === sentinelId) return taken;
    }
  };

  beforeAll(async () => {
    server = await startTestServer();
    forum = await seedForum(server.app);
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.close();
  });

  // First, on a fresh server: the counts are of every group on it.
  it("should not cost the public fan-out its sharing: citizens' public feeds share one execution, their own feeds run apart", async () => {
    const [lan, minh] = [await forum.citizen('Nguyễn Thị Lan'), await forum.citizen('Trần Văn Minh')];
    const publicFeeds = [null, null, lan.token, minh.token].map((token) => subscribe(connect(token), OnSessionEventsDocument, { sessionId: forum.sessionId, after: null }));
    const ownFeeds = [own(lan.token), own(lan.token), own(minh.token)];
    const minhPost = await submit('Xin hỏi giờ tiếp dân của Công an phường?', minh.token);
    const lanPost = await submit('Đề nghị lắp thêm đèn chiếu sáng ngõ 12 Hàng Trống.', lan.token);
    await moderate(lanPost.id, 'APPROVE');
    // Every subscriber has had this frame: each is a member of its group now.
    for (const feed of publicFeeds) {
      for (;;) {
        const [{ sessionEvents: event }] = await feed.take(1);
        if (event.opinion?.id === lanPost.id) break;
      }
    }
    await until(ownFeeds[2], minhPost.id);
    for (const feed of ownFeeds.slice(0, 2)) while ((await until(feed, lanPost.id)).at(-1)?.opinion?.status !== 'APPROVED');

    const byFeed = server.app.ws.groups.statsByFeed();
    expect(byFeed.get('sessionEvents')).toEqual({ groups: 1, members: 4 });
    expect(byFeed.get('myOpinionEvents')).toEqual({ groups: 2, members: 3 });
    for (const feed of [...publicFeeds, ...ownFeeds]) feed.close();
  });

  it("should give each citizen token its own opinions only, author-safe, and nothing to anyone else", async () => {
    const [lan, minh] = [await forum.citizen('Nguyễn Thị Lan'), await forum.citizen('Trần Văn Minh')];
    const lanFeed = own(lan.token);
    const minhFeed = own(minh.token);
    // Hostile first: no token, or a staff token, follows nobody's opinions.
    const anonymous = own(null);
    const staff = own(forum.moderator.token);
    for (const refused of [anonymous, staff]) {
      const result = await refused.next();
      expect(result.errors?.[0]?.extensions?.code ?? (refused.error as { extensions?: { code?: string } }[] | null)?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }

    const tip = await submit('Tin báo: nhóm thanh niên đua xe trái phép trên phố Tràng Tiền lúc nửa đêm.', lan.token, { kind: 'TIP', contact: '0912 345 678' });
    const refusedPost = await submit('Quảng cáo dịch vụ cầm đồ, gọi 0988 111 222.', lan.token);
    const reason = 'Nội dung quảng cáo, không thuộc phạm vi phiên đối thoại.';
    await moderate(refusedPost.id, 'REJECT', reason);
    const answered = await submit('Xin hỏi thủ tục đăng ký tạm trú cho người thuê trọ?', lan.token, { kind: 'QUESTION' });
    await moderate(answered.id, 'APPROVE');
    const answer = 'Bà con mang căn cước và hợp đồng thuê nhà đến Công an phường, hoặc đăng ký trên Cổng dịch vụ công.';
    ok(await server.request(RespondToOpinionDocument, { input: { opinionId: answered.id, body: answer, outcome: 'RESOLVED' } }, { token: forum.officer.token }));
    const minhSentinel = await submit('Cảm ơn Công an phường đã tổ chức buổi đối thoại.', minh.token);
    const lanSentinel = await submit('Đề nghị bố trí chỗ gửi xe trước nhà văn hoá.', lan.token);

    const minhEvents = await until(minhFeed, minhSentinel.id);
    expect(minhEvents.map((e) => e.opinion?.id)).toEqual([minhSentinel.id]);
    const lanEvents = await until(lanFeed, lanSentinel.id);
    expect(lanEvents.map((e) => [e.type, e.opinion?.id, e.opinion?.status])).toEqual([
      ['OPINION_PUBLISHED', tip.id, 'PENDING'],
      ['OPINION_PUBLISHED', refusedPost.id, 'PENDING'],
      ['OPINION_CHANGED', refusedPost.id, 'REJECTED'],
      ['OPINION_PUBLISHED', answered.id, 'PENDING'],
      ['OPINION_CHANGED', answered.id, 'APPROVED'],
      ['RESPONSE_POSTED', answered.id, 'APPROVED'],
      ['OPINION_PUBLISHED', lanSentinel.id, 'PENDING'],
    ]);
    const rejected = lanEvents[2].opinion!;
    expect(rejected).toMatchObject({ rejectReason: reason, moderationReason: 'OFF_TOPIC' });
    expect(lanEvents[5].response?.body).toBe(answer);
    // Author-safe: the tip's contact and follow-up are the unit staff's alone.
    expect(lanEvents[0].opinion).toMatchObject({ kind: 'TIP', contact: null, tipStatus: null, caseNumber: null, originalBody: null });
    expect(new Set(lanEvents.map((e) => e.cursor)).size).toBe(lanEvents.length);
    expect(minhFeed.buffered + lanFeed.buffered).toBe(0);
    for (const feed of [lanFeed, minhFeed, anonymous, staff]) feed.close();
  });

  it('should resume by cursor after a dropped socket: what happened meanwhile comes after, each event once', async () => {
    const lan = await forum.citizen('Phạm Thị Hương');
    const first = await submit('Đề nghị tuần tra khu vực chợ Hàng Da buổi sáng sớm.', lan.token);
    const client = connect(lan.token);
    const feed = subscribe(client, OnMyOpinionEventsDocument, { sessionId: forum.sessionId, after: null });
    const [{ myOpinionEvents: seen }] = await feed.take(1);
    expect(seen.opinion?.id).toBe(first.id);
    await client.dispose(); // the hall's Wi-Fi drops

    // Meanwhile: their opinion is approved, they post a tip (from another tab), and others post too.
    await moderate(first.id, 'APPROVE');
    await submit('Tin báo của người khác: có người lạ theo dõi nhà số 7.', (await forum.citizen()).token, { kind: 'TIP' });
    const tip = await submit('Tin báo: tụ điểm đánh bạc ở ngõ Hàng Bút.', lan.token, { kind: 'TIP' });
    await submit('Ý kiến của người khác về giao thông phố cổ.');

    const resumed = subscribe(connect(lan.token), OnMyOpinionEventsDocument, { sessionId: forum.sessionId, after: seen.cursor });
    const sentinel = await submit('Cảm ơn các anh chị đã lắng nghe.', lan.token);
    const events = await until(resumed, sentinel.id);
    expect(events.map((e) => [e.type, e.opinion?.id])).toEqual([
      ['OPINION_CHANGED', first.id],
      ['OPINION_PUBLISHED', tip.id],
      ['OPINION_PUBLISHED', sentinel.id],
    ]);
    expect(resumed.buffered).toBe(0);
    // Resuming from the tip's own cursor does not give the tip again.
    const fromTip = subscribe(connect(lan.token), OnMyOpinionEventsDocument, { sessionId: forum.sessionId, after: events[1].cursor });
    expect((await until(fromTip, sentinel.id)).map((e) => e.opinion?.id)).toEqual([sentinel.id]);
    for (const f of [feed, resumed, fromTip]) f.close();
  });

}, 60_000);
