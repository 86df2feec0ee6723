import { afterAll, describe, expect, it } from 'vitest';
import { parse } from 'graphql';
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { errorCode, ok } from '../helpers/server.js';
import { useForum } from '../helpers/forum.js';
import { openSession } from '../helpers/opinion-fixtures.js';
import { feedsAttached, liveClient, reached, signalled, subscribe, type LiveSubscription } from '../helpers/live.js';
import { applyEvent, freshView, plain, readRecord, type OpinionView } from '../helpers/session-record.js';
import {
  ModerateOpinionDocument,
  OnSessionEventsDocument,
  RedactOpinionDocument,
  RespondToOpinionDocument,
  SessionEventsDocument,
  SubmitOpinionDocument,
  UpvoteOpinionDocument,
  type OnSessionEventsSubscription,
} from '../generated/graphql.js';

type Feed = LiveSubscription<OnSessionEventsSubscription>;

/** sessionEvents with the opinion's moderationReason, which only staff and the opinion's author may read. */
type WithdrawnReason = { sessionEvents: { cursor: string; type: string; opinion: { id: string; status: string; moderationReason: string | null } | null } };
const WithdrawnReasonDocument = parse(
  'subscription OnWithdrawnReason($sessionId: ID!, $after: String) { sessionEvents(sessionId: $sessionId, after: $after) { cursor type opinion { id status moderationReason } } }',
) as TypedDocumentNode<WithdrawnReason, never>;

// One server for the file: the reconnect storm follows a session of its own.
const { server, forum } = useForum();

