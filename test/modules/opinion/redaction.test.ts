import { beforeAll, describe, expect, it } from 'vitest';
import { ok, errorCode } from '../../helpers/server.js';
import { useForum } from '../../helpers/forum.js';
import { moderateTo, openSession, postOpinion, type SessionFixture } from '../../helpers/opinion-fixtures.js';
import { OpinionDocument, RedactOpinionDocument, SessionOpinionsDocument } from '../../generated/graphql.js';

describe('redactOpinion', () => {
  const { server, forum } = useForum();
  let session: SessionFixture;

  const ORIGINAL = 'Anh Tuấn ở số nhà 7 ngách 12 ngõ Huế, sđt 0912 345 678, đi xe 29A-123.45, thường xuyên đua xe lúc nửa đêm.';
  const REDACTED = 'Một người ở ngõ Huế thường xuyên đua xe lúc nửa đêm.';
  const REASON = 'Bỏ họ tên, địa chỉ, số điện thoại và biển số xe';

  beforeAll(async () => {
    session = await openSession(server.app, forum);
  });

  const prisma = () => server.app.database.prisma;
  const redact = (id: string, token: string | undefined, body = REDACTED, reason = REASON) => server.request(RedactOpinionDocument, { id, body, reason }, { token });
  const opinionAs = async (id: string, token?: string) => ok(await server.request(OpinionDocument, { id }, { token })).opinion;

  /** An approved complaint with personal data in it, posted by a citizen. */
  async function published() {
    const author = await forum.citizen('Nguyễn Thị Mai');
    const posted = await postOpinion(server.app, { sessionId: session.sessionId, body: ORIGINAL, kind: 'COMPLAINT', viewer: author.viewer });
    return { opinion: await moderateTo(server.app, forum, posted, 'APPROVED'), author };
  }

  it("should show the original and its personal data to nobody outside the unit's staff, the author included", async () => {
    const { opinion, author } = await published();
    ok(await redact(opinion.id, forum.moderator.token));
    for (const token of [undefined, author.token, (await forum.citizen('Lê Văn Tám')).token, forum.otherModerator.token, forum.otherOfficer.token]) {
      const seen = await opinionAs(opinion.id, token);
      expect(seen).toMatchObject({ body: REDACTED, originalBody: null, personalData: [] });
      const { session: listed } = ok(await server.request(SessionOpinionsDocument, { id: session.sessionId, search: 'Tuấn 0912' }, { token }));
      expect(listed!.opinions.totalCount).toBe(0);
    }
  });

  it('should not let an officer, another unit or a citizen redact, and change nothing', async () => {
    const { opinion, author } = await published();
    expect(errorCode(await redact(opinion.id, forum.officer.token))).toBe('FORBIDDEN');
    expect(errorCode(await redact(opinion.id, forum.otherModerator.token))).toBe('FORBIDDEN');
    expect(errorCode(await redact(opinion.id, author.token))).toBe('FORBIDDEN');
    expect(errorCode(await redact(opinion.id, undefined))).toBe('UNAUTHENTICATED');
    expect(await prisma().opinion.findUniqueOrThrow({ where: { id: opinion.id } })).toMatchObject({ body: ORIGINAL, originalBody: null });
    expect(await prisma().auditEntry.count({ where: { entityId: opinion.id, action: 'OPINION_REDACTED' } })).toBe(0);
  });

  it('should flag the personal data of the text as posted for the unit\'s staff', async () => {
    const { opinion } = await published();
    expect((await opinionAs(opinion.id, forum.moderator.token))?.personalData).toEqual(['PHONE', 'PLATE', 'ADDRESS']);
    ok(await redact(opinion.id, forum.moderator.token));
    // Still the original's: moderators see what was cut out.
    expect((await opinionAs(opinion.id, forum.officer.token))?.personalData).toEqual(['PHONE', 'PLATE', 'ADDRESS']);
  });

  it('should replace the public text, keep the original for staff, and search the new text only', async () => {
    const { opinion } = await published();
    const { redactOpinion } = ok(await redact(opinion.id, forum.admin.token));
    expect(redactOpinion).toMatchObject({ body: REDACTED, originalBody: ORIGINAL, status: 'APPROVED' });
    expect(await opinionAs(opinion.id, forum.officer.token)).toMatchObject({ body: REDACTED, originalBody: ORIGINAL });
    const search = async (text: string) => ok(await server.request(SessionOpinionsDocument, { id: session.sessionId, search: text })).session!.opinions.edges.map((e) => e.node.id);
    expect(await search('0912 345 678')).not.toContain(opinion.id);
    expect(await search('dua xe luc nua dem')).toContain(opinion.id);
  });

  it('should keep the first original when an opinion is redacted twice', async () => {
    const { opinion } = await published();
    ok(await redact(opinion.id, forum.moderator.token));
    const { redactOpinion } = ok(await redact(opinion.id, forum.moderator.token, 'Có người thường xuyên đua xe lúc nửa đêm.'));
    expect(redactOpinion).toMatchObject({ body: 'Có người thường xuyên đua xe lúc nửa đêm.', originalBody: ORIGINAL });
  });

  it('should put each redaction on the record with its reason', async () => {
    const { opinion } = await published();
    ok(await redact(opinion.id, forum.moderator.token));
    const entries = await prisma().auditEntry.findMany({ where: { entityId: opinion.id }, orderBy: { seq: 'asc' } });
    expect(entries.map((e) => [e.action, e.actorId, e.reason])).toEqual([
      ['OPINION_APPROVED', forum.moderator.id, null],
      ['OPINION_REDACTED', forum.moderator.id, REASON],
    ]);
  });

  it('should refuse an empty text and change nothing', async () => {
    const { opinion } = await published();
    expect(errorCode(await redact(opinion.id, forum.moderator.token, '   '))).toBe('BAD_USER_INPUT');
    expect(errorCode(await redact(opinion.id, forum.moderator.token, REDACTED, ''))).toBe('BAD_USER_INPUT');
    expect((await prisma().opinion.findUniqueOrThrow({ where: { id: opinion.id } })).body).toBe(ORIGINAL);
  });
});
