import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../context.js';
import { Role } from '../common.type.js';
import { ForumSession } from '../forum-session/forum-session.type.js';
import { Staff } from '../staff/staff.type.js';
import { AuditEntry, AuditEntryConnection } from './record.type.js';

type AuditRow = { createdAt: Date; entityId: string; hash: string | null; actorId: string | null };

@Resolver(() => AuditEntry)
export class AuditEntryResolver {
  @Authorized(Role.ADMIN, Role.MODERATOR, Role.OFFICER)
  @Query(() => AuditEntryConnection, { description: "Staff actions of a unit and its sessions, oldest first: the unit's own staff, an ADMIN of a unit above it, the system ADMIN." })
  async auditLog(
    @Arg('unitId', () => ID) unitId: string,
    @Arg('first', () => Int, { nullable: true, defaultValue: 100 }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Ctx() ctx: Context,
  ) {
    const page = await ctx.services.record.auditLog({ viewer: ctx.viewer, unitId, first, after });
    return { ...page, edges: page.edges.map((e) => ({ ...e, node: { ...e.node, at: e.node.createdAt, subjectId: e.node.entityId, hash: e.node.hash ?? '' } })) };
  }

  @FieldResolver(() => Staff, { nullable: true, description: 'Null for actions of the system itself (the demo seed).' })
  actor(@Root() entry: AuditRow, @Ctx() ctx: Context) {
    return entry.actorId ? ctx.loaders.staff.load(entry.actorId) : null;
  }
}

@Resolver(() => ForumSession)
export class RecordFingerprintResolver {
  @FieldResolver(() => String, {
    description:
      "SHA-256 (hex) over the heads of the session's two hash chains, its staff actions and its journal: it changes with every recorded action, opinion and upvote. Shown on big screens and printed in the minutes, so that a later rewrite of the record is visible to anyone who saw it; `npm run verify-record` checks the chain.",
  })
  recordFingerprint(@Root() session: ForumSession & { unitId: string }, @Ctx() ctx: Context) {
    return ctx.services.record.fingerprintFor({ viewer: ctx.viewer, session });
  }
}
