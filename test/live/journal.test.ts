import { describe, expect, it } from 'vitest';
import { ok } from '../helpers/server.js';
import { useForum } from '../helpers/forum.js';
import { SubmitOpinionDocument, UpvoteOpinionDocument } from '../generated/graphql.js';
import { opinionSnapshot, type OpinionSnapshot } from '../../src/live/events.js';

// submit_opinion and the upvote statement build the journal's opinion snapshot in SQL
// (opinion_snapshot, migration 20261130060000_submit_function); every other change builds it in
// TypeScript (opinionSnapshot). Replays and live feeds read both alike, so they must agree.

const { server, forum } = useForum({ session: { moderationMode: 'POST' } });

const prisma = () => server.app.database.prisma;

async function journaled(opinionId: string, type: string): Promise<OpinionSnapshot> {
  const entry = await prisma().sessionEvent.findFirstOrThrow({ where: { opinionId, type }, orderBy: { position: 'desc' } });
  return (entry.payload as unknown as { opinion: OpinionSnapshot }).opinion;
}

describe('the journal snapshot written in SQL', () => {
  it('should equal the TypeScript snapshot of the stored row, for a submission with every optional field and Vietnamese text', async () => {
    const citizen = await forum.citizen('Chị Hoàng Thị Nga');
    const body = 'Đề nghị lắp đèn ở ngõ 5 phố Hàng Bạc, ban đêm rất tối — “nguy hiểm”';
    const { submitOpinion } = ok(
      await server.request(
        SubmitOpinionDocument,
        { input: { sessionId: forum.sessionId, body, kind: 'COMPLAINT', topicId: forum.topics[1].id, authorName: 'Hoàng Thị Nga', contact: '0912 345 678', idempotencyKey: 'journal-snapshot-1' } },
        { token: citizen.token },
      ),
    );
    const row = await prisma().opinion.findUniqueOrThrow({ where: { id: submitOpinion.id } });
    const snapshot = await journaled(row.id, 'OPINION_SUBMITTED');
    // The database adds the public seq (trigger session_event_public) to what submit_opinion wrote.
    expect(snapshot).toEqual({ ...opinionSnapshot(row), publicSeq: row.publicSeq });
    expect(snapshot.body).toBe(body);
    expect(snapshot.topicId).toBe(forum.topics[1].id);
    expect(snapshot.citizenId).toBe(citizen.id);
  });

  it('should equal the TypeScript snapshot after an upvote, with the new count', async () => {
    const { submitOpinion } = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body: 'Ý kiến được ủng hộ' } }));
    const voter = await forum.citizen('Anh Phạm Văn Bình');
    ok(await server.request(UpvoteOpinionDocument, { id: submitOpinion.id }, { token: voter.token }));
    const row = await prisma().opinion.findUniqueOrThrow({ where: { id: submitOpinion.id } });
    const snapshot = await journaled(row.id, 'OPINION_UPVOTED');
    expect(row.upvotes).toBe(1);
    expect(snapshot).toEqual({ ...opinionSnapshot(row), publicSeq: row.publicSeq });
  });
});
