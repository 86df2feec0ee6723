import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestServer, type TestServer } from '../helpers/server.js';
import { seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { reached } from '../helpers/live.js';
import { RawSocket, type ProtocolMessage } from '../helpers/raw-ws.js';
import { OnOpinionPublishedDocument, OnSessionStatsChangedDocument, SubmitOpinionDocument } from '../generated/graphql.js';

// The token the old shared-payload shortcut looked for in outgoing frames: a client could put it
// in a subscription id or a ping payload and receive another group's payload in its place.
const OLD_MARKER = '\u0001shared-payload\u0001';
const TIP_BODY = 'Tin báo: có người tàng trữ pháo nổ trong kho sau chợ Hàng Da';
const TIP_CONTACT = '0912 345 678';

const figures = (message: ProtocolMessage) => (message.payload as { data: { sessionStatsChanged: { opinions: number; pending: number } } }).data.sessionStatsChanged;

describe('frames of grouped subscriptions', () => {
  let server: TestServer;
  let forum: ForumFixture;
  const sockets: RawSocket[] = [];
  const open = () => {
    const socket = new RawSocket(server.app.wsUrl);
    sockets.push(socket);
    return socket;
  };
  /** Every frame the socket receives, as the text that came over the wire. */
  const record = (socket: RawSocket) => {
    const frames: string[] = [];
    socket.socket.on('message', (data) => frames.push(String(data)));
    return frames;
  };
  const subscribeTo = (socket: RawSocket, id: string, document: typeof OnOpinionPublishedDocument | typeof OnSessionStatsChangedDocument) =>
    socket.send({ id, type: 'subscribe', payload: { query: print(document), variables: { sessionId: forum.sessionId } } });
  const submit = (body: string, kind?: 'TIP', contact?: string) =>
    server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body, kind, contact } });

  beforeAll(async () => {
    server = await startTestServer();
    forum = await seedForum(server.app, { moderationMode: 'POST' });
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
  });

  it('should not put staff stats into an anonymous socket\'s frames, whatever its ids and pings carry', async () => {
    // The unit's staff watch stats that count tips.
    const staff = open();
    await staff.acknowledge({ authorization: `Bearer ${forum.moderator.token}` });
    await subscribeTo(staff, 'thống-kê', OnSessionStatsChangedDocument);
    expect(figures(await staff.next('next')).opinions).toBe(0);
    ok(await submit(TIP_BODY, 'TIP', TIP_CONTACT));
    while (figures(await staff.next('next')).opinions !== 1);

    const hostile = open();
    const frames = record(hostile);
    await hostile.acknowledge();
    await subscribeTo(hostile, OLD_MARKER, OnSessionStatsChangedDocument);
    await subscribeTo(hostile, `"${OLD_MARKER}"`, OnOpinionPublishedDocument);
    expect(figures(await hostile.nextOf(OLD_MARKER)).opinions).toBe(0);

    // Another staff socket joins the stats and closes at once: its first result meets a closing socket.
    const leaving = open();
    await leaving.acknowledge({ authorization: `Bearer ${forum.officer.token}` });
    leaving.socket.send(JSON.stringify({ id: 'thống-kê', type: 'subscribe', payload: { query: print(OnSessionStatsChangedDocument), variables: { sessionId: forum.sessionId } } }));
    leaving.socket.close();
    await leaving.closed;

    const pings: unknown[] = [];
    for (let i = 0; i < 3; i++) {
      for (const payload of [{ note: OLD_MARKER, lần: i }, { note: `"${OLD_MARKER}"` }]) {
        pings.push(payload);
        await hostile.send({ type: 'ping', payload });
      }
      ok(await submit(`${TIP_BODY} (lần ${i + 2})`, 'TIP', TIP_CONTACT));
    }
    const pongs = [];
    for (let i = 0; i < pings.length; i++) pongs.push((await hostile.next('pong')).payload);
    expect(pongs).toEqual(pings);

    // The sentinel, a public opinion, reaches the hostile socket's feeds: everything before it has too.
    ok(await submit('Đề nghị bố trí thêm chỗ gửi xe cho người dân đến họp'));
    const published = await hostile.nextOf(`"${OLD_MARKER}"`);
    expect(published.payload).toMatchObject({ data: { opinionPublished: { body: 'Đề nghị bố trí thêm chỗ gửi xe cho người dân đến họp' } } });
    let publicFigures = figures(await hostile.nextOf(OLD_MARKER));
    while (publicFigures.opinions < 1) publicFigures = figures(await hostile.nextOf(OLD_MARKER));
    expect(publicFigures).toMatchObject({ opinions: 1, pending: 0 });

    const wire = frames.join('\n');
    expect(wire).not.toContain(TIP_CONTACT);
    expect(wire).not.toContain('Tin báo');
    for (const frame of frames.map((f) => JSON.parse(f) as ProtocolMessage)) {
      if (frame.type === 'next' && frame.id === OLD_MARKER) expect(figures(frame).opinions).toBeLessThanOrEqual(1);
    }
  });

  it('should write each subscription\'s frames under its own id, quotes and unicode included', async () => {
    const socket = open();
    const frames = record(socket);
    await socket.acknowledge();
    const ids = ['màn hình "hội trường" số 1', 'back\\slash</script>\u2028', `${OLD_MARKER}🚨`];
    const before = server.app.ws.groups.stats().members;
    for (const id of ids) await subscribeTo(socket, id, OnOpinionPublishedDocument);
    await reached(server.app, 'subscriberJoined', () => server.app.ws.groups.stats().members === before + ids.length);

    const posted = ok(await submit('Cảm ơn các chiến sĩ đã giúp "bà cụ" qua đường'));
    const received = [];
    for (const id of ids) received.push(await socket.nextOf(id));
    expect(received.map((message) => message.id)).toEqual(ids);
    const nextFrames = frames.filter((f) => JSON.parse(f).type === 'next');
    for (const [i, frame] of nextFrames.entries()) {
      expect(frame).toMatch(new RegExp(`^\\{"id":${escape(JSON.stringify(ids[i]))},"type":"next","payload":\\{"data":\\{"opinionPublished":`));
      expect(JSON.parse(frame).payload.data.opinionPublished).toMatchObject({ id: posted.submitOpinion.id, body: 'Cảm ơn các chiến sĩ đã giúp "bà cụ" qua đường' });
    }
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
