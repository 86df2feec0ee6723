import { createClient, type Client } from 'graphql-ws';
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';

/** How the page's live connection is doing, for the badge in its corner. */
export type Connection = 'connecting' | 'online' | 'offline';

/**
 * One graphql-ws client per page on ws(s)://<this host>/graphql. It does not retry on its own:
 * each feed resubscribes itself (follow) with its latest cursor, which graphql-ws's built-in
 * retry cannot do (it resends the variables of the first subscribe).
 */
export function liveClient(options: { token?: () => string | null; onConnection?: (state: Connection) => void } = {}): Client {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/graphql`;
  return createClient({
    url,
    lazy: true,
    retryAttempts: 0,
    keepAlive: 10_000,
    connectionParams: () => {
      const token = options.token?.();
      return token ? { authorization: `Bearer ${token}` } : {};
    },
    on: {
      connecting: () => options.onConnection?.('connecting'),
      connected: () => options.onConnection?.('online'),
      closed: () => options.onConnection?.('offline'),
    },
  });
}

export interface Follow<R, V> {
  operation: DocumentTypeDecoration<R, V>;
  /** Read again on every (re)subscribe, so a resumed feed starts from its latest cursor. */
  variables: () => V;
  next: (data: R) => void;
  /** Before each resubscribe after a drop: catch up over HTTP (what a cursor cannot replay). */
  resume?: () => Promise<void>;
  /** A GraphQL refusal (FORBIDDEN, a bad cursor): the feed stops. */
  refused?: (message: string, code: string) => void;
  /** The server completed the feed (the session closed). */
  completed?: () => void;
}

/**
 * Follows a subscription until stopped: after a dropped socket or a server restart it waits
 * (1 s, doubling up to 10 s), calls `resume`, and subscribes again with fresh variables.
 * Returns the stop function.
 */
export function follow<R, V>(client: Client, feed: Follow<R, V>): () => void {
  let stopped = false;
  let cancel: (() => void) | undefined;
  let wake: (() => void) | undefined;
  const run = async () => {
    for (let attempt = 0; !stopped; attempt++) {
      if (attempt > 0) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, Math.min(10_000, 1000 * 2 ** Math.min(attempt - 1, 4)) * (0.75 + Math.random() / 2));
        });
        if (stopped) return;
        try {
          await feed.resume?.();
        } catch {
          continue; // the server is not back yet
        }
      }
      const outcome = await new Promise<'complete' | 'dropped' | 'refused'>((resolve) => {
        cancel = client.subscribe<R>(
          { query: String(feed.operation), variables: feed.variables() as Record<string, unknown> },
          {
            next: (result) => {
              attempt = 0;
              if (result.data) feed.next(result.data as R);
            },
            error: (error) => {
              const errors = Array.isArray(error) ? (error as { message: string; extensions?: { code?: string } }[]) : null;
              if (errors?.length) {
                feed.refused?.(errors[0].message, String(errors[0].extensions?.code ?? ''));
                resolve('refused');
              } else resolve('dropped');
            },
            complete: () => resolve('complete'),
          },
        );
      });
      cancel = undefined;
      if (stopped) return;
      if (outcome === 'refused') return;
      if (outcome === 'complete') {
        feed.completed?.();
        return;
      }
    }
  };
  void run();
  // Come back at once when the phone regains its network rather than at the next backoff step.
  const online = () => wake?.();
  addEventListener('online', online);
  return () => {
    stopped = true;
    removeEventListener('online', online);
    cancel?.();
    wake?.();
  };
}
