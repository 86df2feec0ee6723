import type { Prisma } from '../../db/client.js';
import type { Viewer } from '../../auth/viewer.js';
import { canReadAuditLog, seesTipTotals } from '../../auth/visibility.js';
import { forbidden } from '../../common/errors.js';
import { OpinionStatus } from '../../common/enums.js';
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
} from '../../record/chain.js';

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
   * The fingerprint a viewer is shown: the full one to whoever may know the session's tip totals
   * (`seesTipTotals`: the unit's staff, and everyone once the session is CLOSED); otherwise the
   * public one, so tips cannot be counted or timed by watching it.
   */
  fingerprintFor({ viewer, session }: { viewer: Viewer; session: { id: string; unitId: string; status: string } }): Promise<string> {
    return this.fingerprint({ sessionId: session.id, full: seesTipTotals(viewer, session) });
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

  /** Staff actions of a unit and its sessions, oldest first: its own staff, the admins above it, the system admin. */
  async auditLog({ viewer, unitId, first, after }: { viewer: Viewer; unitId: string; first?: number | null; after?: string | null }) {
    if (!canReadAuditLog(viewer, unitId)) throw forbidden('audit.readNotAllowed');
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
   * are what their last entry says. Reports each problem with its chain and entry, as it finds it
   * (`onProblem`) and in the report. Reads the database `pageSize` rows at a time, so memory
   * stays bounded whatever the size of the record; a malformed row is a problem, not a stop.
   */
  async verify({ pageSize = VERIFY_PAGE, onProblem }: VerifyOptions = {}): Promise<VerifyReport> {
    const problems: RecordProblem[] = [];
    const report = (problem: RecordProblem) => {
      problems.push(problem);
      onProblem?.(problem);
    };
    const audit = await this.verifyAuditChains(pageSize, report);
    await this.verifyState(pageSize, report);
    const journal = await this.verifyJournals(pageSize, report);
    return {
      chains: audit.chains + journal.chains,
      entries: audit.entries + journal.entries,
      unhashed: audit.unhashed + journal.unhashed,
      problems,
    };
  }

  /** Every audit chain, its entries read in pages in (chain, seq) order, each chain checked against its head. */
  private async verifyAuditChains(pageSize: number, report: Report): Promise<{ chains: number; entries: number; unhashed: number }> {
    let chains = 0;
    let entries = 0;
    let unhashed = 0;
    let walk: ChainWalk | null = null;
    const finish = async (done: ChainWalk) => {
      const head = await this.prisma.recordChain.findUnique({ where: { id: done.chain }, select: { lastSeq: true, headHash: true } });
      checkHead(done, head, report);
      chains++;
      unhashed += done.unhashed;
    };
    for (let after: { chain: string; seq: number } | null = null; ; ) {
      const cursor: { chain: string; seq: number } | null = after;
      const page: AuditRow[] = await this.prisma.auditEntry.findMany({
        where: cursor ? { OR: [{ chain: { gt: cursor.chain } }, { chain: cursor.chain, seq: { gt: cursor.seq } }] } : {},
        orderBy: [{ chain: 'asc' }, { seq: 'asc' }],
        take: pageSize,
      });
      for (const entry of page) {
        if (walk?.chain !== entry.chain) {
          if (walk) await finish(walk);
          walk = newWalk(entry.chain);
        }
        entries++;
        try {
          walkAuditEntry(walk, entry, report);
        } catch (error) {
          report({ chain: entry.chain, seq: entry.seq, problem: `entry is malformed (${(error as Error).message})` });
        }
      }
      if (page.length < pageSize) break;
      after = { chain: page[page.length - 1].chain, seq: page[page.length - 1].seq };
    }
    if (walk) await finish(walk);
    // Heads whose chain has no entry left at all.
    for (let after = ''; ; ) {
      const heads = await this.prisma.$queryRaw<{ id: string; lastSeq: number; headHash: string }[]>`
        SELECT h.id, h.last_seq AS "lastSeq", h.head_hash AS "headHash" FROM record_chain h
         WHERE h.id > ${after} AND NOT EXISTS (SELECT 1 FROM audit_entry a WHERE a.chain = h.id)
         ORDER BY h.id LIMIT ${pageSize}`;
      for (const head of heads) {
        checkHead(newWalk(head.id), { lastSeq: Number(head.lastSeq), headHash: head.headHash }, report);
        chains++;
      }
      if (heads.length < pageSize) break;
      after = heads[heads.length - 1].id;
    }
    return { chains, entries, unhashed };
  }

  /**
   * Every session's journal, one session at a time, read in pages: its chain (positions 1 to
   * last_event, each hash recomputed, each link), and its opinions against their last journaled
   * snapshot, so an opinion slipped in or edited with SQL, or a journal row changed, deleted or
   * made malformed, is reported.
   */
  private async verifyJournals(pageSize: number, report: Report): Promise<{ chains: number; entries: number; unhashed: number }> {
    let chains = 0;
    let entries = 0;
    let unhashed = 0;
    for (let after: string | null = null; ; ) {
      const sessions: { id: string; lastEvent: number }[] = await this.prisma.forumSession.findMany({
        where: after === null ? {} : { id: { gt: after } },
        select: { id: true, lastEvent: true },
        orderBy: { id: 'asc' },
        take: pageSize,
      });
      for (const session of sessions) {
        const result = await this.verifyJournal(session, pageSize, report);
        chains++;
        entries += result.entries;
        unhashed += result.unhashed;
      }
      if (sessions.length < pageSize) break;
      after = sessions[sessions.length - 1].id;
    }
    return { chains, entries, unhashed };
  }

  private async verifyJournal(session: { id: string; lastEvent: number }, pageSize: number, report: Report): Promise<{ entries: number; unhashed: number }> {
    const chain = journalChainId(session.id);
    const walk = newWalk(chain);
    // The last snapshot of each opinion, only the fields compared: bounded by the session's opinions.
    const latest = new Map<string, { position: number; snapshot: Record<string, unknown> }>();
    let entries = 0;
    for (let after = 0; ; ) {
      const rows = await this.prisma.$queryRaw<JournalLinkRow[]>`
        SELECT session_id AS "sessionId", position, type, opinion_id AS "opinionId", response_id AS "responseId",
               created_at AS "createdAt", payload::text AS "payloadText", salt, prev_hash AS "prevHash", hash
          FROM session_event WHERE session_id = ${session.id} AND position > ${after} ORDER BY position LIMIT ${pageSize}`;
      for (const row of rows) {
        entries++;
        const position = Number(row.position);
        try {
          walkJournalEntry(walk, { ...row, position }, report);
        } catch (error) {
          report({ chain, seq: position, problem: `journal entry is malformed (${(error as Error).message})` });
        }
        const opinion = journaledOpinion(row);
        if (opinion === MALFORMED) report({ chain, seq: position, problem: 'journal entry is malformed (its payload is not an object, or its opinion is not one)' });
        else if (row.opinionId && opinion) latest.set(row.opinionId, { position, snapshot: pick(opinion, JOURNALED_OPINION_FIELDS) });
      }
      if (rows.length < pageSize) break;
      after = Number(rows[rows.length - 1].position);
    }
    const expected = walk.expected;
    if (session.lastEvent > expected - 1) report({ chain, seq: expected, problem: `journal entries ${expected}–${session.lastEvent} are missing` });
    else if (session.lastEvent < expected - 1) report({ chain, seq: session.lastEvent + 1, problem: "journal entries after the session's last position (it was rewound)" });
    await this.verifyJournaledOpinions(chain, session.id, latest, pageSize, report);
    return { entries, unhashed: walk.unhashed };
  }

  /** The session's opinions, in pages, against the last snapshot the journal holds of each. */
  private async verifyJournaledOpinions(
    chain: string,
    sessionId: string,
    latest: Map<string, { position: number; snapshot: Record<string, unknown> }>,
    pageSize: number,
    report: Report,
  ): Promise<void> {
    for (let after = 0; ; ) {
      const opinions = await this.prisma.opinion.findMany({ where: { sessionId, seq: { gt: after } }, orderBy: { seq: 'asc' }, take: pageSize });
      for (const opinion of opinions) {
        const journaled = latest.get(opinion.id);
        latest.delete(opinion.id);
        if (!journaled) {
          report({ chain, seq: null, problem: `opinion ${opinion.id} (#${opinion.seq}) is not in the journal` });
          continue;
        }
        // A field an older snapshot does not carry is not compared.
        const differs = JOURNALED_OPINION_FIELDS.filter((field) => field in journaled.snapshot && journaled.snapshot[field] !== (opinion[field] ?? null));
        if (differs.length) {
          report({ chain, seq: journaled.position, problem: `opinion ${opinion.id} (#${opinion.seq}) differs from the journal (${differs.join(', ')})` });
        }
      }
      if (opinions.length < pageSize) break;
      after = opinions[opinions.length - 1].seq;
    }
    for (const [id, { position }] of latest) report({ chain, seq: position, problem: `opinion ${id} is in the journal but missing` });
  }

  /**
   * The current rows, in pages, against the last hashed entry about each of them; then whatever
   * the record names that is gone.
   */
  private async verifyState(pageSize: number, report: Report): Promise<void> {
    for (let after: string | null = null; ; ) {
      const opinions: (OpinionStateRow & { id: string; seq: number; sessionId: string; session: { moderationMode: string } })[] = await this.prisma.opinion.findMany({
        where: after === null ? {} : { id: { gt: after } },
        include: { session: { select: { moderationMode: true } } },
        orderBy: { id: 'asc' },
        take: pageSize,
      });
      const onRecord = await this.lastEntries('Opinion', opinions.map((o) => o.id));
      for (const opinion of opinions) {
        const chain = chainId({ sessionId: opinion.sessionId });
        const entry = onRecord.latest.get(opinion.id);
        if (entry) {
          if (stateDigest(entry.salt!, opinionState(opinion)) !== entry.stateDigest) {
            report({ chain, seq: entry.seq, problem: `opinion ${opinion.id} (#${opinion.seq}) differs from the record` });
          }
        } else if (!onRecord.any.has(opinion.id)) {
          // Never moderated: it must still be as it was posted (pending, or public at once under POST).
          const asPosted = opinion.status === OpinionStatus.PENDING || (opinion.status === OpinionStatus.APPROVED && opinion.session.moderationMode === 'POST');
          if (!asPosted || opinion.originalBody !== null || opinion.moderationReason !== null || opinion.rejectReason !== null) {
            report({ chain, seq: null, problem: `opinion ${opinion.id} (#${opinion.seq}) is ${opinion.status} with no moderation on the record` });
          }
        }
      }
      if (opinions.length < pageSize) break;
      after = opinions[opinions.length - 1].id;
    }
    for (let after: string | null = null; ; ) {
      const responses: ResponseStateRow[] = await this.prisma.officialResponse.findMany({
        where: after === null ? {} : { id: { gt: after } },
        include: { opinion: { select: { sessionId: true } } },
        orderBy: { id: 'asc' },
        take: pageSize,
      });
      const onRecord = await this.lastEntries('OfficialResponse', responses.map((r) => r.id));
      for (const response of responses) {
        const chain = chainId({ sessionId: response.opinion?.sessionId ?? '?' });
        const entry = onRecord.latest.get(response.id);
        if (entry) {
          if (stateDigest(entry.salt!, responseState(response)) !== entry.stateDigest) {
            report({ chain, seq: entry.seq, problem: `response ${response.id} differs from the record` });
          }
        } else if (!onRecord.any.has(response.id)) {
          report({ chain, seq: null, problem: `response ${response.id} is not on the record` });
        }
      }
      if (responses.length < pageSize) break;
      after = responses[responses.length - 1].id;
    }
    for (let after: string | null = null; ; ) {
      const sessions: { id: string; status: string }[] = await this.prisma.forumSession.findMany({
        where: after === null ? {} : { id: { gt: after } },
        select: { id: true, status: true },
        orderBy: { id: 'asc' },
        take: pageSize,
      });
      const onRecord = await this.lastEntries('ForumSession', sessions.map((s) => s.id));
      for (const session of sessions) {
        const entry = onRecord.latest.get(session.id);
        if (entry && stateDigest(entry.salt!, sessionState(session)) !== entry.stateDigest) {
          report({ chain: chainId({ sessionId: session.id }), seq: entry.seq, problem: `session status ${session.status} differs from the record` });
        }
      }
      if (sessions.length < pageSize) break;
      after = sessions[sessions.length - 1].id;
    }
    // Whatever the record says exists must still exist: the last hashed entry of each subject gone.
    for (let after = { type: '', id: '' }; ; ) {
      const gone = await this.prisma.$queryRaw<{ entityType: string; entityId: string; chain: string; seq: number }[]>`
        SELECT DISTINCT ON (a.entity_type, a.entity_id) a.entity_type AS "entityType", a.entity_id AS "entityId", a.chain, a.seq
          FROM audit_entry a
         WHERE a.hash IS NOT NULL AND a.state_digest IS NOT NULL AND a.entity_type NOT IN ('Unit', 'Staff')
           AND (a.entity_type, a.entity_id) > (${after.type}, ${after.id})
           AND NOT (a.entity_type = 'Opinion' AND EXISTS (SELECT 1 FROM opinion o WHERE o.id = a.entity_id))
           AND NOT (a.entity_type = 'OfficialResponse' AND EXISTS (SELECT 1 FROM official_response r WHERE r.id = a.entity_id))
           AND NOT (a.entity_type = 'ForumSession' AND EXISTS (SELECT 1 FROM forum_session f WHERE f.id = a.entity_id))
         ORDER BY a.entity_type, a.entity_id, a.chain DESC, a.seq DESC
         LIMIT ${pageSize}`;
      for (const entry of gone) report({ chain: entry.chain, seq: Number(entry.seq), problem: `${entry.entityType} ${entry.entityId} is on the record but missing` });
      if (gone.length < pageSize) break;
      after = { type: gone[gone.length - 1].entityType, id: gone[gone.length - 1].entityId };
    }
  }

  /**
   * For a page of subjects: the last hashed entry with a state digest about each, and which have
   * any entry at all; one row per subject, however many entries it has.
   */
  private async lastEntries(entityType: string, ids: string[]): Promise<{ latest: Map<string, LastEntry>; any: Set<string> }> {
    const latest = new Map<string, LastEntry>();
    const any = new Set<string>();
    if (ids.length === 0) return { latest, any };
    const rows = await this.prisma.$queryRaw<(Partial<LastEntry> & { entityId: string; onRecord: boolean })[]>`
      SELECT subject.id AS "entityId", l.seq, l.salt, l.state_digest AS "stateDigest",
             EXISTS (SELECT 1 FROM audit_entry x WHERE x.entity_id = subject.id AND x.entity_type = ${entityType}) AS "onRecord"
        FROM unnest(${ids}::text[]) AS subject(id)
        LEFT JOIN LATERAL (
          -- Every entry about one subject is in one chain: the last of it wins.
          SELECT a.seq, a.salt, a.state_digest FROM audit_entry a
           WHERE a.entity_id = subject.id AND a.entity_type = ${entityType} AND a.hash IS NOT NULL AND a.state_digest IS NOT NULL
           ORDER BY a.chain DESC, a.seq DESC LIMIT 1) l ON true`;
    for (const row of rows) {
      if (row.onRecord) any.add(row.entityId);
      if (row.seq != null) latest.set(row.entityId, { seq: Number(row.seq), salt: row.salt ?? null, stateDigest: row.stateDigest ?? null });
    }
    return { latest, any };
  }
}

/** How many rows verify-record reads at a time. */
const VERIFY_PAGE = 1000;

export interface VerifyOptions {
  /** Rows read at a time (tests make it small to cross page boundaries). */
  pageSize?: number;
  /** Called with each problem as it is found (the CLI prints it at once). */
  onProblem?: (problem: RecordProblem) => void;
}

type Report = (problem: RecordProblem) => void;
type LastEntry = { seq: number; salt: string | null; stateDigest: string | null };
type OpinionStateRow = Parameters<typeof opinionState>[0] & { status: string };
type ResponseStateRow = Parameters<typeof responseState>[0] & { id: string; opinion: { sessionId: string } | null };

/** Where the walk along one chain is: carried from one page of rows to the next. */
interface ChainWalk {
  chain: string;
  prev: string;
  expected: number;
  hashedYet: boolean;
  unhashed: number;
  lastSeq: number | null;
}

function newWalk(chain: string): ChainWalk {
  return { chain, prev: GENESIS_HASH, expected: 1, hashedYet: false, unhashed: 0, lastSeq: null };
}

/** One audit entry, the next of its chain: its seq, its link and its hash. */
function walkAuditEntry(walk: ChainWalk, entry: AuditRow, report: Report): void {
  const { chain } = walk;
  if (entry.seq !== walk.expected) report({ chain, seq: walk.expected, problem: `entries ${walk.expected}–${entry.seq - 1} are missing` });
  walk.expected = entry.seq + 1;
  walk.lastSeq = entry.seq;
  if (entry.hash === null) {
    // Written before the record began: allowed only before the first hashed entry.
    if (walk.hashedYet) report({ chain, seq: entry.seq, problem: 'entry has lost its hash' });
    walk.unhashed++;
    return;
  }
  walk.hashedYet = true;
  if (entry.prevHash !== walk.prev) report({ chain, seq: entry.seq, problem: 'entry does not follow the previous one (prev_hash differs)' });
  if (entryHash(entry, entry.prevHash ?? walk.prev) !== entry.hash) report({ chain, seq: entry.seq, problem: 'entry was changed (its hash no longer matches)' });
  walk.prev = entry.hash;
}

/** The end of an audit chain against its head row. */
function checkHead(walk: ChainWalk, head: { lastSeq: number; headHash: string } | null, report: Report): void {
  const { chain } = walk;
  const last = walk.lastSeq ?? 0;
  if (!head) {
    report({ chain, seq: walk.lastSeq, problem: 'the chain has no head' });
    return;
  }
  if (head.lastSeq > last) report({ chain, seq: last + 1, problem: `entries ${last + 1}–${head.lastSeq} are missing` });
  else if (head.lastSeq < last) report({ chain, seq: head.lastSeq + 1, problem: 'entries after the head (the head was rewound)' });
  if (walk.hashedYet && head.headHash !== walk.prev) report({ chain, seq: head.lastSeq, problem: 'the head does not match the last entry' });
}

/** One journal entry, the next of its session's journal: its position, its link and its hash. */
function walkJournalEntry(walk: ChainWalk, row: JournalLinkRow, report: Report): void {
  const { chain } = walk;
  const position = row.position;
  if (position !== walk.expected) report({ chain, seq: walk.expected, problem: `journal entries ${walk.expected}–${position - 1} are missing` });
  walk.expected = position + 1;
  if (row.hash === null) {
    // Written before the journal was chained: allowed only before the first hashed entry.
    if (walk.hashedYet) report({ chain, seq: position, problem: 'journal entry has lost its hash' });
    walk.unhashed++;
    return;
  }
  walk.hashedYet = true;
  if (row.prevHash !== walk.prev) report({ chain, seq: position, problem: 'journal entry does not follow the previous one (prev_hash differs)' });
  const link = { ...row, createdAt: new Date(row.createdAt) };
  if (journalEntryHash(link, row.prevHash ?? walk.prev) !== row.hash) report({ chain, seq: position, problem: 'journal entry was changed (its hash no longer matches)' });
  walk.prev = row.hash;
}

const MALFORMED = Symbol('malformed');

/** The opinion snapshot a journal row carries: null when it carries none, MALFORMED when its payload is not what the journal writes. */
function journaledOpinion(row: JournalLinkRow): Record<string, unknown> | null | typeof MALFORMED {
  let payload: unknown;
  try {
    payload = JSON.parse(row.payloadText);
  } catch {
    return MALFORMED;
  }
  if (!isObject(payload)) return MALFORMED;
  if (!('opinion' in payload)) return row.opinionId ? MALFORMED : null;
  return isObject(payload.opinion) ? payload.opinion : MALFORMED;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function pick(snapshot: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const picked: Record<string, unknown> = {};
  for (const field of fields) if (field in snapshot) picked[field] = snapshot[field];
  return picked;
}
