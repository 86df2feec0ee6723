import { request } from './api.js';
import { SessionByCodeDocument } from './generated/graphql.js';

// How a page finds a session from what people type or scan: the six-character join code
// (sessionByCode, case-insensitive); a session id works too, for links staff copy from the console.

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The code that leads to a session's citizen page. */
export function joinCodeOf(session: { joinCode: string }): string {
  return session.joinCode;
}

/** The session id for a code typed or scanned (null when there is none). */
export async function sessionIdForCode(code: string): Promise<string | null> {
  const trimmed = code.trim();
  if (trimmed === '') return null;
  if (SESSION_ID.test(trimmed)) return trimmed;
  const { sessionByCode } = await request(SessionByCodeDocument, { code: trimmed.toUpperCase() }, null);
  return sessionByCode?.id ?? null;
}

/** The citizen page of a session, absolute (for the QR code) or relative. */
export function citizenUrl(code: string, absolute = false): string {
  return `${absolute ? location.origin : ''}/s/${encodeURIComponent(code)}`;
}
