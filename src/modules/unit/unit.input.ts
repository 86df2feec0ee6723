import { Field, ID, InputType } from 'type-graphql';

@InputType('CreateUnitInput')
export class CreateUnitInput {
  @Field(() => String)
  name!: string;

  @Field(() => ID, { nullable: true })
  parentId?: string | null;
}
