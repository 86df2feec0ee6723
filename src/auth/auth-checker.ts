import type { AuthChecker } from 'type-graphql';
import { forbidden, unauthenticated } from '../common/errors.js';
import { roleOf, type Viewer } from './viewer.js';

/**
 * `@Authorized()` needs a signed-in viewer; `@Authorized(roles)` one of those roles. Unit scoping
 * (staff of which unit) is checked by the services, which know the unit. It reads only the
 * context's viewer (src/context.ts's Context has one).
 */
export const authChecker: AuthChecker<{ viewer: Viewer }> = ({ context }, roles) => {
  const role = roleOf(context.viewer);
  if (!role) throw unauthenticated();
  if (roles.length > 0 && !roles.includes(role)) throw forbidden();
  return true;
};
