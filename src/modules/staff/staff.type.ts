import { Field, ID, ObjectType } from 'type-graphql';
import { connectionTypes, Role } from '../common.type.js';

/** What Staff and Viewer share: a person with a role, in a unit. */
// Never returned by a resolver, so it stays out of the schema; its fields go into each subclass.
@ObjectType()
abstract class Person {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  displayName!: string;

  @Field(() => Role)
  role!: Role;

  unitId!: string | null;
}

@ObjectType('Staff')
export class Staff extends Person {
  @Field(() => Boolean, { description: 'false: deactivated; cannot sign in.' })
  active!: boolean;
}

export const { Edge: StaffEdge, Connection: StaffConnection } = connectionTypes('Staff', Staff);

@ObjectType('Viewer')
export class ViewerProfile extends Person {}

@ObjectType('AuthPayload')
export class AuthPayload {
  @Field(() => String)
  token!: string;

  @Field(() => ViewerProfile)
  viewer!: ViewerProfile;
}
