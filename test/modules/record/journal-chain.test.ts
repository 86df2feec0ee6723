import { describe, expect, it } from 'vitest';
import type { RunningApp } from '../../../src/app.js';
import { GENESIS_HASH, journalChainId, journalEntryHash, sessionFingerprint, type JournalLinkRow } from '../../../src/record/chain.js';
import { useForum } from '../../helpers/forum.js';
import type { ForumFixture } from '../../helpers/fixtures.js';
import { moderateTo, openSession, postOpinion } from '../../helpers/opinion-fixtures.js';

/** A session whose journal holds a submission, upvotes, moderation, a redaction and a response. */
async function journaledSession(app: RunningApp, forum: ForumFixture) {
  const session = await openSession(app, forum);
  const post = (body: string) => postOpinion(app, { sessionId: session.sessionId, body, kind: 'COMPLAINT' });
  const approved = await moderateTo(app, forum, await post('Đèn đường ngõ 12 Hàng Bạc hỏng cả tháng nay.'), 'APPROVED');
  const pending = await post('Đề nghị lắp camera ở ngã tư Hàng Bạc – Mã Mây.');
  const voter = (await forum.citizen('Lê Thị Hoa')).viewer;
  await app.services.opinions.upvote({ viewer: voter, id: approved.id });
  await app.services.responses.respond({
    viewer: forum.officer.viewer,
    input: { opinionId: approved.id, body: 'Công an phường đã báo Công ty chiếu sáng đô thị.', outcome: 'IN_PROGRESS' },
  });
  return { sessionId: session.sessionId, chain: journalChainId(session.sessionId), approved, pending };
}

