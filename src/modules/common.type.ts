import { Field, Int, ObjectType, registerEnumType, type ClassType } from 'type-graphql';
import {
  Channel,
  ModerationAction,
  ModerationMode,
  ModerationReason,
  OpinionKind,
  OpinionOrder,
  OpinionStatus,
  PersonalDataKind,
  ResponseOutcome,
  Role,
  SessionStatus,
  TipStatus,
} from '../common/enums.js';

registerEnumType(Role, { name: 'Role' });
registerEnumType(SessionStatus, { name: 'SessionStatus', description: 'SCHEDULED: announced; LIVE: accepting opinions; CLOSED: read-only record.' });
registerEnumType(ModerationMode, {
  name: 'ModerationMode',
  description: 'PRE: an opinion is public only after a moderator approves it. POST: public at once, moderators may hide it.',
});
registerEnumType(OpinionKind, {
  name: 'OpinionKind',
  description: "TIP is a confidential report to the police: never public, visible to staff of the session's unit only.",
});
registerEnumType(OpinionStatus, { name: 'OpinionStatus' });
registerEnumType(ModerationAction, { name: 'ModerationAction' });
registerEnumType(ModerationReason, {
  name: 'ModerationReason',
  description: 'Why an opinion was rejected or hidden; its author sees it, and the public sees counts per reason.',
});
registerEnumType(PersonalDataKind, {
  name: 'PersonalDataKind',
  description: 'Personal data found in the text as posted: PHONE, ID_NUMBER (CCCD/CMND), EMAIL, PLATE (licence plate), ADDRESS.',
});
registerEnumType(ResponseOutcome, { name: 'ResponseOutcome' });
registerEnumType(OpinionOrder, { name: 'OpinionOrder' });
registerEnumType(Channel, {
  name: 'Channel',
  description: "How an opinion reached the police. APP: posted by the citizen; HOTLINE, PAPER, IN_PERSON, EMAIL, SOCIAL: typed in by the unit's staff on the citizen's behalf.",
});
registerEnumType(TipStatus, {
  name: 'TipStatus',
  description: 'A tip\'s follow-up: RECEIVED → VERIFYING → CASE_OPENED → CLOSED, or UNFOUNDED after checking (reopened to VERIFYING on new information).',
});

export { Channel, TipStatus, ModerationAction, ModerationMode, ModerationReason, OpinionKind, OpinionOrder, OpinionStatus, PersonalDataKind, ResponseOutcome, Role, SessionStatus };

@ObjectType('PageInfo')
export class PageInfo {
  @Field(() => Boolean)
  hasNextPage!: boolean;

  @Field(() => String, { nullable: true })
  endCursor!: string | null;
}

/** Relay-style `<Name>Edge` and `<Name>Connection` types for a node type. */
export function connectionTypes<T extends object>(name: string, node: ClassType<T>) {
  @ObjectType(`${name}Edge`)
  class Edge {
    @Field(() => String)
    cursor!: string;

    @Field(() => node)
    node!: T;
  }

  @ObjectType(`${name}Connection`)
  class Connection {
    @Field(() => [Edge])
    edges!: Edge[];

    @Field(() => PageInfo)
    pageInfo!: PageInfo;

    @Field(() => Int)
    totalCount!: number;
  }

  return { Edge, Connection };
}
