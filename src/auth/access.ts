import type { Prisma } from '../db/client.js';
import { AppError, ErrorCode } from '../common/errors.js';
import type { Authenticated, TokenService } from './tokens.js';
import type { StaffRole, UnitCoverage, Viewer } from './viewer.js';

/**
 * The unit tree, read once per instance and kept until a unit is created (or the bus resyncs):
 * units change a few times a year, requests come many times a second, and the authorization
 * checks stay synchronous (`isUnitStaff`, `hasUnitRole`) because the viewer carries its units.
 */
export class UnitTree {
  private version = 0;
  private loading: Promise<Map<string, string[]>> | null = null;
  private readonly coverages = new Map<string, UnitCoverage>();

  constructor(private readonly prisma: Prisma) {}

  /** The unit and every unit under it, at any depth. */
  async coverageOf(unitId: string): Promise<UnitCoverage> {
    const version = this.version;
    const known = this.coverages.get(unitId);
    if (known) return known;
    const children = await (this.loading ??= this.load());
    const units = new Set<string>([unitId]);
    // Breadth-first; the Set also stops a cycle, which the data model does not forbid.
    for (const id of units) for (const child of children.get(id) ?? []) units.add(child);
    const coverage: UnitCoverage = { units, key: `${unitId}@${version}` };
    // A tree that changed while loading is not cached: the next call reads the new one.
    if (version === this.version) this.coverages.set(unitId, coverage);
    return coverage;
  }

  /** Forgets the tree: the next check reads it again. */
  invalidate(): void {
    this.version++;
    this.loading = null;
    this.coverages.clear();
  }

  private async load(): Promise<Map<string, string[]>> {
    const rows = await this.prisma.unit.findMany({ select: { id: true, parentId: true } });
    const children = new Map<string, string[]>();
    for (const row of rows) {
      if (!row.parentId) continue;
      const siblings = children.get(row.parentId);
      if (siblings) siblings.push(row.id);
      else children.set(row.parentId, [row.id]);
    }
    return children;
  }
}

/**
 * A change to who may do what, which every instance applies at once: a staff member's tokens
 * were revoked, or the unit tree changed. Not a session event: the live feeds never see it.
 */
export type AccessEvent =
  | { type: 'staffRevoked'; staffId: string }
  /** One staff token was ended (logout): sockets opened with it close. */
  | { type: 'tokenRevoked'; tokenId: string }
  | { type: 'unitsChanged' }
  /** A staff member's name changed: public read caches forget the names on responses they keep. */
  | { type: 'publicNamesChanged' };
export type AccessListener = (event: AccessEvent) => void;

/** What carries access changes to every instance, this one included: the event bus (src/live/bus.ts). */
export interface AccessChannel {
  publishAccess(event: AccessEvent): void;
  onAccess(listener: AccessListener): () => void;
  /** Fires when changes may have been missed (Redis came back after an outage). */
  onResync(listener: () => void): () => void;
}

/** What a revocation ends: every token of a staff member, or one token. */
export type Revocation = { staffId: string } | { tokenId: string };

/**
 * Who is asking, for HTTP requests and WebSocket connections alike: the token, then for staff
 * the account (one read by primary key: active, token version, current role and unit) and the
 * units it covers. Revocations and unit changes travel on the event bus to every instance.
 */
export class AccessService {
  private readonly revokedListeners = new Set<(revocation: Revocation) => void>();

  constructor(
    private readonly prisma: Prisma,
    private readonly tokens: TokenService,
    private readonly bus: AccessChannel,
    readonly units: UnitTree = new UnitTree(prisma),
  ) {
    bus.onAccess((event) => this.apply(event));
    // Access changes published while Redis was away are lost: read the tree again.
    bus.onResync(() => units.invalidate());
  }

  /** The viewer behind an `Authorization` header; UNAUTHENTICATED for a bad, expired or revoked token. */
  async viewerFromAuthorization(header: unknown): Promise<Viewer> {
    return (await this.authenticate(header)).viewer;
  }

