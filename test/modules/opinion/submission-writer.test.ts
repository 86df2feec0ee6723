import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../../helpers/server.js';
import { countingDatabase } from '../../helpers/database.js';
import { seedForum, type ForumFixture } from '../../helpers/fixtures.js';
import type { Viewer } from '../../../src/auth/viewer.js';
import { AppError } from '../../../src/common/errors.js';

// Group commit (SubmissionWriter): submissions that arrive together are written in one statement.
// What must hold whatever the batching: each caller gets its own opinion or its own refusal,
// seqs stay gap-free per session, and one submission's failure is nobody else's.

let server: TestServer;
let forum: ForumFixture;
let counted: ReturnType<typeof countingDatabase>;
let closedSessionId: string;
let otherSessionId: string;

beforeAll(async () => {
  server = await startTestServer({}, { wrapDatabase: (database) => (counted = countingDatabase(database)).database });
  forum = await seedForum(server.app, { moderationMode: 'POST' });
  const sessions = server.app.services.sessions;
  const create = (title: string) => sessions.create({ viewer: forum.admin.viewer, input: { unitId: forum.districtId, title, startsAt: new Date(), moderationMode: 'POST' } });
  const other = await create('Đối thoại phường Hàng Trống');
  await sessions.setStatus({ viewer: forum.admin.viewer, id: other.id, status: 'LIVE' });
  otherSessionId = other.id;
  const closed = await create('Đối thoại đã kết thúc');
  await sessions.setStatus({ viewer: forum.admin.viewer, id: closed.id, status: 'CLOSED' });
  closedSessionId = closed.id;
});
afterAll(() => server?.close());

const anonymous: Viewer = { kind: 'anonymous' };
const submit = (sessionId: string, body: string, deviceKey: string, extra: { idempotencyKey?: string; topicId?: string } = {}) =>
  server.app.services.opinions.submit({ poster: { viewer: anonymous, deviceKey }, input: { sessionId, body, authorName: 'Người dân', ...extra } });

const outcome = (promise: Promise<{ id: string; sessionId: string; body: string; seq: number }>) =>
  promise.then(
    (opinion) => ({ opinion }),
    (error: unknown) => ({ code: error instanceof AppError ? error.code : String(error) }),
  );

describe('submissions written together', () => {
  it('should give each of many simultaneous posters their own opinion, refuse only the refused ones, and keep seqs gap-free per session', async () => {
    const before = counted.operations();
    const sessionsOf = [forum.sessionId, otherSessionId];
    // The hostile mix, all in the same turn: two sessions, a closed session, a topic of another
    // session, and two posters racing with one idempotency key and different texts.
    const plan: { sessionId: string; body: string; device: string; idempotencyKey?: string; topicId?: string; expect?: string }[] = [
      ...Array.from({ length: 40 }, (_, i) => ({ sessionId: sessionsOf[i % 2], body: `Ý kiến đồng thời số ${i} — đường Lê Lợi ngập`, device: `d:poster-${i}` })),
      { sessionId: closedSessionId, body: 'Gửi vào phiên đã đóng', device: 'd:late', expect: 'CONFLICT' },
      { sessionId: otherSessionId, body: 'Chủ đề của phiên khác', device: 'd:topic', topicId: forum.topics[0].id, expect: 'BAD_USER_INPUT' },
      { sessionId: forum.sessionId, body: 'Bản đầu', device: 'd:twice', idempotencyKey: 'k-1' },
      { sessionId: forum.sessionId, body: 'Bản sau, khác nội dung', device: 'd:twice', idempotencyKey: 'k-1' },
    ];
    const results = await Promise.all(plan.map((p) => outcome(submit(p.sessionId, p.body, p.device, { idempotencyKey: p.idempotencyKey, topicId: p.topicId }))));

    plan.forEach((p, i) => {
      const result = results[i];
      if (p.expect) expect(result).toEqual({ code: p.expect });
      else if (!p.idempotencyKey) {
        expect('opinion' in result && result.opinion).toMatchObject({ body: p.body, sessionId: p.sessionId });
      }
    });
    // Of the two with one key, exactly one is stored and answered; the other hears CONFLICT.
    const keyed = results.slice(-2);
    expect(keyed.filter((r) => 'opinion' in r)).toHaveLength(1);
    expect(keyed.filter((r) => 'code' in r)).toEqual([{ code: 'CONFLICT' }]);

    for (const sessionId of [forum.sessionId, otherSessionId]) {
      const seqs = (await server.app.database.prisma.opinion.findMany({ where: { sessionId }, select: { seq: true }, orderBy: { seq: 'asc' } })).map((o) => o.seq);
      expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    }
    const stored = await server.app.database.prisma.opinion.findMany({ where: { id: { in: results.flatMap((r) => ('opinion' in r ? [r.opinion.id] : [])) } } });
    expect(stored).toHaveLength(results.filter((r) => 'opinion' in r).length);
    // Written together: far fewer statements than submissions (each refusal reads why, once).
    expect(counted.operations() - before).toBeLessThan(plan.length);
  });

  it('should answer a retry with the same key and text in the same batch with the one stored opinion', async () => {
    const [first, second] = await Promise.all([
      submit(forum.sessionId, 'Đề nghị lắp camera ở ngã tư', 'd:retry', { idempotencyKey: 'retry-1' }),
      submit(forum.sessionId, 'Đề nghị lắp camera ở ngã tư', 'd:retry', { idempotencyKey: 'retry-1' }),
    ]);
    expect(second.id).toBe(first.id);
    expect(await server.app.database.prisma.opinion.count({ where: { idempotencyKey: { contains: 'retry-1' } } })).toBe(1);
  });
});
