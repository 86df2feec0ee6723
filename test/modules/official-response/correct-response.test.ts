import { beforeAll, describe, expect, it } from 'vitest';
import { errorCode, ok } from '../../helpers/server.js';
import { useForum } from '../../helpers/forum.js';
import { CorrectResponseDocument, OpinionWithResponseHistoryDocument, type CorrectResponseInput } from '../../generated/graphql.js';

const { server, forum } = useForum({ session: { moderationMode: 'POST' } });
let citizenToken: string;
let opinionId: string;
let responseId: string;

const FIRST = 'Đã chuyển UBND phường sửa đèn trong tuần này.';

beforeAll(async () => {
  const citizen = await forum.citizen('Ông Đặng Văn Khoa');
  citizenToken = citizen.token;
  const opinion = await server.app.services.opinions.submit({
    poster: { viewer: citizen.viewer, deviceKey: `c:${citizen.id}` },
    input: { sessionId: forum.sessionId, body: 'Đèn đường ngõ 12 phố Hàng Trống hỏng đã hai tuần.', authorName: 'Đặng Văn Khoa' },
  });
  opinionId = opinion.id;
  const response = await server.app.services.responses.respond({ viewer: forum.officer.viewer, input: { opinionId, body: FIRST, outcome: 'REFERRED' } });
  responseId = response.id;
});

const prisma = () => server.app.database.prisma;
const correct = (token: string | null, input: CorrectResponseInput) => server.request(CorrectResponseDocument, { input }, { token });

describe('correctResponse', () => {
  it('should refuse a citizen, an anonymous visitor and an officer of another unit, changing nothing', async () => {
    const input = { id: responseId, body: 'Câu trả lời bị sửa trái phép' };
    expect(errorCode(await correct(citizenToken, input))).toBe('FORBIDDEN');
    expect(errorCode(await correct(null, input))).toBe('UNAUTHENTICATED');
    expect(errorCode(await correct(forum.otherOfficer.token, input))).toBe('FORBIDDEN');
    expect((await prisma().officialResponse.findUniqueOrThrow({ where: { id: responseId } })).body).toBe(FIRST);
    expect(await prisma().responseRevision.count()).toBe(0);
  });

  it('should refuse a correction with neither body nor outcome, and an unknown response', async () => {
    expect(errorCode(await correct(forum.officer.token, { id: responseId }))).toBe('BAD_USER_INPUT');
    expect(errorCode(await correct(forum.officer.token, { id: '00000000-0000-0000-0000-000000000000', body: 'Sửa' }))).toBe('NOT_FOUND');
  });

  it('should replace the text and outcome, keep the previous version and audit the correction', async () => {
    const { correctResponse } = ok(
      await correct(forum.moderator.token, { id: responseId, body: 'Đèn đã được sửa xong ngày 28/11.', outcome: 'RESOLVED' }),
    );
    expect(correctResponse).toMatchObject({ body: 'Đèn đã được sửa xong ngày 28/11.', outcome: 'RESOLVED', edited: true });
    expect(correctResponse.editedAt).not.toBeNull();
    expect(correctResponse.revisions).toEqual([{ body: FIRST, outcome: 'REFERRED', createdAt: expect.any(String), editor: { id: forum.moderator.id, displayName: 'Đại úy Trần Thị Hoa' } }]);
    const audit = await prisma().auditEntry.findMany({ where: { entityId: responseId, action: 'RESPONSE_CORRECTED' } });
    expect(audit).toEqual([expect.objectContaining({ actorId: forum.moderator.id, fromStatus: 'REFERRED', toStatus: 'RESOLVED', sessionId: forum.sessionId })]);
  });

  it('should show the public that a response was corrected, but not the earlier text', async () => {
    const { opinion } = ok(await server.request(OpinionWithResponseHistoryDocument, { id: opinionId }));
    expect(opinion?.responses).toEqual([expect.objectContaining({ edited: true, body: 'Đèn đã được sửa xong ngày 28/11.', revisions: null })]);
    const asCitizen = ok(await server.request(OpinionWithResponseHistoryDocument, { id: opinionId }, { token: citizenToken }));
    expect(asCitizen.opinion?.responses[0].revisions).toBeNull();
    const asStaff = ok(await server.request(OpinionWithResponseHistoryDocument, { id: opinionId }, { token: forum.officer.token }));
    expect(asStaff.opinion?.responses[0].revisions?.map((r) => r.body)).toEqual([FIRST]);
  });

  it('should keep every earlier version in order and change nothing on an identical correction', async () => {
    ok(await correct(forum.officer.token, { id: responseId, outcome: 'IN_PROGRESS' }));
    ok(await correct(forum.officer.token, { id: responseId, outcome: 'IN_PROGRESS' }));
    const { correctResponse } = ok(await correct(forum.officer.token, { id: responseId, outcome: 'IN_PROGRESS', body: 'Đèn đã được sửa xong ngày 28/11.' }));
    expect(correctResponse.revisions?.map((r) => r.outcome)).toEqual(['REFERRED', 'RESOLVED']);
  });
});
