import type { Prisma } from '../../db/client.js';
import { isAdmin, isUnitStaff, type Viewer } from '../../auth/viewer.js';
import { forbidden } from '../../common/errors.js';
import { OpinionStatus, SessionStatus } from '../../common/enums.js';
import { decodeCursor, encodeCursor, pageSize, toPage } from '../../common/pagination.js';
import {
  chainId,
  entryHash,
  GENESIS_HASH,
  journalChainId,
  journalEntryHash,
  opinionState,
  responseState,
  sessionFingerprint,
  sessionState,
  stateDigest,
  type AuditRowLike,
  type JournalLinkRow,
} from './record.chain.js';

/** One thing verify-record found wrong: where (chain and entry), and what. */
export interface RecordProblem {
  chain: string;
  /** The entry concerned; null when nothing on the record matches (a row changed with no entry at all). */
  seq: number | null;
  problem: string;
}

export interface VerifyReport {
  chains: number;
  entries: number;
  /** Entries written before the record began (unhashed prefixes of their chains). */
  unhashed: number;
  problems: RecordProblem[];
}

type AuditRow = AuditRowLike & { id: string };

// What the journal's opinion snapshots say that the opinion row must still say: all of it but
// timestamps (an opinion's updated_at also moves with a tip's follow-up, which is not journaled).
const JOURNALED_OPINION_FIELDS = [
  'seq',
  'kind',
  'topicId',
  'body',
  'authorName',
  'citizenId',
  'contact',
  'status',
  'rejectReason',
  'moderationReason',
  'originalBody',
  'upvotes',
  'channel',
] as const;

/** The hash-chained record: the audit log, the fingerprints, and the verifier. */
export class RecordService {
  constructor(private readonly prisma: Prisma) {}

  /**
   * The fingerprint a viewer is shown: the full one for the unit's staff, and for everyone once
   * the session is CLOSED (its tip totals are public then); otherwise the public one, so tips
   * cannot be counted or timed by watching it.
   */
  fingerprintFor({ viewer, session }: { viewer: Viewer; session: { id: string; unitId: string; status: string } }): Promise<string> {
    return this.fingerprint({ sessionId: session.id, full: isUnitStaff(viewer, session.unitId) || session.status === SessionStatus.CLOSED });
  }

  /**
   * The session's fingerprint: SHA-256 over the heads of its two chains. `full`: the current
   * heads (the unit's staff; everyone once the session is CLOSED, when its tip totals are public).
   * Otherwise the heads as of their latest entries not about a tip, so a tip arriving or moving on
   * does not change what the public sees; each of those entries' hashes commits to every entry
   * before it, tips included, so a printed public fingerprint stays as verifiable as a full one.
   */
  async fingerprint({ sessionId, full }: { sessionId: string; full: boolean }): Promise<string> {
    const chain = chainId({ sessionId });
    if (full) {
      const [head, last] = await Promise.all([
        this.prisma.recordChain.findUnique({ where: { id: chain }, select: { headHash: true } }),
        this.prisma.sessionEvent.findFirst({ where: { sessionId }, orderBy: { position: 'desc' }, select: { hash: true } }),
      ]);
      return sessionFingerprint({ recordHead: head?.headHash ?? GENESIS_HASH, journalHead: last?.hash ?? GENESIS_HASH });
    }
    // Both by index: (chain, seq) where not tip, and (session, public position).
    const [record, journal] = await Promise.all([
      this.prisma.auditEntry.findFirst({ where: { chain, tip: false }, orderBy: { seq: 'desc' }, select: { hash: true } }),
      this.prisma.sessionEvent.findFirst({ where: { sessionId, publicPosition: { not: null } }, orderBy: { publicPosition: 'desc' }, select: { hash: true } }),
    ]);
    return sessionFingerprint({ recordHead: record?.hash ?? GENESIS_HASH, journalHead: journal?.hash ?? GENESIS_HASH });
  }

