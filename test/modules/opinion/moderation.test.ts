import crypto from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { useForum } from '../../helpers/forum.js';
import { ok, errorCode } from '../../helpers/server.js';
import { moderateTo, postOpinion } from '../../helpers/opinion-fixtures.js';
import { ModerateOpinionDocument, type ModerationAction, type ModerationReason } from '../../generated/graphql.js';

describe('moderateOpinion', () => {
  const { server, forum } = useForum();

  const prisma = () => server.app.database.prisma;
  const REASON = 'Nêu đích danh và số điện thoại của người khác';

  /** A fresh opinion of the seeded (PRE) session, moved to `status` through the service. */
  async function opinionIn(status: 'PENDING' | 'APPROVED' | 'REJECTED' | 'HIDDEN') {
    const posted = await postOpinion(server.app, {
      sessionId: forum.sessionId,
      body: 'Nhóm thanh niên đua xe trên phố Tràng Thi sau 23 giờ, đề nghị xử lý.',
      kind: 'COMPLAINT',
      idempotencyKey: crypto.randomUUID(),
    });
    return moderateTo(server.app, forum, posted, status);
  }

  const removes = (action: ModerationAction) => action === 'REJECT' || action === 'HIDE';
  const moderate = (
    id: string,
    action: ModerationAction,
    reason: string | null,
    token: string | undefined = forum.moderator.token,
    reasonCode: ModerationReason | null = removes(action) ? 'ABUSIVE' : null,
  ) => server.request(ModerateOpinionDocument, { id, action, reason, reasonCode }, { token });

  const stored = (id: string) => prisma().opinion.findUniqueOrThrow({ where: { id } });
  const auditOf = (id: string) => prisma().auditEntry.findMany({ where: { entityId: id }, orderBy: { seq: 'asc' } });

  it('should APPROVE a PENDING opinion', async () => {
    const opinion = await opinionIn('PENDING');
    const { moderateOpinion } = ok(await moderate(opinion.id, 'APPROVE', null));
    expect(moderateOpinion.status).toBe('APPROVED');
    expect((await stored(opinion.id)).status).toBe('APPROVED');
  });

  it('should REJECT a PENDING opinion with its reason', async () => {
    const opinion = await opinionIn('PENDING');
    const { moderateOpinion } = ok(await moderate(opinion.id, 'REJECT', REASON));
    expect(moderateOpinion).toMatchObject({ status: 'REJECTED', rejectReason: REASON });
    expect(await stored(opinion.id)).toMatchObject({ status: 'REJECTED', rejectReason: REASON });
  });

  it('should refuse to REJECT without a reason and change nothing', async () => {
    const opinion = await opinionIn('PENDING');
    for (const reason of [null, '', '   ']) {
      expect(errorCode(await moderate(opinion.id, 'REJECT', reason))).toBe('BAD_USER_INPUT');
    }
    expect((await stored(opinion.id)).status).toBe('PENDING');
    expect(await auditOf(opinion.id)).toEqual([]);
  });

  it.each(['REJECT', 'HIDE'] as const)('should refuse to %s without a reasonCode and change nothing', async (action) => {
    const opinion = await opinionIn(action === 'REJECT' ? 'PENDING' : 'APPROVED');
    const result = await moderate(opinion.id, action, REASON, forum.moderator.token, null);
    expect(errorCode(result)).toBe('BAD_USER_INPUT');
    expect(result.errors?.[0].extensions).toMatchObject({ field: 'reasonCode' });
    expect((await stored(opinion.id)).status).toBe(action === 'REJECT' ? 'PENDING' : 'APPROVED');
    expect(await auditOf(opinion.id)).toHaveLength(action === 'REJECT' ? 0 : 1);
  });

  it('should keep the reasonCode while the opinion stays rejected, and clear it on RESTORE', async () => {
    const opinion = await opinionIn('PENDING');
    const { moderateOpinion } = ok(await moderate(opinion.id, 'REJECT', REASON, forum.moderator.token, 'PERSONAL_DATA'));
    expect(moderateOpinion).toMatchObject({ status: 'REJECTED', moderationReason: 'PERSONAL_DATA' });
    expect(ok(await moderate(opinion.id, 'RESTORE', null)).moderateOpinion).toMatchObject({ status: 'PENDING', moderationReason: null });
    expect(await stored(opinion.id)).toMatchObject({ moderationReason: null, rejectReason: null });
  });

  it('should HIDE an APPROVED opinion with its reason', async () => {
    const opinion = await opinionIn('APPROVED');
    const { moderateOpinion } = ok(await moderate(opinion.id, 'HIDE', REASON));
    expect(moderateOpinion).toMatchObject({ status: 'HIDDEN', rejectReason: REASON });
    expect(await stored(opinion.id)).toMatchObject({ status: 'HIDDEN', rejectReason: REASON });
  });

  it('should refuse to HIDE without a reason and change nothing', async () => {
    const opinion = await opinionIn('APPROVED');
    expect(errorCode(await moderate(opinion.id, 'HIDE', null))).toBe('BAD_USER_INPUT');
    expect((await stored(opinion.id)).status).toBe('APPROVED');
  });

  it('should RESTORE a HIDDEN opinion to APPROVED and clear its reason', async () => {
    const opinion = await opinionIn('HIDDEN');
    const { moderateOpinion } = ok(await moderate(opinion.id, 'RESTORE', null));
    expect(moderateOpinion).toMatchObject({ status: 'APPROVED', rejectReason: null });
    expect(await stored(opinion.id)).toMatchObject({ status: 'APPROVED', rejectReason: null });
  });

  it('should RESTORE a REJECTED opinion to PENDING and clear its rejectReason', async () => {
    const opinion = await opinionIn('REJECTED');
    expect(opinion.rejectReason).not.toBeNull();
    const { moderateOpinion } = ok(await moderate(opinion.id, 'RESTORE', null));
    expect(moderateOpinion).toMatchObject({ status: 'PENDING', rejectReason: null });
    expect(await stored(opinion.id)).toMatchObject({ status: 'PENDING', rejectReason: null });
  });

  it('should refuse to APPROVE a HIDDEN opinion', async () => {
    const opinion = await opinionIn('HIDDEN');
    expect(errorCode(await moderate(opinion.id, 'APPROVE', null))).toBe('CONFLICT');
    expect((await stored(opinion.id)).status).toBe('HIDDEN');
  });

  it.each([
    ['HIDE', 'PENDING'],
    ['REJECT', 'APPROVED'],
    ['RESTORE', 'PENDING'],
    ['RESTORE', 'APPROVED'],
  ] as const)('should refuse to %s an opinion that is %s', async (action, status) => {
    const opinion = await opinionIn(status);
    expect(errorCode(await moderate(opinion.id, action, REASON))).toBe('CONFLICT');
    expect((await stored(opinion.id)).status).toBe(status);
  });

  it('should treat a repeated APPROVE as a no-op', async () => {
    const opinion = await opinionIn('PENDING');
    ok(await moderate(opinion.id, 'APPROVE', null));
    const before = await stored(opinion.id);
    const { moderateOpinion } = ok(await moderate(opinion.id, 'APPROVE', null));
    expect(moderateOpinion.status).toBe('APPROVED');
    expect((await stored(opinion.id)).updatedAt).toEqual(before.updatedAt);
    expect(await auditOf(opinion.id)).toHaveLength(1);
  });

  it('should apply the same action from moderators clicking at once exactly once', async () => {
    const opinion = await opinionIn('PENDING');
    const tokens = [forum.moderator.token, forum.admin.token, forum.moderator.token, forum.admin.token, forum.moderator.token];
    const results = await Promise.all(tokens.map((token) => moderate(opinion.id, 'APPROVE', null, token)));
    expect(results.map((r) => ok(r).moderateOpinion.status)).toEqual(tokens.map(() => 'APPROVED'));
    expect(await auditOf(opinion.id)).toHaveLength(1);
  });

  it('should treat an APPROVE that lost the race to another APPROVE as a no-op', async () => {
    const opinion = await opinionIn('APPROVED');
    // This request read the opinion while it was still PENDING; the other approval committed first.
    const stale = { ...(await stored(opinion.id)), status: 'PENDING', session: { unitId: forum.districtId } };
    const readStale = vi.spyOn(prisma().opinion, 'findUnique').mockImplementationOnce((() => Promise.resolve(stale)) as never);
    try {
      expect(ok(await moderate(opinion.id, 'APPROVE', null)).moderateOpinion.status).toBe('APPROVED');
      expect(readStale).toHaveBeenCalled();
    } finally {
      readStale.mockRestore();
    }
    expect(await auditOf(opinion.id)).toHaveLength(1);
  });

  it('should refuse an action that lost the race to a different one', async () => {
    const opinion = await opinionIn('HIDDEN');
    const stale = { ...(await stored(opinion.id)), status: 'PENDING', session: { unitId: forum.districtId } };
    const readStale = vi.spyOn(prisma().opinion, 'findUnique').mockImplementationOnce((() => Promise.resolve(stale)) as never);
    try {
      expect(errorCode(await moderate(opinion.id, 'APPROVE', null))).toBe('CONFLICT');
    } finally {
      readStale.mockRestore();
    }
    expect((await stored(opinion.id)).status).toBe('HIDDEN');
  });

  it('should let an ADMIN of the unit moderate', async () => {
    const opinion = await opinionIn('PENDING');
    expect(ok(await moderate(opinion.id, 'APPROVE', null, forum.admin.token)).moderateOpinion.status).toBe('APPROVED');
  });

  it('should not let an OFFICER moderate', async () => {
    const opinion = await opinionIn('PENDING');
    expect(errorCode(await moderate(opinion.id, 'APPROVE', null, forum.officer.token))).toBe('FORBIDDEN');
    expect((await stored(opinion.id)).status).toBe('PENDING');
  });

  it("should not let another unit's moderator moderate", async () => {
    const opinion = await opinionIn('APPROVED');
    expect(errorCode(await moderate(opinion.id, 'HIDE', REASON, forum.otherModerator.token))).toBe('FORBIDDEN');
    expect((await stored(opinion.id)).status).toBe('APPROVED');
    expect(await auditOf(opinion.id)).toHaveLength(1);
  });

  it('should not let a citizen moderate', async () => {
    const opinion = await opinionIn('PENDING');
    const citizen = await forum.citizen('Trịnh Văn Phúc');
    expect(errorCode(await moderate(opinion.id, 'APPROVE', null, citizen.token))).toBe('FORBIDDEN');
    expect((await stored(opinion.id)).status).toBe('PENDING');
  });

  it('should ask an anonymous caller to sign in', async () => {
    const opinion = await opinionIn('PENDING');
    expect(errorCode(await server.request(ModerateOpinionDocument, { id: opinion.id, action: 'APPROVE' }))).toBe('UNAUTHENTICATED');
    expect((await stored(opinion.id)).status).toBe('PENDING');
  });

  it('should answer NOT_FOUND for an unknown opinion', async () => {
    expect(errorCode(await moderate(crypto.randomUUID(), 'APPROVE', null))).toBe('NOT_FOUND');
  });

  it('should audit every effective action with actor, statuses and reason', async () => {
    const opinion = await opinionIn('PENDING');
    ok(await moderate(opinion.id, 'APPROVE', null));
    ok(await moderate(opinion.id, 'APPROVE', null)); // a no-op: not audited
    ok(await moderate(opinion.id, 'HIDE', REASON, forum.admin.token));
    ok(await moderate(opinion.id, 'RESTORE', null));
    const entries = await auditOf(opinion.id);
    expect(
      entries.map(({ actorId, actorRole, action, entityType, sessionId, fromStatus, toStatus, reason, reasonCode }) => ({ actorId, actorRole, action, entityType, sessionId, fromStatus, toStatus, reason, reasonCode })),
    ).toEqual([
      { actorId: forum.moderator.id, actorRole: 'MODERATOR', action: 'OPINION_APPROVED', entityType: 'Opinion', sessionId: forum.sessionId, fromStatus: 'PENDING', toStatus: 'APPROVED', reason: null, reasonCode: null },
      { actorId: forum.admin.id, actorRole: 'ADMIN', action: 'OPINION_HIDDEN', entityType: 'Opinion', sessionId: forum.sessionId, fromStatus: 'APPROVED', toStatus: 'HIDDEN', reason: REASON, reasonCode: 'ABUSIVE' },
      { actorId: forum.moderator.id, actorRole: 'MODERATOR', action: 'OPINION_RESTORED', entityType: 'Opinion', sessionId: forum.sessionId, fromStatus: 'HIDDEN', toStatus: 'APPROVED', reason: null, reasonCode: null },
    ]);
  });

  it('should audit a rejection with its reason', async () => {
    const opinion = await opinionIn('PENDING');
    ok(await moderate(opinion.id, 'REJECT', REASON));
    const [entry, ...rest] = await auditOf(opinion.id);
    expect(rest).toEqual([]);
    expect(entry).toMatchObject({ actorId: forum.moderator.id, action: 'OPINION_REJECTED', fromStatus: 'PENDING', toStatus: 'REJECTED', reason: REASON });
  });
});
