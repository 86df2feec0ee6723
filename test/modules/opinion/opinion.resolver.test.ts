import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, ok, errorCode, type TestServer } from '../../helpers/server.js';
import { seedForum, type ForumFixture } from '../../helpers/fixtures.js';
import {
  ModerateOpinionDocument,
  OpinionDocument,
  SessionOpinionsDocument,
  SubmitOpinionDocument,
  UpvoteOpinionDocument,
} from '../../generated/graphql.js';

describe('submitOpinion', () => {
  let server: TestServer;
  let forum: ForumFixture;

  beforeAll(async () => {
    server = await startTestServer();
    forum = await seedForum(server.app);
  });
  afterAll(() => server?.close());

  it('should store Vietnamese text exactly and start PENDING under PRE moderation', async () => {
    const body = 'Đèn giao thông ở ngã tư Hàng Bài – Tràng Tiền hỏng ba ngày nay, rất nguy hiểm.';
    const { submitOpinion } = ok(
      await server.request(SubmitOpinionDocument, {
        input: { sessionId: forum.sessionId, body, kind: 'COMPLAINT', topicId: forum.topics[0].id, authorName: 'Bà Nguyễn Thị Lan' },
      }),
    );
    expect(submitOpinion.body).toBe(body);
    expect(submitOpinion.status).toBe('PENDING');
    expect(submitOpinion.authorName).toBe('Bà Nguyễn Thị Lan');
    expect(submitOpinion.topic?.name).toBe('An toàn giao thông');
    expect(submitOpinion.seq).toBeGreaterThan(0);
  });
});