  /** Staff actions of a unit and its sessions, oldest first: ADMIN, and the unit's own staff. */
  async auditLog({ viewer, unitId, first, after }: { viewer: Viewer; unitId: string; first?: number | null; after?: string | null }) {
    if (!isAdmin(viewer) && !isUnitStaff(viewer, unitId)) throw forbidden("Only an admin or the unit's staff read its audit log");
    const size = pageSize(first, 100);
    let cursorWhere = {};
    if (after) {
      const [at, chain, seq] = decodeCursor(after, 'audit', ['number', 'string', 'number']) as [number, string, number];
      const createdAt = new Date(at);
      cursorWhere = {
        OR: [
          { createdAt: { gt: createdAt } },
          { createdAt, chain: { gt: chain } },
          { createdAt, chain, seq: { gt: seq } },
        ],
      };
    }
    const where = { unitId };
    const [rows, totalCount] = await Promise.all([
      this.prisma.auditEntry.findMany({ where: { AND: [where, cursorWhere] }, orderBy: [{ createdAt: 'asc' }, { chain: 'asc' }, { seq: 'asc' }], take: size + 1 }),
      this.prisma.auditEntry.count({ where }),
    ]);
    return toPage(rows, size, totalCount, (e) => encodeCursor('audit', [e.createdAt.getTime(), e.chain, e.seq]));
  }

  /**
   * Recomputes every chain and checks that the current opinions, responses and session statuses
   * are what their last entry says. Reports each problem with its chain and entry.
   */
  async verify(): Promise<VerifyReport> {
    const problems: RecordProblem[] = [];
    const [heads, entries] = await Promise.all([
      this.prisma.recordChain.findMany(),
      this.prisma.auditEntry.findMany({ orderBy: [{ chain: 'asc' }, { seq: 'asc' }] }) as Promise<AuditRow[]>,
    ]);
    const byChain = new Map<string, AuditRow[]>();
    for (const entry of entries) {
      const list = byChain.get(entry.chain) ?? [];
      list.push(entry);
      byChain.set(entry.chain, list);
    }
    let unhashed = 0;
    const headOf = new Map(heads.map((h) => [h.id, h]));
    for (const chain of new Set([...byChain.keys(), ...headOf.keys()])) {
      const list = byChain.get(chain) ?? [];
      unhashed += this.verifyChain(chain, list, headOf.get(chain), problems);
    }
    await this.verifyState(entries, problems);
    const journal = await this.verifyJournals(problems);
    return {
      chains: new Set([...byChain.keys(), ...headOf.keys()]).size + journal.chains,
      entries: entries.length + journal.entries,
      unhashed: unhashed + journal.unhashed,
      problems,
    };
  }

  /**
   * Every session's journal, one session at a time: its chain (positions 1 to last_event, each
   * hash recomputed, each link), and its opinions against their last journaled snapshot, so an
   * opinion slipped in or edited with SQL, or a journal row changed or deleted, is reported.
   */
  private async verifyJournals(problems: RecordProblem[]): Promise<{ chains: number; entries: number; unhashed: number }> {
    const sessions = await this.prisma.forumSession.findMany({ select: { id: true, lastEvent: true }, orderBy: { id: 'asc' } });
    let entries = 0;
    let unhashed = 0;
    for (const session of sessions) {
      const chain = journalChainId(session.id);
      const rows = await this.prisma.$queryRaw<JournalLinkRow[]>`
        SELECT session_id AS "sessionId", position, type, opinion_id AS "opinionId", response_id AS "responseId",
               created_at AS "createdAt", payload::text AS "payloadText", salt, prev_hash AS "prevHash", hash
          FROM session_event WHERE session_id = ${session.id} ORDER BY position`;
      entries += rows.length;
      unhashed += this.verifyJournalChain(chain, rows, session.lastEvent, problems);
      await this.verifyJournaledOpinions(chain, session.id, rows, problems);
    }
    return { chains: sessions.length, entries, unhashed };
  }

