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

  @Field(() => DateTimeResolver, { nullable: true, description: 'When the response was last corrected; null if never.' })
  editedAt!: Date | null;
}

@ObjectType('ResponseRevision', { description: 'A response as it read before a correction.' })
export class ResponseRevision {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  body!: string;

  @Field(() => ResponseOutcome)
  outcome!: ResponseOutcome;

  editorId!: string;

  @Field(() => DateTimeResolver, { description: 'When this version was replaced.' })
  createdAt!: Date;
}
