import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { PageInfo, SessionStatus } from '../common.type.js';
import { OfficialResponse } from '../official-response/official-response.type.js';
import { ForumSession } from '../forum-session/forum-session.type.js';
import { Opinion } from '../opinion/opinion.type.js';

export const SessionEventType = {
  OPINION_SUBMITTED: 'OPINION_SUBMITTED',
  OPINION_PUBLISHED: 'OPINION_PUBLISHED',
  OPINION_CHANGED: 'OPINION_CHANGED',
  OPINION_WITHDRAWN: 'OPINION_WITHDRAWN',
  RESPONSE_POSTED: 'RESPONSE_POSTED',
  SESSION_STATUS_CHANGED: 'SESSION_STATUS_CHANGED',
  SESSION_UPDATED: 'SESSION_UPDATED',
  TIP_FOLLOWED_UP: 'TIP_FOLLOWED_UP',
} as const;
export type SessionEventType = (typeof SessionEventType)[keyof typeof SessionEventType];

registerEnumType(SessionEventType, {
  name: 'SessionEventType',
  description: "What one change means to the viewer. Apply in order: PUBLISHED, CHANGED, SUBMITTED and RESPONSE_POSTED upsert `opinion`, WITHDRAWN removes it.",
  valuesConfig: {
    OPINION_SUBMITTED: { description: "Staff of the session's unit: a new opinion, pending ones and tips included." },
    OPINION_PUBLISHED: { description: 'An opinion entered the viewer\'s view: approved under PRE, posted under POST, restored.' },
    OPINION_CHANGED: { description: 'An opinion in view changed: status, upvotes (bursts may be coalesced), redaction.' },
    OPINION_WITHDRAWN: { description: "An opinion left the viewer's view (hidden, rejected): id and status only, body empty." },
    RESPONSE_POSTED: { description: 'An official response on an opinion in view; `opinion` is that opinion after it.' },
    SESSION_STATUS_CHANGED: { description: 'The session opened or closed; `status` is the new status.' },
    SESSION_UPDATED: { description: 'Title, description, place, times, moderation, anonymity or topics changed; `session` is the session after it.' },
    TIP_FOLLOWED_UP: { description: "Staff of the session's unit (and units above) only: a tip moved on; `opinion` carries tipStatus, caseNumber and suspects." },
  },
});

@ObjectType('SessionEvent', { description: 'One change in a session, in the order it happened.' })
export class SessionEvent {
  @Field(() => String, { description: 'Opaque, strictly increasing within the session. Pass it back as `after` to resume.' })
  cursor!: string;

  @Field(() => SessionEventType)
  type!: SessionEventType;

  @Field(() => DateTimeResolver)
  at!: Date;

  @Field(() => Opinion, { nullable: true, description: 'The opinion as the viewer may see it after this event. OPINION_WITHDRAWN: id and status only, body empty.' })
  opinion!: Opinion | null;

  @Field(() => OfficialResponse, { nullable: true, description: 'RESPONSE_POSTED: the response (its opinion is in `opinion` too).' })
  response!: OfficialResponse | null;

  @Field(() => SessionStatus, { nullable: true, description: 'SESSION_STATUS_CHANGED: the new status.' })
  status!: SessionStatus | null;

  @Field(() => ForumSession, { nullable: true, description: 'SESSION_UPDATED: the session as changed.' })
  session!: ForumSession | null;
}

@ObjectType('SessionEventEdge')
export class SessionEventEdge {
  @Field(() => SessionEvent)
  node!: SessionEvent;

  @Field(() => String)
  cursor!: string;
}

@ObjectType('SessionEventConnection')
export class SessionEventConnection {
  @Field(() => [SessionEventEdge])
  edges!: SessionEventEdge[];

  @Field(() => PageInfo, { description: 'On the last page, endCursor is where the record stands (also when no edge is visible): subscribe from there.' })
  pageInfo!: PageInfo;
}
