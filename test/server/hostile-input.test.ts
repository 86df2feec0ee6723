import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedForum, type ForumFixture } from '../helpers/fixtures.js';
import { captureLogs, type CapturedLogs } from '../helpers/logs.js';
import { RawSocket } from '../helpers/raw-ws.js';
import { ok, startTestServer, type GraphQLResult, type TestServer } from '../helpers/server.js';
import { MESSAGES } from '../../src/shared/messages.js';
import { MAX_ECHOED_MESSAGE } from '../../src/server/errors.js';
import { MAX_REQUEST_BODY } from '../../src/server/http.js';

// In production, where a fault would be masked as "Internal server error": each of these inputs
// is the client's mistake and must come back as a client error that says what to do.
describe('hostile inputs', () => {
  let server: TestServer;
  let forum: ForumFixture;
  let logs: CapturedLogs;
  const sockets: RawSocket[] = [];

  beforeAll(async () => {
    logs = captureLogs('info');
    server = await startTestServer({ NODE_ENV: 'production' }, { logger: logs.logger });
    forum = await seedForum(server.app);
  });
  afterAll(async () => {
    for (const socket of sockets) socket.close();
    await server?.close();
  });

  /** The only error of a refused request, with its code and message. */
  function refusal(result: GraphQLResult<unknown>) {
    expect(result.data ?? undefined).toBeUndefined();
    expect(result.errors).toHaveLength(1);
    return { status: result.status, code: result.errors![0].extensions?.code, message: result.errors![0].message };
  }

  /** Log lines at error level or above since `from` lines were written. */
  const faultsSince = (from: number) => logs.lines().slice(from).filter((line) => Number(line.level) >= 50);

  describe('NUL characters', () => {
    it('should refuse a NUL in an ID variable with BAD_USER_INPUT, not a masked fault', async () => {
      const before = logs.lines().length;
      const result = await server.post({ query: 'query($id: ID!) { session(id: $id) { title } }', variables: { id: `${forum.sessionId}\u0000` } });
      expect(refusal(result)).toEqual({ status: 400, code: 'BAD_USER_INPUT', message: expect.stringMatching(/NUL character .*remove it/) });
      expect(faultsSince(before)).toEqual([]);
    });

    it('should refuse a NUL in an ID literal with BAD_USER_INPUT', async () => {
      const result = await server.post({ query: `{ opinion(id: "\\u0000' OR 1=1") { body } }` });
      expect(refusal(result)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
    });

    it('should refuse a NUL in a login e-mail with BAD_USER_INPUT', async () => {
      const before = logs.lines().length;
      const result = await server.post({
        query: 'mutation($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
        variables: { email: `${forum.moderator.email}\u0000`, password: 'mật-khẩu-thử-nghiệm-2026' },
      });
      expect(refusal(result)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
      expect(faultsSince(before)).toEqual([]);
    });

    it('should refuse a NUL nested in an input object, and store nothing', async () => {
      const result = await server.post({
        query: 'mutation($input: SubmitOpinionInput!) { submitOpinion(input: $input) { id } }',
        variables: { input: { sessionId: forum.sessionId, body: 'Đèn đường ngõ 5 bị hỏng', authorName: 'Nguyễn\u0000 Văn An' } },
      });
      expect(refusal(result)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
      expect(await server.app.database.prisma.opinion.count({ where: { sessionId: forum.sessionId } })).toBe(0);
    });

    it('should refuse a NUL in a subscription variable over WebSocket', async () => {
      const socket = new RawSocket(server.app.wsUrl);
      sockets.push(socket);
      await socket.acknowledge();
      await socket.send({ id: 'feed', type: 'subscribe', payload: { query: 'subscription($s: ID!) { opinionPublished(sessionId: $s) { seq } }', variables: { s: 'phien\u0000' } } });
      const error = await socket.next('error');
      expect(error.payload).toEqual([expect.objectContaining({ message: expect.stringMatching(/NUL character/), extensions: { code: 'BAD_USER_INPUT' } })]);
    });
  });

  describe('bad variables over WebSocket', () => {
    it('should not answer a bad subscription variable over WebSocket with INTERNAL_SERVER_ERROR, but BAD_USER_INPUT as over HTTP', async () => {
      const before = logs.lines().length;
      const socket = new RawSocket(server.app.wsUrl);
      sockets.push(socket);
      await socket.acknowledge();
      const query = 'subscription($s: ID!) { opinionPublished(sessionId: $s) { seq } }';
      await socket.send({ id: 'wrong-type', type: 'subscribe', payload: { query, variables: { s: { phien: 1 } } } });
      expect(await socket.next('error')).toEqual({ id: 'wrong-type', type: 'error', payload: [expect.objectContaining({ message: expect.stringMatching(/^Variable "\$s" got invalid value/), extensions: { code: 'BAD_USER_INPUT' } })] });
      await socket.send({ id: 'missing', type: 'subscribe', payload: { query } });
      expect(await socket.next('error')).toEqual({ id: 'missing', type: 'error', payload: [expect.objectContaining({ message: expect.stringMatching(/^Variable "\$s" of required type "ID!" was not provided/), extensions: { code: 'BAD_USER_INPUT' } })] });
      // The same mistake over HTTP, for comparison.
      const http = await server.post({ query: 'query($s: ID!) { session(id: $s) { title } }', variables: { s: { phien: 1 } } });
      expect(refusal(http)).toMatchObject({ status: 400, code: 'BAD_USER_INPUT' });
      // The socket stays usable, and the client's mistake is no fault in the logs.
      await socket.send({ id: 'feed', type: 'subscribe', payload: { query: 'subscription($s: ID!) { sessionStatsChanged(sessionId: $s) { opinions } }', variables: { s: forum.sessionId } } });
      expect(await socket.next('next')).toMatchObject({ id: 'feed', payload: { data: { sessionStatsChanged: { opinions: 0 } } } });
      expect(faultsSince(before)).toEqual([]);
    });
  });

  describe('operations on the wrong transport', () => {
    it('should refuse a query over WebSocket with graphql-ws error message saying to use HTTP', async () => {
      const before = logs.lines().length;
      const socket = new RawSocket(server.app.wsUrl);
      sockets.push(socket);
      await socket.acknowledge();
      await socket.send({ id: 'q', type: 'subscribe', payload: { query: '{ units { id } }' } });
      const error = await socket.next('error');
      expect(error).toEqual({
        id: 'q',
        type: 'error',
        payload: [{ message: 'Only subscriptions go over WebSocket; send queries and mutations over HTTP', extensions: { code: 'BAD_REQUEST' } }],
      });
      await socket.send({ id: 'm', type: 'subscribe', payload: { query: 'mutation { joinAsCitizen { token } }' } });
      expect((await socket.next('error')).payload).toEqual([expect.objectContaining({ message: expect.stringMatching(/over HTTP/) })]);
      // The socket stays usable: a subscription on it still starts.
      await socket.send({ id: 'feed', type: 'subscribe', payload: { query: 'subscription($s: ID!) { sessionStatsChanged(sessionId: $s) { opinions } }', variables: { s: forum.sessionId } } });
      expect(await socket.next('next')).toMatchObject({ id: 'feed', payload: { data: { sessionStatsChanged: { opinions: 0 } } } });
      expect(faultsSince(before)).toEqual([]);
      const refused = logs.lines().slice(before).filter((line) => line.msg === 'graphql operation' && line.transport === 'ws' && line.outcome === 'error');
      expect(refused.map((line) => [line.level, line.operationType, line.errorCodes])).toEqual([
        [30, 'query', ['BAD_REQUEST']],
        [30, 'mutation', ['BAD_REQUEST']],
      ]);
    });

    it('should refuse a subscription over HTTP with a 400 that says to use WebSocket', async () => {
      const before = logs.lines().length;
      const result = await server.post({ query: 'subscription($s: ID!) { opinionPublished(sessionId: $s) { seq } }', variables: { s: forum.sessionId } });
      expect(refusal(result)).toEqual({ status: 400, code: 'BAD_REQUEST', message: expect.stringMatching(/Subscriptions go over WebSocket/) });
      expect(faultsSince(before)).toEqual([]);
      const logged = logs.lines().slice(before).find((line) => line.msg === 'graphql operation');
      expect(logged).toMatchObject({ level: 30, operationType: 'subscription', outcome: 'error', errorCodes: ['BAD_REQUEST'] });
    });
  });

  describe('variables that echo the catalogue', () => {
    const templates = Object.values(MESSAGES).map(({ en }) => en).filter((en) => /\{\w+\}/.test(en));
    // No Accept-Language: the Vietnamese default, where every message is looked up in the catalogue.
    const postVietnamese = (body: string) => fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

    it('should not freeze the server on a variable made of a template of the catalogue repeated to the body limit', async () => {
      expect(templates.length).toBeGreaterThan(10);
      const healthz = server.url.replace(/\/graphql$/, '/healthz');
      for (const template of templates) {
        // The template's literal text with a value at each placeholder: graphql-js copies it into
        // "Variable "$v" got invalid value …", which then starts, contains and nearly ends like the template.
        const unit = template.replace(/\{\w+\}/g, 'x');
        const bodyWith = (v: string) => JSON.stringify({ query: 'query Echo($v: Int) { sessions(first: $v) { totalCount } }', variables: { v } });
        const body = bodyWith(unit.repeat(Math.floor((MAX_REQUEST_BODY - bodyWith('').length) / unit.length)));
        expect(body.length).toBeLessThanOrEqual(MAX_REQUEST_BODY);
        expect(body.length).toBeGreaterThan(MAX_REQUEST_BODY * 0.9);

        // /healthz asked again and again, each as soon as the previous one answered, while the
        // request is in progress: the longest wait is how long the process stopped answering.
        const started = performance.now();
        let done = false;
        const answered = postVietnamese(body).then(async (response) => ({ status: response.status, json: (await response.json()) as GraphQLResult<unknown> }));
        const elapsed = answered.then(() => performance.now() - started).finally(() => (done = true));
        const waits: number[] = [];
        do {
          const asked = performance.now();
          expect((await fetch(healthz)).status).toBe(200);
          waits.push(performance.now() - asked);
        } while (!done);

        // Generous bounds for a loaded CI machine: the freeze this guards against lasted 11–47 s.
        expect(await elapsed, `answer to ${template}`).toBeLessThan(5000);
        expect(Math.max(...waits), `longest /healthz wait during ${template}`).toBeLessThan(2000);
        const { status, json } = await answered;
        expect({ status, code: json.errors?.[0]?.extensions?.code }, template).toEqual({ status: 400, code: 'BAD_USER_INPUT' });
        // The client's megabyte does not come back whole (twice), nor in a sentence passed off as ours.
        const { message } = json.errors![0];
        expect(message.length, template).toBeLessThan(MAX_ECHOED_MESSAGE + 100);
        expect(message).toMatch(/^Dữ liệu gửi lên không hợp lệ: Variable "\$v" got invalid value/);
      }
    });
  });

  describe('invisible characters', () => {
    it('should not store format characters in an opinion, but keep emoji joined', async () => {
      const citizen = await forum.citizen();
      const result = await server.post(
        {
          query: 'mutation($input: SubmitOpinionInput!) { submitOpinion(input: $input) { body authorName } }',
          variables: { input: { sessionId: forum.sessionId, body: 'Đèn\u2060 giao thông ở ngã ba\u061C chợ Giầu\u200B hỏng 👨\u200D👩\u200D👧', authorName: 'Trần\u2060 Thị\u061C Hà' } },
        },
        { token: citizen.token },
      );
      expect(ok(result)).toEqual({ submitOpinion: { body: 'Đèn giao thông ở ngã ba chợ Giầu hỏng 👨\u200D👩\u200D👧', authorName: 'Trần Thị Hà' } });
    });
  });
});
