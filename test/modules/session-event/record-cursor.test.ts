import { describe, expect, it } from 'vitest';
import { ok } from '../../helpers/server.js';
import { useForum } from '../../helpers/forum.js';
import { ModerateOpinionDocument, SessionEventsDocument, SessionWithRecordCursorDocument, SubmitOpinionDocument } from '../../generated/graphql.js';

describe('ForumSession.recordCursor', () => {
  const { server, forum } = useForum();
  const approved = async (body: string, kind: 'SUGGESTION' | 'TIP' = 'SUGGESTION') => {
    const { submitOpinion } = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body, kind } }));
    ok(await server.request(ModerateOpinionDocument, { id: submitOpinion.id, action: 'APPROVE' }, { token: forum.moderator.token }));
    return submitOpinion.id;
  };
  const eventsAfter = async (after: string) =>
    ok(await server.request(SessionEventsDocument, { sessionId: forum.sessionId, after, first: 100 })).sessionEvents.edges.map((e) => e.node);

  it('should name where the record stood when the session was read: following from it brings what came after and nothing the read showed', async () => {
    const before = await approved('Đề nghị lắp đèn chiếu sáng ở ngõ 42 phố Hàng Bạc.');
    await approved('Tin báo: đối tượng lạ hay đứng trước cổng trường tiểu học lúc tan học.', 'TIP');
    const { session } = ok(await server.request(SessionWithRecordCursorDocument, { id: forum.sessionId }));
    expect(session!.opinions.edges.map((e) => e.node.id)).toContain(before);
    expect(await eventsAfter(session!.recordCursor)).toEqual([]);

    const later = await approved('Xin hỏi lịch tiếp công dân của Công an phường trong tháng Chạp.');
    const followed = await eventsAfter(session!.recordCursor);
    expect(followed.map((e) => [e.type, e.opinion?.id])).toEqual([['OPINION_PUBLISHED', later]]);
  });
});
