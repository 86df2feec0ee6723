import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import { recordCursorFor } from '../../live/session-events.js';
import { viewScope } from '../../auth/visibility.js';
import { ForumSession } from '../forum-session/forum-session.type.js';
import { SessionEvent, SessionEventConnection } from './session-event.type.js';

@Resolver(() => SessionEvent)
export class SessionEventResolver {
  @Query(() => SessionEventConnection, {
    name: 'sessionEvents',
    description: "The session's record after `after` as the viewer may see it (catch-up over HTTP); `first` at most 100.",
  })
  async sessionEventsPage(
    @Arg('sessionId', () => ID) sessionId: string,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.pacer.page(await ctx.services.sessionEvents.page({ viewer: ctx.viewer, sessionId, after, first }));
  }

  @Subscription(() => SessionEvent, {
    name: 'sessionEvents',
    description: "The session's record as the viewer may see it: replays what came after `after` (null: from the start), then goes live, in order, each event once.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { sessionId: string; after?: string | null }, Context>) =>
      context.services.live.sessionEvents({ viewer: context.viewer, sessionId: args.sessionId, after: args.after, onEach: () => context.renewLoaders() }),
  })
  sessionEventsLive(
    @Root() event: SessionEvent,
    @Arg('sessionId', () => ID) _sessionId: string,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
  ): SessionEvent {
    return event;
  }

  @Subscription(() => SessionEvent, {
    name: 'myOpinionEvents',
    description:
      "The citizen token's own opinions in the session record (tips included): their status changes with the reason when refused or hidden, redactions and official responses, as OPINION_PUBLISHED (posted), OPINION_CHANGED and RESPONSE_POSTED. Replays what came after `after` (one of its cursors, or the session's recordCursor read before myOpinions; null: from the start), then goes live, each event once. Citizen token only.",
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { sessionId: string; after?: string | null }, Context>) =>
      context.services.live.myOpinionEvents({ viewer: context.viewer, sessionId: args.sessionId, after: args.after, onEach: () => context.renewLoaders() }),
  })
  myOpinionEvents(
    @Root() event: SessionEvent,
    @Arg('sessionId', () => ID) _sessionId: string,
    @Arg('after', () => String, { nullable: true }) _after: string | null,
  ): SessionEvent {
    return event;
  }
}

@Resolver(() => ForumSession)
export class SessionRecordCursorResolver {
  @FieldResolver(() => String, {
    description:
      'Where the session record stood when this session was read: read the opinions in the same query, then subscribe to sessionEvents(after:) from here. Events the read already reflects come again and apply the same.',
  })
  recordCursor(@Root() session: ForumSession & { unitId: string; lastEvent: number; lastPublicEvent: number }, @Ctx() ctx: Context) {
    // The position of the row read for `session`, before any of its fields: never later than what
    // they show. Outside the unit's staff, in public positions: tips do not move it.
    return recordCursorFor(viewScope(ctx.viewer, session.unitId) === 'staff', session);
  }
}
