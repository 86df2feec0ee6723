import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/** A refusal from the API, with its code (BAD_USER_INPUT, RATE_LIMITED, …) and extensions. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

export type Operation<R, V> = DocumentTypeDecoration<R, V> & string;

/**
 * Sends a typed query or mutation to /graphql over HTTP; throws ApiError on any error. With
 * `timeoutMs`, an answer that does not come in time is a NETWORK error (resend with the same
 * idempotency key).
 */
export async function request<R, V>(operation: DocumentTypeDecoration<R, V>, variables: V, token?: string | null, { timeoutMs }: { timeoutMs?: number } = {}): Promise<R> {
  let response: Response;
  const abort = new AbortController();
  const timer = timeoutMs ? setTimeout(() => abort.abort(), timeoutMs) : undefined;
  try {
    response = await fetch('/graphql', {
      signal: abort.signal,
      method: 'POST',
      // The pages are Vietnamese whatever the browser's language: refusals come back in Vietnamese (refusal() in messages.ts).
      headers: { 'content-type': 'application/json', 'accept-language': 'vi', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query: String(operation), variables }),
    });
  } catch {
    clearTimeout(timer);
    throw new ApiError('network', 'NETWORK');
  }
  let body: { data?: R | null; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`HTTP ${response.status}`, response.status >= 500 || abort.signal.aborted ? 'UNAVAILABLE' : 'NETWORK');
  } finally {
    clearTimeout(timer);
  }
  const error = body.errors?.[0];
  if (error) throw new ApiError(error.message, String(error.extensions?.code ?? 'INTERNAL_SERVER_ERROR'), error.extensions);
  if (!body.data) throw new ApiError('empty answer', 'INTERNAL_SERVER_ERROR');
  return body.data;
}

/** A value kept in localStorage under the page's key (tokens, the device's own tips). */
export function stored<T>(key: string): { get(): T | null; set(value: T | null): void } {
  return {
    get() {
      try {
        const raw = localStorage.getItem(key);
        return raw === null ? null : (JSON.parse(raw) as T);
      } catch {
        return null;
      }
    },
    set(value) {
      try {
        if (value === null) localStorage.removeItem(key);
        else localStorage.setItem(key, JSON.stringify(value));
      } catch {
        // Private mode or a full quota: the page still works, it only forgets on reload.
      }
    },
  };
}

/**
 * Saves a staff CSV export (GET with the bearer token, which a plain link cannot carry) under
 * `filename`, through a short-lived blob link.
 */
export async function download(url: string, token: string, filename: string): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  } catch {
    throw new ApiError('network', 'NETWORK');
  }
  if (!response.ok) {
    const code = response.status === 401 ? 'UNAUTHENTICATED' : response.status === 403 ? 'FORBIDDEN' : response.status === 404 ? 'NOT_FOUND' : 'INTERNAL_SERVER_ERROR';
    throw new ApiError(`HTTP ${response.status}`, code);
  }
  const link = document.createElement('a');
  link.href = URL.createObjectURL(await response.blob());
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
}
