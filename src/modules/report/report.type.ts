import { Field, Float, Int, ObjectType } from 'type-graphql';
import { DateTimeResolver } from 'graphql-scalars';
import { OpinionKind } from '../common.type.js';
import { ForumSession } from '../forum-session/forum-session.type.js';
import { Unit } from '../unit/unit.type.js';

@ObjectType('KindCount')
export class KindCount {
  @Field(() => OpinionKind)
  kind!: OpinionKind;

  @Field(() => Int)
  count!: number;
}

@ObjectType('NamedCount')
export class NamedCount {
  @Field(() => String)
  name!: string;

  @Field(() => Int)
  count!: number;
}

@ObjectType('SessionReport', { description: "One session's figures in a unit report, counted as the report counts them." })
export class SessionReportType {
  @Field(() => ForumSession)
  session!: ForumSession;

  @Field(() => Int)
  opinions!: number;

  @Field(() => Int, { description: 'Distinct authors in the session.' })
  participants!: number;

  @Field(() => Int, { description: 'Opinions with at least one official response.' })
  answered!: number;

  @Field(() => Float, { nullable: true })
  medianResponseSeconds!: number | null;
}

@ObjectType('UnitReport', {
  description:
    "A unit's forums over a period, its units below included: the sessions that start in [from, to). Opinion figures count tips only for staff of the session's unit; tip figures count, for everyone else, the tips of CLOSED sessions only (aggregates, never content).",
})
export class UnitReportType {
  @Field(() => Unit)
  unit!: Unit;

  @Field(() => DateTimeResolver)
  from!: Date;

  @Field(() => DateTimeResolver)
  to!: Date;

  @Field(() => Int)
  sessions!: number;

  @Field(() => Int, { description: 'Distinct authors; each entry typed in by staff counts as its own.' })
  participants!: number;

  @Field(() => Int)
  opinions!: number;

  @Field(() => [KindCount])
  byKind!: KindCount[];

  @Field(() => [NamedCount], { description: 'Opinions by topic name (the same name in several sessions counts together), most first.' })
  byTopicName!: NamedCount[];

  @Field(() => Int, { description: 'Opinions with at least one official response.' })
  answered!: number;

  @Field(() => Float, { nullable: true })
  medianResponseSeconds!: number | null;

  @Field(() => Int)
  tipsReceived!: number;

  @Field(() => Int, { description: 'Tips that led to a case (CASE_OPENED or CLOSED).' })
  tipsVerified!: number;

  @Field(() => Int, { description: 'Distinct case numbers the tips led to.' })
  casesOpened!: number;

  @Field(() => Int, { description: 'Suspects in those cases (per case, the highest count any of its tips gives).' })
  suspects!: number;

  @Field(() => [UnitReportType], { description: 'The same for each unit directly below, each with its own below.' })
  byUnit!: UnitReportType[];
}
