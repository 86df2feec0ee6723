import type { ApolloServerPlugin } from '@apollo/server';
import type { GraphQLFormattedError } from 'graphql';
import type { Logger } from 'pino';
import { ErrorCode } from '../common/errors.js';
import type { Context } from '../context.js';
import type { Metrics, OperationOutcome } from './metrics.js';

export interface OperationRecord {
  requestId: string;
  /** The operation's own name, as the document states it (null for an anonymous operation). */
  operationName: string | null | undefined;
  operationType: string | undefined;
  /** performance.now() when the request started; absent where the transport cannot tell. */
  startedAt?: number;
  /** The errors as the client sees them (formatted). */
  errors: readonly GraphQLFormattedError[] | undefined;
  transport: 'http' | 'ws';
}

const MAX_LOGGED_NAME = 100;

/**
 * Logs one info line per GraphQL operation and counts it by name and outcome. The line carries
 * the request id, name, type, duration, outcome and error codes — never variables, tokens or results.
 */
export function recordOperation({ logger, metrics }: { logger: Logger; metrics: Metrics }, record: OperationRecord): void {
  const errors = record.errors ?? [];
  const errorCodes = [...new Set(errors.map((error) => String(error.extensions?.code ?? 'UNKNOWN')))];
  const outcome: OperationOutcome =
    errors.length === 0 ? 'success' : errorCodes.includes(ErrorCode.INTERNAL_SERVER_ERROR) ? 'internal_error' : 'error';
  const operationType = record.operationType ?? 'unknown';
  metrics.graphqlOperations.inc({ operation: metrics.operationLabel(record.operationName), type: operationType, outcome });
  logger.info(
    {
      requestId: record.requestId,
      transport: record.transport,
      operationName: record.operationName?.slice(0, MAX_LOGGED_NAME) ?? null,
      operationType,
      durationMs: record.startedAt === undefined ? undefined : Math.round((performance.now() - record.startedAt) * 10) / 10,
      outcome,
      ...(errorCodes.length ? { errorCodes } : {}),
    },
    'graphql operation',
  );
}

/** Apollo plugin: records every HTTP GraphQL operation (see recordOperation) once its answer is ready. */
export function operationLogPlugin(deps: { logger: Logger; metrics: Metrics }): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const startedAt = performance.now();
      return {
        async willSendResponse({ response, contextValue, operationName, operation }) {
          const body = response.body;
          recordOperation(deps, {
            requestId: contextValue.requestId,
            operationName: operation?.name?.value ?? operationName,
            operationType: operation?.operation,
            startedAt,
            errors: body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors,
            transport: 'http',
          });
        },
      };
    },
  };
}
