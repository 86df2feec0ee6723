import { Field, Float, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { connectionTypes, ModerationMode, ModerationReason, SessionStatus } from '../common.type.js';

@ObjectType('Topic')
export class Topic {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;
}

@ObjectType('TopicCount')
export class TopicCount {
  @Field(() => Topic)
  topic!: Topic;

  @Field(() => Int)
  count!: number;
}

@ObjectType('ReasonCount')
export class ReasonCount {
  @Field(() => ModerationReason)
  reason!: ModerationReason;

  @Field(() => Int)
  count!: number;
}

@ObjectType('SessionStats')
export class SessionStatsType {
  @Field(() => Int, { description: "Every opinion the viewer's role may count (tips only for staff)." })
  opinions!: number;

  @Field(() => Int)
  pending!: number;

  @Field(() => Int)
  approved!: number;

  @Field(() => Int)
  rejected!: number;

  @Field(() => Int)
  hidden!: number;

  @Field(() => Int, { description: 'Opinions with at least one official response.' })
  answered!: number;

  @Field(() => Int, { description: 'Distinct authors (anonymous posters counted by their device or citizen token).' })
  participants!: number;

  @Field(() => Int)
  upvotes!: number;

  @Field(() => [TopicCount])
  byTopic!: TopicCount[];

  @Field(() => [ReasonCount], {
    description: 'Rejected and hidden opinions per reason, every reason in enum order (tips only for staff): moderation in the open.',
  })
  moderationReasons!: ReasonCount[];

  @Field(() => Float, { nullable: true, description: 'Median seconds from an opinion to its first official response; null until one exists.' })
  medianResponseSeconds!: number | null;
}

@ObjectType('ForumSession')
export class ForumSession {
  @Field(() => ID)
  id!: string;

  unitId!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description!: string | null;

  @Field(() => String, { nullable: true })
  location!: string | null;

  @Field(() => DateTimeResolver)
  startsAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true })
  endsAt!: Date | null;

  @Field(() => SessionStatus)
  status!: SessionStatus;

  @Field(() => ModerationMode)
  moderationMode!: ModerationMode;

  @Field(() => Boolean)
  allowAnonymous!: boolean;

  @Field(() => String, { description: 'Six characters (no 0/O, 1/I/L) citizens type to join: sessionByCode.' })
  joinCode!: string;
}

export const { Edge: SessionEdge, Connection: SessionConnection } = connectionTypes('Session', ForumSession);
