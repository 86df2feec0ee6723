import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root, Subscription, UseMiddleware, type SubscribeResolverData } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import type { Context } from '../../context.js';
import { rateLimit } from '../../auth/rate-limit.js';
import { ModerationAction, ModerationReason, PersonalDataKind, Role, TipStatus } from '../common.type.js';
import { ForumSession, Topic } from '../forum-session/forum-session.type.js';
import { OfficialResponse } from '../official-response/official-response.type.js';
import { tipStatusOf } from '../tip/tip.service.js';
import { TipFollowUp } from '../tip/tip.type.js';
import { SubmitOpinionInput } from './opinion.input.js';
import { Opinion } from './opinion.type.js';
import { canSeeModerationReason, canSeeStaffFields, canSeeTipFollowUp, publicSeqShown } from '../../auth/visibility.js';
import { detectPersonalData } from './personal-data.js';

/** Whether the viewer may see the staff-only fields of this opinion (contact, originalBody, personalData, tip follow-up). */
async function seesStaffFields(opinion: Opinion, ctx: Context): Promise<boolean> {
  const session = await ctx.loaders.session.load(opinion.sessionId);
  return !!session && canSeeStaffFields(ctx.viewer, session.unitId);
}

/** The session unit's staff see the value; everyone else gets null. */
async function staffOnly<T>(opinion: Opinion, ctx: Context, value: T | null | undefined): Promise<T | null> {
  if (value === null || value === undefined) return null;
  return (await seesStaffFields(opinion, ctx)) ? value : null;
}

/** Whether the viewer may see why the opinion was rejected or hidden (staff and its author). */
async function seesModerationReason(opinion: Opinion, ctx: Context): Promise<boolean> {
  const session = await ctx.loaders.session.load(opinion.sessionId);
  return !!session && canSeeModerationReason(ctx.viewer, session.unitId, opinion);
}

@Resolver(() => Opinion)
export class OpinionResolver {
  @Query(() => Opinion, { nullable: true })
  async opinion(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    // A public opinion from the cache; anything else (a citizen's own, staff reads) from the database.
    return (await ctx.publicView?.opinion(id)) ?? ctx.services.opinions.get({ viewer: ctx.viewer, id });
  }

  @Authorized(Role.CITIZEN)
  @Query(() => [Opinion], { description: "The citizen's own opinions in a session, tips included, to follow their status, reasons and answers." })
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
  @Mutation(() => Opinion, {
    description: "MODERATOR or ADMIN of the session's unit. REJECT and HIDE take a reason (free text) and a reasonCode; the author sees both.",
  })
  moderateOpinion(
    @Arg('id', () => ID) id: string,
    @Arg('action', () => ModerationAction) action: ModerationAction,
    @Arg('reason', () => String, { nullable: true }) reason: string | null,
    @Arg('reasonCode', () => ModerationReason, { nullable: true }) reasonCode: ModerationReason | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.moderation.moderate({ viewer: ctx.viewer, id, action, reason, reasonCode });
  }

  @Authorized(Role.MODERATOR, Role.ADMIN)
  @Mutation(() => Opinion, {
    description: "MODERATOR or ADMIN of the session's unit: replaces the public text (originalBody keeps the text as posted, for staff). On the record.",
  })
  redactOpinion(
    @Arg('id', () => ID) id: string,
    @Arg('body', () => String) body: string,
    @Arg('reason', () => String) reason: string,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.moderation.redact({ viewer: ctx.viewer, id, body, reason });
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

  @FieldResolver(() => Int, { description: 'Position of the opinion in its session, 1, 2, 3, …: the cursor that live feeds resume from.' })
  async seq(@Root() opinion: Opinion & { publicSeq?: number | null }, @Ctx() ctx: Context) {
    if (await seesStaffFields(opinion, ctx)) return opinion.seq;
    // Outside the unit's staff, the count of the session's opinions that are not tips, so no
    // one can count tips from the gaps. An entry journaled before public seqs existed carries
    // none: read the row.
    const publicSeq = opinion.publicSeq !== undefined ? opinion.publicSeq : (await ctx.loaders.opinion.load(opinion.id))?.publicSeq;
    return publicSeqShown(publicSeq);
  }

  @FieldResolver(() => DateTimeResolver, {
    description: 'When the unit received it: the time given at intake (a paper slip or a call typed in later), else createdAt.',
  })
  async receivedAt(@Root() opinion: Opinion, @Ctx() ctx: Context): Promise<Date> {
    if (opinion.receivedAt) return opinion.receivedAt;
    // Only staff intake gives one. A live event's snapshot carries none (null only on rows): an
    // intake opinion from an event reads its row.
    if (opinion.receivedAt === undefined && opinion.channel !== 'APP') {
      const row = await ctx.loaders.opinion.load(opinion.id);
      if (row?.receivedAt) return row.receivedAt;
    }
    return opinion.createdAt;
  }

  @FieldResolver(() => ForumSession)
  session(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    return ctx.pacer.after(ctx.loaders.session.load(opinion.sessionId));
  }

  @FieldResolver(() => Topic, { nullable: true })
  topic(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    const { topicId } = opinion;
    return topicId ? ctx.pacer.after(ctx.loaders.topicsBySession.load(opinion.sessionId).then((topics) => topics.find((t) => t.id === topicId) ?? null)) : null;
  }

  @FieldResolver(() => [OfficialResponse])
  responses(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    // An opinion that left the viewer's view carries nothing of its content, answers included.
    if (opinion.withdrawn) return [];
    return ctx.pacer.after(ctx.loaders.responsesByOpinion.load(opinion));
  }

  @FieldResolver(() => String, { nullable: true, description: "Staff of the session's unit only (not even its author); null for everyone else." })
  async contact(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    return opinion.contact !== null && (await seesStaffFields(opinion, ctx)) ? opinion.contact : null;
  }

  @FieldResolver(() => String, { nullable: true, description: "Why it was rejected or hidden, in the moderator's words: staff of the session's unit and the opinion's author." })
  async rejectReason(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    return opinion.rejectReason !== null && (await seesModerationReason(opinion, ctx)) ? opinion.rejectReason : null;
  }

  @FieldResolver(() => ModerationReason, { nullable: true, description: "Why it was rejected or hidden: staff of the session's unit and the opinion's author." })
  async moderationReason(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    return opinion.moderationReason !== null && (await seesModerationReason(opinion, ctx)) ? opinion.moderationReason : null;
  }

  @FieldResolver(() => String, {
    nullable: true,
    description: "The text as posted, when a moderator redacted `body`: staff of the session's unit only; null otherwise.",
  })
  async originalBody(@Root() opinion: Opinion, @Ctx() ctx: Context) {
    return opinion.originalBody !== null && (await seesStaffFields(opinion, ctx)) ? opinion.originalBody : null;
  }

  @FieldResolver(() => [PersonalDataKind], {
    description: "Personal data found in the text as posted, for moderators before they publish: staff of the session's unit only; empty for everyone else.",
  })
  async personalData(@Root() opinion: Opinion, @Ctx() ctx: Context): Promise<PersonalDataKind[]> {
    return (await seesStaffFields(opinion, ctx)) ? detectPersonalData(opinion.originalBody ?? opinion.body) : [];
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
    const session = await ctx.loaders.session.load(opinion.sessionId);
    return session && canSeeTipFollowUp(ctx.viewer, session.unitId, opinion) ? ctx.services.tips.history(opinion.id) : null;
  }
}