  private verifyJournalChain(chain: string, rows: JournalLinkRow[], lastEvent: number, problems: RecordProblem[]): number {
    let prev = GENESIS_HASH;
    let expected = 1;
    let hashedYet = false;
    let unhashed = 0;
    for (const row of rows) {
      const position = Number(row.position);
      if (position !== expected) problems.push({ chain, seq: expected, problem: `journal entries ${expected}–${position - 1} are missing` });
      expected = position + 1;
      if (row.hash === null) {
        // Written before the journal was chained: allowed only before the first hashed entry.
        if (hashedYet) problems.push({ chain, seq: position, problem: 'journal entry has lost its hash' });
        unhashed++;
        continue;
      }
      hashedYet = true;
      if (row.prevHash !== prev) problems.push({ chain, seq: position, problem: 'journal entry does not follow the previous one (prev_hash differs)' });
      const link = { ...row, position, createdAt: new Date(row.createdAt) };
      if (journalEntryHash(link, row.prevHash ?? prev) !== row.hash) problems.push({ chain, seq: position, problem: 'journal entry was changed (its hash no longer matches)' });
      prev = row.hash;
    }
    if (lastEvent > expected - 1) problems.push({ chain, seq: expected, problem: `journal entries ${expected}–${lastEvent} are missing` });
    else if (lastEvent < expected - 1) problems.push({ chain, seq: lastEvent + 1, problem: "journal entries after the session's last position (it was rewound)" });
    return unhashed;
  }

  /** The session's opinions against the last snapshot the journal holds of each. */
  private async verifyJournaledOpinions(chain: string, sessionId: string, rows: JournalLinkRow[], problems: RecordProblem[]): Promise<void> {
    const latest = new Map<string, { position: number; snapshot: Record<string, unknown> }>();
    for (const row of rows) {
      const opinion = (JSON.parse(row.payloadText) as { opinion?: Record<string, unknown> }).opinion;
      if (row.opinionId && opinion) latest.set(row.opinionId, { position: Number(row.position), snapshot: opinion });
    }
    const opinions = await this.prisma.opinion.findMany({ where: { sessionId }, orderBy: { seq: 'asc' } });
    for (const opinion of opinions) {
      const journaled = latest.get(opinion.id);
      latest.delete(opinion.id);
      if (!journaled) {
        problems.push({ chain, seq: null, problem: `opinion ${opinion.id} (#${opinion.seq}) is not in the journal` });
        continue;
      }
      // A field an older snapshot does not carry is not compared.
      const differs = JOURNALED_OPINION_FIELDS.filter((field) => field in journaled.snapshot && journaled.snapshot[field] !== (opinion[field] ?? null));
      if (differs.length) {
        problems.push({ chain, seq: journaled.position, problem: `opinion ${opinion.id} (#${opinion.seq}) differs from the journal (${differs.join(', ')})` });
      }
    }
    for (const [id, { position }] of latest) problems.push({ chain, seq: position, problem: `opinion ${id} is in the journal but missing` });
  }

  private verifyChain(chain: string, list: AuditRow[], head: { lastSeq: number; headHash: string } | undefined, problems: RecordProblem[]): number {
    let prev = GENESIS_HASH;
    let expected = 1;
    let hashedYet = false;
    let unhashed = 0;
    for (const entry of list) {
      if (entry.seq !== expected) {
        problems.push({ chain, seq: expected, problem: `entries ${expected}–${entry.seq - 1} are missing` });
      }
      expected = entry.seq + 1;
      if (entry.hash === null) {
        // Written before the record began: allowed only before the first hashed entry.
        if (hashedYet) problems.push({ chain, seq: entry.seq, problem: 'entry has lost its hash' });
        unhashed++;
        continue;
      }
      hashedYet = true;
      if (entry.prevHash !== prev) problems.push({ chain, seq: entry.seq, problem: 'entry does not follow the previous one (prev_hash differs)' });
      if (entryHash(entry, entry.prevHash ?? prev) !== entry.hash) problems.push({ chain, seq: entry.seq, problem: 'entry was changed (its hash no longer matches)' });
      prev = entry.hash;
    }
    const last = list.at(-1);
    if (!head) {
      problems.push({ chain, seq: last?.seq ?? null, problem: 'the chain has no head' });
    } else {
      if (head.lastSeq > (last?.seq ?? 0)) problems.push({ chain, seq: (last?.seq ?? 0) + 1, problem: `entries ${(last?.seq ?? 0) + 1}–${head.lastSeq} are missing` });
      else if (head.lastSeq < (last?.seq ?? 0)) problems.push({ chain, seq: head.lastSeq + 1, problem: 'entries after the head (the head was rewound)' });
      if (hashedYet && head.headHash !== prev) problems.push({ chain, seq: head.lastSeq, problem: 'the head does not match the last entry' });
    }
    return unhashed;
  }

