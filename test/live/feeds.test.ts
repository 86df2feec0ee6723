import { afterAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ok, TEST_LANGUAGE } from '../helpers/server.js';
import { useForum } from '../helpers/forum.js';
import { feedsAttached, feedsDetached, liveClient, subscribe } from '../helpers/live.js';
import {
  ModerateOpinionDocument,
  RedactOpinionDocument,
  OnOpinionPublishedDocument,
  OnOpinionSubmittedDocument,
  OnOpinionUpdatedDocument,
  OnResponsePostedDocument,
  OnSessionStatsChangedDocument,
  RespondToOpinionDocument,
  SetSessionStatusDocument,
  SubmitOpinionDocument,
  UpvoteOpinionDocument,
} from '../generated/graphql.js';

describe('live feeds', () => {
  const { server, forum } = useForum();
  const clients: ReturnType<typeof liveClient>[] = [];
  const client = (token?: string | null) => {
    const c = liveClient(server.app.wsUrl, token);
    clients.push(c);
    return c;
  };
  const submit = (body: string, extra: { kind?: 'TIP' | 'QUESTION'; contact?: string; sessionId?: string } = {}) =>
    server.request(SubmitOpinionDocument, {
      input: { sessionId: extra.sessionId ?? forum.sessionId, body, kind: extra.kind, contact: extra.contact },
    });
  const newSession = async (moderationMode: 'PRE' | 'POST' = 'PRE') => {
    const s = await server.app.services.sessions.create({
      viewer: forum.moderator.viewer,
      input: { unitId: forum.districtId, title: 'Phiên đối thoại trực tuyến', startsAt: new Date(), moderationMode },
    });
    await server.app.services.sessions.setStatus({ viewer: forum.moderator.viewer, id: s.id, status: 'LIVE' });
    return s.id;
  };

  afterAll(() => Promise.all(clients.map((c) => c.dispose())));

  describe('opinionSubmitted', () => {
    it('should deliver every new opinion to the unit\'s moderators, tips and contacts included', async () => {
      const sessionId = await newSession();
      const attached = feedsAttached(server.app, sessionId);
      const feed = subscribe(client(forum.moderator.token), OnOpinionSubmittedDocument, { sessionId });
      await attached;
      ok(await submit('Có đối tượng buôn bán ma túy ở hẻm 12 phố Hàng Bạc', { kind: 'TIP', contact: '0912 345 678', sessionId }));
      const [first] = await feed.take(1);
      expect(first.opinionSubmitted).toMatchObject({ seq: 1, kind: 'TIP', status: 'PENDING', contact: '0912 345 678' });
      feed.close();
    });

    it('should refuse citizens with FORBIDDEN instead of an empty stream', async () => {
      const citizen = await forum.citizen();
      const feed = subscribe(client(citizen.token), OnOpinionSubmittedDocument, { sessionId: forum.sessionId });
      expect((await feed.next()).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      await feed.done;
    });

    it('should refuse staff of another unit with FORBIDDEN', async () => {
      const feed = subscribe(client(forum.otherModerator.token), OnOpinionSubmittedDocument, { sessionId: forum.sessionId });
      expect((await feed.next()).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      await feed.done;
    });

    it('should refuse anonymous subscribers with UNAUTHENTICATED', async () => {
      const feed = subscribe(client(), OnOpinionSubmittedDocument, { sessionId: forum.sessionId });
      expect((await feed.next()).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      await feed.done;
    });

    it('should replay after afterSeq, then go live, with no gap and no duplicate under concurrent writes', async () => {
      const sessionId = await newSession();
      for (let i = 1; i <= 5; i++) ok(await submit(`Ý kiến số ${i} về trật tự đô thị`, { sessionId }));
      const writes = Promise.all(Array.from({ length: 30 }, (_, i) => submit(`Ý kiến đồng thời ${i}`, { sessionId })));
      const feed = subscribe(client(forum.moderator.token), OnOpinionSubmittedDocument, { sessionId, afterSeq: 2 });
      await writes;
      const received = await feed.take(33);
      expect(received.map((r) => r.opinionSubmitted.seq)).toEqual(Array.from({ length: 33 }, (_, i) => i + 3));
      // The sentinel comes next: no duplicate of the replay or of the concurrent writes before it.
      ok(await submit('Ý kiến đánh dấu sau cùng', { sessionId }));
      expect((await feed.take(1))[0].opinionSubmitted.seq).toBe(36);
      feed.close();
    });

    it('should refuse a negative afterSeq with BAD_USER_INPUT', async () => {
      const feed = subscribe(client(forum.moderator.token), OnOpinionSubmittedDocument, { sessionId: forum.sessionId, afterSeq: -1 });
      expect((await feed.next()).errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      await feed.done;
    });
  });

  describe('opinionPublished', () => {
    it('should deliver an opinion to anonymous subscribers when a moderator approves it, and never tips or pending ones', async () => {
      const sessionId = await newSession('PRE');
      const attached = feedsAttached(server.app, sessionId);
      const feed = subscribe(client(), OnOpinionPublishedDocument, { sessionId });
      await attached;
      const tip = ok(await submit('Tin báo: nhóm thanh niên tụ tập đua xe', { kind: 'TIP', contact: 'tin@bao.vn', sessionId }));
      const pending = ok(await submit('Đề nghị lắp thêm camera ở chợ Đồng Xuân', { sessionId, contact: '0987 000 111' }));
      ok(await server.request(ModerateOpinionDocument, { id: tip.submitOpinion.id, action: 'APPROVE' }, { token: forum.moderator.token }));
      ok(await server.request(ModerateOpinionDocument, { id: pending.submitOpinion.id, action: 'APPROVE' }, { token: forum.moderator.token }));
      const [published] = await feed.take(1);
      expect(published.opinionPublished).toMatchObject({ id: pending.submitOpinion.id, status: 'APPROVED', contact: null });
      // The sentinel, approved after the tip, comes next: the tip never did.
      const sentinel = ok(await submit('Đề nghị sơn lại vạch kẻ đường phố Hàng Ngang', { sessionId }));
      ok(await server.request(ModerateOpinionDocument, { id: sentinel.submitOpinion.id, action: 'APPROVE' }, { token: forum.moderator.token }));
      expect((await feed.take(1))[0].opinionPublished.id).toBe(sentinel.submitOpinion.id);
      feed.close();
    });

    it('should publish at once under POST moderation and replay public opinions after afterSeq', async () => {
      const sessionId = await newSession('POST');
      for (let i = 1; i <= 4; i++) ok(await submit(`Góp ý công khai ${i}`, { sessionId }));
      ok(await submit('Tin báo mật', { sessionId, kind: 'TIP' }));
      const feed = subscribe(client(), OnOpinionPublishedDocument, { sessionId, afterSeq: 1 });
      const replayed = await feed.take(3);
      expect(replayed.map((r) => r.opinionPublished.seq)).toEqual([2, 3, 4]);
      ok(await submit('Góp ý mới sau khi kết nối lại', { sessionId }));
      const [live] = await feed.take(1);
      // The public's seq does not count the tip before it.
      expect(live.opinionPublished.seq).toBe(5);
      feed.close();
    });
  });

  describe('opinionUpdated', () => {
    it('should send upvote counts to the public and an emptied opinion when it is hidden', async () => {
      const sessionId = await newSession('POST');
      const posted = ok(await submit('Xin công an phường tuần tra buổi tối ở công viên', { sessionId }));
      const attached = feedsAttached(server.app, sessionId);
      const feed = subscribe(client(), OnOpinionUpdatedDocument, { sessionId });
      await attached;
      const citizen = await forum.citizen('Trần Văn Bình');
      ok(await server.request(UpvoteOpinionDocument, { id: posted.submitOpinion.id }, { token: citizen.token }));
      const [upvoted] = await feed.take(1);
      expect(upvoted.opinionUpdated).toMatchObject({ id: posted.submitOpinion.id, upvotes: 1 });
      ok(await server.request(ModerateOpinionDocument, { id: posted.submitOpinion.id, action: 'HIDE', reason: 'Nêu tên người khác', reasonCode: 'PERSONAL_DATA' }, { token: forum.moderator.token }));
      const [hidden] = await feed.take(1);
      expect(hidden.opinionUpdated).toMatchObject({ id: posted.submitOpinion.id, status: 'HIDDEN', body: '', rejectReason: null });
      feed.close();
    });

    it('should send a redaction to the public as the new body, never the original', async () => {
      const sessionId = await newSession('POST');
      const original = 'Xe biển 29A-123.45 của ông hàng xóm đỗ chắn lối thoát hiểm ở ngõ 34 Hàng Bạc.';
      const redacted = 'Xe ô tô đỗ chắn lối thoát hiểm ở một ngõ phố Hàng Bạc.';
      const posted = ok(await submit(original, { sessionId }));
      const attached = feedsAttached(server.app, sessionId, 2);
      const publicFeed = subscribe(client(), OnOpinionUpdatedDocument, { sessionId });
      const staffFeed = subscribe(client(forum.moderator.token), OnOpinionUpdatedDocument, { sessionId });
      await attached;
      ok(await server.request(RedactOpinionDocument, { id: posted.submitOpinion.id, body: redacted, reason: 'Bỏ biển số xe' }, { token: forum.moderator.token }));
      const [seen] = await publicFeed.take(1);
      expect(seen.opinionUpdated).toMatchObject({ id: posted.submitOpinion.id, body: redacted, originalBody: null, status: 'APPROVED' });
      const [staffSees] = await staffFeed.take(1);
      expect(staffSees.opinionUpdated).toMatchObject({ body: redacted, originalBody: original });
      publicFeed.close();
      staffFeed.close();
    });

    it('should not tell the public about changes to tips', async () => {
      const sessionId = await newSession('PRE');
      const tip = ok(await submit('Tin báo về điểm đánh bạc', { sessionId, kind: 'TIP' }));
      const attached = feedsAttached(server.app, sessionId, 2);
      const publicFeed = subscribe(client(), OnOpinionUpdatedDocument, { sessionId });
      const staffFeed = subscribe(client(forum.officer.token), OnOpinionUpdatedDocument, { sessionId });
      await attached;
      ok(await server.request(RespondToOpinionDocument, { input: { opinionId: tip.submitOpinion.id, body: 'Đã tiếp nhận, cảm ơn', outcome: 'ACKNOWLEDGED' } }, { token: forum.officer.token }));
      const [staffSees] = await staffFeed.take(1);
      expect(staffSees.opinionUpdated.responses).toHaveLength(1);
      // The sentinel, a public change after the answer to the tip, is the first thing the public hears.
      const sentinel = ok(await submit('Xin lắp thêm đèn ở công viên Bách Thảo', { sessionId }));
      ok(await server.request(ModerateOpinionDocument, { id: sentinel.submitOpinion.id, action: 'APPROVE' }, { token: forum.moderator.token }));
      expect((await publicFeed.take(1))[0].opinionUpdated).toMatchObject({ id: sentinel.submitOpinion.id, status: 'APPROVED' });
      publicFeed.close();
      staffFeed.close();
    });
  });

  describe('responsePosted', () => {
    it('should deliver responses to public opinions to everyone and responses to tips to staff only', async () => {
      const sessionId = await newSession('POST');
      const open = ok(await submit('Đường Lý Thái Tổ hay ùn tắc giờ tan tầm', { sessionId }));
      const tip = ok(await submit('Tin báo về xe chở hàng lậu', { sessionId, kind: 'TIP' }));
      const attached = feedsAttached(server.app, sessionId, 2);
      const publicFeed = subscribe(client(), OnResponsePostedDocument, { sessionId });
      const staffFeed = subscribe(client(forum.moderator.token), OnResponsePostedDocument, { sessionId });
      await attached;
      ok(await server.request(RespondToOpinionDocument, { input: { opinionId: tip.submitOpinion.id, body: 'Đã chuyển đội điều tra', outcome: 'REFERRED' } }, { token: forum.officer.token }));
      ok(await server.request(RespondToOpinionDocument, { input: { opinionId: open.submitOpinion.id, body: 'Sẽ bố trí CSGT điều tiết', outcome: 'IN_PROGRESS' } }, { token: forum.officer.token }));
      const [publicSees] = await publicFeed.take(1);
      expect(publicSees.responsePosted.opinion.id).toBe(open.submitOpinion.id);
      const staffSees = await staffFeed.take(2);
      expect(staffSees.map((r) => r.responsePosted.outcome)).toEqual(['REFERRED', 'IN_PROGRESS']);
      publicFeed.close();
      staffFeed.close();
    });
  });

  describe('sessionStatsChanged', () => {
    it('should coalesce a burst of opinions into a few updates a second and end on the exact figures', async () => {
      const sessionId = await newSession('POST');
      const feed = subscribe(client(), OnSessionStatsChangedDocument, { sessionId });
      const [initial] = await feed.take(1);
      expect(initial.sessionStatsChanged.opinions).toBe(0);
      const started = Date.now();
      await Promise.all(Array.from({ length: 40 }, (_, i) => submit(`Ý kiến thống kê ${i}`, { sessionId })));
      let last = initial;
      let updates = 0;
      while (last.sessionStatsChanged.opinions < 40) {
        [last] = await feed.take(1);
        updates++;
      }
      const seconds = (Date.now() - started) / 1000;
      expect(updates).toBeLessThanOrEqual(Math.ceil(seconds * 4) + 1);
      expect(last.sessionStatsChanged).toMatchObject({ opinions: 40, approved: 40, pending: 0 });
      feed.close();
    });

    it('should count tips for staff but not for the public', async () => {
      const sessionId = await newSession('PRE');
      const publicFeed = subscribe(client(), OnSessionStatsChangedDocument, { sessionId });
      const staffFeed = subscribe(client(forum.moderator.token), OnSessionStatsChangedDocument, { sessionId });
      await publicFeed.take(1);
      await staffFeed.take(1);
      ok(await submit('Tin báo cờ bạc', { sessionId, kind: 'TIP' }));
      const [staffSees] = await staffFeed.take(1);
      expect(staffSees.sessionStatsChanged.opinions).toBe(1);
      // The sentinel, a public opinion after the tip, brings the public's next figures: the tip brought none.
      ok(await submit('Góp ý về giờ làm việc của bộ phận một cửa', { sessionId }));
      expect((await publicFeed.take(1))[0].sessionStatsChanged.opinions).toBe(1);
      publicFeed.close();
      staffFeed.close();
    });
  });

  describe('closing a session', () => {
    it('should complete every feed of the session', async () => {
      const sessionId = await newSession('POST');
      const attached = feedsAttached(server.app, sessionId, 5);
      const feeds = [
        subscribe(client(), OnOpinionPublishedDocument, { sessionId }),
        subscribe(client(forum.moderator.token), OnOpinionSubmittedDocument, { sessionId }),
        subscribe(client(), OnOpinionUpdatedDocument, { sessionId }),
        subscribe(client(), OnResponsePostedDocument, { sessionId }),
        subscribe(client(), OnSessionStatsChangedDocument, { sessionId }),
      ];
      await attached;
      const detached = feedsDetached(server.app, sessionId, 5);
      ok(await server.request(SetSessionStatusDocument, { id: sessionId, status: 'CLOSED' }, { token: forum.moderator.token }));
      await Promise.all(feeds.map((f) => f.done));
      expect(feeds.every((f) => f.completed && f.error === null)).toBe(true);
      await detached;
      // Every feed let go of the session's log (it closes once it lingered).
      expect(server.app.services.logs.listenerCount(sessionId)).toBe(0);
    });
  });

  describe('transport', () => {
    const rawSocket = () => new WebSocket(server.app.wsUrl, 'graphql-transport-ws');
    const closeCode = (socket: WebSocket) => new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));

    it('should close with 4403 when connection_init carries a forged token', async () => {
      const socket = rawSocket();
      const closed = closeCode(socket);
      socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: 'Bearer not.a.token' } })));
      expect(await closed).toBe(4403);
    });

    it('should refuse queries and mutations over WebSocket', async () => {
      const socket = rawSocket();
      const messages: { type: string; payload?: { message: string }[] }[] = [];
      await new Promise<void>((resolve) => {
        socket.on('open', () => socket.send(JSON.stringify({ type: 'connection_init', payload: { acceptLanguage: TEST_LANGUAGE } })));
        socket.on('message', (data) => {
          const message = JSON.parse(String(data));
          messages.push(message);
          if (message.type === 'connection_ack') socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: '{ units { id } }' } }));
          if (message.type === 'error') resolve();
        });
      });
      socket.close();
      expect(messages.at(-1)?.payload?.[0].message).toMatch(/Only subscriptions/);
    });

    it('should stay healthy after a client misbehaves', async () => {
      const socket = rawSocket();
      const closed = closeCode(socket);
      socket.on('open', () => socket.send('this is not json'));
      expect(await closed).toBe(4400);
      const health = await fetch(server.url.replace('/graphql', '/healthz'));
      expect(health.status).toBe(200);
    });
  });
});
