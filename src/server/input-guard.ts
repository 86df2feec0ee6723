import { BREAK, Kind, visit, type DocumentNode } from 'graphql';
import type { ApolloServerPlugin } from '@apollo/server';
import { ErrorCode } from '../common/errors.js';
import type { Context } from '../context.js';
import { CataloguedError } from './errors.js';

const hasNul = (value: string) => value.includes('\u0000');

/** True when `value` (a JSON value: the request's variables) holds a string with a NUL anywhere. */
function nulInValue(value: unknown, depth = 0): boolean {
  if (typeof value === 'string') return hasNul(value);
  // graphql-js refuses inputs nested this deep anyway; the walk stops instead of recursing on.
  if (value === null || typeof value !== 'object' || depth > 64) return false;
  if (Array.isArray(value)) return value.some((item) => nulInValue(item, depth + 1));
  return Object.entries(value).some(([key, item]) => hasNul(key) || nulInValue(item, depth + 1));
}

/**
 * Refuses a NUL character in any string argument, from the document's literals or the variables,
 * before anything runs. PostgreSQL cannot store or compare it (text has no U+0000), so an ID or an
 * e-mail carrying one would otherwise fail deep in the database as a fault. It is never legitimate
 * text, so one check at the door serves every argument (IDs, e-mails, bodies, search) alike.
 */
export function refuseNulCharacters(document: DocumentNode, variables: unknown, literals: NulLiterals = documentHasNul): CataloguedError | null {
  const found = nulInValue(variables) || literals(document);
  return found ? new CataloguedError('input.nulCharacter', { extensions: { code: ErrorCode.BAD_USER_INPUT } }) : null;
}

/** Whether a document's own string literals carry a NUL character. */
export type NulLiterals = (document: DocumentNode) => boolean;

/** Walks the whole document: its string literals. */
export function documentHasNul(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.STRING]: (node) => {
      if (hasNul(node.value)) {
        found = true;
        return BREAK;
      }
      return undefined;
    },
  });
  return found;
}

/**
 * documentHasNul, remembered per document object for one server: Apollo and the WebSocket
 * subscribe path hand the same parsed document to every request that sends the same query text,
 * so a large query is walked once, not on every request. Weakly held: a document the parser
 * cache drops is forgotten here too.
 */
export function rememberedNulLiterals(): NulLiterals {
  const seen = new WeakMap<DocumentNode, boolean>();
  return (document) => {
    let found = seen.get(document);
    if (found === undefined) seen.set(document, (found = documentHasNul(document)));
    return found;
  };
}

/**
 * Apollo plugin: refuses, before anything runs, a subscription sent over HTTP (400; Apollo would
 * execute it as a query and fail inside the resolver) and a NUL character in any argument (400
 * BAD_USER_INPUT). Both are the client's mistakes, so they are logged as such, not as faults.
 */
export function requestGuardPlugin(): ApolloServerPlugin<Context> {
  const literals = rememberedNulLiterals();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, request }) {
          if (operation?.operation === 'subscription') {
            throw new CataloguedError('transport.subscriptionOverHttp', { extensions: { code: 'BAD_REQUEST', http: { status: 400 } } });
          }
          const refusal = refuseNulCharacters(document, request.variables, literals);
          if (refusal) throw new CataloguedError(refusal.messageRef, { extensions: { ...refusal.extensions, http: { status: 400 } } });
        },
      };
    },
  };
}
