import {
  GraphQLError,
  getNamedType,
  getNullableType,
  isInterfaceType,
  isListType,
  isObjectType,
  Kind,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import type { Message } from '../shared/messages.js';
import { CataloguedError } from './errors.js';
import { MAX_PAGE_SIZE } from '../common/pagination.js';
import type { QueryLimits } from '../config.js';

/**
 * How many items a list field without `first` is assumed to return (the page size a connection
 * uses when `first` is left out; lists such as `topics` and `responses` are rarely longer).
 */
export const DEFAULT_LIST_SIZE = 20;

/**
 * Fields that cost far more than resolving a value, in points (a plain field is 1). `stats` runs
 * two aggregate queries over every opinion of the session: on a session of 2,000 opinions that
 * took as long as 2,600–4,700 points' worth of an opinions page (one of 100 opinions with topics
 * and responses, 7,400 points, measured side by side on the development machine). It is computed
 * once per session in a request (the stats loader), but the cost cannot know which sessions
 * repeat, so each place it is asked for counts.
 */
export const FIELD_COSTS: Readonly<Record<string, number>> = {
  'ForumSession.stats': 2500,
};

/** What an operation asks of the server, its fragments expanded. */
export interface OperationMeasure {
  /** Deepest chain of nested fields: `{ a { b } }` is 2; below `__schema` and `__type` is not counted. */
  depth: number;
  aliases: number;
  /**
   * Static cost: each field counts 1 plus its children, which count once per item of a list
   * field: `first` times (its literal value, up to 100; 100 for a variable, whose value
   * validation cannot see; the argument's default when left out), or 20 times for a list
   * without `first`. The list inside a paged field (`edges`) is not counted twice. A field in
   * FIELD_COSTS counts its weight instead of 1.
   */
  cost: number;
}

const INTROSPECTION_ROOTS = new Set(['__schema', '__type']);

const NOTHING: OperationMeasure = { depth: 0, aliases: 0, cost: 0 };

function fieldOf(type: GraphQLNamedType | undefined, name: string): GraphQLField<unknown, unknown> | undefined {
  return type && (isObjectType(type) || isInterfaceType(type)) ? type.getFields()[name] : undefined;
}

/** The page size a field with a `first` argument returns, or null for a field without one. */
function pageSizeOf(node: FieldNode, field: GraphQLField<unknown, unknown> | undefined): number | null {
  const definition = field?.args.find((arg) => arg.name === 'first');
  if (!definition) return null;
  const value = node.arguments?.find((arg) => arg.name.value === 'first')?.value;
  let size: number;
  if (!value || value.kind === Kind.NULL) size = typeof definition.defaultValue === 'number' ? definition.defaultValue : DEFAULT_LIST_SIZE;
  else if (value.kind === Kind.INT) size = Number(value.value);
  else size = MAX_PAGE_SIZE;
  return Math.max(0, Math.min(size, MAX_PAGE_SIZE));
}

/**
 * Measures one operation. Fragments are measured once each (a chain of fragments that spread
 * the next one twice cannot blow up the walk), and a fragment cycle counts as nothing: graphql's
 * own NoFragmentCycles rule refuses it.
 */
export function measureOperation(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  fragmentNamed: (name: string) => FragmentDefinitionNode | undefined | null,
): OperationMeasure {
  const memo = new Map<string, OperationMeasure>();
  const visiting = new Set<string>();

  const measureSelections = (selectionSet: SelectionSetNode, parent: GraphQLNamedType | undefined, paged: boolean): OperationMeasure => {
    const total = { depth: 0, aliases: 0, cost: 0 };
    const add = (part: OperationMeasure) => {
      total.depth = Math.max(total.depth, part.depth);
      total.aliases += part.aliases;
      total.cost += part.cost;
    };
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const field = fieldOf(parent, selection.name.value);
        const pageSize = pageSizeOf(selection, field);
        const isList = field ? isListType(getNullableType(field.type)) : false;
        const items = pageSize ?? (isList && !paged ? DEFAULT_LIST_SIZE : 1);
        const children = selection.selectionSet
          ? measureSelections(selection.selectionSet, field && getNamedType(field.type), pageSize !== null)
          : NOTHING;
        // Introspection is exempt from the depth limit only: the standard introspection query
        // (GraphiQL, Sandbox) is 15 levels deep, and its cost and aliases still count.
        const depth = INTROSPECTION_ROOTS.has(selection.name.value) ? 1 : 1 + children.depth;
        const weight = (parent && FIELD_COSTS[`${parent.name}.${selection.name.value}`]) ?? 1;
        add({ depth, aliases: (selection.alias ? 1 : 0) + children.aliases, cost: weight + items * children.cost });
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) ?? undefined : parent;
        add(measureSelections(selection.selectionSet, type, paged));
      } else {
        const name = selection.name.value;
        const key = `${name}:${paged}`;
        const known = memo.get(key);
        if (known) {
          add(known);
          continue;
        }
        const fragment = fragmentNamed(name);
        if (!fragment || visiting.has(name)) continue;
        visiting.add(name);
        const measured = measureSelections(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, paged);
        visiting.delete(name);
        memo.set(key, measured);
        add(measured);
      }
    }
    return total;
  };

  const root = schema.getRootType(operation.operation) ?? undefined;
  return measureSelections(operation.selectionSet, root, false);
}

