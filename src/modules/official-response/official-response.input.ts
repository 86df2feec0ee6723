import { Field, ID, InputType } from 'type-graphql';
import { ResponseOutcome } from '../common.type.js';

@InputType('RespondInput')
export class RespondInput {
  @Field(() => ID)
  opinionId!: string;

  @Field(() => String)
  body!: string;

  @Field(() => ResponseOutcome)
  outcome!: ResponseOutcome;
}

@InputType('CorrectResponseInput', { description: 'The corrected text, outcome or both; the earlier version is kept.' })
export class CorrectResponseInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  body?: string | null;

  @Field(() => ResponseOutcome, { nullable: true })
  outcome?: ResponseOutcome | null;
}
