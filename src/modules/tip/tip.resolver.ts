import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { Role } from '../common.type.js';
import { Opinion } from '../opinion/opinion.type.js';
import { Staff } from '../staff/staff.type.js';
import { TipFollowUpInput } from './tip.input.js';
import { TipFollowUp } from './tip.type.js';

@Resolver(() => TipFollowUp)
export class TipResolver {
  @Authorized(Role.OFFICER, Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Opinion, { description: "OFFICER, MODERATOR or ADMIN of the session's unit; tips only. History kept and audited." })
  followUpTip(@Arg('input', () => TipFollowUpInput) input: TipFollowUpInput, @Ctx() ctx: Context) {
    return ctx.services.tips.followUp({ viewer: ctx.viewer, input });
  }

  @FieldResolver(() => Staff, { description: 'Who recorded this step.' })
  actor(@Root() step: TipFollowUp, @Ctx() ctx: Context) {
    return ctx.loaders.staff.load(step.actorId);
  }
}
