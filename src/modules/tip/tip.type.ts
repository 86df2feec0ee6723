import { Field, ID, Int, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { TipStatus } from '../common.type.js';

@ObjectType('TipFollowUp', { description: "One step of a tip's follow-up (staff of the session's unit only)." })
export class TipFollowUp {
  @Field(() => ID)
  id!: string;

  @Field(() => TipStatus)
  fromStatus!: TipStatus;

  @Field(() => TipStatus)
  toStatus!: TipStatus;

  @Field(() => String, { nullable: true })
  caseNumber!: string | null;

  @Field(() => Int, { nullable: true })
  suspects!: number | null;

  @Field(() => String, { nullable: true })
  note!: string | null;

  actorId!: string;

  @Field(() => DateTimeResolver)
  createdAt!: Date;
}
