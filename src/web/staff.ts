import { ApiError, request, stored } from './api.js';
import { MeDocument, type StaffViewerFragment } from './generated/graphql.js';

/** The signed-in staff member of this browser (console and report pages). */
export interface StaffSignIn {
  token: string;
  viewer: StaffViewerFragment;
}

export const staffSignIn = stored<StaffSignIn>('ln.staff');

/** The stored sign-in if the server still accepts its token; forgets it otherwise. */
export async function currentStaff(): Promise<StaffSignIn | null> {
  const saved = staffSignIn.get();
  if (!saved) return null;
  try {
    const { me } = await request(MeDocument, {}, saved.token);
    if (!me || me.role === 'CITIZEN') throw new ApiError('not staff', 'UNAUTHENTICATED');
    const fresh = { token: saved.token, viewer: me };
    staffSignIn.set(fresh);
    return fresh;
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') staffSignIn.set(null);
    else return saved; // the server is unreachable: keep working with what we know
    return null;
  }
}