describe('sessionEvents', () => {
  const clients: ReturnType<typeof liveClient>[] = [];
  const client = (token?: string | null) => {
    const c = liveClient(server.app.wsUrl, token);
    clients.push(c);
    return c;
  };
  const newSession = async (moderationMode: 'PRE' | 'POST' = 'PRE') => {
    const s = await server.app.services.sessions.create({
      viewer: forum.moderator.viewer,
      input: { unitId: forum.districtId, title: 'Phiên tiếp dân trực tuyến phường Cửa Đông', startsAt: new Date(), moderationMode },
    });
    await server.app.services.sessions.setStatus({ viewer: forum.moderator.viewer, id: s.id, status: 'LIVE' });
    return s.id;
  };
  const submit = async (sessionId: string, body: string, extra: { kind?: 'TIP' | 'QUESTION' | 'COMPLAINT'; contact?: string; token?: string } = {}) =>
    ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body, kind: extra.kind, contact: extra.contact } }, { token: extra.token })).submitOpinion;
  const moderate = async (id: string, action: 'APPROVE' | 'REJECT' | 'HIDE' | 'RESTORE', reason?: string) =>
    ok(await server.request(ModerateOpinionDocument, { id, action, reason, reasonCode: reason ? 'OFF_TOPIC' : null }, { token: forum.moderator.token })).moderateOpinion;
  const respond = async (opinionId: string, body: string) =>
    ok(await server.request(RespondToOpinionDocument, { input: { opinionId, body, outcome: 'IN_PROGRESS' } }, { token: forum.officer.token }));
  const events = (token: string | null, sessionId: string, after: string | null = null): Feed =>
    subscribe(client(token), OnSessionEventsDocument, { sessionId, after });
  /** Takes events until one about `opinionId` with `status` arrives (the sentinel); returns all taken. */
  const untilSentinel = async (feed: Feed, opinionId: string, status = 'APPROVED') => {
    const taken: OnSessionEventsSubscription['sessionEvents'][] = [];
    for (;;) {
      const [{ sessionEvents: event }] = await feed.take(1);
      taken.push(event);
      if (event.opinion?.id === opinionId && event.opinion.status === status) return taken;
    }
  };

  /** Takes events until one about `opinionId` arrives (the sentinel); returns all taken. */
  const untilOpinion = async (feed: LiveSubscription<WithdrawnReason>, opinionId: string) => {
    const taken: WithdrawnReason['sessionEvents'][] = [];
    for (;;) {
      const [{ sessionEvents: event }] = await feed.take(1);
      taken.push(event);
      if (event.opinion?.id === opinionId) return taken;
    }
  };

  afterAll(() => Promise.all(clients.map((c) => c.dispose())));

  it('should not let tips, contacts, reasons or pending text reach the public or citizens, live, replayed or paged', async () => {
    const sessionId = await newSession('PRE');
    const citizen = await forum.citizen('Lê Thị Mai');
    // Both subscribers are in (they may share one execution: the public and citizens see the same).
    const joined = signalled(server.app, 'subscriberJoined', () => server.app.ws.groups.statsByFeed().get('sessionEvents')?.members === 2);
    const live = [events(null, sessionId), events(citizen.token, sessionId)];
    await joined;
    expect(server.app.services.logs.listenerCount(sessionId)).toBeGreaterThanOrEqual(1);
    const secrets = ['Tin báo: ổ cờ bạc ở số 7 ngõ Hàng Chỉ', '0912 888 999', 'Nội dung xúc phạm cán bộ', 'Ý kiến đang chờ duyệt về bãi xe', 'nguoi.bao.tin@example.vn'];
    const tip = await submit(sessionId, secrets[0], { kind: 'TIP', contact: secrets[1] });
    await moderate(tip.id, 'APPROVE');
    await respond(tip.id, 'Đã chuyển đội trinh sát');
    const rejected = await submit(sessionId, 'Bình luận thô tục', { token: citizen.token, contact: secrets[4] });
    await moderate(rejected.id, 'REJECT', secrets[2]);
    await submit(sessionId, secrets[3], { token: citizen.token });
    const sentinel = await submit(sessionId, 'Đề nghị lắp gương cầu lồi ở ngã ba Hàng Chiếu');
    await moderate(sentinel.id, 'APPROVE');

    const replayed = events(null, sessionId);
    const paged = await readRecord(server, sessionId, citizen.token);
    for (const seen of [...(await Promise.all([...live, replayed].map((feed) => untilSentinel(feed, sentinel.id)))), paged.events]) {
      const text = JSON.stringify(seen);
      for (const secret of secrets) expect(text).not.toContain(secret);
      expect(text).not.toContain(tip.id);
      expect(seen.filter((event) => event.opinion).map((event) => [event.type, event.opinion!.id])).toEqual([['OPINION_PUBLISHED', sentinel.id]]);
    }
    for (const feed of [...live, replayed]) feed.close();
  });

  it('should never show a redacted phone number to the public or citizens replaying after the redaction, from any cursor, subscribed or paged', async () => {
    const sessionId = await newSession('PRE');
    const phone = '0912 345 678';
    const original = `Nhà số 5 ngõ Hàng Chỉ tối nào cũng tụ tập đánh bạc, cần thì gọi tôi: ${phone}.`;
    const redacted = 'Một ngôi nhà ở ngõ Hàng Chỉ tối nào cũng tụ tập đánh bạc.';
    const citizen = await forum.citizen('Trần Văn Bình');
    const posted = await submit(sessionId, original, { kind: 'COMPLAINT' });
    const offlineAt = (await readRecord(server, sessionId, null)).endCursor;
    // Every kind of entry that carries the opinion as it then stood: approval, upvote, response.
    await moderate(posted.id, 'APPROVE');
    ok(await server.request(UpvoteOpinionDocument, { id: posted.id }, { token: citizen.token }));
    await respond(posted.id, 'Công an phường sẽ kiểm tra trong tuần.');
    ok(await server.request(RedactOpinionDocument, { id: posted.id, body: redacted, reason: 'Bỏ số điện thoại' }, { token: forum.moderator.token }));
    const sentinel = await submit(sessionId, 'Đề nghị lắp đèn đường ở ngõ Hàng Chỉ');
    await moderate(sentinel.id, 'APPROVE');

    const replays = [events(null, sessionId), events(citizen.token, sessionId), events(null, sessionId, offlineAt)];
    const seen = [
      ...(await Promise.all(replays.map((feed) => untilSentinel(feed, sentinel.id)))),
      (await readRecord(server, sessionId, null)).events,
      (await readRecord(server, sessionId, citizen.token, offlineAt)).events,
    ];
    for (const events of seen) {
      expect(JSON.stringify(events)).not.toContain(phone);
      const bodies = events.filter((event) => event.opinion?.id === posted.id).map((event) => event.opinion!.body);
      expect(bodies.length).toBeGreaterThanOrEqual(4);
      expect(new Set(bodies)).toEqual(new Set([redacted]));
    }
    // The unit's staff still replay the text as it was posted.
    expect(JSON.stringify((await readRecord(server, sessionId, forum.moderator.token)).events)).toContain(phone);
    for (const feed of replays) feed.close();
  });

  it('should send a redaction to the public as OPINION_CHANGED with the new body, live and replayed (replayed: never the original)', async () => {
    const sessionId = await newSession('POST');
    const attached = feedsAttached(server.app, sessionId);
    const live = events(null, sessionId);
    await attached;
    const original = 'Xe biển 29A-123.45 của ông hàng xóm đỗ chắn lối thoát hiểm ở ngõ 34 Hàng Bạc.';
    const redacted = 'Xe ô tô đỗ chắn lối thoát hiểm ở một ngõ phố Hàng Bạc.';
    const posted = await submit(sessionId, original);
    ok(await server.request(RedactOpinionDocument, { id: posted.id, body: redacted, reason: 'Bỏ biển số xe' }, { token: forum.moderator.token }));
    const sentinel = await submit(sessionId, 'Đề nghị lắp đèn đường ở ngõ Tạm Thương');
    // Live, the hall saw the text before it was redacted; a replay afterwards never shows it again.
    for (const [feed, published] of [[live, original], [events(null, sessionId), redacted]] as const) {
      const seen = await untilSentinel(feed, sentinel.id);
      expect(seen.filter((event) => event.opinion?.id === posted.id).map((event) => [event.type, event.opinion!.body])).toEqual([
        ['OPINION_PUBLISHED', published],
        ['OPINION_CHANGED', redacted],
      ]);
      feed.close();
    }
  });

  it('should give every subscriber that joins one shared feed its own full replay', async () => {
    const sessionId = await newSession('PRE');
    const approved = [];
    for (let i = 1; i <= 4; i++) approved.push(await moderate((await submit(sessionId, `Góp ý số ${i} về vỉa hè phố Hàng Đường`)).id, 'APPROVE'));
    const { events: expected } = await readRecord(server, sessionId, null);
    expect(expected.map((e) => e.type)).toEqual(['SESSION_STATUS_CHANGED', ...approved.map(() => 'OPINION_PUBLISHED')]);
    const screens: Feed[] = [];
    for (let i = 0; i < 3; i++) {
      const screen = events(null, sessionId);
      screens.push(screen);
      expect((await screen.take(expected.length)).map((r) => r.sessionEvents.cursor)).toEqual(expected.map((e) => e.cursor));
    }
    const sentinel = await submit(sessionId, 'Ý kiến mới sau khi ba màn hình đã kết nối');
    await moderate(sentinel.id, 'APPROVE');
    for (const screen of screens) {
      const [{ sessionEvents: next }] = await screen.take(1);
      expect(next).toMatchObject({ type: 'OPINION_PUBLISHED', opinion: { id: sentinel.id } });
    }
    // Each replayed on its own and then met the one shared execution by journal position.
    await reached(server.app, 'replayDone', () => server.app.ws.groups.replayingMembers() === 0);
    expect(server.app.ws.groups.statsByFeed().get('sessionEvents')).toEqual({ groups: 1, members: 3 });
    const shared = await submit(sessionId, 'Ý kiến được chia sẻ cho cả ba màn hình');
    await moderate(shared.id, 'APPROVE');
    const sentinel2 = await submit(sessionId, 'Ý kiến đánh dấu cuối bài kiểm tra');
    await moderate(sentinel2.id, 'APPROVE');
    for (const screen of screens) {
      const rest = await untilSentinel(screen, sentinel2.id);
      expect(rest.map((event) => event.opinion?.id)).toEqual([shared.id, sentinel2.id]);
      screen.close();
    }
  });

  it('should let a client that was offline during approvals, hides and responses resume by cursor and converge', async () => {
    const sessionId = await newSession('PRE');
    const citizen = await forum.citizen('Phạm Văn Tú');
    const early = await submit(sessionId, 'Đường Phùng Hưng ngập khi mưa to');
    const later = await submit(sessionId, 'Cần thêm biển cấm đỗ xe trước cổng trường');
    await moderate(later.id, 'APPROVE');
    const screen = events(null, sessionId);
    const view: OpinionView = new Map();
    const first = await screen.take(2);
    for (const { sessionEvents } of first) applyEvent(view, sessionEvents);
    const cursor = first.at(-1)!.sessionEvents.cursor;
    screen.close();

    // While the screen is away: an older opinion approved out of seq order, one hidden, answers, votes.
    await moderate(early.id, 'APPROVE');
    await moderate(later.id, 'HIDE', 'Trùng lặp ý kiến');
    await respond(early.id, 'Đã báo công ty thoát nước xử lý');
    ok(await server.request(UpvoteOpinionDocument, { id: early.id }, { token: citizen.token }));
    const sentinel = await submit(sessionId, 'Ý kiến cuối cùng trước khi màn hình kết nối lại');
    await moderate(sentinel.id, 'APPROVE');

    const resumed = events(null, sessionId, cursor);
    for (const event of await untilSentinel(resumed, sentinel.id)) applyEvent(view, event);
    expect(plain(view)).toEqual(plain(await freshView(server, sessionId, null)));
    expect(view.has(later.id)).toBe(false);
    expect(view.get(early.id)).toMatchObject({ status: 'APPROVED', responses: 1 });
    resumed.close();
  });

  it('should not show the public or citizens anything of an opinion hidden since, from any cursor, subscribed or paged (the unit staff still see it)', async () => {
    const sessionId = await newSession('PRE');
    const author = await forum.citizen('Hoàng Văn Nam');
    const reader = await forum.citizen('Đỗ Thị Lan');
    const body = 'Ông Khương Văn Tám ở số 12 ngõ Hàng Mã, điện thoại 0913 555 777, cho vay nặng lãi';
    const authorName = 'Bác Khương Văn Tám';
    const answer = 'Công an phường đã ghi nhận và sẽ xác minh người cho vay ở số 12';
    // A screen follows live from the start: the session's log is open while the opinion is hidden.
    const attached = feedsAttached(server.app, sessionId);
    const hall = events(null, sessionId);
    await attached;
    const posted = ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body, authorName } }, { token: author.token })).submitOpinion;
    await moderate(posted.id, 'APPROVE');
    const beforeHide = (await readRecord(server, sessionId, null)).endCursor;
    ok(await server.request(UpvoteOpinionDocument, { id: posted.id }, { token: reader.token }));
    await respond(posted.id, answer);
    ok(await server.request(ModerateOpinionDocument, { id: posted.id, action: 'HIDE', reason: 'Lộ thông tin cá nhân', reasonCode: 'PERSONAL_DATA' }, { token: forum.moderator.token }));
    const sentinel = await submit(sessionId, 'Đề nghị lắp camera ở đầu ngõ Hàng Mã');
    await moderate(sentinel.id, 'APPROVE');

    const viewers = [null, reader.token];
    const replays = viewers.flatMap((token) => [null, beforeHide].map((after) => events(token, sessionId, after)));
    const seen = [
      ...(await Promise.all(replays.map((feed) => untilSentinel(feed, sentinel.id)))),
      ...(await Promise.all(viewers.flatMap((token) => [null, beforeHide].map(async (after) => (await readRecord(server, sessionId, token, after)).events)))),
    ];
    for (const record of seen) {
      const text = JSON.stringify(record);
      for (const secret of [body, authorName, answer]) expect(text).not.toContain(secret);
      // Every entry about it still comes (the feed has no holes), as a withdrawal with its status now.
      const about = record.filter((event) => event.opinion?.id === posted.id);
      expect(about.length).toBeGreaterThanOrEqual(3);
      expect(about.map(({ type, opinion, response }) => [type, opinion!.status, opinion!.body, opinion!.authorName, opinion!.responses.length, response])).toEqual(
        about.map(() => ['OPINION_WITHDRAWN', 'HIDDEN', '', null, 0, null]),
      );
    }
    // The unit's staff still read the record as it was written.
    const staff = JSON.stringify((await readRecord(server, sessionId, forum.moderator.token)).events);
    for (const secret of [body, authorName, answer]) expect(staff).toContain(secret);
    for (const feed of [hall, ...replays]) feed.close();
  });

  it('should not give anonymous co-subscribers the moderation reason of an opinion whose author opened their shared feed', async () => {
    const sessionId = await newSession('POST');
    const author = await forum.citizen('Vũ Thị Hoa');
    const posted = ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body: 'Quán karaoke ở ngõ Tạm Thương hát đến 2 giờ sáng' } }, { token: author.token })).submitOpinion;
    const reasons = (token: string | null) => subscribe(client(token), WithdrawnReasonDocument, { sessionId, after: null });
    const members = () => server.app.ws.groups.statsByFeed().get('sessionEvents')?.members ?? 0;
    const others = members();
    // The author's subscription is the one its group executes.
    const first = reasons(author.token);
    await reached(server.app, 'subscriberJoined', () => members() === others + 1);
    const anonymous = [reasons(null), reasons(null)];
    const feeds = [first, ...anonymous];
    await reached(server.app, 'subscriberJoined', () => members() === others + 3);
    // They replay on their own until the group's next event, where they meet it.
    const meet = await submit(sessionId, 'Ý kiến để các màn hình gặp luồng chung');
    for (const feed of feeds) await untilOpinion(feed, meet.id);
    await reached(server.app, 'replayDone', () => server.app.ws.groups.replayingMembers() === 0);

    ok(await server.request(ModerateOpinionDocument, { id: posted.id, action: 'HIDE', reason: 'Nêu đích danh quán', reasonCode: 'PERSONAL_DATA' }, { token: forum.moderator.token }));
    const sentinel = await submit(sessionId, 'Ý kiến đánh dấu sau khi ẩn');
    for (const feed of anonymous) {
      const taken = await untilOpinion(feed, sentinel.id);
      expect(taken.find((event) => event.opinion?.id === posted.id)).toMatchObject({ type: 'OPINION_WITHDRAWN', opinion: { status: 'HIDDEN', moderationReason: null } });
      expect(JSON.stringify(taken)).not.toContain('PERSONAL_DATA');
    }
    for (const feed of feeds) feed.close();
  });

  it('should refuse malformed, foreign and future cursors with BAD_USER_INPUT', async () => {
    const sessionId = await newSession('POST');
    const other = await newSession('POST');
    await submit(other, 'Ý kiến ở phiên khác');
    const { endCursor: foreign } = await readRecord(server, other, null);
    const ahead = Buffer.from(JSON.stringify(['event', sessionId, 999])).toString('base64url');
    for (const after of ['không-phải-con-trỏ', foreign, ahead]) {
      expect(errorCode(await server.request(SessionEventsDocument, { sessionId, after }))).toBe('BAD_USER_INPUT');
      const feed = events(null, sessionId, after);
      expect((await feed.next()).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      await feed.done;
    }
  });

  it('should page the record with first and tell where it stands on the last page', async () => {
    const sessionId = await newSession('POST');
    for (let i = 0; i < 5; i++) await submit(sessionId, `Ý kiến phân trang ${i}`);
    await submit(sessionId, 'Tin báo không hiện với công chúng', { kind: 'TIP' });
    const page = ok(await server.request(SessionEventsDocument, { sessionId, first: 4 })).sessionEvents;
    expect(page.edges).toHaveLength(4);
    expect(page.pageInfo).toMatchObject({ hasNextPage: true, endCursor: page.edges[3].cursor });
    const rest = ok(await server.request(SessionEventsDocument, { sessionId, after: page.pageInfo.endCursor, first: 4 })).sessionEvents;
    expect(rest.edges).toHaveLength(2);
    expect(rest.pageInfo.hasNextPage).toBe(false);
    // The tip is the record's last entry, but public cursors count no tip: the public page ends at
    // its last edge (a subscription from there skips the tip all the same), staff's after the tip.
    expect(rest.pageInfo.endCursor).toBe(rest.edges[1].cursor);
    const staff = await readRecord(server, sessionId, forum.moderator.token);
    expect(staff.endCursor).not.toBe(rest.pageInfo.endCursor);
    expect(staff.events.at(-1)).toMatchObject({ type: 'OPINION_SUBMITTED', opinion: { kind: 'TIP' } });
  });
});

