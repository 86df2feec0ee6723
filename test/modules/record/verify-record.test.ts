import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config.js';
import { startApp, type RunningApp } from '../../../src/app.js';
import type { Prisma } from '../../../src/db/client.js';
import { RecordService } from '../../../src/modules/record/record.service.js';
import { openDatabase } from '../../../src/db/client.js';
import { startTestServer, GENEROUS_RATE_LIMITS, TEST_JWT_SECRET, type TestServer } from '../../helpers/server.js';
import { onPostgres } from '../../helpers/database.js';
import { seedForum, type ForumFixture } from '../../helpers/fixtures.js';
import { moderateTo, openSession, postOpinion } from '../../helpers/opinion-fixtures.js';

const ROOT = path.resolve(import.meta.dirname, '../../..');

/** Runs `npm run verify-record`'s program (from src/, as tsx runs it) with `env`. */
function verifyRecord(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/verify-record.ts'], {
      cwd: ROOT,
      env: { ...process.env, NODE_ENV: 'test', DATABASE_URL: '', DATA_DIR: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

/** A session with an approved complaint, a rejected one, a hidden one and an answered one. */
async function recordedSession(app: RunningApp, forum: ForumFixture) {
  const session = await openSession(app, forum);
  const post = (body: string) => postOpinion(app, { sessionId: session.sessionId, body, kind: 'COMPLAINT' });
  const approved = await moderateTo(app, forum, await post('Vỉa hè phố Hàng Gai bị lấn chiếm để xe máy.'), 'APPROVED');
  const rejected = await moderateTo(app, forum, await post('Quảng cáo cầm đồ giá rẻ, gọi ngay.'), 'REJECTED');
  const hidden = await moderateTo(app, forum, await post('Ông hàng xóm hay say rượu gây gổ.'), 'HIDDEN');
  const response = await app.services.responses.respond({
    viewer: forum.officer.viewer,
    input: { opinionId: approved.id, body: 'Đội trật tự phường sẽ ra quân trong tuần này.', outcome: 'IN_PROGRESS' },
  });
  return { sessionId: session.sessionId, chain: `session:${session.sessionId}`, approved, rejected, hidden, response };
}

/** `prisma`, recording how many rows each read of a list returned (`findMany` and raw queries). */
function countingReads(prisma: Prisma, rowsPerRead: number[]): Prisma {
  const record = <T>(result: Promise<T>) =>
    result.then((rows) => {
      if (Array.isArray(rows)) rowsPerRead.push(rows.length);
      return rows;
    });
  return new Proxy(prisma, {
    get(target, key, receiver) {
      const member = Reflect.get(target, key, receiver) as unknown;
      if (key === '$queryRaw') return (...args: unknown[]) => record((member as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      if (typeof key !== 'string' || key.startsWith('$') || typeof member !== 'object' || member === null) return member;
      return new Proxy(member, {
        get(delegate, name) {
          const method = Reflect.get(delegate, name) as unknown;
          if (name !== 'findMany' || typeof method !== 'function') return method;
          return (...args: unknown[]) => record((method as (...a: unknown[]) => Promise<unknown>).apply(delegate, args));
        },
      });
    },
  });
}

describe('RecordService.verify', () => {
  let server: TestServer;
  let forum: ForumFixture;

  beforeAll(async () => {
    server = await startTestServer();
    forum = await seedForum(server.app);
  });
  afterAll(() => server?.close());

  const prisma = () => server.app.database.prisma;
  const problemsIn = async (chain: string) => (await server.app.services.record.verify()).problems.filter((p) => p.chain === chain);
  const seqOf = async (chain: string, entityId: string, action: string) =>
    (await prisma().auditEntry.findFirstOrThrow({ where: { chain, entityId, action } })).seq;

  it('should report an opinion whose text was changed with SQL, naming its session and entry', async () => {
    const s = await recordedSession(server.app, forum);
    await prisma().$executeRaw`UPDATE opinion SET body = 'Công an phường làm việc rất tốt.' WHERE id = ${s.approved.id}`;
    const approvedAt = await seqOf(s.chain, s.approved.id, 'OPINION_APPROVED');
    expect(await problemsIn(s.chain)).toEqual([{ chain: s.chain, seq: approvedAt, problem: expect.stringContaining(s.approved.id) }]);
  });

  it('should report an opinion un-hidden with SQL', async () => {
    const s = await recordedSession(server.app, forum);
    await prisma().$executeRaw`UPDATE opinion SET status = 'APPROVED' WHERE id = ${s.hidden.id}`;
    const hiddenAt = await seqOf(s.chain, s.hidden.id, 'OPINION_HIDDEN');
    expect((await problemsIn(s.chain)).map((p) => p.seq)).toEqual([hiddenAt]);
  });

  it('should report an opinion approved with SQL that no moderator approved', async () => {
    const s = await recordedSession(server.app, forum);
    const pending = await postOpinion(server.app, { sessionId: s.sessionId, body: 'Đề nghị tăng tuần tra khu chợ đêm.', kind: 'SUGGESTION' });
    await prisma().$executeRaw`UPDATE opinion SET status = 'APPROVED' WHERE id = ${pending.id}`;
    expect(await problemsIn(s.chain)).toEqual([{ chain: s.chain, seq: null, problem: expect.stringContaining(pending.id) }]);
  });

  it('should report an audit row whose reason was changed with SQL', async () => {
    const s = await recordedSession(server.app, forum);
    const rejectedAt = await seqOf(s.chain, s.rejected.id, 'OPINION_REJECTED');
    await prisma().$executeRaw`UPDATE audit_entry SET reason = 'Trùng lặp' WHERE chain = ${s.chain} AND seq = ${rejectedAt}`;
    expect(await problemsIn(s.chain)).toEqual([{ chain: s.chain, seq: rejectedAt, problem: expect.stringContaining('changed') }]);
  });

  it('should report a deleted audit row in the middle of a chain', async () => {
    const s = await recordedSession(server.app, forum);
    const rejectedAt = await seqOf(s.chain, s.rejected.id, 'OPINION_REJECTED');
    await prisma().$executeRaw`DELETE FROM audit_entry WHERE chain = ${s.chain} AND seq = ${rejectedAt}`;
    const problems = await problemsIn(s.chain);
    expect(problems).toContainEqual({ chain: s.chain, seq: rejectedAt, problem: expect.stringContaining('missing') });
  });

  it('should report a deleted last audit row', async () => {
    const s = await recordedSession(server.app, forum);
    const respondedAt = await seqOf(s.chain, s.response.id, 'RESPONSE_POSTED');
    await prisma().$executeRaw`DELETE FROM audit_entry WHERE chain = ${s.chain} AND seq = ${respondedAt}`;
    const problems = await problemsIn(s.chain);
    expect(problems).toContainEqual({ chain: s.chain, seq: respondedAt, problem: expect.stringContaining('missing') });
    expect(problems).toContainEqual({ chain: s.chain, seq: null, problem: expect.stringContaining(`response ${s.response.id} is not on the record`) });
  });

  it("should report an official response rewritten or slipped in with SQL", async () => {
    const s = await recordedSession(server.app, forum);
    await prisma().$executeRaw`UPDATE official_response SET outcome = 'RESOLVED' WHERE id = ${s.response.id}`;
    await prisma().$executeRaw`INSERT INTO official_response (id, opinion_id, body, outcome, responder_id, updated_at)
      VALUES ('phan-hoi-gia-mao', ${s.rejected.id}, 'Đã xử lý xong.', 'RESOLVED', ${forum.officer.id}, now())`;
    const problems = (await problemsIn(s.chain)).map((p) => p.problem);
    expect(problems).toEqual([expect.stringContaining(`response ${s.response.id} differs`), expect.stringContaining('response phan-hoi-gia-mao is not on the record')]);
  });

  it('should report a session reopened with SQL', async () => {
    const s = await recordedSession(server.app, forum);
    await server.app.services.sessions.setStatus({ viewer: forum.moderator.viewer, id: s.sessionId, status: 'CLOSED' });
    await prisma().$executeRaw`UPDATE forum_session SET status = 'LIVE' WHERE id = ${s.sessionId}`;
    expect((await problemsIn(s.chain)).map((p) => p.problem)).toEqual([expect.stringContaining('session status LIVE differs')]);
  });

  it('should report malformed journal rows as problems with their session and position, and still find the others', async () => {
    const s = await recordedSession(server.app, forum);
    const journal = await prisma().sessionEvent.findMany({ where: { sessionId: s.sessionId }, orderBy: { position: 'asc' } });
    const at = (type: string, opinionId: string) => journal.find((e) => e.type === type && e.opinionId === opinionId)!.position;
    const nulled = at('OPINION_SUBMITTED', s.rejected.id);
    const reshaped = at('OPINION_STATUS_CHANGED', s.hidden.id);
    await prisma().$executeRaw`UPDATE session_event SET payload = 'null'::jsonb WHERE session_id = ${s.sessionId} AND position = ${nulled}`;
    await prisma().$executeRaw`UPDATE session_event SET payload = '{"opinion": "đã xóa"}'::jsonb WHERE session_id = ${s.sessionId} AND position = ${reshaped}`;
    await prisma().$executeRaw`UPDATE opinion SET body = 'Công an phường làm việc rất tốt.' WHERE id = ${s.approved.id}`;
    const chain = `journal:${s.sessionId}`;
    const problems = (await server.app.services.record.verify()).problems.filter((p) => p.chain === chain || p.chain === s.chain);
    for (const seq of [nulled, reshaped]) {
      expect(problems).toContainEqual({ chain, seq, problem: expect.stringContaining('malformed') });
      expect(problems).toContainEqual({ chain, seq, problem: expect.stringContaining('changed') });
    }
    const approvedAt = await seqOf(s.chain, s.approved.id, 'OPINION_APPROVED');
    expect(problems).toContainEqual({ chain: s.chain, seq: approvedAt, problem: expect.stringContaining(s.approved.id) });
    expect(problems).toContainEqual({ chain, seq: expect.any(Number), problem: expect.stringContaining(`opinion ${s.approved.id} (#${s.approved.seq}) differs from the journal (body)`) });
  });

  it('should read the record in pages of the size asked, each chain continuing across pages', async () => {
    const s = await recordedSession(server.app, forum);
    // Entry 3 of the session chain (the approval of its first opinion) starts a page when pages
    // hold two rows: entry 4 must still be checked against entry 2, across the page boundary.
    const third = await prisma().auditEntry.findFirstOrThrow({ where: { chain: s.chain, seq: 3 } });
    await prisma().$executeRaw`DELETE FROM audit_entry WHERE chain = ${s.chain} AND seq = 3`;
    const rowsPerRead: number[] = [];
    const record = new RecordService(countingReads(prisma(), rowsPerRead));
    const paged = await record.verify({ pageSize: 2 });
    const whole = await server.app.services.record.verify();
    expect(Math.max(...rowsPerRead)).toBe(2);
    expect(paged).toEqual(whole);
    const [audit, journal] = await Promise.all([prisma().auditEntry.count(), prisma().sessionEvent.count()]);
    expect(paged.entries).toBe(audit + journal);
    expect(paged.problems.filter((p) => p.chain === s.chain)).toEqual([
      { chain: s.chain, seq: 3, problem: 'entries 3–3 are missing' },
      { chain: s.chain, seq: 4, problem: 'entry does not follow the previous one (prev_hash differs)' },
      { chain: s.chain, seq: null, problem: expect.stringContaining(`opinion ${third.entityId} (#1) is APPROVED with no moderation on the record`) },
    ]);
  });

  it('should find nothing wrong with a session changed only through the API', async () => {
    const s = await recordedSession(server.app, forum);
    await server.app.services.moderation.redact({ viewer: forum.moderator.viewer, id: s.approved.id, body: 'Vỉa hè một phố cổ bị lấn chiếm.', reason: 'Bỏ tên phố' });
    await server.app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: s.hidden.id, action: 'RESTORE' });
    expect(await problemsIn(s.chain)).toEqual([]);
  });
});

describe('npm run verify-record', () => {
  let app: RunningApp;
  let forum: ForumFixture;
  let env: Record<string, string>;
  let close: () => Promise<void>;
  let dataDir: string | null = null;

  beforeAll(async () => {
    if (onPostgres()) {
      const server = await startTestServer();
      app = server.app;
      env = { DATABASE_URL: server.db.url! };
      close = () => server.close();
    } else {
      // The embedded database lives in one process at a time: the app closes it before the CLI opens it.
      dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lang-nghe-record-'));
      const config = loadConfig({ NODE_ENV: 'test', HOST: '127.0.0.1', PORT: '0', JWT_SECRET: TEST_JWT_SECRET, DATA_DIR: dataDir, ...GENEROUS_RATE_LIMITS });
      app = await startApp(config, { database: openDatabase({ dataDir }), ownsDatabase: true });
      env = { DATA_DIR: dataDir };
      close = () => app.close();
    }
    forum = await seedForum(app);
  }, 120_000);
  afterAll(async () => {
    if (!dataDir) await close?.();
    else fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('should exit non-zero and name the session and entry of an opinion edited with SQL, and exit 0 before', async () => {
    const s = await recordedSession(app, forum);
    const seq = (await app.database.prisma.auditEntry.findFirstOrThrow({ where: { chain: s.chain, entityId: s.approved.id, action: 'OPINION_APPROVED' } })).seq;
    const hiding = await app.database.prisma.sessionEvent.findFirstOrThrow({
      where: { sessionId: s.sessionId, opinionId: s.hidden.id, type: 'OPINION_STATUS_CHANGED' },
      orderBy: { position: 'desc' },
    });
    if (dataDir) await close();

    const untouched = await verifyRecord(env);
    expect(untouched.output).toContain('the record holds');
    expect(untouched.code).toBe(0);

    // The opinion edited, the journal row of the rejected one's submission deleted, and the one
    // of the hidden one's hiding made malformed (a null payload).
    const tamper = [
      `UPDATE opinion SET body = 'Nội dung đã bị sửa' WHERE id = '${s.approved.id}'`,
      `DELETE FROM session_event WHERE session_id = '${s.sessionId}' AND opinion_id = '${s.rejected.id}' AND type = 'OPINION_SUBMITTED'`,
      `UPDATE session_event SET payload = 'null'::jsonb WHERE session_id = '${s.sessionId}' AND position = ${hiding.position}`,
    ];
    if (dataDir) {
      const database = await openDatabase({ dataDir });
      for (const sql of tamper) await database.prisma.$executeRawUnsafe(sql);
      await database.close();
    } else {
      for (const sql of tamper) await app.database.prisma.$executeRawUnsafe(sql);
    }
    // Without the server's settings: a production environment with no JWT_SECRET.
    const tampered = await verifyRecord({ ...env, NODE_ENV: 'production', JWT_SECRET: '' });
    expect(tampered.output).toContain(`${s.chain} entry ${seq}: opinion ${s.approved.id}`);
    expect(tampered.output).toMatch(new RegExp(`journal:${s.sessionId} entry \\d+: journal entries \\d+–\\d+ are missing`));
    expect(tampered.output).toContain(`journal:${s.sessionId} entry ${hiding.position}: journal entry is malformed`);
    expect(tampered.code).toBe(1);
    // Two processes, each opening the database and loading the code: slow on a loaded machine.
  }, 180_000);
});
