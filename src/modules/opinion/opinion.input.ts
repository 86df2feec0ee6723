import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { Channel, OpinionKind, OpinionOrder, OpinionStatus } from '../common.type.js';

@InputType('SubmitOpinionInput')
export class SubmitOpinionInput {
  @Field(() => ID)
  sessionId!: string;

  @Field(() => String)
  body!: string;

  @Field(() => OpinionKind, { nullable: true, defaultValue: OpinionKind.SUGGESTION })
  kind?: OpinionKind | null;

  @Field(() => ID, { nullable: true })
  topicId?: string | null;

  @Field(() => String, { nullable: true, description: 'Shown publicly; omit to post anonymously (if the session allows it).' })
  authorName?: string | null;

  @Field(() => String, { nullable: true, description: 'Phone or e-mail for the police to follow up; never public.' })
  contact?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'A client-chosen key: resubmitting with the same key returns the first opinion instead of a duplicate.',
  })
  idempotencyKey?: string | null;

  @Field(() => Channel, {
    nullable: true,
    defaultValue: Channel.APP,
    description:
      "APP for citizens and anonymous posters (anything else is FORBIDDEN). The unit's staff enter the other channels on a citizen's behalf, while the session is LIVE or CLOSED; each entry counts as its own participant.",
  })
  channel?: Channel | null;

  @Field(() => DateTimeResolver, {
    nullable: true,
    description:
      'When the unit received it (a paper slip or a call typed in later): staff intake only (BAD_USER_INPUT otherwise), not in the future. Omit for now.',
  })
  receivedAt?: Date | null;
}

@ArgsType()
export class OpinionsArgs {
  @Field(() => OpinionStatus, { nullable: true })
  status?: OpinionStatus | null;

  @Field(() => OpinionKind, { nullable: true })
  kind?: OpinionKind | null;

  @Field(() => ID, { nullable: true })
  topicId?: string | null;

  @Field(() => String, { nullable: true, description: 'Words to find, with or without Vietnamese diacritics.' })
  search?: string | null;

  @Field(() => OpinionOrder, { nullable: true, defaultValue: OpinionOrder.NEWEST })
  orderBy?: OpinionOrder | null;

  @Field(() => Int, { nullable: true, defaultValue: 20 })
  first?: number | null;

  @Field(() => String, { nullable: true })
  after?: string | null;
}
