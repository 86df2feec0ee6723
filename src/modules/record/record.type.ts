import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { connectionTypes, ModerationReason } from '../common.type.js';

@ObjectType('AuditEntry', { description: 'One staff action on the record, hash-chained to the one before it in its chain.' })
export class AuditEntry {
  @Field(() => String, { description: '"session:<id>" or "unit:<id>": the chain the entry belongs to.' })
  chain!: string;

  @Field(() => Int, { description: 'Position in its chain, 1, 2, 3, …' })
  seq!: number;

  @Field(() => DateTimeResolver)
  at!: Date;

  @Field(() => String, { description: 'UPPER_SNAKE noun and verb: OPINION_APPROVED, OPINION_REDACTED, RESPONSE_POSTED, SESSION_STATUS_CHANGED, STAFF_CREATED, …' })
  action!: string;

  actorId!: string | null;

  @Field(() => String, { description: 'Opinion, OfficialResponse, ForumSession, Unit or Staff.' })
  entityType!: string;

  @Field(() => ID, { nullable: true, description: 'The opinion, response, session, unit or staff member acted on.' })
  subjectId!: string | null;

  @Field(() => ID, { nullable: true })
  sessionId!: string | null;

  @Field(() => String, { nullable: true })
  fromStatus!: string | null;

  @Field(() => String, { nullable: true })
  toStatus!: string | null;

  @Field(() => String, { nullable: true })
  reason!: string | null;

  @Field(() => ModerationReason, { nullable: true })
  reasonCode!: ModerationReason | null;

  @Field(() => String, { description: 'SHA-256 (hex) over the previous entry\'s hash, a random salt and this entry; empty for entries written before the record began.' })
  hash!: string;
}

export const { Edge: AuditEntryEdge, Connection: AuditEntryConnection } = connectionTypes('AuditEntry', AuditEntry);
