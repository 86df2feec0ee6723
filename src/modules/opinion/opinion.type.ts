import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Channel, connectionTypes, type ModerationReason, OpinionKind, OpinionStatus, type TipStatus } from '../common.type.js';

@ObjectType('Opinion')
export class Opinion {
  @Field(() => ID)
  id!: string;

  @Field(() => Int, { description: 'Position of the opinion in its session, 1, 2, 3, …: the cursor that live feeds resume from.' })
  seq!: number;

  sessionId!: string;

  @Field(() => OpinionKind)
  kind!: OpinionKind;

  topicId!: string | null;

  @Field(() => String)
  body!: string;

  @Field(() => String, { nullable: true, description: 'Null when posted anonymously.' })
  authorName!: string | null;

  @Field(() => OpinionStatus)
  status!: OpinionStatus;

  @Field(() => Int)
  upvotes!: number;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  /** The citizen token that posted it; never shown, decides who is its author. */
  citizenId!: string | null;

  @Field(() => Channel, { description: 'How the opinion reached the police (public).' })
  channel!: Channel;

  contact!: string | null;

  rejectReason!: string | null;

  moderationReason!: ModerationReason | null;

  originalBody!: string | null;

  /** Set on an opinion that left the viewer's view (a live event): its responses are withheld too. */
  withdrawn?: boolean;

  /** Tips only; null until the first follow-up, which reads as RECEIVED. */
  tipStatus?: TipStatus | null;

  caseNumber?: string | null;

  suspects?: number | null;

  /** Given at intake; null or absent (an opinion from a live event) reads as createdAt. */
  receivedAt?: Date | null;
}

export const { Edge: OpinionEdge, Connection: OpinionConnection } = connectionTypes('Opinion', Opinion);
