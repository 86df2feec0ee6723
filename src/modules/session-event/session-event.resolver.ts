import { Arg, Ctx, ID, Int, Query, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import { SessionEvent, SessionEventConnection } from './session-event.type.js';

@Resolver(() => SessionEvent)
export class SessionEventResolver {
  @Query(() => SessionEventConnection, {
    name: 'sessionEvents',
    description: "The session's record after `after` as the viewer may see it (catch-up over HTTP); `first` at most 100.",
  })
  sessionEventsPage(
    @Arg('sessionId', () => ID) sessionId: string,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number | null,
    @Ctx() ctx: Context,
  ) {
    return ctx.services.sessionEvents.page({ viewer: ctx.viewer, sessionId, after, first });
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
}
