import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../helpers/server.js';
import { seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { eventually, liveClient, subscribe, type LiveSubscription } from '../helpers/live.js';
import {
  ModerateOpinionDocument,
  OnOpinionPublishedDocument,
  OnOpinionSubmittedDocument,
  OnOpinionUpdatedDocument,
  SubmitOpinionDocument,
  type OnOpinionPublishedSubscription,
  type OnOpinionSubmittedSubscription,
  type OnOpinionUpdatedSubscription,
} from '../generated/graphql.js';

describe('shared execution with 500 subscribers', () => {
  let server: TestServer;
  let forum: ForumFixture;
  const clients: ReturnType<typeof liveClient>[] = [];

  beforeAll(async () => {
    server = await startTestServer();
    forum = await seedForum(server.app, { moderationMode: 'PRE' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.close();
  });

  it('should give each subscriber exactly what it may see, executing once per group', async () => {
    const sessionId = forum.sessionId;
    const open = <T,>(token: string | null, doc: Parameters<typeof subscribe<T>>[1]) => {
      const client = liveClient(server.app.wsUrl, token);
      clients.push(client);
      return subscribe<T>(client, doc, { sessionId });
    };
    const citizens = await Promise.all(Array.from({ length: 20 }, (_, i) => forum.citizen(`Người dân ${i}`)));
    const publicFeeds: LiveSubscription<OnOpinionPublishedSubscription>[] = [];
    for (let i = 0; i < 200; i++) publicFeeds.push(open(null, OnOpinionPublishedDocument));
    for (let i = 0; i < 100; i++) publicFeeds.push(open(citizens[i % citizens.length].token, OnOpinionPublishedDocument));
    for (let i = 0; i < 50; i++) publicFeeds.push(open(forum.otherModerator.token, OnOpinionPublishedDocument));
    const staffFeeds: LiveSubscription<OnOpinionSubmittedSubscription>[] = [];
    for (let i = 0; i < 100; i++) staffFeeds.push(open(i % 2 ? forum.moderator.token : forum.officer.token, OnOpinionSubmittedDocument));
    const updateFeeds: LiveSubscription<OnOpinionUpdatedSubscription>[] = [];
    for (let i = 0; i < 50; i++) updateFeeds.push(open(null, OnOpinionUpdatedDocument));

    await eventually(() => server.app.ws.groups.stats().members === 500, 30_000);
    // anonymous+citizens share one public group; other-unit staff one; the district's staff one; updates one.
    expect(server.app.ws.groups.stats().groups).toBe(4);

    const submit = (body: string, kind?: 'TIP', contact?: string) =>
      server.request(SubmitOpinionDocument, { input: { sessionId, body, kind, contact } });
    const first = ok(await submit('Đề nghị lắp đèn đường ở ngõ 8 Hàng Bè', undefined, '0901 111 222'));
    const second = ok(await submit('Xe máy đỗ tràn vỉa hè phố Hàng Gai'));
    const tip = ok(await submit('Tin báo: điểm bán ma túy sau chợ', 'TIP', '0903 333 444'));
    for (const opinion of [first, second]) {
      ok(await server.request(ModerateOpinionDocument, { id: opinion.submitOpinion.id, action: 'APPROVE' }, { token: forum.moderator.token }));
    }

    for (const feed of publicFeeds) {
      const got = await feed.take(2, 20_000);
      expect(got.map((g) => g.opinionPublished.id)).toEqual([first.submitOpinion.id, second.submitOpinion.id]);
      expect(got.every((g) => g.opinionPublished.contact === null)).toBe(true);
    }
    for (const feed of staffFeeds) {
      const got = await feed.take(3, 20_000);
      expect(got.map((g) => g.opinionSubmitted.id)).toEqual([first.submitOpinion.id, second.submitOpinion.id, tip.submitOpinion.id]);
      expect(got[2].opinionSubmitted).toMatchObject({ kind: 'TIP', contact: '0903 333 444' });
    }
    for (const feed of updateFeeds) {
      const got = await feed.take(2, 20_000);
      expect(got.map((g) => g.opinionUpdated.status)).toEqual(['APPROVED', 'APPROVED']);
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([...publicFeeds, ...staffFeeds, ...updateFeeds].every((f) => f.buffered === 0)).toBe(true);

    for (const feed of [...publicFeeds, ...staffFeeds, ...updateFeeds]) feed.close();
    await eventually(() => server.app.ws.groups.stats().groups === 0, 10_000);
  }, 120_000);
});
