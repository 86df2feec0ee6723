import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode, ok } from '../../helpers/server.js';
import { useForum } from '../../helpers/forum.js';
import { UpdateSessionDocument, type UpdateSessionInput } from '../../generated/graphql.js';

const { server, forum } = useForum();
let citizenToken: string;

beforeAll(async () => {
  citizenToken = (await forum.citizen('Bà Vũ Thị Lan')).token;
});

const prisma = () => server.app.database.prisma;
const update = (token: string | null, input: UpdateSessionInput) => server.request(UpdateSessionDocument, { input }, { token });
const stored = () => prisma().forumSession.findUniqueOrThrow({ where: { id: forum.sessionId }, include: { topics: { orderBy: { position: 'asc' } } } });
const updates = () => prisma().auditEntry.findMany({ where: { entityId: forum.sessionId, action: 'SESSION_UPDATED' }, orderBy: { createdAt: 'asc' } });

describe('updateSession', () => {
  it('should refuse a citizen, an anonymous visitor, an officer of the unit and a moderator of another unit, changing nothing', async () => {
    const before = await stored();
    expect(errorCode(await update(citizenToken, { id: forum.sessionId, title: 'Tiêu đề giả mạo' }))).toBe('FORBIDDEN');
    expect(errorCode(await update(null, { id: forum.sessionId, title: 'Tiêu đề giả mạo' }))).toBe('UNAUTHENTICATED');
    expect(errorCode(await update(forum.officer.token, { id: forum.sessionId, title: 'Tiêu đề giả mạo' }))).toBe('FORBIDDEN');
    expect(errorCode(await update(forum.otherModerator.token, { id: forum.sessionId, addTopics: ['Chủ đề lạ'] }))).toBe('FORBIDDEN');
    expect(await stored()).toEqual(before);
    expect(await updates()).toHaveLength(0);
  });

  it('should refuse invalid values like createSession does, changing nothing', async () => {
    const before = await stored();
    expect(errorCode(await update(forum.moderator.token, { id: forum.sessionId, title: '   ' }))).toBe('BAD_USER_INPUT');
    // An end before the (unchanged) start.
    expect(errorCode(await update(forum.moderator.token, { id: forum.sessionId, endsAt: '2026-11-26T01:00:00.000Z' }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await update(forum.moderator.token, { id: forum.sessionId, location: 'x'.repeat(201) }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await update(forum.moderator.token, { id: forum.sessionId, renameTopics: [{ id: 'not-a-topic', name: 'Cháy nổ' }] }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await update(forum.moderator.token, { id: '00000000-0000-0000-0000-000000000000', title: 'Phiên không có' }))).toBe('NOT_FOUND');
    expect(await stored()).toEqual(before);
  });

  it('should refuse renaming a topic to the name of another, changing nothing', async () => {
    const before = await stored();
    const [traffic, theft] = forum.topics;
    const result = await update(forum.moderator.token, { id: forum.sessionId, renameTopics: [{ id: traffic.id, name: theft.name.toUpperCase() }] });
    expect(errorCode(result)).toBe('CONFLICT');
    expect(await stored()).toEqual(before);
  });

  it('should let a moderator of the unit change details, times and settings, keeping Vietnamese text as typed', async () => {
    const { updateSession } = ok(
      await update(forum.moderator.token, {
        id: forum.sessionId,
        title: 'Công an lắng nghe ý kiến nhân dân phường Hàng Trống (điều chỉnh)',
        location: 'Hội trường UBND phường Hàng Trống, 1 phố Lý Quốc Sư',
        endsAt: '2026-11-27T04:00:00.000Z',
        moderationMode: 'POST',
        allowAnonymous: false,
      }),
    );
    expect(updateSession).toMatchObject({
      title: 'Công an lắng nghe ý kiến nhân dân phường Hàng Trống (điều chỉnh)',
      location: 'Hội trường UBND phường Hàng Trống, 1 phố Lý Quốc Sư',
      endsAt: '2026-11-27T04:00:00.000Z',
      moderationMode: 'POST',
      allowAnonymous: false,
    });
    const [audit] = (await updates()).slice(-1);
    expect(audit).toMatchObject({ actorId: forum.moderator.id, entityType: 'ForumSession' });
    expect(audit.reason).toContain('title');
    expect(audit.reason).toContain('moderationMode');
  });

  it('should add new topics after the existing ones, skip names it has, and rename topics in place', async () => {
    const [traffic, theft] = forum.topics;
    const { updateSession } = ok(
      await update(forum.admin.token, {
        id: forum.sessionId,
        addTopics: ['Phòng cháy chữa cháy', 'an toàn giao thông', 'Cư trú và căn cước'],
        // A swap: both names exist until the update finishes.
        renameTopics: [
          { id: traffic.id, name: theft.name },
          { id: theft.id, name: traffic.name },
        ],
      }),
    );
    expect(updateSession.topics.map((t) => t.name)).toEqual([
      'Trộm cắp tài sản',
      'An toàn giao thông',
      'Tệ nạn xã hội',
      'Thái độ phục vụ của cán bộ',
      'Phòng cháy chữa cháy',
      'Cư trú và căn cước',
    ]);
    expect(updateSession.topics[0].id).toBe(traffic.id);
    const [audit] = (await updates()).slice(-1);
    expect(audit.reason).toContain('topic "Phòng cháy chữa cháy" added');
    expect(audit.reason).toContain(`topic "${traffic.name}" → "${theft.name}"`);
  });

  it('should clear the description when given null, and write no audit entry when nothing changes', async () => {
    ok(await update(forum.moderator.token, { id: forum.sessionId, description: 'Mô tả tạm thời' }));
    const { updateSession } = ok(await update(forum.moderator.token, { id: forum.sessionId, description: null }));
    expect(updateSession.description).toBeNull();
    const count = (await updates()).length;
    ok(await update(forum.moderator.token, { id: forum.sessionId, description: null, allowAnonymous: false }));
    expect(await updates()).toHaveLength(count);
  });
});
