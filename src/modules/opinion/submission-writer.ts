import type { Prisma } from '../../db/client.js';
import { isDatabaseUnavailable, isStatementTimeout } from '../../db/unavailable.js';
import type { JournalRow } from '../../record/journal.js';
import type { OpinionRecord as OpinionRow } from '../../db/loaders.js';

/** One submission as submit_opinion takes it (migration 20261202180000_received_at). */
export interface Submission {
  sessionId: string;
  /** Staff typing in an opinion from another channel (also allowed once the session CLOSED). */
  intake: boolean;
  id: string;
  kind: string;
  topicId: string | null;
  body: string;
  searchText: string;
  authorName: string | null;
  authorKey: string;
  citizenId: string | null;
  contact: string | null;
  idempotencyKey: string | null;
  channel: string;
  /** When the unit received it (staff intake only); null: when it is written (created_at). */
  receivedAt: Date | null;
}

/** The stored opinion and its journal entry; null when the session did not take it. */
export type Written = (OpinionRow & JournalRow) | null;

interface Waiting {
  submission: Submission;
  resolve(written: Written): void;
  reject(error: unknown): void;
}

/** Submissions written in one statement at most. */
const MAX_BATCH = 64;

/**
 * Writes submissions with group commit: a submission that arrives while earlier ones are being
 * written waits for them, then goes with everything else that arrived meanwhile, in one
 * statement and one commit. On the embedded database each statement and each commit has a
 * fixed cost (the worker round trip, the protocol, the fsync) that a hall full of phones
 * posting at once now shares; alone, a submission is written at once, as before.
 *
 * Each submission still gets only its own result: the statement returns a row per written
 * submission, matched by its place in the batch. When the statement fails (an idempotency key
 * raced, a citizen vanished), nothing of the batch was written, and each submission is written
 * again on its own, so one caller's failure is never another's. Within a batch submissions are
 * ordered by session, so that batches on several instances lock session rows in the same order.
 *
 * The queue holds only submissions in flight, each settled to its own caller: no request reads
 * another's data through it.
 */
export class SubmissionWriter {
  private readonly waiting: Waiting[] = [];
  private inFlight = 0;

  /**
   * @param concurrency batches written at the same time: 1 for the embedded database (it runs
   *   one statement at a time anyway), more for PostgreSQL, whose connections work in parallel.
   */
  constructor(
    private readonly prisma: Prisma,
    private readonly concurrency = 1,
  ) {}

  write(submission: Submission): Promise<Written> {
    return new Promise<Written>((resolve, reject) => {
      this.waiting.push({ submission, resolve, reject });
      this.next();
    });
  }

  private next(): void {
    while (this.inFlight < this.concurrency && this.waiting.length > 0) {
      const batch = this.waiting.splice(0, MAX_BATCH);
      this.inFlight++;
      void this.writeBatch(batch).finally(() => {
        this.inFlight--;
        this.next();
      });
    }
  }

  private async writeBatch(batch: Waiting[]): Promise<void> {
    // Stable: one session's submissions keep their order of arrival, hence their seqs.
    const ordered = batch.sort((a, b) => (a.submission.sessionId < b.submission.sessionId ? -1 : a.submission.sessionId > b.submission.sessionId ? 1 : 0));
    let rows: (OpinionRow & JournalRow & { ord: number })[];
    try {
      rows = await this.statement(ordered.map((waiting) => waiting.submission));
    } catch (error) {
      // A database out of reach fails them all alike (and fast): retrying one by one would only
      // keep each caller waiting longer for the same answer.
      if (ordered.length === 1 || isDatabaseUnavailable(error) || isStatementTimeout(error)) {
        for (const waiting of ordered) waiting.reject(error);
        return;
      }
      // Nothing of the batch was written: each on its own, so each gets its own outcome.
      for (const waiting of ordered) {
        await this.statement([waiting.submission]).then(
          ([row]) => waiting.resolve(row ? written(row) : null),
          (own: unknown) => waiting.reject(own),
        );
      }
      return;
    }
    const byOrd = new Map(rows.map((row) => [Number(row.ord), row]));
    ordered.forEach((waiting, i) => {
      const row = byOrd.get(i);
      waiting.resolve(row ? written(row) : null);
    });
  }

  /** submit_opinion for each submission, in order, in one statement (one transaction). */
  private statement(submissions: Submission[]) {
    const items = JSON.stringify(submissions.map((s, ord) => ({ ord, ...s })));
    return this.prisma.$queryRaw<(OpinionRow & JournalRow & { ord: number })[]>`
      SELECT i.ord,
             (s.opinion).id, (s.opinion).session_id AS "sessionId", (s.opinion).seq, (s.opinion).kind::text AS kind, (s.opinion).topic_id AS "topicId",
             (s.opinion).body, (s.opinion).search_text AS "searchText", (s.opinion).author_name AS "authorName", (s.opinion).author_key AS "authorKey",
             (s.opinion).citizen_id AS "citizenId", (s.opinion).contact, (s.opinion).status::text AS status, (s.opinion).reject_reason AS "rejectReason",
             (s.opinion).moderation_reason::text AS "moderationReason", (s.opinion).original_body AS "originalBody", (s.opinion).upvotes,
             (s.opinion).idempotency_key AS "idempotencyKey", (s.opinion).first_response_at AS "firstResponseAt",
             (s.opinion).created_at AS "createdAt", (s.opinion).updated_at AS "updatedAt", (s.opinion).channel::text AS channel,
             (s.opinion).tip_status::text AS "tipStatus", (s.opinion).case_number AS "caseNumber", (s.opinion).suspects,
             (s.opinion).received_at AS "receivedAt",
             s.position, s.type, s.payload
        FROM jsonb_to_recordset(${items}::jsonb) AS i(
               ord int, "sessionId" text, intake boolean, id text, kind text, "topicId" text, body text, "searchText" text,
               "authorName" text, "authorKey" text, "citizenId" text, contact text, "idempotencyKey" text, channel text, "receivedAt" timestamptz)
       CROSS JOIN LATERAL submit_opinion(i."sessionId", i.intake, i.id, i.kind::"OpinionKind", i."topicId", i.body, i."searchText",
                                         i."authorName", i."authorKey", i."citizenId", i.contact, i."idempotencyKey", i.channel::"Channel",
                                         i."receivedAt") s
       ORDER BY i.ord`;
  }
}

function written({ ord: _ord, ...row }: OpinionRow & JournalRow & { ord: number }): OpinionRow & JournalRow {
  return row;
}