const refusal = (message: Message, node: OperationDefinitionNode) =>
  new CataloguedError(message, { nodes: [node], extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } });

/**
 * A validation rule refusing operations deeper, with more aliases or costlier than `limits`,
 * with a message saying by how much. Apollo reports it as GRAPHQL_VALIDATION_FAILED (HTTP 400).
 */
export function queryLimitsRule(limits: QueryLimits): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const measured = measureOperation(context.getSchema(), operation, (name) => context.getFragment(name));
      if (measured.depth > limits.maxDepth) {
        context.reportError(refusal({ id: 'query.tooDeep', params: { depth: measured.depth, max: limits.maxDepth } }, operation));
      }
      if (measured.aliases > limits.maxAliases) {
        context.reportError(refusal({ id: 'query.tooManyAliases', params: { count: measured.aliases, max: limits.maxAliases } }, operation));
      }
      if (measured.cost > limits.maxCost) {
        context.reportError(
          refusal({ id: 'query.tooCostly', params: { cost: measured.cost, max: limits.maxCost, stats: FIELD_COSTS['ForumSession.stats'] } }, operation),
        );
      }
      return false;
    },
  });
}

/**
 * Parses and validates a document the way Apollo does for HTTP, limits included, so a WebSocket
 * subscribe is refused exactly like the same request over HTTP: GRAPHQL_PARSE_FAILED for syntax
 * and the token limit, GRAPHQL_VALIDATION_FAILED for everything else.
 */
export function parseAndValidate(schema: GraphQLSchema, query: string, limits: QueryLimits): { document: DocumentNode } | { errors: GraphQLError[] } {
  let document: DocumentNode;
  try {
    document = parse(query, { maxTokens: limits.maxTokens });
  } catch (error) {
    const options = { extensions: { code: 'GRAPHQL_PARSE_FAILED' } };
    return { errors: [error instanceof GraphQLError ? new GraphQLError(error.message, options) : new CataloguedError('query.syntaxError', options)] };
  }
  const errors = validate(schema, document, [...specifiedRules, queryLimitsRule(limits)]);
  if (errors.length) {
    return {
      errors: errors.map((error) =>
        error.extensions.code
          ? error
          : new GraphQLError(error.message, { nodes: error.nodes, extensions: { ...error.extensions, code: 'GRAPHQL_VALIDATION_FAILED' } }),
      ),
    };
  }
  return { document };
}
