import { print } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ok, startTestServer, type GraphQLResult, type TestServer } from '../helpers/server.js';
import { seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { liveClient, subscribe } from '../helpers/live.js';
import { OnSessionEventsDocument, SessionEventsDocument, SubmitOpinionDocument } from '../generated/graphql.js';

type Refusal = { message: string; extensions?: { code?: string; [key: string]: unknown } };

const BAD_CURSOR = 'không-phải-con-trỏ';
const VI = { cursor: 'Con trỏ phân trang không hợp lệ', empty: 'Nội dung không được để trống' };
const EN = { cursor: 'Invalid cursor', empty: 'body must not be empty' };

describe('error messages in the client language', () => {
  let server: TestServer;
  let forum: ForumFixture;
  const clients: ReturnType<typeof liveClient>[] = [];

  /** POSTs an operation with exactly these headers (no Accept-Language unless given). */
  const post = async (query: string, variables: Record<string, unknown>, headers: Record<string, string> = {}): Promise<GraphQLResult<unknown>> => {
    const response = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify({ query, variables }) });
    return { status: response.status, ...((await response.json()) as object) };
  };
  const refusalOf = (result: GraphQLResult<unknown>): Refusal => {
    expect(result.errors?.length).toBeGreaterThan(0);
    return result.errors![0];
  };
  /** The refusal of a sessionEvents subscription with a bad cursor, over a socket set up with `language` and `connectionParams`. */
  const wsRefusal = async (language: string | null, connectionParams: Record<string, unknown> = {}): Promise<Refusal> => {
    const client = liveClient(server.app.wsUrl, null, { language, connectionParams });
    clients.push(client);
    const feed = subscribe(client, OnSessionEventsDocument, { sessionId: forum.sessionId, after: BAD_CURSOR });
    const result = await feed.next();
    feed.close();
    expect(result.errors?.length).toBeGreaterThan(0);
    return result.errors![0];
  };

  beforeAll(async () => {
    server = await startTestServer({ RATE_LIMIT_SUBMIT_OPINION_PER_POSTER: '1' });
    forum = await seedForum(server.app, { moderationMode: 'POST' });
  });
  afterAll(async () => {
    await Promise.all(clients.map((c) => c.dispose()));
    await server?.close();
  });

  it('should refuse in Vietnamese over HTTP when the client names no language or prefers Vietnamese, with the code unchanged', async () => {
    for (const headers of [{}, { 'accept-language': 'vi-VN,vi;q=0.9,en-US;q=0.8,en;q=0.7' }, { 'accept-language': 'fr-FR' }] as Record<string, string>[]) {
      expect(refusalOf(await post(print(SessionEventsDocument), { sessionId: forum.sessionId, after: BAD_CURSOR }, headers))).toMatchObject({
        message: VI.cursor,
        extensions: { code: 'BAD_USER_INPUT' },
      });
      // Each from its own device: the poster limit here is one opinion a minute.
      const empty = refusalOf(await post(print(SubmitOpinionDocument), { input: { sessionId: forum.sessionId, body: '   ' } }, { ...headers, 'x-device-id': crypto.randomUUID() }));
      expect(empty).toMatchObject({ message: VI.empty, extensions: { code: 'BAD_USER_INPUT', field: 'body' } });
    }
  });

  it('should refuse in English over HTTP when the client prefers English', async () => {
    const headers = { 'accept-language': 'en-US,en;q=0.9,vi;q=0.5' };
    expect(refusalOf(await post(print(SessionEventsDocument), { sessionId: forum.sessionId, after: BAD_CURSOR }, headers))).toMatchObject({
      message: EN.cursor,
      extensions: { code: 'BAD_USER_INPUT' },
    });
    expect(refusalOf(await post(print(SubmitOpinionDocument), { input: { sessionId: forum.sessionId, body: '' } }, { ...headers, 'x-device-id': crypto.randomUUID() }))).toMatchObject({
      message: EN.empty,
      extensions: { code: 'BAD_USER_INPUT' },
    });
  });

  it('should say a rate-limit refusal in natural Vietnamese with its number of seconds, and in English when asked', async () => {
    const citizen = await forum.citizen('Trần Văn Nam');
    const submit = (headers: Record<string, string>, body: string) =>
      post(print(SubmitOpinionDocument), { input: { sessionId: forum.sessionId, body } }, { authorization: `Bearer ${citizen.token}`, ...headers });
    ok((await submit({}, 'Đề nghị tăng cường tuần tra khu vực chợ đêm')) as GraphQLResult<object>);
    const vietnamese = refusalOf(await submit({}, 'Ý kiến thứ hai trong cùng một phút'));
    expect(vietnamese.extensions).toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: expect.any(Number) });
    expect(vietnamese.message).toBe(`Bạn đã gửi quá nhiều ý kiến. Vui lòng thử lại sau ${vietnamese.extensions!.retryAfterSeconds} giây.`);
    const english = refusalOf(await submit({ 'accept-language': 'en' }, 'Ý kiến thứ ba trong cùng một phút'));
    expect(english.extensions).toMatchObject({ code: 'RATE_LIMITED' });
    expect(english.message).toBe(`Too many opinions sent: try again in ${english.extensions!.retryAfterSeconds} seconds`);
  });

  it("should put graphql's own validation messages after a Vietnamese lead-in, and a bad token's 401 in Vietnamese", async () => {
    const unknownField = refusalOf(await post('query Strange { units { id secretField } }', {}));
    expect(unknownField.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(unknownField.message).toMatch(/^Yêu cầu GraphQL không hợp lệ: Cannot query field "secretField"/);
    const badToken = await post('query Me { me { __typename } }', {}, { authorization: 'Bearer khong-phai-ma' });
    expect(badToken.status).toBe(401);
    expect(refusalOf(badToken)).toMatchObject({ message: 'Mã đăng nhập không hợp lệ', extensions: { code: 'UNAUTHENTICATED' } });
  });

  it("should say the transport's own refusals in Vietnamese too: a validation rule's (wrapped by Apollo) and a plugin's", async () => {
    const aliases = Array.from({ length: 31 }, (_, i) => `a${i}: __typename`).join(' ');
    const tooMany = refusalOf(await post(`query Many { ${aliases} }`, {}));
    expect(tooMany).toMatchObject({ message: 'Truy vấn có quá nhiều bí danh (alias): 31, tối đa 30', extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });
    const overHttp = refusalOf(await post('subscription Feed($s: ID!) { opinionPublished(sessionId: $s) { seq } }', { s: forum.sessionId }));
    expect(overHttp.extensions?.code).toBe('BAD_REQUEST');
    expect(overHttp.message).toMatch(/^Đăng ký nhận tin \(subscription\) đi qua WebSocket/);
    expect(refusalOf(await post(`query Many { ${aliases} }`, {}, { 'accept-language': 'en' })).message).toBe('Query has too many aliases: 31, at most 30');
  });

  it('should refuse over WebSocket in Vietnamese by default, in the language of connection_init, else of the upgrade request', async () => {
    expect(await wsRefusal(null)).toMatchObject({ message: VI.cursor, extensions: { code: 'BAD_USER_INPUT' } });
    expect(await wsRefusal('vi-VN,vi;q=0.9')).toMatchObject({ message: VI.cursor, extensions: { code: 'BAD_USER_INPUT' } });
    expect(await wsRefusal('en-US,en;q=0.9')).toMatchObject({ message: EN.cursor, extensions: { code: 'BAD_USER_INPUT' } });
    // connection_init's acceptLanguage wins over the browser's header, both ways.
    expect(await wsRefusal('en', { acceptLanguage: 'vi' })).toMatchObject({ message: VI.cursor, extensions: { code: 'BAD_USER_INPUT' } });
    expect(await wsRefusal(null, { acceptLanguage: 'en' })).toMatchObject({ message: EN.cursor, extensions: { code: 'BAD_USER_INPUT' } });
  });

  it('should refuse a subscribe that fails validation over WebSocket with a Vietnamese lead-in', async () => {
    const client = liveClient(server.app.wsUrl, null, { language: null });
    clients.push(client);
    const errors = await new Promise<Refusal[]>((resolve, reject) => {
      client.subscribe({ query: 'subscription Strange { opinionPublished(sessionId: "x") { secretField } }' }, { next: () => reject(new Error('no data expected')), error: (e) => resolve(e as Refusal[]), complete: () => reject(new Error('no completion expected')) });
    });
    expect(errors[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(errors[0].message).toMatch(/^Yêu cầu GraphQL không hợp lệ: Cannot query field "secretField"/);
  });
});
