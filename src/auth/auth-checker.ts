import type { AuthChecker } from 'type-graphql';
import type { Context } from '../context.js';
import { forbidden, unauthenticated } from '../common/errors.js';
import { roleOf } from './viewer.js';

/**
 * `@Authorized()` needs a signed-in viewer; `@Authorized(roles)` one of those roles. Unit scoping
 * (staff of which unit) is checked by the services, which know the unit.
 */
export const authChecker: AuthChecker<Context> = ({ context }, roles) => {
  const role = roleOf(context.viewer);
  if (!role) throw unauthenticated();
  if (roles.length > 0 && !roles.includes(role)) throw forbidden();
  return true;
};
