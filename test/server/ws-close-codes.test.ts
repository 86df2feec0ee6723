import { print } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import { ok } from '../helpers/server.js';
import { useForum } from '../helpers/forum.js';
import { openSession } from '../helpers/opinion-fixtures.js';
import { feedsAttached } from '../helpers/live.js';
import { closeFrameAfterUpgrade, RawSocket } from '../helpers/raw-ws.js';
import { OnOpinionPublishedDocument, SubmitOpinionDocument } from '../generated/graphql.js';

const INIT_TIMEOUT_MS = 300;

// Every close code of the graphql-transport-ws protocol the server produces, from raw sockets
// that break the protocol on purpose; after each, the server must carry on as if nothing happened.
describe('WebSocket close codes', () => {
  const { server, forum } = useForum({ options: { ws: { connectionInitWaitTimeout: INIT_TIMEOUT_MS } } });
  const sockets: RawSocket[] = [];
  const open = (protocols?: string | string[]) => {
    const socket = new RawSocket(server.app.wsUrl, protocols);
    sockets.push(socket);
    return socket;
  };
  const subscribePayload = (sessionId: string) => ({ query: print(OnOpinionPublishedDocument), variables: { sessionId } });

  afterAll(() => {
    for (const socket of sockets) socket.close();
  });

  /** /healthz answers, and a fresh subscriber receives an opinion published after it subscribed. */
  async function expectHealthy() {
    expect((await fetch(server.url.replace('/graphql', '/healthz'))).status).toBe(200);
    const { sessionId } = await openSession(server.app, forum, { moderationMode: 'POST' });
    const socket = open();
    await socket.acknowledge();
    const attached = feedsAttached(server.app, sessionId);
    await socket.send({ id: 'feed', type: 'subscribe', payload: subscribePayload(sessionId) });
    await attached;
    ok(await server.request(SubmitOpinionDocument, { input: { sessionId, body: 'Đèn đường ngõ Tạm Thương bị hỏng nhiều ngày' } }));
    const next = await socket.next('next');
    expect(next).toMatchObject({ id: 'feed', payload: { data: { opinionPublished: { seq: 1, body: 'Đèn đường ngõ Tạm Thương bị hỏng nhiều ngày' } } } });
    socket.close();
  }

  it('should close with 4400 on a message that is not graphql-transport-ws', async () => {
    const socket = open();
    await socket.send('{"type":"hello, is this the police?"}');
    expect(await socket.closed).toEqual({ code: 4400, reason: 'Invalid message received' });
    await expectHealthy();
  });

  it('should close with 4401 on a subscribe before connection_ack', async () => {
    const socket = open();
    await socket.send({ id: '1', type: 'subscribe', payload: subscribePayload(forum.sessionId) });
    expect(await socket.closed).toEqual({ code: 4401, reason: 'Unauthorized' });
    await expectHealthy();
  });

  it('should close with 4403 when connection_init carries a forged token', async () => {
    const socket = open();
    await socket.send({ type: 'connection_init', payload: { authorization: 'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiJ9.' } });
    expect(await socket.closed).toEqual({ code: 4403, reason: 'Forbidden' });
    await expectHealthy();
  });

  it('should close with 4406 when the client offers another subprotocol, or none', async () => {
    // subscriptions-transport-ws's protocol, which old Apollo clients still offer.
    expect(await closeFrameAfterUpgrade(server.app.wsUrl, 'graphql-ws')).toEqual({ code: 4406, reason: 'Subprotocol not acceptable' });
    const bare = open([]);
    expect(await bare.closed).toEqual({ code: 4406, reason: 'Subprotocol not acceptable' });
    await expectHealthy();
  });

  it('should close with 4408 when connection_init does not come in time', async () => {
    const socket = open();
    await socket.opened;
    const started = Date.now();
    expect(await socket.closed).toEqual({ code: 4408, reason: 'Connection initialisation timeout' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(INIT_TIMEOUT_MS - 50);
    await expectHealthy();
  });

  it('should close with 4409 when a subscription id is already in use', async () => {
    const socket = open();
    await socket.acknowledge();
    await socket.send({ id: 'same', type: 'subscribe', payload: subscribePayload(forum.sessionId) });
    await socket.send({ id: 'same', type: 'subscribe', payload: subscribePayload(forum.sessionId) });
    expect(await socket.closed).toEqual({ code: 4409, reason: 'Subscriber for same already exists' });
    await expectHealthy();
  });

  it('should close with 4429 on a second connection_init', async () => {
    const socket = open();
    await socket.acknowledge();
    await socket.send({ type: 'connection_init' });
    expect(await socket.closed).toEqual({ code: 4429, reason: 'Too many initialisation requests' });
    await expectHealthy();
  });
});
