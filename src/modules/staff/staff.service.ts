import type { Logger } from 'pino';
import type { Prisma } from '../../db/client.js';
import { badInput, conflict, notFound, unauthenticated } from '../../common/errors.js';
import { normalizeEmail, optionalText, requireText } from '../../common/text.js';
import { DUMMY_PASSWORD_HASH, hashPassword, verifyPassword } from '../../auth/password.js';
import type { TokenService } from '../../auth/tokens.js';
import { Role, type StaffRole, type Viewer } from '../../auth/viewer.js';
import { appendAudit } from '../record/record.chain.js';

/** What the `Viewer` and `Staff` GraphQL types show of a person. */
export interface Profile {
  id: string;
  displayName: string;
  role: Role;
  unitId: string | null;
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
  /** Who creates the account, for the record; absent for the system itself (the demo seed). */
  actor?: Viewer | null;
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CITIZEN_DEFAULT_NAME = 'Người dân';

/** Staff accounts, sign-in and citizen tokens. */
export class StaffService {
  constructor(
    private readonly prisma: Prisma,
    private readonly tokens: TokenService,
    private readonly logger: Logger,
  ) {}

  /** Same error and similar time for an unknown e-mail and a wrong password. */
  async login({ email, password }: { email: string; password: string }): Promise<AuthResult> {
    const staff = await this.prisma.staff.findUnique({ where: { email: normalizeEmail(email) } });
    const ok = await verifyPassword(password, staff?.passwordHash ?? DUMMY_PASSWORD_HASH);
    if (!staff || !ok) throw unauthenticated('Invalid email or password');
    const profile = staffProfile(staff);
    return { token: await this.tokens.issue({ kind: 'staff', id: staff.id, role: profile.role as StaffRole, unitId: staff.unitId }), viewer: profile };
  }

  async joinAsCitizen(displayName?: string | null): Promise<AuthResult> {
    const name = optionalText(displayName, { field: 'displayName', max: 120 });
    const citizen = await this.prisma.citizen.create({ data: { displayName: name } });
    return {
      token: await this.tokens.issue({ kind: 'citizen', id: citizen.id, displayName: name }),
      viewer: { id: citizen.id, displayName: name ?? CITIZEN_DEFAULT_NAME, role: Role.CITIZEN, unitId: null },
    };
  }

  async create(input: CreateStaffData): Promise<Profile> {
    const email = normalizeEmail(input.email);
    if (!EMAIL.test(email) || email.length > 254) throw badInput('email is not a valid e-mail address', { field: 'email' });
    validatePassword(input.password);
    const displayName = requireText(input.displayName, { field: 'displayName', max: 120 });
    if (input.role === Role.CITIZEN) throw badInput('role must be MODERATOR, OFFICER or ADMIN', { field: 'role' });
    const unit = await this.prisma.unit.findUnique({ where: { id: input.unitId } });
    if (!unit) throw notFound('Unit');
    if (await this.prisma.staff.findUnique({ where: { email } })) throw conflict('A staff member with this email already exists');
    const passwordHash = await hashPassword(input.password);
    try {
      const staff = await this.prisma.$transaction(async (tx) => {
        const created = await tx.staff.create({
          data: { email, passwordHash, displayName, role: input.role as StaffRole, unitId: unit.id },
        });
        await appendAudit(tx, {
          chain: { unitId: unit.id },
          actor: input.actor ?? null,
          action: 'STAFF_CREATED',
          entityType: 'Staff',
          entityId: created.id,
          unitId: unit.id,
          toStatus: created.role,
          state: { email: created.email, displayName: created.displayName, role: created.role, unitId: created.unitId },
        });
        return created;
      });
      return staffProfile(staff);
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') throw conflict('A staff member with this email already exists');
      throw error;
    }
  }

  /** The signed-in person, or null for the anonymous viewer or a deleted account. */
  async profile(viewer: Viewer): Promise<Profile | null> {
    if (viewer.kind === 'staff') {
      const staff = await this.prisma.staff.findUnique({ where: { id: viewer.id } });
      return staff ? staffProfile(staff) : null;
    }
    if (viewer.kind === 'citizen') {
      const citizen = await this.prisma.citizen.findUnique({ where: { id: viewer.id } });
      return citizen ? { id: citizen.id, displayName: citizen.displayName ?? CITIZEN_DEFAULT_NAME, role: Role.CITIZEN, unitId: null } : null;
    }
    return null;
  }

  /** First start: creates the configured admin when no admin exists yet. Never logs the password. */
  async ensureAdmin({ email, password }: { email: string; password: string }): Promise<boolean> {
    if (await this.prisma.staff.findFirst({ where: { role: Role.ADMIN } })) return false;
    const normalized = normalizeEmail(email);
    if (!EMAIL.test(normalized)) throw new Error('ADMIN_EMAIL is not a valid e-mail address');
    validatePassword(password);
    const passwordHash = await hashPassword(password);
    await this.prisma.staff.upsert({
      where: { email: normalized },
      create: { email: normalized, passwordHash, displayName: 'Quản trị viên', role: Role.ADMIN },
      update: { role: Role.ADMIN, passwordHash },
    });
    this.logger.info({ email: normalized }, 'created the first admin from ADMIN_EMAIL');
    return true;
  }
}

function validatePassword(password: string): void {
  const length = [...password].length;
  if (length < 8) throw badInput('password needs at least 8 characters', { field: 'password' });
  if (length > 200) throw badInput('password is too long: at most 200 characters', { field: 'password' });
}

function staffProfile(staff: { id: string; displayName: string; role: string; unitId: string | null }): Profile {
  return { id: staff.id, displayName: staff.displayName, role: staff.role as Role, unitId: staff.unitId };
}
