import type { Prisma as PrismaTypes } from '@prisma/client';
import type { Prisma } from '../db/client.js';
import { appendAudit, type AuditInput, type Tx } from './chain.js';
import type { EventPublisher, JournalEntry } from './events.js';
import { appendEntry, entryFromRow, type JournalDraft, type JournalRow } from './journal.js';
import { castUpvote, type UpvoteRow } from './upvote.js';

/** What a change wrote, and what the record keeps of it. */
export interface Recorded<T> {
  /** What the caller gets back. */
  result: T;
  /** The staff action, on its chain (none for a change no staff member made). */
  audit?: AuditInput;
  /** The session journal's entry (none for a change the journal does not follow: units, staff, a session's creation). */
  journal?: JournalDraft;
}

/** A service's row changes, run inside the recorder's transaction; throwing rolls everything back. */
export type Change<T> = (tx: Tx) => Promise<Recorded<T>>;

/**
 * The record's one write path: a service decides what changes; `commit` runs it in one transaction
 * together with its audit entry and its journal entry, and publishes the entry only after the
 * transaction committed. Nothing else writes audit or journal rows but the SQL writers made for
 * speed (submit_opinion, the upvote statement), which the recorder publishes for too.
 */
export class Recorder {
  constructor(
    private readonly prisma: Prisma,
    private readonly events: EventPublisher,
  ) {}

  /** Runs `change`, then its audit and journal entries, in one transaction; publishes after commit. */
  async commit<T>(change: Change<T>): Promise<T> {
    const [result, entry] = await this.prisma.$transaction(async (tx) => {
      const recorded = await change(tx);
      // Audit before journal, as every write path did: a chain's order is part of its hashes.
      if (recorded.audit) await appendAudit(tx, recorded.audit);
      const appended = recorded.journal ? await appendEntry(tx, recorded.journal) : null;
      return [recorded.result, appended] as const;
    });
    if (entry) this.events.publish(entry);
    return result;
  }

  /** Publishes the entry a one-statement SQL writer (submit_opinion) committed. */
  published(row: JournalRow): JournalEntry {
    const entry = entryFromRow(row);
    this.events.publish(entry);
    return entry;
  }

  /** A citizen's upvote (castUpvote): its entry, when one was written, is published. */
  async upvote(vote: { opinionId: string; citizenId: string; isPublic: PrismaTypes.Sql }): Promise<{ row: UpvoteRow | undefined; entry: JournalEntry | null }> {
    const [row] = await castUpvote(this.prisma, vote);
    if (!row || row.position == null) return { row, entry: null };
    return { row, entry: this.published(row as UpvoteRow & JournalRow) };
  }
}
