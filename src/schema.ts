import 'reflect-metadata';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema as buildTypeGraphQLSchema } from 'type-graphql';
import type { GraphQLSchema } from 'graphql';
import { authChecker } from './auth/auth-checker.js';
import { ForumSessionResolver } from './modules/forum-session/forum-session.resolver.js';
import { OfficialResponseResolver } from './modules/official-response/official-response.resolver.js';
import { OpinionResolver } from './modules/opinion/opinion.resolver.js';
import { StaffResolver, ViewerResolver } from './modules/staff/staff.resolver.js';
import { UnitResolver } from './modules/unit/unit.resolver.js';

export const SCHEMA_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../schema/schema.graphql');

export const resolvers = [
  UnitResolver,
  StaffResolver,
  ViewerResolver,
  ForumSessionResolver,
  OpinionResolver,
  OfficialResponseResolver,
] as const;

/** Builds the executable schema; `emit` also writes schema/schema.graphql. */
export function buildSchema({ emit = false }: { emit?: boolean } = {}): Promise<GraphQLSchema> {
  return buildTypeGraphQLSchema({
    resolvers,
    authChecker,
    validate: false,
    emitSchemaFile: emit ? { path: SCHEMA_FILE, sortedSchema: false } : false,
  });
}
