import type { Prisma } from '../../db/client.js';
import { isAdmin, isUnitStaff, type Viewer } from '../../auth/viewer.js';
import { forbidden } from '../../common/errors.js';
import { OpinionStatus } from '../../common/enums.js';
import { decodeCursor, encodeCursor, pageSize, toPage } from '../../common/pagination.js';
import { chainId, entryHash, GENESIS_HASH, opinionState, responseState, sessionState, stateDigest, type AuditRowLike } from './record.chain.js';

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

/** The hash-chained record: the audit log, the fingerprints, and the verifier. */
export class RecordService {
  constructor(private readonly prisma: Prisma) {}

  /** The head of the session's chain: shown on big screens and in the minutes, so a later rewrite shows. */
  async fingerprint(sessionId: string): Promise<string> {
    const head = await this.prisma.recordChain.findUnique({ where: { id: chainId({ sessionId }) } });
    return head?.headHash ?? GENESIS_HASH;
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
    return { chains: new Set([...byChain.keys(), ...headOf.keys()]).size, entries: entries.length, unhashed, problems };
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
