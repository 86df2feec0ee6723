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

@InputType('UpdateStaffInput', { description: 'Omitted fields stay as they are. Any change but displayName ends the person\'s tokens and open sockets.' })
export class UpdateStaffInput {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { nullable: true })
  displayName?: string | null;

  @Field(() => Role, { nullable: true, description: 'MODERATOR, OFFICER or ADMIN.' })
  role?: Role | null;

  @Field(() => ID, { nullable: true })
  unitId?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'false: the person can no longer sign in, and every token they hold stops working at once.' })
  active?: boolean | null;
}
