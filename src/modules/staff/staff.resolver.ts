import { Arg, Authorized, Ctx, FieldResolver, Mutation, Query, Resolver, Root, UseMiddleware } from 'type-graphql';
import type { Context } from '../../context.js';
import { rateLimit } from '../../server/rate-limit.js';
import { Role } from '../common.type.js';
import { Unit } from '../unit/unit.type.js';
import { CreateStaffInput } from './staff.input.js';
import { AuthPayload, Staff, ViewerProfile } from './staff.type.js';

const unitOf = (person: { unitId: string | null }, ctx: Context) => (person.unitId ? ctx.loaders.unit.load(person.unitId) : null);

@Resolver(() => Staff)
export class StaffResolver {
  @Authorized(Role.ADMIN)
  @Mutation(() => Staff, { description: 'ADMIN.' })
  createStaff(@Arg('input', () => CreateStaffInput) input: CreateStaffInput, @Ctx() ctx: Context) {
    return ctx.services.staff.create({ ...input, actor: ctx.viewer });
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
