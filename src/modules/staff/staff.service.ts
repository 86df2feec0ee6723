import type { Logger } from 'pino';
import type { Prisma } from '../../db/client.js';
import { badInput, conflict, forbidden, notFound, unauthenticated } from '../../common/errors.js';
import { decodeCursor, encodeCursor, pageSize, toPage, type Page } from '../../common/pagination.js';
import { normalizeEmail, optionalText, requireText } from '../../common/text.js';
import type { AccessService } from '../../auth/access.js';
import { checkPasswordPolicy, DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../../auth/password.js';
import type { TokenService } from '../../auth/tokens.js';
import { canManageUnit, isSystemAdmin, Role, type StaffRole, type Viewer } from '../../auth/viewer.js';
import { staffSubject, type AuditInput } from '../../record/chain.js';
import type { Recorder } from '../../record/recorder.js';
import { AuditAction } from '../../record/vocabulary.js';

/** What the `Viewer` and `Staff` GraphQL types show of a person. */
export interface Profile {
  id: string;
  displayName: string;
  role: Role;
  unitId: string | null;
  active: boolean;
}

export interface AuthResult {
  token: string;
  viewer: Profile;
}

export interface CreateStaffData {
  email: string;
  password: string;
  displayName: string;
  role: string;
  unitId: string;
}

export interface UpdateStaffData {
  id: string;
  displayName?: string | null;
  role?: string | null;
  unitId?: string | null;
  active?: boolean | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CITIZEN_DEFAULT_NAME = 'Người dân';
const STAFF_ROLES: readonly string[] = [Role.ADMIN, Role.MODERATOR, Role.OFFICER];

type StaffRow = { id: string; displayName: string; role: string; unitId: string | null; active: boolean; tokenVersion: number };

/** Staff accounts, sign-in and citizen tokens. */
export class StaffService {
  constructor(
    private readonly prisma: Prisma,
    private readonly recorder: Recorder,
    private readonly tokens: TokenService,
    private readonly access: AccessService,
    private readonly logger: Logger,
  ) {}

  /** Same error and similar time for an unknown e-mail and a wrong password. */
  async login({ email, password }: { email: string; password: string }): Promise<AuthResult> {
    const staff = await this.prisma.staff.findUnique({ where: { email: normalizeEmail(email) } });
    const ok = await verifyPassword(password, staff?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!staff || !ok) throw unauthenticated('auth.wrongCredentials');
    // Said only to whoever knows the password.
    if (!staff.active) throw unauthenticated('auth.deactivated');
    return { token: await this.issue(staff), viewer: staffProfile(staff) };
  }

  async joinAsCitizen(displayName?: string | null): Promise<AuthResult> {
    const name = optionalText(displayName, { field: 'displayName', max: 120 });
    const citizen = await this.prisma.citizen.create({ data: { displayName: name } });
    return {
      token: await this.tokens.issue({ kind: 'citizen', id: citizen.id, displayName: name }),
      viewer: { id: citizen.id, displayName: name ?? CITIZEN_DEFAULT_NAME, role: Role.CITIZEN, unitId: null, active: true },
    };
  }

  /** An ADMIN adds staff to a unit it manages (its own or one under it). Audited. */
  async create({ viewer, input }: { viewer: Viewer; input: CreateStaffData }): Promise<Profile> {
    const email = normalizeEmail(input.email);
    if (!EMAIL.test(email) || email.length > 254) throw badInput('staff.emailInvalid', { field: 'email' });
    checkPasswordPolicy(input.password);
    const displayName = requireText(input.displayName, { field: 'displayName', max: 120 });
    const role = staffRole(input.role);
    const unit = await this.prisma.unit.findUnique({ where: { id: input.unitId } });
    if (!unit) throw notFound('unit.notFound');
    if (!canManageUnit(viewer, unit.id)) throw forbidden('staff.manageNotAllowed');
    if (await this.prisma.staff.findUnique({ where: { email } })) throw conflict('staff.emailTaken');
    const passwordHash = await hashPassword(input.password);
    try {
      const staff = await this.recorder.commit(async (tx) => {
        const created = await tx.staff.create({
          data: { email, passwordHash, displayName, role, unitId: unit.id },
        });
        const state = { email: created.email, displayName: created.displayName, role: created.role, unitId: created.unitId };
        return { result: created, audit: { ...staffSubject(created), actor: viewer, action: AuditAction.STAFF_CREATED, toStatus: created.role, state } };
      });
      return staffProfile(staff);
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') throw conflict('staff.emailTaken');
      throw error;
    }
  }

  /** The staff of one unit (not of the units under it), by name; for an ADMIN who manages the unit. */
  async list({ viewer, unitId, first, after }: { viewer: Viewer; unitId: string; first?: number | null; after?: string | null }): Promise<Page<Profile>> {
    const size = pageSize(first, 50);
    if (!canManageUnit(viewer, unitId)) throw forbidden('staff.manageNotAllowed');
    const where = { unitId };
    let cursorWhere = {};
    if (after) {
      const [name, id] = decodeCursor(after, 'staff', ['string', 'string']) as [string, string];
      cursorWhere = { OR: [{ displayName: { gt: name } }, { displayName: name, id: { gt: id } }] };
    }
    const [rows, totalCount] = await Promise.all([
      this.prisma.staff.findMany({ where: { AND: [where, cursorWhere] }, orderBy: [{ displayName: 'asc' }, { id: 'asc' }], take: size + 1 }),
      this.prisma.staff.count({ where }),
    ]);
    return toPage(rows.map(staffProfile), size, totalCount, (s) => encodeCursor('staff', [s.displayName, s.id]));
  }

  /**
   * Renames, moves, changes the role of, deactivates or reactivates a staff member. Any change
   * but the name ends the person's tokens and open sockets on every instance. Audited.
   */
  async update({ viewer, input }: { viewer: Viewer; input: UpdateStaffData }): Promise<Profile> {
    const target = await this.managed(viewer, input.id);
    const displayName = input.displayName == null ? target.displayName : requireText(input.displayName, { field: 'displayName', max: 120 });
    const role = input.role == null ? target.role : staffRole(input.role);
    const active = input.active ?? target.active;
    let unitId = target.unitId;
    if (input.unitId != null && input.unitId !== target.unitId) {
      const unit = await this.prisma.unit.findUnique({ where: { id: input.unitId } });
      if (!unit) throw notFound('unit.notFound');
      if (!canManageUnit(viewer, unit.id)) throw forbidden('staff.manageNotAllowed');
      unitId = unit.id;
    }
    const changes = [
      role !== target.role && `role ${target.role}→${role}`,
      unitId !== target.unitId && `unit ${target.unitId ?? '-'}→${unitId}`,
      active !== target.active && `active ${target.active}→${active}`,
    ].filter((change): change is string => Boolean(change));
    // An admin locking themselves out (or demoting or moving themselves) needs a second admin to undo it.
    if (changes.length > 0 && viewer.kind === 'staff' && viewer.id === target.id) {
      throw forbidden('staff.ownAccount');
    }
    if (changes.length === 0 && displayName === target.displayName) return staffProfile(target);
    const updated = await this.recorder.commit(async (tx) => {
      const row = await tx.staff.update({
        where: { id: target.id },
        data: { displayName, role: role as StaffRole, unitId, active, ...(changes.length > 0 ? { tokenVersion: { increment: 1 } } : {}) },
      });
      const reason = [...changes, displayName !== target.displayName && 'displayName'].filter(Boolean).join('; ');
      return { result: row, audit: staffAudit(viewer, row, AuditAction.STAFF_UPDATED, reason) };
    });
    if (changes.length > 0) this.access.revoke(target.id);
    // The name is on the public's pages (responder) and kept in their cache.
    else this.access.publicNamesChanged();
    return staffProfile(updated);
  }

  /** An admin sets a new password; every token of that person ends. Audited (never the password). */
  async resetPassword({ viewer, id, newPassword }: { viewer: Viewer; id: string; newPassword: string }): Promise<Profile> {
    const target = await this.managed(viewer, id);
    checkPasswordPolicy(newPassword, 'newPassword');
    const updated = await this.setPassword({ viewer, id: target.id, password: newPassword, action: AuditAction.STAFF_PASSWORD_RESET });
    return staffProfile(updated);
  }

  /** The signed-in staff member changes their password; every token of theirs ends, this one too. */
  async changeMyPassword({ viewer, currentPassword, newPassword }: { viewer: Viewer; currentPassword: string; newPassword: string }): Promise<boolean> {
    if (viewer.kind !== 'staff') throw unauthenticated('staff.passwordNeedsStaff');
    const staff = await this.prisma.staff.findUnique({ where: { id: viewer.id } });
    if (!staff) throw unauthenticated();
    // The policy first: it costs nothing, while checking the current password costs a hash.
    checkPasswordPolicy(newPassword, 'newPassword');
    if (!(await verifyPassword(currentPassword, staff.passwordHash))) throw badInput('staff.currentPasswordWrong', { field: 'currentPassword' });
    await this.setPassword({ viewer, id: staff.id, password: newPassword, action: AuditAction.STAFF_PASSWORD_CHANGED });
    return true;
  }

  /**
   * Ends the token the request came with, and only that one, on every instance (its open sockets
   * close) and across restarts. The person's other tokens keep working.
   */
  async logout({ viewer, token }: { viewer: Viewer; token: { id: string; expiresAt: number } | null }): Promise<boolean> {
    if (viewer.kind !== 'staff' || !token) throw unauthenticated('staff.signOutNeedsStaff');
    await this.access.revokeToken({ staffId: viewer.id, tokenId: token.id, expiresAt: token.expiresAt });
    return true;
  }

  /** The signed-in person, or null for the anonymous viewer or a deleted account. */
  async profile(viewer: Viewer): Promise<Profile | null> {
    if (viewer.kind === 'staff') {
      const staff = await this.prisma.staff.findUnique({ where: { id: viewer.id } });
      return staff ? staffProfile(staff) : null;
    }
    if (viewer.kind === 'citizen') {
      const citizen = await this.prisma.citizen.findUnique({ where: { id: viewer.id } });
      return citizen ? { id: citizen.id, displayName: citizen.displayName ?? CITIZEN_DEFAULT_NAME, role: Role.CITIZEN, unitId: null, active: true } : null;
    }
    return null;
  }

  /** First start: creates the configured admin when no admin exists yet. Never logs the password. */
  async ensureAdmin({ email, password }: { email: string; password: string }): Promise<boolean> {
    if (await this.prisma.staff.findFirst({ where: { role: Role.ADMIN } })) return false;
    const normalized = normalizeEmail(email);
    if (!EMAIL.test(normalized)) throw new Error('ADMIN_EMAIL is not a valid e-mail address');
    checkPasswordPolicy(password);
    const passwordHash = await hashPassword(password);
    await this.prisma.staff.upsert({
      where: { email: normalized },
      create: { email: normalized, passwordHash, displayName: 'Quản trị viên', role: Role.ADMIN },
      update: { role: Role.ADMIN, passwordHash, active: true, tokenVersion: { increment: 1 } },
    });
    this.logger.info({ email: normalized }, 'created the first admin from ADMIN_EMAIL');
    return true;
  }

  private issue(staff: StaffRow): Promise<string> {
    return this.tokens.issue({ kind: 'staff', id: staff.id, role: staff.role as StaffRole, unitId: staff.unitId }, { version: staff.tokenVersion });
  }

  /** The staff member `id`, when `viewer` manages their unit (only the system ADMIN manages staff without a unit). */
  private async managed(viewer: Viewer, id: string): Promise<StaffRow> {
    const target = await this.prisma.staff.findUnique({ where: { id } });
    if (!target) throw notFound('staff.notFound');
    const allowed = target.unitId ? canManageUnit(viewer, target.unitId) : isSystemAdmin(viewer);
    if (!allowed) throw forbidden('staff.manageNotAllowed');
    return target;
  }

  private async setPassword({ viewer, id, password, action }: { viewer: Viewer; id: string; password: string; action: AuditAction }) {
    const passwordHash = await hashPassword(password);
    const updated = await this.recorder.commit(async (tx) => {
      const row = await tx.staff.update({ where: { id }, data: { passwordHash, tokenVersion: { increment: 1 } } });
      return { result: row, audit: staffAudit(viewer, row, action, null) };
    });
    this.access.revoke(id);
    return updated;
  }
}

/** One entry in the chain of the person's unit (the system's own chain for staff without a unit); never a password. */
function staffAudit(viewer: Viewer, staff: StaffRow & { email: string }, action: AuditAction, reason: string | null): AuditInput {
  const state = { email: staff.email, displayName: staff.displayName, role: staff.role, unitId: staff.unitId, active: staff.active };
  return { ...staffSubject(staff), actor: viewer, action, reason, state };
}

function staffRole(role: string): StaffRole {
  if (!STAFF_ROLES.includes(role)) throw badInput('staff.roleInvalid', { field: 'role' });
  return role as StaffRole;
}

function staffProfile(staff: { id: string; displayName: string; role: string; unitId: string | null; active?: boolean }): Profile {
  return { id: staff.id, displayName: staff.displayName, role: staff.role as Role, unitId: staff.unitId, active: staff.active ?? true };
}
