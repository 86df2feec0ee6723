import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ok } from '../helpers/server.js';
import { useForum } from '../helpers/forum.js';
import { openSession } from '../helpers/opinion-fixtures.js';
import { eventually, liveClient, reached, subscribe, type LiveSubscription } from '../helpers/live.js';
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

// One server for the file: the first describe follows the forum's PRE session, the second its own POST session.
const { server, forum } = useForum({ session: { moderationMode: 'PRE' } });

describe('shared execution with 500 subscribers', () => {
  const clients: ReturnType<typeof liveClient>[] = [];

  afterAll(() => Promise.all(clients.map((c) => c.dispose())));

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

    await reached(server.app, 'subscriberJoined', () => server.app.ws.groups.stats().members === 500, 30_000);
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
    // The sentinel comes next on every feed: nothing else (a duplicate, the tip) came before it.
    const sentinel = ok(await submit('Ý kiến đánh dấu: xin thêm thùng rác ở phố cổ'));
    ok(await server.request(ModerateOpinionDocument, { id: sentinel.submitOpinion.id, action: 'APPROVE' }, { token: forum.moderator.token }));
    for (const feed of publicFeeds) expect((await feed.take(1, 20_000))[0].opinionPublished.id).toBe(sentinel.submitOpinion.id);
    for (const feed of staffFeeds) expect((await feed.take(1, 20_000))[0].opinionSubmitted.id).toBe(sentinel.submitOpinion.id);
    for (const feed of updateFeeds) expect((await feed.take(1, 20_000))[0].opinionUpdated).toMatchObject({ id: sentinel.submitOpinion.id, status: 'APPROVED' });

    for (const feed of [...publicFeeds, ...staffFeeds, ...updateFeeds]) feed.close();
    await reached(server.app, 'groupEnded', () => server.app.ws.groups.stats().groups === 0, 10_000);
  }, 120_000);
});

describe('frames written straight to the sockets of a group', () => {
  let sessionId: string;

  beforeAll(async () => {
    ({ sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' }));
  });

  it('should give each subscription the next frame graphql-ws would write, under its own id, until it completes', async () => {
    const frames: string[] = [];
    const socket = new WebSocket(server.app.wsUrl, 'graphql-transport-ws');
    socket.on('message', (data) => frames.push(String(data)));
    await new Promise((resolve) => socket.once('open', resolve));
    socket.send(JSON.stringify({ type: 'connection_init' }));
    await eventually(() => frames.some((f) => f.includes('connection_ack')));
    const query = 'subscription Feed($s: ID!) { opinionPublished(sessionId: $s) { id seq body } }';
    for (const id of ['màn-hình-1', 'điện-thoại-2']) {
      socket.send(JSON.stringify({ id, type: 'subscribe', payload: { query, operationName: 'Feed', variables: { s: sessionId } } }));
    }
    await reached(server.app, 'subscriberJoined', () => server.app.ws.groups.stats().members === 2);
    expect(server.app.ws.groups.stats().groups).toBe(1);

    const body = 'Đề nghị tăng cường tuần tra "ban đêm" ở phố Hàng Đào';
    const posted = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: sessionId, body } }));
    await eventually(() => frames.filter((f) => f.includes('"next"')).length === 2);
    const [a, b] = frames.filter((f) => f.includes('"next"'));
    const payload = JSON.stringify({ data: { opinionPublished: { id: posted.submitOpinion.id, seq: posted.submitOpinion.seq, body } } });
    expect(a).toBe(`{"id":"màn-hình-1","type":"next","payload":${payload}}`);
    expect(b).toBe(`{"id":"điện-thoại-2","type":"next","payload":${payload}}`);

    // One member completes: the other keeps receiving, the completed one gets nothing more.
    socket.send(JSON.stringify({ id: 'màn-hình-1', type: 'complete' }));
    await reached(server.app, 'subscriberLeft', () => server.app.ws.groups.stats().members === 1);
    ok(await server.request(SubmitOpinionDocument, { input: { sessionId: sessionId, body: 'Xin cảm ơn' } }));
    // A sentinel after it: once it arrived, every frame for either subscription is in.
    ok(await server.request(SubmitOpinionDocument, { input: { sessionId: sessionId, body: 'Ý kiến đánh dấu' } }));
    await eventually(() => frames.some((f) => f.includes('Ý kiến đánh dấu')));
    const next = frames.filter((f) => f.includes('"next"'));
    expect(next.slice(2).map((f) => JSON.parse(f))).toMatchObject([
      { id: 'điện-thoại-2', payload: { data: { opinionPublished: { body: 'Xin cảm ơn' } } } },
      { id: 'điện-thoại-2', payload: { data: { opinionPublished: { body: 'Ý kiến đánh dấu' } } } },
    ]);
    socket.close();
    await reached(server.app, 'groupEnded', () => server.app.ws.groups.stats().groups === 0);
  });
});
