import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import type { Logger } from 'pino';
import { AppError, ErrorCode } from '../common/errors.js';
import { Role, type StaffRole, type Viewer } from './viewer.js';

const ALGORITHM = 'HS256';
const ISSUER = 'lang-nghe';

interface Claims {
  sub: string;
  role: Role;
  unit?: string | null;
  name?: string | null;
  /** Staff only: the account's token version when the token was issued (absent: 0). */
  ver?: number;
}

/**
 * Who a request or socket acts as, until when (epoch milliseconds; null: no token, no end), and
 * for staff the token version, which src/auth/access.ts checks against the account (0 otherwise).
 */
export interface Authenticated {
  viewer: Viewer;
  expiresAt: number | null;
  version: number;
  /** The token's id (its `jti`; a digest of the token when it has none), which `logout` revokes; null without a token. */
  tokenId: string | null;
}

/** Signs and verifies the API's JWTs. HS256 only: a token naming any other algorithm is refused. */
export class TokenService {
  private readonly key: Uint8Array;

  constructor(
    secret: string,
    private readonly ttl: { staffSeconds: number; citizenSeconds: number },
  ) {
    this.key = new TextEncoder().encode(secret);
  }

  /** Signs a token for `viewer`; staff tokens carry the account's `version` (src/auth/access.ts checks it). */
  async issue(viewer: Exclude<Viewer, { kind: 'anonymous' }>, { version = 0 }: { version?: number } = {}): Promise<string> {
    const claims: Omit<Claims, 'sub'> =
      viewer.kind === 'staff' ? { role: viewer.role, unit: viewer.unitId, ver: version } : { role: Role.CITIZEN, name: viewer.displayName };
    const ttl = viewer.kind === 'staff' ? this.ttl.staffSeconds : this.ttl.citizenSeconds;
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ALGORITHM, typ: 'JWT' })
      .setSubject(viewer.id)
      .setIssuer(ISSUER)
      .setIssuedAt()
      .setJti(crypto.randomUUID())
      .setExpirationTime(`${ttl}s`)
      .sign(this.key);
  }

  /** The viewer a token stands for; UNAUTHENTICATED when it is forged, expired or malformed. */
  async verify(token: string): Promise<Viewer> {
    return (await this.verifyToken(token)).viewer;
  }

  /**
   * The viewer a token stands for and when the token expires: an open WebSocket must stop at
   * that moment. UNAUTHENTICATED when it is forged, expired or malformed. Every check of a
   * token lives here, so HTTP and sockets accept exactly the same tokens.
   */
  async verifyToken(token: string): Promise<Authenticated & { expiresAt: number; tokenId: string }> {
    try {
      const { payload } = await jwtVerify<Claims>(token, this.key, { algorithms: [ALGORITHM], issuer: ISSUER, requiredClaims: ['sub', 'exp'] });
      const expiresAt = payload.exp! * 1000;
      // Tokens issued before tokens carried a jti are named by their digest: logout ends them too.
      const tokenId = typeof payload.jti === 'string' ? payload.jti : crypto.createHash('sha256').update(token).digest('base64url');
      if (payload.role === Role.CITIZEN) {
        return { viewer: { kind: 'citizen', id: payload.sub!, displayName: typeof payload.name === 'string' ? payload.name : null }, expiresAt, version: 0, tokenId };
      }
      if (payload.role === Role.ADMIN || payload.role === Role.MODERATOR || payload.role === Role.OFFICER) {
        return {
          viewer: { kind: 'staff', id: payload.sub!, role: payload.role as StaffRole, unitId: typeof payload.unit === 'string' ? payload.unit : null },
          expiresAt,
          version: Number.isInteger(payload.ver) ? payload.ver! : 0,
          tokenId,
        };
      }
    } catch (error) {
      if (error instanceof joseErrors.JWTExpired) throw new AppError(ErrorCode.UNAUTHENTICATED, 'auth.tokenExpired');
      throw new AppError(ErrorCode.UNAUTHENTICATED, 'auth.invalidToken');
    }
    throw new AppError(ErrorCode.UNAUTHENTICATED, 'auth.invalidToken');
  }

  /**
   * Reads `Bearer <token>` without asking the database: no header is the anonymous viewer, a bad
   * one is UNAUTHENTICATED. Requests go through AccessService, which also checks staff accounts.
   */
  async viewerFromAuthorization(header: unknown): Promise<Viewer> {
    return (await this.authenticate(header)).viewer;
  }

  /** Like viewerFromAuthorization, with the token's expiry (null for the anonymous viewer) and version. */
  async authenticate(header: unknown): Promise<Authenticated> {
    if (header === undefined || header === null || header === '') return { viewer: { kind: 'anonymous' }, expiresAt: null, version: 0, tokenId: null };
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match) throw new AppError(ErrorCode.UNAUTHENTICATED, 'auth.bearerFormat');
    return this.verifyToken(match[1]);
  }
}

/**
 * The signing secret: JWT_SECRET when set; otherwise one generated once and kept in the data
 * folder (readable by the owner only), so tokens survive restarts of a single-machine install.
 */
export function resolveJwtSecret(options: { secret?: string; dataDir: string; logger?: Logger }): string {
  if (options.secret) return options.secret;
  const file = path.join(options.dataDir, 'jwt-secret');
  try {
    const existing = fs.readFileSync(file, 'utf8').trim();
    if (existing.length >= 32) return existing;
  } catch {
    // first start: generate below
  }
  fs.mkdirSync(options.dataDir, { recursive: true });
  const secret = crypto.randomBytes(48).toString('base64url');
  fs.writeFileSync(file, secret + '\n', { mode: 0o600 });
  options.logger?.warn({ file }, 'JWT_SECRET not set: generated a signing secret and stored it in the data folder');
  return secret;
}
