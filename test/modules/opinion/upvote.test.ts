import crypto from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useForum } from '../../helpers/forum.js';
import { ok, errorCode } from '../../helpers/server.js';
import { moderateTo, openSession, postOpinion } from '../../helpers/opinion-fixtures.js';
import { OpinionDocument, UpvoteOpinionDocument } from '../../generated/graphql.js';

describe('upvoteOpinion', () => {
  const { server, forum } = useForum();

  const prisma = () => server.app.database.prisma;

  /** A fresh opinion of the seeded (PRE) session in `status`. */
  async function opinionIn(status: 'PENDING' | 'APPROVED' | 'HIDDEN', kind: 'SUGGESTION' | 'TIP' = 'SUGGESTION', sessionId = forum.sessionId) {
    const posted = await postOpinion(server.app, {
      sessionId,
      body: 'Đề nghị bố trí chốt cảnh sát giao thông ở cổng trường Tiểu học Trưng Vương giờ tan học.',
      kind,
      idempotencyKey: crypto.randomUUID(),
    });
    return moderateTo(server.app, forum, posted, status);
  }

  const upvote = (id: string, token?: string) => server.request(UpvoteOpinionDocument, { id }, { token });
  const storedUpvotes = async (id: string) => {
    const [opinion, rows] = await Promise.all([prisma().opinion.findUniqueOrThrow({ where: { id } }), prisma().upvote.count({ where: { opinionId: id } })]);
    return { counter: opinion.upvotes, rows };
  };

  it('should count a citizen’s upvote', async () => {
    const opinion = await opinionIn('APPROVED');
    const citizen = await forum.citizen('Vũ Thị Hạnh');
    expect(ok(await upvote(opinion.id, citizen.token)).upvoteOpinion.upvotes).toBe(1);
    expect(ok(await server.request(OpinionDocument, { id: opinion.id })).opinion?.upvotes).toBe(1);
    expect(await storedUpvotes(opinion.id)).toEqual({ counter: 1, rows: 1 });
  });

  it('should ask an anonymous caller for a citizen token', async () => {
    const opinion = await opinionIn('APPROVED');
    expect(errorCode(await upvote(opinion.id))).toBe('UNAUTHENTICATED');
    expect(await storedUpvotes(opinion.id)).toEqual({ counter: 0, rows: 0 });
  });

  it('should not let staff upvote', async () => {
    const opinion = await opinionIn('APPROVED');
    for (const staff of [forum.moderator, forum.officer, forum.otherModerator]) {
      expect(errorCode(await upvote(opinion.id, staff.token))).toBe('FORBIDDEN');
    }
    expect(await storedUpvotes(opinion.id)).toEqual({ counter: 0, rows: 0 });
  });

  it('should treat a repeated upvote by the same citizen as a no-op', async () => {
    const opinion = await opinionIn('APPROVED');
    const citizen = await forum.citizen('Vũ Thị Hạnh');
    ok(await upvote(opinion.id, citizen.token));
    expect(ok(await upvote(opinion.id, citizen.token)).upvoteOpinion.upvotes).toBe(1);
    expect(await storedUpvotes(opinion.id)).toEqual({ counter: 1, rows: 1 });
  });

  it('should count 20 concurrent upvotes by the same citizen once', async () => {
    const opinion = await opinionIn('APPROVED');
    const citizen = await forum.citizen('Đinh Công Tráng');
    const results = await Promise.all(Array.from({ length: 20 }, () => upvote(opinion.id, citizen.token)));
    for (const result of results) expect(ok(result).upvoteOpinion.upvotes).toBe(1);
    expect(await storedUpvotes(opinion.id)).toEqual({ counter: 1, rows: 1 });
  });

  it('should count upvotes of different citizens separately', async () => {
    const opinion = await opinionIn('APPROVED');
    const citizens = await Promise.all(['Bùi Văn Khánh', 'Lương Thị Mai', 'Tạ Quang Nam', 'Kiều Thị Oanh'].map((name) => forum.citizen(name)));
    const results = await Promise.all(citizens.map((c) => upvote(opinion.id, c.token)));
    expect(results.map((r) => ok(r).upvoteOpinion.upvotes).sort()).toEqual([1, 2, 3, 4]);
    expect(await storedUpvotes(opinion.id)).toEqual({ counter: 4, rows: 4 });
  });

  it("should answer NOT_FOUND to a citizen upvoting someone else's PENDING opinion", async () => {
    const opinion = await opinionIn('PENDING');
    const citizen = await forum.citizen('Vũ Thị Hạnh');
    expect(errorCode(await upvote(opinion.id, citizen.token))).toBe('NOT_FOUND');
    expect(await storedUpvotes(opinion.id)).toEqual({ counter: 0, rows: 0 });
  });

  it('should answer NOT_FOUND to a citizen upvoting a HIDDEN opinion', async () => {
    const opinion = await opinionIn('HIDDEN');
    const citizen = await forum.citizen('Vũ Thị Hạnh');
    expect(errorCode(await upvote(opinion.id, citizen.token))).toBe('NOT_FOUND');
  });

  it('should not reveal tips to citizens by upvoting them', async () => {
    const citizen = await forum.citizen('Vũ Thị Hạnh');
    for (const status of ['PENDING', 'APPROVED'] as const) {
      const tip = await opinionIn(status, 'TIP');
      expect(errorCode(await upvote(tip.id, citizen.token)), status).toBe('NOT_FOUND');
      expect(await storedUpvotes(tip.id)).toEqual({ counter: 0, rows: 0 });
    }
  });

  it('should not move the count of a tip when its own author upvotes it', async () => {
    const author = await forum.citizen('Bùi Văn Toàn');
    const tip = await moderateTo(
      server.app,
      forum,
      await postOpinion(server.app, { sessionId: forum.sessionId, body: 'Có điểm đánh bạc trong nhà kho cuối ngõ Chợ Khâm Thiên.', kind: 'TIP', viewer: author.viewer }),
      'APPROVED',
    );
    expect(errorCode(await upvote(tip.id, author.token))).toBe('CONFLICT');
    expect(await storedUpvotes(tip.id)).toEqual({ counter: 0, rows: 0 });
  });

  it('should answer NOT_FOUND for an unknown opinion', async () => {
    const citizen = await forum.citizen('Vũ Thị Hạnh');
    expect(errorCode(await upvote(crypto.randomUUID(), citizen.token))).toBe('NOT_FOUND');
  });

  it('should ask a citizen whose token names no known citizen to join again', async () => {
    const opinion = await opinionIn('APPROVED');
    const stranger = await server.app.tokens.issue({ kind: 'citizen', id: crypto.randomUUID(), displayName: 'Người lạ' });
    expect(errorCode(await upvote(opinion.id, stranger))).toBe('UNAUTHENTICATED');
    expect(await storedUpvotes(opinion.id)).toEqual({ counter: 0, rows: 0 });
  });

  it('should refuse upvotes after the session is CLOSED', async () => {
    const session = await openSession(server.app, forum);
    const opinion = await opinionIn('APPROVED', 'SUGGESTION', session.sessionId);
    const citizen = await forum.citizen('Vũ Thị Hạnh');
    ok(await upvote(opinion.id, citizen.token));
    await server.app.services.sessions.setStatus({ viewer: forum.moderator.viewer, id: session.sessionId, status: 'CLOSED' });
    const late = await forum.citizen('Cao Văn Lâm');
    expect(errorCode(await upvote(opinion.id, late.token))).toBe('CONFLICT');
    expect(await storedUpvotes(opinion.id)).toEqual({ counter: 1, rows: 1 });
  });
});
