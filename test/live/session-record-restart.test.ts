import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../helpers/server.js';
import { seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { moderateTo, openSession, postOpinion } from '../helpers/opinion-fixtures.js';
import { liveClient, subscribe } from '../helpers/live.js';
import { applyEvent, freshView, plain, readRecord, type OpinionView } from '../helpers/session-record.js';
import { OnSessionEventsDocument, SessionEventsDocument } from '../generated/graphql.js';

describe('the session record across a restart', () => {
  let before: TestServer;
  let after: TestServer;
  let forum: ForumFixture;

  beforeAll(async () => {
    before = await startTestServer();
    forum = await seedForum(before.app);
  });
  afterAll(async () => {
    // One database behind both: closing the last server drops it.
    await before?.app.close();
    await after?.close();
  });

  it('should keep cursors valid, so a client resumes on the restarted server and converges', async () => {
    const { sessionId } = await openSession(before.app, forum, { moderationMode: 'PRE' });
    const first = await postOpinion(before.app, { sessionId, body: 'Ổ gà lớn trước số 30 phố Lò Sũ' });
    const second = await postOpinion(before.app, { sessionId, body: 'Xin bố trí chốt trực gần trường tiểu học' });
    await moderateTo(before.app, forum, second, 'APPROVED');

    const client = liveClient(before.app.wsUrl, forum.moderator.token);
    const feed = subscribe(client, OnSessionEventsDocument, { sessionId, after: null });
    const view: OpinionView = new Map();
    const taken = await feed.take(4);
    for (const { sessionEvents } of taken) applyEvent(view, sessionEvents);
    const cursor = taken.at(-1)!.sessionEvents.cursor;
    await before.app.close();
    await feed.done;
    await client.dispose();

    after = await startTestServer({}, { restartOf: before });
    await moderateTo(after.app, forum, first, 'HIDDEN');
    await after.app.services.responses.respond({ viewer: forum.officer.viewer, input: { opinionId: second.id, body: 'Đã bố trí chốt giờ tan học', outcome: 'RESOLVED' } });
    const tip = await postOpinion(after.app, { sessionId, body: 'Tin báo về nhóm cho vay nặng lãi', kind: 'TIP', contact: 'zalo 0988 000 111' });

    const resumedClient = liveClient(after.app.wsUrl, forum.moderator.token);
    const resumed = subscribe(resumedClient, OnSessionEventsDocument, { sessionId, after: cursor });
    for (;;) {
      const [{ sessionEvents }] = await resumed.take(1);
      applyEvent(view, sessionEvents);
      if (sessionEvents.opinion?.id === tip.id) break;
    }
    expect(plain(view)).toEqual(plain(await freshView(after, sessionId, forum.moderator.token)));
    const paged = ok(await after.request(SessionEventsDocument, { sessionId, after: cursor }, { token: forum.moderator.token })).sessionEvents;
    expect(paged.edges.map((edge) => edge.node.type)).toEqual(['OPINION_CHANGED', 'OPINION_CHANGED', 'RESPONSE_POSTED', 'OPINION_SUBMITTED']);
    const publicView: OpinionView = new Map();
    for (const event of (await readRecord(after, sessionId, null)).events) applyEvent(publicView, event);
    expect(plain(publicView)).toEqual(plain(await freshView(after, sessionId, null)));
    resumed.close();
    await resumedClient.dispose();
  });
});
