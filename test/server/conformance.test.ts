import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditServer, type AuditResult } from 'graphql-http';
import { startTestServer, type TestServer } from '../helpers/server.js';

/**
 * SHOULD and MAY audits of graphql-http that the server knowingly does not pass, each with why.
 * Any other warning or notice fails the test: a change of behaviour must come with a reason here.
 */
const ACCEPTED: Record<string, { name: string; reason: string }> = {
  '572B': {
    name: 'SHOULD use 200 status code on document parsing failure when accepting application/json',
    reason: 'Apollo answers a request that never executed with 400 for every media type; clients tell it from execution errors by status.',
  },
  FDE2: {
    name: 'SHOULD use 200 status code on document validation failure when accepting application/json',
    reason: 'Same: validation failures (including the query limits) are 400, so proxies and metrics see them as client errors.',
  },
  '7B9B': {
    name: 'SHOULD use a status code of 200 on variable coercion failure when accepting application/json',
    reason: 'Same: bad variables are a client error, 400.',
  },
  '5A70': {
    name: 'MAY accept application/x-www-form-urlencoded formatted GET requests',
    reason: 'CSRF prevention: a GET needs a non-simple header (apollo-require-preflight), which a bare audit GET lacks.',
  },
  '6A70': {
    name: 'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/json',
    reason: 'CSRF prevention, as above.',
  },
  D6D5: {
    name: 'MAY allow URL-encoded JSON string {variables} parameter in GETs when accepting application/graphql-response+json',
    reason: 'CSRF prevention, as above.',
  },
};

const summary = (results: AuditResult[]) => results.map((result) => ({ id: result.id, name: result.name, reason: result.status === 'ok' ? undefined : result.reason }));

describe('GraphQL over HTTP conformance (graphql-http audits)', () => {
  let server: TestServer;
  let results: AuditResult[];
  beforeAll(async () => {
    server = await startTestServer();
    results = await auditServer({ url: server.url });
  });
  afterAll(async () => {
    await server?.close();
  });

  it('should pass every MUST audit', () => {
    const must = results.filter((result) => result.name.startsWith('MUST'));
    expect(must.length).toBeGreaterThanOrEqual(13);
    expect(summary(results.filter((result) => result.status === 'error'))).toEqual([]);
  });

  it('should have no SHOULD or MAY shortfall beyond the accepted ones', () => {
    const shortfalls = results.filter((result) => result.status === 'warn' || result.status === 'notice');
    expect(Object.fromEntries(shortfalls.map((result) => [result.id, result.name]))).toEqual(
      Object.fromEntries(Object.entries(ACCEPTED).map(([id, { name }]) => [id, name])),
    );
  });

  it('should refuse a GET without a preflight header as a possible CSRF, and serve it with one', async () => {
    const url = `${server.url}?query=${encodeURIComponent('{ __typename }')}`;
    const bare = await fetch(url, { headers: { accept: 'application/graphql-response+json' } });
    expect(bare.status).toBe(400);
    expect(await bare.text()).toMatch(/CSRF/);
    const preflighted = await fetch(url, { headers: { accept: 'application/graphql-response+json', 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(200);
    expect(await preflighted.json()).toEqual({ data: { __typename: 'Query' } });
  });
});
