import { print } from 'graphql';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TokenService } from '../../src/auth/tokens.js';
import type { Viewer } from '../../src/auth/viewer.js';
import { ok, startTestServer, TEST_JWT_SECRET, type TestServer } from '../helpers/server.js';
import { createStaff, seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { openSession, postOpinion } from '../helpers/opinion-fixtures.js';
import { reached } from '../helpers/live.js';
import { RawSocket } from '../helpers/raw-ws.js';
import { OnOpinionSubmittedDocument, OnOpinionUpdatedDocument, SubmitOpinionDocument } from '../generated/graphql.js';

/** A token that lives `seconds` (to the whole second, as JWTs do), signed as the server signs its own. */
function shortLived(viewer: Viewer, seconds = 2): Promise<string> {
  if (viewer.kind === 'anonymous') throw new Error('only a signed-in viewer has a token');
  return new TokenService(TEST_JWT_SECRET, { staffSeconds: seconds, citizenSeconds: seconds }).issue(viewer);
}
const EXPIRED = { code: 4403, reason: 'Token expired' };

// A token that expires (or stops standing) while its socket is open: the socket gets nothing
// from that moment on and closes with 4403; the client reconnects with a fresh token and resumes.
describe('tokens on open sockets', () => {
  let server: TestServer;
  let forum: ForumFixture;
  const sockets: RawSocket[] = [];
  const open = () => {
    const socket = new RawSocket(server.app.wsUrl);
    sockets.push(socket);
    return socket;
  };
  const subscribePayload = (document: typeof OnOpinionSubmittedDocument | typeof OnOpinionUpdatedDocument, variables: Record<string, unknown>) => ({
    query: print(document),
    variables,
  });

  beforeAll(async () => {
    server = await startTestServer();
    forum = await seedForum(server.app);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
  });

  it('should deliver no tip to a staff socket after its token expired, and close it with 4403', async () => {
    const { sessionId } = await openSession(server.app, forum);
    // Long enough for the first tip to arrive on a busy machine.
    const token = await shortLived(forum.moderator.viewer, 5);
    const expiresAt = decodeJwt(token).exp! * 1000;
    const members = server.app.ws.groups.stats().members;
    const expiring = open();
    await expiring.acknowledge({ authorization: `Bearer ${token}` });
    await expiring.send({ id: 'tin-báo', type: 'subscribe', payload: subscribePayload(OnOpinionSubmittedDocument, { sessionId }) });
    // A colleague with a valid token sees every tip: the tips below really went out.
    const colleague = open();
    await colleague.acknowledge({ authorization: `Bearer ${forum.officer.token}` });
    await colleague.send({ id: 'tin-báo', type: 'subscribe', payload: subscribePayload(OnOpinionSubmittedDocument, { sessionId }) });
    await reached(server.app, 'subscriberJoined', () => server.app.ws.groups.stats().members === members + 2);

    const submitTip = async (n: number) =>
      ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body: `Tin báo số ${n}: có đối tượng trộm chó ban đêm`, kind: 'TIP', contact: '0977 111 222' } })).submitOpinion;
    const tips = [await submitTip(0)];
    expect((await expiring.nextOf('tin-báo')).payload).toMatchObject({ data: { opinionSubmitted: { id: tips[0].id, contact: '0977 111 222' } } });

    // Tips keep coming while the token runs out; the close is what ends the loop.
    let closed = false;
    void expiring.closed.then(() => (closed = true));
    while (!closed) {
      tips.push(await submitTip(tips.length));
      await Promise.race([expiring.closed, new Promise((resolve) => setTimeout(resolve, 100))]);
    }
    expect(await expiring.closed).toEqual(EXPIRED);
    tips.push(await submitTip(tips.length));

    for (const tip of tips) expect((await colleague.nextOf('tin-báo')).payload).toMatchObject({ data: { opinionSubmitted: { id: tip.id } } });
    const delivered = [tips[0].id];
    for (;;) {
      const next = await expiring.nextOf('tin-báo', 10).catch(() => null);
      if (!next) break;
      delivered.push((next.payload as { data: { opinionSubmitted: { id: string } } }).data.opinionSubmitted.id);
    }
    // Whatever reached it was submitted before the expiry; the tip after it never did.
    for (const id of delivered) expect(new Date(tips.find((tip) => tip.id === id)!.createdAt).getTime()).toBeLessThan(expiresAt);
    expect(delivered).not.toContain(tips.at(-1)!.id);
  });

  it('should replay nothing to a subscribe sent once the token expired', async () => {
    const { sessionId } = await openSession(server.app, forum);
    for (const n of [1, 2, 3]) {
      await postOpinion(server.app, { sessionId, body: `Tin báo ${n} về đường dây cho vay nặng lãi`, kind: 'TIP', contact: `0966 000 00${n}` });
    }
    const token = await shortLived(forum.moderator.viewer);
    const expiresAt = decodeJwt(token).exp! * 1000;
    const socket = open();
    const frames: string[] = [];
    socket.socket.on('message', (data) => frames.push(String(data)));
    await socket.acknowledge({ authorization: `Bearer ${token}` });
    // Hold this process (the server's too) until the token has expired, then subscribe at once,
    // before the server's expiry timer had its turn.
    while (Date.now() <= expiresAt);
    socket.socket.send(JSON.stringify({ id: 'replay', type: 'subscribe', payload: subscribePayload(OnOpinionSubmittedDocument, { sessionId, afterSeq: 0 }) }));
    expect(await socket.closed).toEqual(EXPIRED);
    expect(frames.map((frame) => JSON.parse(frame).type)).toEqual(['connection_ack']);
  });

  it('should close a citizen socket with 4403 when its token expires', async () => {
    const citizen = await forum.citizen('Trần Thị Bích');
    const socket = open();
    await socket.acknowledge({ authorization: `Bearer ${await shortLived(citizen.viewer)}` });
    await socket.send({ id: 'cập-nhật', type: 'subscribe', payload: subscribePayload(OnOpinionUpdatedDocument, { sessionId: forum.sessionId }) });
    expect(await socket.closed).toEqual(EXPIRED);
  });

  it('should close only the sockets a predicate picks, leaving the others delivering', async () => {
    // The earlier tests' sockets (short-lived tokens among them) would leave the count below mid-way.
    for (const socket of sockets.splice(0)) socket.close();
    await reached(server.app, 'subscriberLeft', () => server.app.ws.groups.stats().members === 0);
    const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
    const members = server.app.ws.groups.stats().members;
    const revoked = await createStaff(server.app, 'OFFICER', forum.districtId, 'Thiếu úy Vũ Văn Nam');
    const [officer, moderator] = [open(), open()];
    await officer.acknowledge({ authorization: `Bearer ${revoked.token}` });
    await moderator.acknowledge({ authorization: `Bearer ${forum.moderator.token}` });
    for (const socket of [officer, moderator]) {
      await socket.send({ id: 'mới', type: 'subscribe', payload: subscribePayload(OnOpinionSubmittedDocument, { sessionId }) });
    }
    await reached(server.app, 'subscriberJoined', () => server.app.ws.groups.stats().members === members + 2);

    const closed = server.app.ws.closeSocketsWhere((viewer) => viewer.kind === 'staff' && viewer.id === revoked.id, 4403, 'Token revoked');
    expect(closed).toBe(1);
    expect(await officer.closed).toEqual({ code: 4403, reason: 'Token revoked' });
    const posted = ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body: 'Đề nghị kiểm tra quán nhậu lấn chiếm vỉa hè' } }));
    expect((await moderator.nextOf('mới')).payload).toMatchObject({ data: { opinionSubmitted: { id: posted.submitOpinion.id } } });
  });
});
