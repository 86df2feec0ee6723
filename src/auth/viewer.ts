/** Roles as stored and as in the GraphQL `Role` enum. */
export const Role = { CITIZEN: 'CITIZEN', MODERATOR: 'MODERATOR', OFFICER: 'OFFICER', ADMIN: 'ADMIN' } as const;
export type Role = (typeof Role)[keyof typeof Role];

export type StaffRole = Exclude<Role, 'CITIZEN'>;

/** Who is asking: nobody, a citizen token, or a staff member. */
export type Viewer =
  | { kind: 'anonymous' }
  | { kind: 'citizen'; id: string; displayName: string | null }
  | { kind: 'staff'; id: string; role: StaffRole; unitId: string | null };

export const ANONYMOUS: Viewer = { kind: 'anonymous' };

/** True for staff of `unitId` (any staff role, the unit's own admin included). */
export function isUnitStaff(viewer: Viewer, unitId: string): boolean {
  return viewer.kind === 'staff' && viewer.unitId === unitId;
}

export function isAdmin(viewer: Viewer): boolean {
  return viewer.kind === 'staff' && viewer.role === Role.ADMIN;
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

/** Staff with one of `roles` in `unitId`. */
export function hasUnitRole(viewer: Viewer, unitId: string, roles: readonly StaffRole[]): boolean {
  return viewer.kind === 'staff' && viewer.unitId === unitId && roles.includes(viewer.role);
}
