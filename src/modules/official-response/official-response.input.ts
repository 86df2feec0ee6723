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
