import { Arg, Args, Authorized, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root, Subscription, UseMiddleware, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import { rateLimit } from '../../auth/rate-limit.js';
import { Role, SessionStatus } from '../common.type.js';
import { OpinionsArgs } from '../opinion/opinion.input.js';
import { OpinionConnection } from '../opinion/opinion.type.js';
import { Unit } from '../unit/unit.type.js';
import { viewScope } from '../../auth/visibility.js';
import type { SessionStats } from './session-stats.service.js';
import { CreateSessionInput, SessionsArgs, UpdateSessionInput } from './forum-session.input.js';
import { ForumSession, SessionConnection, SessionStatsType, Topic } from './forum-session.type.js';

@Resolver(() => ForumSession)
export class ForumSessionResolver {
  @Query(() => SessionConnection)
  async sessions(@Args(() => SessionsArgs) args: SessionsArgs, @Ctx() ctx: Context) {
    return ctx.pacer.page(await ctx.services.sessions.list(args));
  }

  @Query(() => ForumSession, { nullable: true })
  session(@Arg('id', () => ID) id: string, @Ctx() ctx: Context) {
    return ctx.loaders.session.load(id);
  }

  @Query(() => ForumSession, { nullable: true, description: 'The session with this join code (case, spaces, dashes, full-width forms and invisible characters ignored); null when none has it. Rate-limited per address, each alias counted.' })
  @UseMiddleware(rateLimit('sessionByCode'))
  sessionByCode(@Arg('code', () => String) code: string, @Ctx() ctx: Context) {
    return ctx.services.sessions.byJoinCode(code);
  }

  @Authorized(Role.ADMIN, Role.MODERATOR)
  @Mutation(() => ForumSession, { description: 'ADMIN, or MODERATOR of the unit.' })
  createSession(@Arg('input', () => CreateSessionInput) input: CreateSessionInput, @Ctx() ctx: Context) {
    return ctx.services.sessions.create({ viewer: ctx.viewer, input });
  }

  @Authorized(Role.ADMIN, Role.MODERATOR)
  @Mutation(() => ForumSession, { description: "ADMIN, or MODERATOR of the session's unit." })
  setSessionStatus(@Arg('id', () => ID) id: string, @Arg('status', () => SessionStatus) status: SessionStatus, @Ctx() ctx: Context) {
    return ctx.services.sessions.setStatus({ viewer: ctx.viewer, id, status });
  }

  @Authorized(Role.ADMIN, Role.MODERATOR)
  @Mutation(() => ForumSession, { description: "ADMIN, or MODERATOR of the session's unit. Audited." })
  updateSession(@Arg('input', () => UpdateSessionInput) input: UpdateSessionInput, @Ctx() ctx: Context) {
    return ctx.services.sessions.update({ viewer: ctx.viewer, input });
  }

  @Subscription(() => SessionStatsType, {
    description: "The session's stats after each change, coalesced to at most a few updates a second (4 a second; the current figures first).",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { sessionId: string }, Context>) =>
      context.services.live.sessionStatsChanged({ viewer: context.viewer, sessionId: args.sessionId, onEach: () => context.renewLoaders() }),
  })
  sessionStatsChanged(@Root() stats: SessionStats, @Arg('sessionId', () => ID) _sessionId: string): SessionStats {
    return stats;
  }

  @FieldResolver(() => Unit)
  unit(@Root() session: ForumSession, @Ctx() ctx: Context) {
    return ctx.loaders.unit.load(session.unitId);
  }

  @FieldResolver(() => [Topic])
  topics(@Root() session: ForumSession, @Ctx() ctx: Context) {
    return ctx.loaders.topicsBySession.load(session.id);
  }

  @FieldResolver(() => SessionStatsType)
  stats(@Root() session: ForumSession, @Ctx() ctx: Context) {
    return ctx.loaders.stats.load({ sessionId: session.id, scope: viewScope(ctx.viewer, session.unitId) });
  }

  @FieldResolver(() => OpinionConnection, { description: 'What the viewer may see: the public sees APPROVED non-TIP opinions only.' })
  async opinions(@Root() session: ForumSession, @Args(() => OpinionsArgs) args: OpinionsArgs, @Ctx() ctx: Context) {
    const page = ctx.publicView ? await ctx.publicView.page(session, args) : await ctx.services.opinions.list({ viewer: ctx.viewer, session, args });
    return ctx.pacer.page(page);
  }
}
