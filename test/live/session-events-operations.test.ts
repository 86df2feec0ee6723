import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../helpers/server.js';
import { createStaff, createUnit, seedForum, type ForumFixture, type StaffFixture } from '../helpers/fixtures.js';
import { liveClient, subscribe, type LiveSubscription } from '../helpers/live.js';
import { readRecord } from '../helpers/session-record.js';
import {
  FollowUpTipDocument,
  OnSessionEventsDocument,
  SubmitOpinionDocument,
  UpdateSessionDocument,
  type LiveSessionEventFragment,
  type OnSessionEventsSubscription,
} from '../generated/graphql.js';

type Feed = LiveSubscription<OnSessionEventsSubscription>;

describe('sessionEvents for session updates and tip follow-up', () => {
  let server: TestServer;
  let forum: ForumFixture;
  let communeId: string;
  let communeOfficer: StaffFixture;
  const clients: ReturnType<typeof liveClient>[] = [];
  const events = (token: string | null, sessionId: string): Feed => {
    const client = liveClient(server.app.wsUrl, token);
    clients.push(client);
    return subscribe(client, OnSessionEventsDocument, { sessionId, after: null });
  };
  /** A LIVE session of the commune under the district: the district's staff are the unit above. */
  const communeSession = async () => {
    // Read again: the fixture's viewer predates the commune, so its coverage does not name it.
    const viewer = await server.app.services.access.viewerFromAuthorization(`Bearer ${forum.moderator.token}`);
    const s = await server.app.services.sessions.create({
      viewer,
      input: { unitId: communeId, title: 'Đối thoại với nhân dân phường Hàng Trống về an ninh trật tự', startsAt: new Date(), topics: ['Tệ nạn xã hội'] },
    });
    await server.app.services.sessions.setStatus({ viewer, id: s.id, status: 'LIVE' });
    return s.id;
  };
  const updateSession = async (input: { id: string; title?: string; location?: string; addTopics?: string[] }) =>
    ok(await server.request(UpdateSessionDocument, { input }, { token: forum.moderator.token })).updateSession;
  /** Takes events until a SESSION_UPDATED with `title` arrives (the sentinel every viewer gets); returns all taken. */
  const untilUpdated = async (feed: Feed, title: string) => {
    const taken: LiveSessionEventFragment[] = [];
    for (;;) {
      const [{ sessionEvents: event }] = await feed.take(1);
      taken.push(event);
      if (event.type === 'SESSION_UPDATED' && event.session?.title === title) return taken;
    }
  };

  beforeAll(async () => {
    server = await startTestServer();
    forum = await seedForum(server.app);
    communeId = await createUnit(server.app, 'Công an phường Hàng Trống', forum.districtId);
    communeOfficer = await createStaff(server.app, 'OFFICER', communeId, 'Trung úy Vũ Thị Lan');
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.close();
  });

  it("should not deliver a tip's follow-up to the public, citizens, the tip's author or another unit's staff, live or paged", async () => {
    const sessionId = await communeSession();
    const author = await forum.citizen('Hoàng Văn Bình');
    const bystander = await forum.citizen('Lê Thị Mai');
    const tip = ok(
      await server.request(
        SubmitOpinionDocument,
        { input: { sessionId, kind: 'TIP', body: 'Có nhóm thanh niên tụ tập mua bán ma túy sau chợ Hàng Da vào ban đêm', contact: '0987 654 321' } },
        { token: author.token },
      ),
    ).submitOpinion;
    const outsiders = [events(null, sessionId), events(bystander.token, sessionId), events(author.token, sessionId), events(forum.otherModerator.token, sessionId)];
    const staff = [events(communeOfficer.token, sessionId), events(forum.officer.token, sessionId)];

    const caseNumber = 'VV-118/2026/HK';
    const followed = ok(
      await server.request(FollowUpTipDocument, { input: { opinionId: tip.id, status: 'CASE_OPENED', caseNumber, suspects: 3, note: 'Đã chuyển đội cảnh sát điều tra' } }, { token: communeOfficer.token }),
    ).followUpTip;
    expect(followed).toMatchObject({ tipStatus: 'CASE_OPENED', caseNumber, suspects: 3 });
    const sentinel = 'Đối thoại với nhân dân phường Hàng Trống (đã đổi địa điểm)';
    await updateSession({ id: sessionId, title: sentinel });

    const paged = await Promise.all([null, bystander.token, author.token, forum.otherModerator.token].map(async (token) => (await readRecord(server, sessionId, token)).events));
    for (const seen of [...(await Promise.all(outsiders.map((feed) => untilUpdated(feed, sentinel)))), ...paged]) {
      const text = JSON.stringify(seen);
      expect(seen.map((event) => event.type)).not.toContain('TIP_FOLLOWED_UP');
      expect(text).not.toContain(tip.id);
      expect(text).not.toContain(caseNumber);
      expect(seen.at(-1)).toMatchObject({ type: 'SESSION_UPDATED', session: { title: sentinel } });
    }
    // The unit's own officer and the district above it see the move, before the sentinel.
    for (const feed of staff) {
      const seen = await untilUpdated(feed, sentinel);
      expect(seen.filter((event) => event.type === 'TIP_FOLLOWED_UP').map((event) => event.opinion)).toEqual([
        expect.objectContaining({ id: tip.id, kind: 'TIP', tipStatus: 'CASE_OPENED', caseNumber, suspects: 3 }),
      ]);
    }
    const staffPage = (await readRecord(server, sessionId, forum.officer.token)).events;
    expect(staffPage.filter((event) => event.type === 'TIP_FOLLOWED_UP')).toHaveLength(1);
    for (const feed of [...outsiders, ...staff]) feed.close();
  });

  it('should send SESSION_UPDATED with the session as changed to every viewer, live and paged', async () => {
    const sessionId = await communeSession();
    const citizen = await forum.citizen('Phạm Thị Thu');
    const feeds = [events(null, sessionId), events(citizen.token, sessionId), events(forum.moderator.token, sessionId)];
    const title = 'Công an lắng nghe ý kiến nhân dân phường Hàng Trống, lần 2';
    await updateSession({ id: sessionId, title, location: 'Hội trường UBND phường Hàng Trống', addTopics: ['Phòng cháy chữa cháy'] });
    const expected = {
      type: 'SESSION_UPDATED',
      opinion: null,
      session: { id: sessionId, title, location: 'Hội trường UBND phường Hàng Trống', topics: [{ name: 'Tệ nạn xã hội' }, { name: 'Phòng cháy chữa cháy' }] },
    };
    for (const feed of feeds) {
      expect((await untilUpdated(feed, title)).at(-1)).toMatchObject(expected);
      feed.close();
    }
    const paged = (await readRecord(server, sessionId, null)).events.filter((event) => event.type === 'SESSION_UPDATED');
    expect(paged).toHaveLength(1);
    expect(paged[0]).toMatchObject(expected);
  });

  it('should leave the record unchanged when an update changes nothing', async () => {
    const sessionId = await communeSession();
    const before = await readRecord(server, sessionId, forum.moderator.token);
    const current = await server.app.database.prisma.forumSession.findUniqueOrThrow({ where: { id: sessionId } });
    await updateSession({ id: sessionId, title: current.title });
    expect((await readRecord(server, sessionId, forum.moderator.token)).endCursor).toBe(before.endCursor);
  });
});
