import { Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Unit', { description: 'A police unit: province, district or commune level.' })
export class Unit {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  name!: string;

  parentId!: string | null;
}
