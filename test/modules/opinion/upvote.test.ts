import crypto from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { useForum } from '../../helpers/forum.js';
import { ok, errorCode } from '../../helpers/server.js';
import { AppError } from '../../../src/common/errors.js';
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
  describe('racing a hide or a close', () => {
    const CHANGE_AT = [0, 2, 4, 6];
    const VOTERS = 8;
    let voters: Awaited<ReturnType<typeof forum.citizen>>[];
    const names = ['Phan Văn Đức', 'Hà Thị Thu', 'Lò Văn Páo', 'Mai Thị Nhung', 'Trịnh Văn Quyết', 'Đoàn Thị Yến', 'Vương Văn Sơn', 'Chu Thị Hằng'];

    beforeAll(async () => {
      voters = await Promise.all(names.slice(0, VOTERS).map((name) => forum.citizen(name)));
    });

    /** `n` turns of the event loop: spreads the starts of the racers over the change's own steps. */
    const turns = async (n: number) => {
      for (let i = 0; i < n; i++) await new Promise((resolve) => setImmediate(resolve));
    };

    /**
     * Every voter's upvote started one turn of the event loop after the other, and `change` among
     * them (after `changeAt` turns), so that some upvotes read the opinion before the change commits
     * and write after it: the number of successful upvotes (each refusal an AppError).
     */
    async function race(opinionId: string, changeAt: number, change: () => Promise<unknown>) {
      const votes = voters.map(async (v, i) => {
        await turns(i);
        return server.app.services.opinions.upvote({ viewer: v.viewer, id: opinionId });
      });
      const [changed, ...settled] = await Promise.allSettled([turns(changeAt).then(change), ...votes]);
      if (changed.status === 'rejected') throw changed.reason;
      for (const r of settled) if (r.status === 'rejected') expect(r.reason, String(r.reason)).toBeInstanceOf(AppError);
      return settled.filter((r) => r.status === 'fulfilled').length;
    }

    /** The upvotes journaled after the change's own journal entry, and the counts as stored. */
    async function afterChange(sessionId: string, opinionId: string, changeType: 'OPINION_STATUS_CHANGED' | 'SESSION_STATUS_CHANGED') {
      const journal = await prisma().sessionEvent.findMany({ where: { sessionId }, orderBy: { position: 'asc' } });
      const changeAt = journal.findLast((e) => e.type === changeType)!.position;
      const lateVotes = journal.filter((e) => e.type === 'OPINION_UPVOTED' && e.opinionId === opinionId && e.position > changeAt).length;
      const votesJournaled = journal.filter((e) => e.type === 'OPINION_UPVOTED' && e.opinionId === opinionId).length;
      return { lateVotes, votesJournaled, ...(await storedUpvotes(opinionId)) };
    }

    it('should not count an upvote that lands after the opinion is hidden', async () => {
      for (const [round, changeAt] of CHANGE_AT.entries()) {
        const session = await openSession(server.app, forum);
        const opinion = await opinionIn('APPROVED', 'SUGGESTION', session.sessionId);
        const hide = () =>
          server.app.services.moderation.moderate({ viewer: forum.moderator.viewer, id: opinion.id, action: 'HIDE', reason: 'Nội dung trùng lặp', reasonCode: 'DUPLICATE' });
        const succeeded = await race(opinion.id, changeAt, hide);
        const after = await afterChange(session.sessionId, opinion.id, 'OPINION_STATUS_CHANGED');
        expect(after, `round ${round}`).toEqual({ lateVotes: 0, votesJournaled: succeeded, counter: succeeded, rows: succeeded });
      }
    });

    it('should not count an upvote that lands after the session is closed', async () => {
      for (const [round, changeAt] of CHANGE_AT.entries()) {
        const session = await openSession(server.app, forum);
        const opinion = await opinionIn('APPROVED', 'SUGGESTION', session.sessionId);
        const close = () => server.app.services.sessions.setStatus({ viewer: forum.moderator.viewer, id: session.sessionId, status: 'CLOSED' });
        const succeeded = await race(opinion.id, changeAt, close);
        const after = await afterChange(session.sessionId, opinion.id, 'SESSION_STATUS_CHANGED');
        expect(after, `round ${round}`).toEqual({ lateVotes: 0, votesJournaled: succeeded, counter: succeeded, rows: succeeded });
      }
    });
  });
});