  /** The current rows against the last hashed entry about each of them. */
  private async verifyState(entries: AuditRow[], problems: RecordProblem[]): Promise<void> {
    const latest = new Map<string, AuditRow>();
    for (const entry of entries) {
      if (entry.hash === null || entry.stateDigest === null) continue;
      // Every entry about one subject is in one chain, and entries come in chain order: the last wins.
      latest.set(`${entry.entityType}:${entry.entityId}`, entry);
    }
    const onRecord = (type: string, id: string) => latest.get(`${type}:${id}`);
    const anyEntry = new Set(entries.map((e) => `${e.entityType}:${e.entityId}`));

    const [opinions, responses, sessions] = await Promise.all([
      this.prisma.opinion.findMany({ include: { session: { select: { moderationMode: true } } } }),
      this.prisma.officialResponse.findMany(),
      this.prisma.forumSession.findMany(),
    ]);
    for (const opinion of opinions) {
      const chain = chainId({ sessionId: opinion.sessionId });
      const entry = onRecord('Opinion', opinion.id);
      if (entry) {
        if (stateDigest(entry.salt!, opinionState(opinion)) !== entry.stateDigest) {
          problems.push({ chain, seq: entry.seq, problem: `opinion ${opinion.id} (#${opinion.seq}) differs from the record` });
        }
      } else if (!anyEntry.has(`Opinion:${opinion.id}`)) {
        // Never moderated: it must still be as it was posted (pending, or public at once under POST).
        const asPosted = opinion.status === OpinionStatus.PENDING || (opinion.status === OpinionStatus.APPROVED && opinion.session.moderationMode === 'POST');
        if (!asPosted || opinion.originalBody !== null || opinion.moderationReason !== null || opinion.rejectReason !== null) {
          problems.push({ chain, seq: null, problem: `opinion ${opinion.id} (#${opinion.seq}) is ${opinion.status} with no moderation on the record` });
        }
      }
    }
    const opinionSession = new Map(opinions.map((o) => [o.id, o.sessionId]));
    for (const response of responses) {
      const chain = chainId({ sessionId: opinionSession.get(response.opinionId) ?? '?' });
      const entry = onRecord('OfficialResponse', response.id);
      if (entry) {
        if (stateDigest(entry.salt!, responseState(response)) !== entry.stateDigest) {
          problems.push({ chain, seq: entry.seq, problem: `response ${response.id} differs from the record` });
        }
      } else if (!anyEntry.has(`OfficialResponse:${response.id}`)) {
        problems.push({ chain, seq: null, problem: `response ${response.id} is not on the record` });
      }
    }
    for (const session of sessions) {
      const entry = onRecord('ForumSession', session.id);
      if (entry && stateDigest(entry.salt!, sessionState(session)) !== entry.stateDigest) {
        problems.push({ chain: chainId({ sessionId: session.id }), seq: entry.seq, problem: `session status ${session.status} differs from the record` });
      }
    }
    // Whatever the record says exists must still exist.
    const present = new Set([...opinions.map((o) => `Opinion:${o.id}`), ...responses.map((r) => `OfficialResponse:${r.id}`), ...sessions.map((s) => `ForumSession:${s.id}`)]);
    for (const [key, entry] of latest) {
      if (!key.startsWith('Unit:') && !key.startsWith('Staff:') && !present.has(key)) {
        problems.push({ chain: entry.chain, seq: entry.seq, problem: `${key.replace(':', ' ')} is on the record but missing` });
      }
    }
  }
}
