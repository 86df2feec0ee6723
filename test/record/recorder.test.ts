import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../../src/db/client.js';
import { applyMigrations } from '../../src/db/migrate.js';
import { SYSTEM } from '../../src/auth/viewer.js';
import { sessionState, sessionSubject } from '../../src/record/chain.js';
import { sessionSnapshot, type JournalEntry } from '../../src/record/events.js';
import { entryFromRow } from '../../src/record/journal.js';
import { Recorder } from '../../src/record/recorder.js';
import { AuditAction, JournalType } from '../../src/record/vocabulary.js';
import { createTestDatabase, type TestDatabase } from '../helpers/database.js';

let db: TestDatabase;
let prisma: Prisma;
let session: { id: string; unitId: string; status: string };

beforeAll(async () => {
  db = await createTestDatabase({ migrated: true });
  await applyMigrations(db.database);
  prisma = db.database.prisma;
  const unit = await prisma.unit.create({ data: { name: 'Công an phường Hàng Bạc' } });
  session = await prisma.forumSession.create({ data: { unitId: unit.id, title: 'Đối thoại về trật tự phố cổ', startsAt: new Date() } });
});
afterAll(() => db?.drop());

/** A recorder whose publisher notes each entry, and whether the transaction had returned (committed) by then. */
function recorderWatched() {
  const published: { entry: JournalEntry; afterCommit: boolean }[] = [];
  let committed = false;
  const watched = new Proxy(prisma, {
    get(target, key, receiver) {
      if (key !== '$transaction') return Reflect.get(target, key, receiver) as unknown;
      return async (...args: Parameters<Prisma['$transaction']>) => {
        committed = false;
        const result = await (target.$transaction as (...a: unknown[]) => Promise<unknown>)(...args);
        committed = true;
        return result;
      };
    },
  });
  const recorder = new Recorder(watched, { publish: (entry) => published.push({ entry, afterCommit: committed }) });
  return { recorder, published };
}

/** What the record holds of the session: its audit entries, its journal entries, its title. */
async function recordOf(sessionId: string) {
  const [audit, journal, row] = await Promise.all([
    prisma.auditEntry.findMany({ where: { sessionId }, orderBy: { seq: 'asc' } }),
    prisma.sessionEvent.findMany({ where: { sessionId }, orderBy: { position: 'asc' } }),
    prisma.forumSession.findUniqueOrThrow({ where: { id: sessionId } }),
  ]);
  return { audit, journal, title: row.title, lastEvent: row.lastEvent };
}

const renamed = (title: string) => async (tx: Parameters<Parameters<Prisma['$transaction']>[0]>[0]) => {
  const updated = await tx.forumSession.update({ where: { id: session.id }, data: { title } });
  return {
    result: updated,
    audit: { ...sessionSubject(updated), actor: SYSTEM, action: AuditAction.SESSION_UPDATED, reason: 'title', state: sessionState(updated) },
    journal: { sessionId: session.id, type: JournalType.SESSION_UPDATED, session: sessionSnapshot(updated) },
  };
};

describe('Recorder.commit', () => {
  it('should leave no row change, no audit entry and no journal entry, and publish nothing, when the change throws', async () => {
    const before = await recordOf(session.id);
    const { recorder, published } = recorderWatched();
    const failing = async (tx: Parameters<Parameters<Prisma['$transaction']>[0]>[0]) => {
      await renamed('Tiêu đề không được lưu')(tx);
      throw new Error('the change failed after writing its row');
    };
    await expect(recorder.commit(failing)).rejects.toThrow('the change failed after writing its row');
    expect(await recordOf(session.id)).toEqual(before);
    expect(published).toEqual([]);
  });

  it('should roll back the row change and the audit entry when the journal entry cannot be written', async () => {
    const before = await recordOf(session.id);
    const { recorder, published } = recorderWatched();
    const toNowhere = async (tx: Parameters<Parameters<Prisma['$transaction']>[0]>[0]) => {
      const recorded = await renamed('Tiêu đề không được lưu')(tx);
      // A session that does not exist: the journal append fails after the audit entry was written.
      return { ...recorded, journal: { ...recorded.journal, sessionId: 'khong-co-phien-nay' } };
    };
    await expect(recorder.commit(toNowhere)).rejects.toThrow(/vanished/);
    expect(await recordOf(session.id)).toEqual(before);
    expect(published).toEqual([]);
  });

  it('should write the row, its audit entry and its journal entry together, and publish the stored entry after commit', async () => {
    const before = await recordOf(session.id);
    const { recorder, published } = recorderWatched();
    const title = 'Đối thoại về trật tự phố cổ (dời sang nhà văn hoá)';
    const updated = await recorder.commit(renamed(title));
    const after = await recordOf(session.id);
    expect(updated.title).toBe(title);
    expect(after.title).toBe(title);
    expect(after.audit.slice(0, -1)).toEqual(before.audit);
    expect(after.audit.at(-1)).toMatchObject({ action: AuditAction.SESSION_UPDATED, entityId: session.id, seq: before.audit.length + 1 });
    expect(after.journal.slice(0, -1)).toEqual(before.journal);
    const stored = after.journal.at(-1)!;
    expect(stored.position).toBe(before.lastEvent + 1);
    expect(published).toEqual([{ entry: entryFromRow(stored), afterCommit: true }]);
  });
});
