import { expect } from 'vitest';
import type { TestServer } from './server.js';
import { ok } from './server.js';
import { SessionEventsDocument, SessionOpinionsDocument, type LiveSessionEventFragment } from '../generated/graphql.js';

/** What a client keeps of a session's opinions: enough to compare with a fresh query. */
export type OpinionView = Map<string, { status: string; body: string; responses: number }>;

/** Applies one sessionEvents event the way a client would: upserts its opinion, or removes it when withdrawn. */
export function applyEvent(view: OpinionView, event: LiveSessionEventFragment): void {
  const { opinion } = event;
  if (!opinion) return;
  if (event.type === 'OPINION_WITHDRAWN') {
    expect(opinion.body).toBe('');
    view.delete(opinion.id);
    return;
  }
  view.set(opinion.id, { status: opinion.status, body: opinion.body, responses: opinion.responses.length });
}

/** Every event the viewer may see after `after`, page by page over HTTP. */
export async function readRecord(server: TestServer, sessionId: string, token: string | null, after: string | null = null, first = 100) {
  const events: LiveSessionEventFragment[] = [];
  let cursor = after;
  for (;;) {
    const page = ok(await server.request(SessionEventsDocument, { sessionId, after: cursor, first }, { token })).sessionEvents;
    events.push(...page.edges.map((edge) => edge.node));
    cursor = page.pageInfo.endCursor ?? cursor;
    if (!page.pageInfo.hasNextPage) return { events, endCursor: cursor };
  }
}

/** The session's opinions as a fresh `session { opinions }` query shows them to the viewer. */
export async function freshView(server: TestServer, sessionId: string, token: string | null): Promise<OpinionView> {
  const page = ok(await server.request(SessionOpinionsDocument, { id: sessionId, first: 100 }, { token })).session!.opinions;
  expect(page.pageInfo.hasNextPage).toBe(false);
  return new Map(page.edges.map(({ node }) => [node.id, { status: node.status, body: node.body, responses: node.responses.length }]));
}

/** A view as a sorted plain object, for readable comparisons. */
export function plain(view: OpinionView): Record<string, { status: string; body: string; responses: number }> {
  return Object.fromEntries([...view.entries()].sort(([a], [b]) => a.localeCompare(b)));
}
