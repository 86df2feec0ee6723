import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import type { Context } from '../../context.js';
import { rateLimit } from '../../auth/rate-limit.js';
import { Role } from '../common.type.js';
import { Unit } from '../unit/unit.type.js';
import { CreateStaffInput, UpdateStaffInput } from './staff.input.js';
import { AuthPayload, Staff, StaffConnection, ViewerProfile } from './staff.type.js';

const unitOf = (person: { unitId: string | null }, ctx: Context) => (person.unitId ? ctx.loaders.unit.load(person.unitId) : null);

@Resolver(() => Staff)
export class StaffResolver {
  @Authorized(Role.ADMIN)
  @Query(() => StaffConnection, { description: 'The staff of one unit, by name. ADMIN of the unit or of a unit above it.' })
  staff(
    @Arg('unitId', () => ID) unitId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 50 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.staff.list({ viewer: ctx.viewer, unitId, first, after });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Staff, { description: 'ADMIN of the unit or of a unit above it.' })
  createStaff(@Arg('input', () => CreateStaffInput) input: CreateStaffInput, @Ctx() ctx: Context) {
    return ctx.services.staff.create({ viewer: ctx.viewer, input });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Staff, { description: "ADMIN of the person's unit (and of the new one) or of a unit above it. Audited." })
  updateStaff(@Arg('input', () => UpdateStaffInput) input: UpdateStaffInput, @Ctx() ctx: Context) {
    return ctx.services.staff.update({ viewer: ctx.viewer, input });
  }

  @Authorized(Role.ADMIN)
  @Mutation(() => Staff, { description: "ADMIN of the person's unit or of a unit above it. Ends every token the person holds. Audited." })
  resetStaffPassword(@Arg('id', () => ID) id: string, @Arg('newPassword', () => String) newPassword: string, @Ctx() ctx: Context) {
    return ctx.services.staff.resetPassword({ viewer: ctx.viewer, id, newPassword });
  }

  @FieldResolver(() => Unit, { nullable: true })
  unit(@Root() staff: Staff, @Ctx() ctx: Context) {
    return unitOf(staff, ctx);
  }
}

@Resolver(() => ViewerProfile)
export class ViewerResolver {
  @Query(() => ViewerProfile, { nullable: true })
  me(@Ctx() ctx: Context) {
    return ctx.services.staff.profile(ctx.viewer);
  }

  @UseMiddleware(rateLimit('login'))
  @Mutation(() => AuthPayload, { description: 'Staff sign-in.' })
  login(@Arg('email', () => String) email: string, @Arg('password', () => String) password: string, @Ctx() ctx: Context) {
    return ctx.services.staff.login({ email, password });
  }

  @Authorized(Role.ADMIN, Role.MODERATOR, Role.OFFICER)
  @Mutation(() => Boolean, { description: 'Staff. Ends every token of the caller, the one used included: sign in again with the new password.' })
  changeMyPassword(
    @Arg('currentPassword', () => String) currentPassword: string,
    @Arg('newPassword', () => String) newPassword: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.staff.changeMyPassword({ viewer: ctx.viewer, currentPassword, newPassword });
  }

  @Authorized(Role.ADMIN, Role.MODERATOR, Role.OFFICER)
  @Mutation(() => Boolean, { description: "Staff. Ends the token used for this request, on every instance (its open WebSockets close); the person's other tokens keep working." })
  logout(@Ctx() ctx: Context) {
    return ctx.services.staff.logout({ viewer: ctx.viewer, token: ctx.token });
  }

  @UseMiddleware(rateLimit('joinAsCitizen'))
  @Mutation(() => AuthPayload, {
    description: 'A citizen token: lets a person upvote once per opinion and follow their own opinions. No account needed.',
  })
  joinAsCitizen(@Arg('displayName', () => String, { nullable: true }) displayName: string | null, @Ctx() ctx: Context) {
    return ctx.services.staff.joinAsCitizen(displayName);
  }

  @FieldResolver(() => Unit, { nullable: true })
  unit(@Root() viewer: ViewerProfile, @Ctx() ctx: Context) {
    return unitOf(viewer, ctx);
  }
}
