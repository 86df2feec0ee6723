import { Field, ID, InputType, Int } from 'type-graphql';
import { TipStatus } from '../common.type.js';

@InputType('TipFollowUpInput', { description: 'One step of a tip\'s follow-up. The same status again records new case details or a note.' })
export class TipFollowUpInput {
  @Field(() => ID)
  opinionId!: string;

  @Field(() => TipStatus)
  status!: TipStatus;

  @Field(() => String, { nullable: true, description: 'Required to open a case (CASE_OPENED); kept afterwards.' })
  caseNumber?: string | null;

  @Field(() => Int, { nullable: true, description: 'Suspects identified in the case (CASE_OPENED or CLOSED only).' })
  suspects?: number | null;

  @Field(() => String, { nullable: true, description: 'What was done; kept in the follow-up history, staff only.' })
  note?: string | null;
}