  /** As viewerFromAuthorization, with the token's expiry and version (a socket keeps both). */
  async authenticate(header: unknown): Promise<Authenticated> {
    const authenticated = await this.tokens.authenticate(header);
    const { viewer, version, tokenId } = authenticated;
    if (viewer.kind !== 'staff') return authenticated;
    const [staff, revoked] = await Promise.all([
      this.prisma.staff.findUnique({ where: { id: viewer.id }, select: { role: true, unitId: true, active: true, tokenVersion: true } }),
      tokenId ? this.prisma.revokedToken.findUnique({ where: { tokenId }, select: { tokenId: true } }) : null,
    ]);
    if (!staff || !staff.active || staff.tokenVersion !== version || revoked) throw new AppError(ErrorCode.UNAUTHENTICATED, 'auth.tokenRevoked');
    return { ...authenticated, viewer: await this.staffViewer({ id: viewer.id, role: staff.role as StaffRole, unitId: staff.unitId }) };
  }

  /** A staff viewer with the units it covers (the seed and tests act as staff without a token). */
  async staffViewer(staff: { id: string; role: StaffRole; unitId: string | null }): Promise<Viewer> {
    return { kind: 'staff', ...staff, ...(staff.unitId ? { coverage: await this.units.coverageOf(staff.unitId) } : {}) };
  }

  /** Ends a staff member's tokens everywhere: call after the version change committed. */
  revoke(staffId: string): void {
    this.bus.publishAccess({ type: 'staffRevoked', staffId });
  }

  /**
   * Ends one staff token (logout) on every instance and after restarts: kept until the token would
   * have expired, when a later revocation deletes it. Its sockets close on every instance.
   */
  async revokeToken({ staffId, tokenId, expiresAt }: { staffId: string; tokenId: string; expiresAt: number }): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.revokedToken.deleteMany({ where: { expiresAt: { lt: new Date() } } }),
      this.prisma.revokedToken.upsert({ where: { tokenId }, create: { tokenId, staffId, expiresAt: new Date(expiresAt) }, update: {} }),
    ]);
    this.bus.publishAccess({ type: 'tokenRevoked', tokenId });
  }

  /** Of `tokenIds`, those ended by logout (open sockets re-check theirs when revocations may have been missed). */
  async revokedTokens(tokenIds: readonly string[]): Promise<Set<string>> {
    if (tokenIds.length === 0) return new Set();
    const rows = await this.prisma.revokedToken.findMany({ where: { tokenId: { in: [...tokenIds] } }, select: { tokenId: true } });
    return new Set(rows.map((row) => row.tokenId));
  }

  /** Tells every instance the unit tree changed: call after the change committed. */
  unitsChanged(): void {
    this.bus.publishAccess({ type: 'unitsChanged' });
  }

  /** Tells every instance's public read cache that a staff member's name changed: call after the commit. */
  publicNamesChanged(): void {
    this.bus.publishAccess({ type: 'publicNamesChanged' });
  }

  /** Called on every instance when a staff member's tokens, or one token, were revoked (the WebSocket server closes their sockets). */
  onRevoked(listener: (revocation: Revocation) => void): () => void {
    this.revokedListeners.add(listener);
    return () => this.revokedListeners.delete(listener);
  }

  /** Called when access changes may have been missed (Redis came back): open sockets re-check their staff. */
  onResync(listener: () => void): () => void {
    return this.bus.onResync(listener);
  }

  /** Each staff member's current token version; null when the account is gone or deactivated. */
  async currentTokenVersions(staffIds: readonly string[]): Promise<Map<string, number | null>> {
    const versions = new Map<string, number | null>(staffIds.map((id) => [id, null]));
    if (staffIds.length === 0) return versions;
    const rows = await this.prisma.staff.findMany({ where: { id: { in: [...staffIds] } }, select: { id: true, active: true, tokenVersion: true } });
    for (const row of rows) if (row.active) versions.set(row.id, row.tokenVersion);
    return versions;
  }

  private apply(event: AccessEvent): void {
    if (event.type === 'unitsChanged') return this.units.invalidate();
    const revocation = event.type === 'staffRevoked' ? { staffId: event.staffId } : event.type === 'tokenRevoked' ? { tokenId: event.tokenId } : null;
    if (revocation) for (const listener of this.revokedListeners) listener(revocation);
  }
}