describe('sessionEvents in a reconnect storm', () => {
  const clients: ReturnType<typeof liveClient>[] = [];

  afterAll(() => Promise.all(clients.map((c) => c.dispose())));

  it('should replay to every reconnecting client from shared journal reads, then deliver live once to each', async () => {
    const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
    for (let i = 0; i < 30; i++) await server.app.services.opinions.submit({ poster: { viewer: { kind: 'anonymous' }, deviceKey: `d:may-${i}` }, input: { sessionId, body: `Ý kiến trước khi máy chủ khởi động lại ${i}` } });
    const { events: record } = await readRecord(server, sessionId, null);
    const cursors = [null, record[4].cursor, record[9].cursor, record[19].cursor];
    const readsBefore = server.app.services.logs.reads.count;
    // 40 clients at once, with four different cursors, on a session no client of this instance follows yet.
    const feeds = Array.from({ length: 40 }, (_, i) => {
      const client = liveClient(server.app.wsUrl, null);
      clients.push(client);
      return { after: cursors[i % 4], feed: subscribe(client, OnSessionEventsDocument, { sessionId, after: cursors[i % 4] }) };
    });
    for (const { after, feed } of feeds) {
      const expected = record.slice(after === null ? 0 : record.findIndex((event) => event.cursor === after) + 1);
      expect((await feed.take(expected.length, 30_000)).map((r) => r.sessionEvents.cursor)).toEqual(expected.map((event) => event.cursor));
    }
    // One page of the journal holds all 31 entries: read once, or a few times while requests overlapped.
    expect(server.app.services.logs.reads.count - readsBefore).toBeLessThanOrEqual(4);
    const sentinel = await server.app.services.opinions.submit({ poster: { viewer: { kind: 'anonymous' }, deviceKey: 'd:may-cuoi' }, input: { sessionId, body: 'Ý kiến sau cơn bão kết nối lại' } });
    for (const { feed } of feeds) {
      const [{ sessionEvents }] = await feed.take(1, 30_000);
      expect(sessionEvents.opinion?.id).toBe(sentinel.id);
      feed.close();
    }
  }, 120_000);
});
