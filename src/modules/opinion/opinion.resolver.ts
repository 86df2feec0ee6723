import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, UseMiddleware, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import { rateLimit } from '../../server/rate-limit.js';
import { ModerationAction, Role, TipStatus } from '../common.type.js';
import { ForumSession, Topic } from '../forum-session/forum-session.type.js';
import { OfficialResponse } from '../official-response/official-response.type.js';
import { tipStatusOf } from '../tip/tip.service.js';
import { TipFollowUp } from '../tip/tip.type.js';
import { SubmitOpinionInput } from './opinion.input.js';
import { Opinion } from './opinion.type.js';
import { canSeeStaffFields } from './opinion.visibility.js';

/** The session unit's staff see contact, reasons and tip follow-up; everyone else gets null. */
async function staffOnly<T>(opinion: Opinion, ctx: Context, value: T | null | undefined): Promise<T | null> {
  if (value === null || value === undefined) return null;
  const session = await ctx.loaders.session.load(opinion.sessionId);
  return session && canSeeStaffFields(ctx.viewer, session.unitId) ? value : null;
}

@Resolver(() => Opinion)
export class OpinionResolver {
  @Query(() => Opinion, { nullable: true })
  opinion(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.opinions.get({ viewer: ctx.viewer, id });
  }

  @Authorized(Role.CITIZEN)
  @Query(() => [Opinion], { description: "The citizen's own opinions in a session (tips excepted), to follow their status and answers." })
  myOpinions(@Arg('sessionId', () => ID) sessionId: string, @Ctx() ctx: Context) {
    return ctx.services.opinions.mine({ viewer: ctx.viewer, sessionId });
  }

  @UseMiddleware(rateLimit('submitOpinion'))
  @Mutation(() => Opinion, { description: 'Anyone while the session is LIVE (anonymous only where allowAnonymous).' })
  submitOpinion(@Arg('input', () => SubmitOpinionInput) input: SubmitOpinionInput, @Ctx() ctx: Context) {
    return ctx.services.opinions.submit({ poster: { viewer: ctx.viewer, deviceKey: ctx.deviceKey }, input });
  }

  @UseMiddleware(rateLimit('upvoteOpinion'))
  @Mutation(() => Opinion, { description: 'Citizen token required; once per citizen and opinion (a repeat is a no-op).' })
  upvoteOpinion(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.services.opinions.upvote({ viewer: ctx.viewer, id });
  }

  @Authorized(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Opinion, { description: "MODERATOR or ADMIN of the session's unit. REJECT and HIDE take a reason." })
  moderateOpinion(
    @Arg('id', () => ID) id: string,
    @Arg('action', () => ModerationAction) action: ModerationAction,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.opinions.moderate({ viewer: ctx.viewer, id, action, reason });
  }

  @Subscription(() => Opinion, {
    description:
      "Staff of the session's unit: every new opinion, pending ones and tips included. With afterSeq, first replays the opinions after that seq, then goes live, with no gap and no duplicate.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { sessionId: string; afterSeq?: number | null }, Context>) =>
      context.services.live.opinionSubmitted({ viewer: context.viewer, sessionId: args.sessionId, afterSeq: args.afterSeq, onEach: () => context.renewLoaders() }),
  })
  opinionSubmitted(
    @Root() opinion: Opinion,
    @Arg('sessionId', () => ID) _sessionId: string,
    @Arg('afterSeq', () => Int, { nullable: true }) _afterSeq: number | null,
  ): Opinion {
    return opinion;
  }

  @Subscription(() => Opinion, {
    description:
      'Anyone: each opinion as it becomes public (on approval under PRE, on submission under POST). With afterSeq, replays first, as above.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { sessionId: string; afterSeq?: number | null }, Context>) =>
      context.services.live.opinionPublished({ viewer: context.viewer, sessionId: args.sessionId, afterSeq: args.afterSeq, onEach: () => context.renewLoaders() }),
  })
  opinionPublished(
    @Root() opinion: Opinion,
    @Arg('sessionId', () => ID) _sessionId: string,
    @Arg('afterSeq', () => Int, {
      nullable: true,
      deprecationReason: 'Misses older opinions approved while the client was away. Use sessionEvents(after:), which resumes exactly.',
    })
    _afterSeq: number | null,
  ): Opinion {
    return opinion;
  }

  @Subscription(() => Opinion, {
    description:
      'Changes to opinions the subscriber may see: status, upvotes, responses. An opinion leaving the view comes once more with its new status and an empty body.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { sessionId: string }, Context>) =>
      context.services.live.opinionUpdated({ viewer: context.viewer, sessionId: args.sessionId, onEach: () => context.renewLoaders() }),
  })
  opinionUpdated(@Root() opinion: Opinion, @Arg('sessionId', () => ID) _sessionId: string): Opinion {
    return opinion;
  }

  @FieldResolver(() => ForumSession)
  session(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    return ctx.loaders.session.load(opinion.sessionId);
  }

  @FieldResolver(() => Topic, { nullable: true })
  topic(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    return opinion.topicId ? ctx.loaders.topic.load(opinion.topicId) : null;
  }

  @FieldResolver(() => [OfficialResponse])
  responses(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    // An opinion that left the viewer's view carries nothing of its content, answers included.
    if (opinion.withdrawn) return [];
    return ctx.loaders.responsesByOpinion.load(opinion.id);
  }

  @FieldResolver(() => String, { nullable: true, description: "Staff of the session's unit only; null for everyone else." })
  contact(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    return staffOnly(opinion, ctx, opinion.contact);
  }

  @FieldResolver(() => String, { nullable: true, description: "Staff of the session's unit only; null for everyone else." })
  rejectReason(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    return staffOnly(opinion, ctx, opinion.rejectReason);
  }

  @FieldResolver(() => TipStatus, { nullable: true, description: "Tips only: where the follow-up stands. Staff of the session's unit only; null for everyone else." })
  tipStatus(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    return staffOnly(opinion, ctx, tipStatusOf(opinion));
  }

  @FieldResolver(() => String, { nullable: true, description: "The case a tip led to. Staff of the session's unit only." })
  caseNumber(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    return staffOnly(opinion, ctx, opinion.caseNumber);
  }

  @FieldResolver(() => Int, { nullable: true, description: "Suspects identified in a tip's case. Staff of the session's unit only." })
  suspects(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    return staffOnly(opinion, ctx, opinion.suspects);
  }

  @FieldResolver(() => [TipFollowUp], { nullable: true, description: "A tip's follow-up steps, oldest first. Staff of the session's unit only; null for everyone else and for other kinds." })
  async tipHistory(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    if (opinion.kind !== 'TIP') return null;
    const session = await ctx.loaders.session.load(opinion.sessionId);
    return session && canSeeStaffFields(ctx.viewer, session.unitId) ? ctx.services.tips.history(opinion.id) : null;
  }
}
