// How a page finds a session from what people type or scan. Until `joinCode`/`sessionByCode`
// are in the API, the code in /s/<code> is the session id itself.

/** The code that leads to a session's citizen page. */
export function joinCodeOf(session: { id: string; joinCode?: string | null }): string {
  return session.joinCode ?? session.id;
}

/** The session id for a code typed or scanned (null when there is none). */
export async function sessionIdForCode(code: string): Promise<string | null> {
  const trimmed = code.trim();
  return trimmed === '' ? null : trimmed;
}

/** The citizen page of a session, absolute (for the QR code) or relative. */
export function citizenUrl(code: string, absolute = false): string {
  return `${absolute ? location.origin : ''}/s/${encodeURIComponent(code)}`;
}
