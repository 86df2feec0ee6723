import { Role } from '../common/enums.js';

// Defined with the other domain enums; the services and tokens read it here with the viewer.
export { Role };

export type StaffRole = Exclude<Role, 'CITIZEN'>;

/**
 * The units a staff member acts on: their own and every unit under it. `key` is equal for two
 * viewers exactly when their units are (same unit, same version of the unit tree), so viewers
 * with one key may share a live execution.
 */
export interface UnitCoverage {
  readonly units: ReadonlySet<string>;
  readonly key: string;
}

/**
 * Who is asking: nobody, a citizen token, or a staff member. A staff viewer resolved from a
 * token (src/auth/access.ts) carries its `coverage`; without it only the own unit counts.
 */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'citizen'; id: string; displayName: string | null }
  | { kind: 'staff'; id: string; role: StaffRole; unitId: string | null; coverage?: UnitCoverage };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

/**
 * The process itself acting as the bootstrap ADMIN (no unit): the seed and first-start set-up,
 * which run through the services like any caller. Never the viewer of a request.
 */
export const SYSTEM: Viewer = { kind: 'staff', id: 'system', role: Role.ADMIN, unitId: null };

/** True when `unitId` is the staff viewer's unit or under it: the one rule of the unit hierarchy. */
function covers(viewer: Viewer, unitId: string): boolean {
  if (viewer.kind !== 'staff' || viewer.unitId === null) return false;
  return viewer.coverage ? viewer.coverage.units.has(unitId) : viewer.unitId === unitId;
}

/** True for staff of `unitId` or of a unit above it (any staff role, admins included). */
export function isUnitStaff(viewer: Viewer, unitId: string): boolean {
  return covers(viewer, unitId);
}

export function isAdmin(viewer: Viewer): boolean {
  return viewer.kind === 'staff' && viewer.role === Role.ADMIN;
}

/** The bootstrap ADMIN (`ADMIN_EMAIL`, no unit): manages every unit, but sees no unit's tips. */
export function isSystemAdmin(viewer: Viewer): boolean {
  return viewer.kind === 'staff' && viewer.role === Role.ADMIN && viewer.unitId === null;
}

/** An ADMIN of `unitId` or of a unit above it, or the bootstrap ADMIN. */
export function canManageUnit(viewer: Viewer, unitId: string): boolean {
  return isSystemAdmin(viewer) || (isAdmin(viewer) && covers(viewer, unitId));
}

/** The role a viewer acts with; anonymous viewers have none. */
export function roleOf(viewer: Viewer): Role | null {
  if (viewer.kind === 'staff') return viewer.role;
  if (viewer.kind === 'citizen') return Role.CITIZEN;
  return null;
}

/** The staff member behind an action, for the audit record. */
export function actorOf(viewer: Viewer): { actorId: string; actorRole: StaffRole } {
  if (viewer.kind !== 'staff') throw new Error('Audited actions are staff actions');
  return { actorId: viewer.id, actorRole: viewer.role };
}

/** Staff with one of `roles` in `unitId` or in a unit above it. */
export function hasUnitRole(viewer: Viewer, unitId: string, roles: readonly StaffRole[]): boolean {
  return viewer.kind === 'staff' && roles.includes(viewer.role) && covers(viewer, unitId);
}
