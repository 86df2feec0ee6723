import { describe, expect, it } from 'vitest';
import { ok } from '../helpers/server.js';
import { useForum } from '../helpers/forum.js';
import { SubmitOpinionDocument, UpvoteOpinionDocument } from '../generated/graphql.js';
import { opinionFromSnapshot, type OpinionSnapshot } from '../../src/record/events.js';

// What a journal entry records of an opinion has one definition, in SQL (opinion_snapshot,
// migration 20261130060000_submit_function): submit_opinion, the upvote statement and
// appendEntry all call it. Replays and live feeds read it in TypeScript (OpinionSnapshot,
// opinionFromSnapshot), so the reader must find in it every field of the stored row it names.

// Every field of OpinionSnapshot, once (the compiler refuses a missing or an unknown one).
const SNAPSHOT_FIELDS: Record<keyof OpinionSnapshot, true> = {
  id: true, sessionId: true, seq: true, kind: true, topicId: true, body: true, authorName: true, citizenId: true, contact: true,
  status: true, rejectReason: true, moderationReason: true, originalBody: true, upvotes: true, channel: true, createdAt: true, updatedAt: true, publicSeq: true,
};

/** The stored row as the reader should get it back from the snapshot. */
function readBack(snapshot: OpinionSnapshot, row: Record<string, unknown>) {
  expect(Object.keys(snapshot).sort()).toEqual(Object.keys(SNAPSHOT_FIELDS).sort());
  const back = opinionFromSnapshot(snapshot) as unknown as Record<string, unknown>;
  expect(back).toEqual(Object.fromEntries(Object.keys(SNAPSHOT_FIELDS).map((key) => [key, row[key]])));
}

const { server, forum } = useForum({ session: { moderationMode: 'POST' } });

const prisma = () => server.app.database.prisma;

async function journaled(opinionId: string, type: string): Promise<OpinionSnapshot> {
  const entry = await prisma().sessionEvent.findFirstOrThrow({ where: { opinionId, type }, orderBy: { position: 'desc' } });
  return (entry.payload as unknown as { opinion: OpinionSnapshot }).opinion;
}

describe('the journal snapshot written in SQL (opinion_snapshot)', () => {
  it('should read back as the stored row, for a submission with every optional field and Vietnamese text', async () => {
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
    readBack(snapshot, row);
    expect(snapshot.body).toBe(body);
    expect(snapshot.topicId).toBe(forum.topics[1].id);
    expect(snapshot.citizenId).toBe(citizen.id);
  });

  it('should read back as the stored row after an upvote, with the new count', async () => {
    const { submitOpinion } = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body: 'Ý kiến được ủng hộ' } }));
    const voter = await forum.citizen('Anh Phạm Văn Bình');
    ok(await server.request(UpvoteOpinionDocument, { id: submitOpinion.id }, { token: voter.token }));
    const row = await prisma().opinion.findUniqueOrThrow({ where: { id: submitOpinion.id } });
    const snapshot = await journaled(row.id, 'OPINION_UPVOTED');
    expect(row.upvotes).toBe(1);
    readBack(snapshot, row);
  });

  it('should read back as the stored row after a change written through the recorder (a redaction, then a hide)', async () => {
    const { submitOpinion } = ok(await server.request(SubmitOpinionDocument, { input: { sessionId: forum.sessionId, body: 'Gọi 0912 345 678 để báo tin về bãi xe trái phép' } }));
    const viewer = forum.moderator.viewer;
    await server.app.services.moderation.redact({ viewer, id: submitOpinion.id, body: 'Báo tin về bãi xe trái phép', reason: 'Che số điện thoại' });
    readBack(await journaled(submitOpinion.id, 'OPINION_REDACTED'), await prisma().opinion.findUniqueOrThrow({ where: { id: submitOpinion.id } }));
    await server.app.services.moderation.moderate({ viewer, id: submitOpinion.id, action: 'HIDE', reason: 'Trùng lặp', reasonCode: 'DUPLICATE' });
    const row = await prisma().opinion.findUniqueOrThrow({ where: { id: submitOpinion.id } });
    const snapshot = await journaled(row.id, 'OPINION_STATUS_CHANGED');
    expect(snapshot.status).toBe('HIDDEN');
    expect(snapshot.originalBody).toBe('Gọi 0912 345 678 để báo tin về bãi xe trái phép');
    readBack(snapshot, row);
  });
});
