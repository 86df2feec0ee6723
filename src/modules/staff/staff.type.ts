import { Field, ID, ObjectType } from 'type-graphql';
import { Role } from '../common.type.js';

@ObjectType('Staff')
export class Staff {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  unitId!: string | null;
}

@ObjectType('Viewer')
export class ViewerProfile {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  unitId!: string | null;
}

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field(() => String)
  token!: string;

  @Field(() => ViewerProfile)
  viewer!: ViewerProfile;
}
