import { Field, ID, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { ResponseOutcome } from '../common.type.js';

@ObjectType('OfficialResponse')
export class OfficialResponse {
  @Field(() => ID)
  id!: string;

  opinionId!: string;

  responderId!: string;

  @Field(() => String)
  body!: string;

  @Field(() => ResponseOutcome)
  outcome!: ResponseOutcome;

  @Field(() => DateTimeResolver)
  createdAt!: Date;

  @Field(() => DateTimeResolver)
  updatedAt!: Date;
}
