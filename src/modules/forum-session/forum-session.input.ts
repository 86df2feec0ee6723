import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { ModerationMode, SessionStatus } from '../common.type.js';

@InputType('CreateSessionInput')
export class CreateSessionInput {
  @Field(() => ID)
  unitId!: string;

  @Field(() => String)
  title!: string;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  location?: string | null;

  @Field(() => DateTimeResolver)
  startsAt!: Date;

  @Field(() => DateTimeResolver, { nullable: true })
  endsAt?: Date | null;

  @Field(() => ModerationMode, { nullable: true, defaultValue: ModerationMode.PRE })
  moderationMode?: ModerationMode | null;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  allowAnonymous?: boolean | null;

  @Field(() => [String], { nullable: true, defaultValue: [], description: 'Topic names; created on the fly.' })
  topics?: string[] | null;
}

@InputType('TopicRenameInput')
export class TopicRenameInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;
}

@InputType('UpdateSessionInput', { description: 'Only the fields given change. description, location and endsAt given as null are cleared.' })
export class UpdateSessionInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  title?: string | null;

  @Field(() => String, { nullable: true })
  description?: string | null;

  @Field(() => String, { nullable: true })
  location?: string | null;

  @Field(() => DateTimeResolver, { nullable: true })
  startsAt?: Date | null;

  @Field(() => DateTimeResolver, { nullable: true })
  endsAt?: Date | null;

  @Field(() => ModerationMode, { nullable: true })
  moderationMode?: ModerationMode | null;

  @Field(() => Boolean, { nullable: true })
  allowAnonymous?: boolean | null;

  @Field(() => [String], { nullable: true, description: 'New topic names; names the session already has are skipped.' })
  addTopics?: string[] | null;

  @Field(() => [TopicRenameInput], { nullable: true })
  renameTopics?: TopicRenameInput[] | null;
}

@ArgsType()
export class SessionsArgs {
  @Field(() => SessionStatus, { nullable: true })
  status?: SessionStatus | null;

  @Field(() => ID, { nullable: true })
  unitId?: string | null;

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