describe('the journal chain', () => {
  const { server, forum } = useForum();

  const prisma = () => server.app.database.prisma;
  const problemsIn = async (chain: string) => (await server.app.services.record.verify()).problems.filter((p) => p.chain === chain);
  const positionOf = async (sessionId: string, opinionId: string, type: string) =>
    (await prisma().sessionEvent.findFirstOrThrow({ where: { sessionId, opinionId, type }, orderBy: { position: 'desc' } })).position;
  const links = (sessionId: string) =>
    prisma().$queryRaw<JournalLinkRow[]>`
      SELECT session_id AS "sessionId", position, type, opinion_id AS "opinionId", response_id AS "responseId",
             created_at AS "createdAt", payload::text AS "payloadText", salt, prev_hash AS "prevHash", hash
        FROM session_event WHERE session_id = ${sessionId} ORDER BY position`;

  it('should report a journal row whose payload was changed with SQL, naming its session and position', async () => {
    const s = await journaledSession(server.app, forum);
    const submitted = await positionOf(s.sessionId, s.pending.id, 'OPINION_SUBMITTED');
    await prisma().$executeRaw`
      UPDATE session_event SET payload = jsonb_set(payload, '{opinion,body}', '"Công an phường làm việc rất tốt."')
       WHERE session_id = ${s.sessionId} AND position = ${submitted}`;
    const problems = await problemsIn(s.chain);
    expect(problems).toContainEqual({ chain: s.chain, seq: submitted, problem: expect.stringContaining('journal entry was changed') });
  });

  it('should report a deleted journal row in the middle of the chain and the opinion it leaves unjournaled', async () => {
    const s = await journaledSession(server.app, forum);
    const submitted = await positionOf(s.sessionId, s.pending.id, 'OPINION_SUBMITTED');
    await prisma().$executeRaw`DELETE FROM session_event WHERE session_id = ${s.sessionId} AND position = ${submitted}`;
    const problems = await problemsIn(s.chain);
    expect(problems).toContainEqual({ chain: s.chain, seq: submitted, problem: expect.stringContaining('missing') });
    expect(problems).toContainEqual({ chain: s.chain, seq: null, problem: expect.stringContaining(`opinion ${s.pending.id} (#${s.pending.seq}) is not in the journal`) });
  });

  it('should report a deleted last journal row', async () => {
    const s = await journaledSession(server.app, forum);
    const { lastEvent } = await prisma().forumSession.findUniqueOrThrow({ where: { id: s.sessionId } });
    await prisma().$executeRaw`DELETE FROM session_event WHERE session_id = ${s.sessionId} AND position = ${lastEvent}`;
    expect(await problemsIn(s.chain)).toContainEqual({ chain: s.chain, seq: lastEvent, problem: expect.stringContaining('missing') });
  });

  it('should report an opinion slipped in with SQL that the journal never saw', async () => {
    const s = await journaledSession(server.app, forum);
    await prisma().$executeRaw`
      INSERT INTO opinion (id, session_id, seq, kind, body, search_text, author_key, status, updated_at)
      VALUES ('y-kien-gia-mao', ${s.sessionId}, 999, 'SUGGESTION', 'Mọi việc đều tốt.', 'moi viec deu tot.', 'ip:gia-mao', 'APPROVED', now())`;
    expect(await problemsIn(s.chain)).toEqual([{ chain: s.chain, seq: null, problem: expect.stringContaining('opinion y-kien-gia-mao (#999) is not in the journal') }]);
  });

  it('should report an opinion whose text or upvotes were changed with SQL, naming the fields', async () => {
    const s = await journaledSession(server.app, forum);
    await prisma().$executeRaw`UPDATE opinion SET body = 'Đề nghị bỏ camera.', upvotes = 40 WHERE id = ${s.pending.id}`;
    const submitted = await positionOf(s.sessionId, s.pending.id, 'OPINION_SUBMITTED');
    expect(await problemsIn(s.chain)).toEqual([{ chain: s.chain, seq: submitted, problem: expect.stringMatching(/differs from the journal \(body, upvotes\)/) }]);
  });

  it('should find nothing wrong with a journal written only through the API, every entry hashed in the database as in TypeScript', async () => {
    const s = await journaledSession(server.app, forum);
    await server.app.services.moderation.redact({ viewer: forum.moderator.viewer, id: s.approved.id, body: 'Đèn đường một ngõ phố cổ hỏng cả tháng nay.', reason: 'Bỏ số nhà' });
    // Text that JSON escapes: quotes, backslashes, a line break, a tab, an emoji, combining marks.
    await postOpinion(server.app, {
      sessionId: s.sessionId,
      body: 'Biển ghi "Cấm đỗ" \\ đã mờ;\n\tđề nghị thay mới 🚓 — Tiếng Việt tổ hợp: Hà Nội',
      authorName: 'Bác "Tư" Hùng',
    });
    await server.app.services.sessions.setStatus({ viewer: forum.moderator.viewer, id: s.sessionId, status: 'CLOSED' });
    expect(await problemsIn(s.chain)).toEqual([]);
    expect(await problemsIn(`session:${s.sessionId}`)).toEqual([]);

    const rows = await links(s.sessionId);
    let prev = GENESIS_HASH;
    for (const row of rows) {
      expect(row.prevHash).toBe(prev);
      expect(journalEntryHash({ ...row, createdAt: new Date(row.createdAt) }, prev)).toBe(row.hash);
      prev = row.hash!;
    }
    expect(new Set(rows.map((r) => r.salt)).size).toBe(rows.length);
  });

  it('should not fork the journal chain under concurrent submissions and upvotes', async () => {
    const s = await journaledSession(server.app, forum);
    const voters = await Promise.all(['Phạm Văn Nam', 'Đỗ Thị Mai', 'Vũ Văn Hùng', 'Hoàng Thị Thu'].map(async (name) => (await forum.citizen(name)).viewer));
    await Promise.all([
      ...voters.map((voter) => server.app.services.opinions.upvote({ viewer: voter, id: s.approved.id })),
      ...Array.from({ length: 6 }, (_, i) => postOpinion(server.app, { sessionId: s.sessionId, body: `Góp ý số ${i + 1} về đèn đường phố Hàng Bạc.` })),
    ]);
    expect(await problemsIn(s.chain)).toEqual([]);
    expect((await links(s.sessionId)).map((r) => Number(r.position))).toEqual(Array.from({ length: (await links(s.sessionId)).length }, (_, i) => i + 1));
  });

  it('should move the public fingerprint with a journal-only change (an upvote), as the digest of both heads', async () => {
    const s = await journaledSession(server.app, forum);
    const before = await server.app.services.record.fingerprint({ sessionId: s.sessionId, full: true });
    await server.app.services.opinions.upvote({ viewer: (await forum.citizen('Ngô Văn Tâm')).viewer, id: s.approved.id });
    const after = await server.app.services.record.fingerprint({ sessionId: s.sessionId, full: true });
    expect(after).not.toBe(before);
    const recordHead = (await prisma().recordChain.findUniqueOrThrow({ where: { id: `session:${s.sessionId}` } })).headHash;
    const journalHead = (await links(s.sessionId)).at(-1)!.hash!;
    expect(after).toBe(sessionFingerprint({ recordHead, journalHead }));
  });
});
