import 'reflect-metadata';
import path from 'node:path';
import { buildSchema as buildTypeGraphQLSchema } from 'type-graphql';
import { buildSchema as buildSdl, findBreakingChanges, type GraphQLSchema } from 'graphql';
import { authChecker } from './auth/auth-checker.js';
import { projectRoot } from './common/paths.js';
import { ForumSessionResolver } from './modules/forum-session/forum-session.resolver.js';
import { OfficialResponseResolver, ResponseRevisionResolver } from './modules/official-response/official-response.resolver.js';
import { OpinionResolver } from './modules/opinion/opinion.resolver.js';
import { SessionEventResolver, SessionRecordCursorResolver } from './modules/session-event/session-event.resolver.js';
import { StaffResolver, ViewerResolver } from './modules/staff/staff.resolver.js';
import { ReportResolver } from './modules/report/report.resolver.js';
import { TipResolver } from './modules/tip/tip.resolver.js';
import { UnitResolver } from './modules/unit/unit.resolver.js';
import { AuditEntryResolver, RecordFingerprintResolver } from './modules/record/record.resolver.js';

export const SCHEMA_FILE = path.join(projectRoot(), 'schema/schema.graphql');

export const resolvers = [
  UnitResolver,
  StaffResolver,
  ViewerResolver,
  ForumSessionResolver,
  OpinionResolver,
  OfficialResponseResolver,
  AuditEntryResolver,
  RecordFingerprintResolver,
  SessionEventResolver,
  SessionRecordCursorResolver,
  ResponseRevisionResolver,
  TipResolver,
  ReportResolver,
] as const;

/** Builds the executable schema (`npm run schema:emit` writes it to schema/schema.graphql). */
export function buildSchema(): Promise<GraphQLSchema> {
  return buildTypeGraphQLSchema({
    resolvers,
    authChecker,
    validate: false,
    // Every subscription brings its own `subscribe` (src/live/live.service.ts); type-graphql still
    // wants a PubSub, so it gets one that refuses to be used.
    pubSub: {
      publish: () => {
        throw new Error('publish through the services, not type-graphql');
      },
      subscribe: () => {
        throw new Error('subscriptions use LiveService feeds');
      },
    },
  });
}

/**
 * The changes from the committed contract (`schema/schema.graphql`) to `emitted` that would break
 * an existing client, one readable line each; empty when `emitted` is compatible.
 */
export function breakingChanges(committedSdl: string, emitted: GraphQLSchema): string[] {
  return findBreakingChanges(buildSdl(committedSdl), emitted).map((change) => `${change.type}: ${change.description}`);
}
