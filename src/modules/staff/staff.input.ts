import { Field, ID, InputType } from 'type-graphql';
import { Role } from '../common.type.js';

@InputType('CreateStaffInput')
export class CreateStaffInput {
  @Field(() => String)
  email!: string;

  @Field(() => String)
  password!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Role, { description: 'MODERATOR, OFFICER or ADMIN.' })
  role!: Role;

  @Field(() => ID)
  unitId!: string;
}
