import { describe, expect, it } from 'vitest';
import { useForum } from '../../helpers/forum.js';
import { ModerationAction, OpinionKind, OpinionStatus } from '../../../src/common/enums.js';
import { moderationResult } from '../../../src/modules/opinion/moderation.service.js';
import { openSession, postOpinion } from '../../helpers/opinion-fixtures.js';

describe('moderationResult', () => {
  // Every action × status: docs/api.md's table, a no-op where the result is the current status,
  // null (CONFLICT) for any other pair.
  const TABLE: Record<ModerationAction, Record<OpinionStatus, OpinionStatus | null>> = {
    APPROVE: { PENDING: 'APPROVED', APPROVED: 'APPROVED', REJECTED: null, HIDDEN: null },
    REJECT: { PENDING: 'REJECTED', APPROVED: null, REJECTED: 'REJECTED', HIDDEN: null },
    HIDE: { PENDING: null, APPROVED: 'HIDDEN', REJECTED: null, HIDDEN: 'HIDDEN' },
    RESTORE: { PENDING: null, APPROVED: null, REJECTED: 'PENDING', HIDDEN: 'APPROVED' },
  };
  const pairs = Object.values(ModerationAction).flatMap((action) => Object.values(OpinionStatus).map((from) => [action, from] as const));

  it.each(pairs)('should take %s of a %s opinion where the table says', (action, from) => {
    expect(moderationResult(action, from)).toBe(TABLE[action][from]);
  });

  it('should never publish a rejected opinion in one step (it waits for moderation again)', () => {
    expect(Object.values(ModerationAction).map((action) => moderationResult(action, 'REJECTED'))).not.toContain('APPROVED');
  });
});

describe('OpinionService.submit idempotency', () => {
  const { server, forum } = useForum();

  const body = 'Đề nghị lắp thêm đèn chiếu sáng ở ngõ 12 phố Hàng Bạc.';

  it('should return the first opinion for a repeated key and store it once', async () => {
    const { sessionId } = await openSession(server.app, forum);
    const first = await postOpinion(server.app, { sessionId, body, idempotencyKey: 'dien-thoai-1-y-kien-1' });
    const again = await postOpinion(server.app, { sessionId, body, idempotencyKey: 'dien-thoai-1-y-kien-1' });
    expect(again.id).toBe(first.id);
    expect(await server.app.database.prisma.opinion.count({ where: { sessionId } })).toBe(1);
  });

  it('should store one opinion when concurrent retries race with one key, and answer each with it', async () => {
    const { sessionId } = await openSession(server.app, forum);
    const posts = await Promise.all([1, 2, 3].map(() => postOpinion(server.app, { sessionId, body, idempotencyKey: 'mang-chap-chon' })));
    expect(new Set(posts.map((p) => p.id)).size).toBe(1);
    expect(await server.app.database.prisma.opinion.count({ where: { sessionId } })).toBe(1);
  });

  it("should store one opinion when a clerk's concurrent retries of one hotline call race with one key", async () => {
    const { sessionId } = await openSession(server.app, forum);
    const call = { sessionId, body: 'Người gọi báo xe tải đỗ chắn lối thoát hiểm chợ Đồng Xuân.', channel: 'HOTLINE', viewer: forum.officer.viewer, idempotencyKey: 'cuoc-goi-0912' };
    const posts = await Promise.all([1, 2, 3].map(() => postOpinion(server.app, call)));
    expect(new Set(posts.map((p) => p.id)).size).toBe(1);
    expect(await server.app.database.prisma.opinion.count({ where: { sessionId } })).toBe(1);
  });

  it("should keep one clerk's intake key apart from another clerk's and from a citizen's", async () => {
    const { sessionId } = await openSession(server.app, forum);
    const slip = { sessionId, body: 'Phiếu góp ý: đề nghị tuần tra khu chợ đêm.', channel: 'PAPER', idempotencyKey: 'phieu-so-7' };
    const [byOfficer, byModerator, byDevice] = await Promise.all([
      postOpinion(server.app, { ...slip, viewer: forum.officer.viewer }),
      postOpinion(server.app, { ...slip, viewer: forum.moderator.viewer }),
      postOpinion(server.app, { sessionId, body: slip.body, idempotencyKey: slip.idempotencyKey }),
    ]);
    expect(new Set([byOfficer.id, byModerator.id, byDevice.id]).size).toBe(3);
  });

  it('should refuse a key reused for a different opinion with CONFLICT, storing nothing new', async () => {
    const { sessionId } = await openSession(server.app, forum);
    await postOpinion(server.app, { sessionId, body, idempotencyKey: 'khoa-dung-lai' });
    await expect(postOpinion(server.app, { sessionId, body: 'Một ý kiến khác hẳn.', idempotencyKey: 'khoa-dung-lai' })).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(postOpinion(server.app, { sessionId, body, kind: OpinionKind.TIP, idempotencyKey: 'khoa-dung-lai' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(await server.app.database.prisma.opinion.count({ where: { sessionId } })).toBe(1);
  });

  it('should scope keys to a session: the same key in another session is a new opinion', async () => {
    const [a, b] = await Promise.all([openSession(server.app, forum), openSession(server.app, forum)]);
    const first = await postOpinion(server.app, { sessionId: a.sessionId, body, idempotencyKey: 'cung-mot-khoa' });
    const second = await postOpinion(server.app, { sessionId: b.sessionId, body, idempotencyKey: 'cung-mot-khoa' });
    expect(second.id).not.toBe(first.id);
  });
});
