import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root, Subscription, type SubscribeResolverData } from 'type-graphql';
import type { Context } from '../../context.js';
import { Role } from '../common.type.js';
import { Opinion } from '../opinion/opinion.type.js';
import { Staff } from '../staff/staff.type.js';
import { canSeeStaffFields } from '../../auth/visibility.js';
import { CorrectResponseInput, RespondInput } from './official-response.input.js';
import { OfficialResponse, ResponseRevision } from './official-response.type.js';

@Resolver(() => OfficialResponse)
export class OfficialResponseResolver {
  @Authorized(Role.OFFICER, Role.MODERATOR, Role.ADMIN)
  @Mutation(() => OfficialResponse, { description: "OFFICER, MODERATOR or ADMIN of the session's unit." })
  respondToOpinion(@Arg('input', () => RespondInput) input: RespondInput, @Ctx() ctx: Context) {
    return ctx.services.responses.respond({ viewer: ctx.viewer, input });
  }

  @Authorized(Role.OFFICER, Role.MODERATOR, Role.ADMIN)
  @Mutation(() => OfficialResponse, { description: "OFFICER, MODERATOR or ADMIN of the session's unit. The replaced version is kept (revisions) and audited." })
  correctResponse(@Arg('input', () => CorrectResponseInput) input: CorrectResponseInput, @Ctx() ctx: Context) {
    return ctx.services.responses.correct({ viewer: ctx.viewer, input });
  }

  @Subscription(() => OfficialResponse, {
    description: 'Official responses in the session, as the subscriber may see them.',
    subscribe: ({ args, context }: SubscribeResolverData<unknown, { sessionId: string }, Context>) =>
      context.services.live.responsePosted({ viewer: context.viewer, sessionId: args.sessionId, onEach: () => context.renewLoaders() }),
  })
  responsePosted(@Root() response: OfficialResponse, @Arg('sessionId', () => ID) _sessionId: string): OfficialResponse {
    return response;
  }

  // Whoever sees a response already sees its opinion: responses are reached through it.
  @FieldResolver(() => Opinion)
  opinion(@Root() response: OfficialResponse, @Ctx() ctx: Context) {
    return ctx.loaders.opinion.load(response.opinionId);
  }

  @FieldResolver(() => Staff)
  responder(@Root() response: OfficialResponse, @Ctx() ctx: Context) {
    return ctx.pacer.after(ctx.loaders.staff.load(response.responderId));
  }

  @FieldResolver(() => Boolean, { description: 'True once the response was corrected.' })
  edited(@Root() response: OfficialResponse): boolean {
    return response.editedAt != null;
  }

  @FieldResolver(() => [ResponseRevision], { nullable: true, description: "The versions it replaced, oldest first: staff of the session's unit only; null for everyone else." })
  async revisions(@Root() response: OfficialResponse, @Ctx() ctx: Context) {
    const opinion = await ctx.loaders.opinion.load(response.opinionId);
    const session = opinion && (await ctx.loaders.session.load(opinion.sessionId));
    if (!session || !canSeeStaffFields(ctx.viewer, session.unitId)) return null;
    return response.editedAt ? ctx.services.responses.revisions(response.id) : [];
  }
}

@Resolver(() => ResponseRevision)
export class ResponseRevisionResolver {
  @FieldResolver(() => Staff, { description: 'Who replaced this version.' })
  editor(@Root() revision: ResponseRevision, @Ctx() ctx: Context) {
    return ctx.loaders.staff.load(revision.editorId);
  }
}
