import { ApiError, stored } from './api.js';
import type { SubmitOpinionInput } from './generated/graphql.js';

// Posts the phone has not yet delivered, kept in localStorage with their idempotency key: a post
// made offline, or whose answer never came (a timeout), is sent again when the connection
// returns, and the server's ON CONFLICT on (session, author, key) makes every resend and every
// second tap the same one opinion. Works without a service worker (plain http in a hall).

/** One post waiting on the phone. */
export interface QueuedPost {
  /** The idempotency key sent with every attempt. */
  key: string;
  input: SubmitOpinionInput & { sessionId: string; idempotencyKey: string };
  queuedAt: string;
}

const box = stored<QueuedPost[]>('ln.outbox');

/** The posts of a session still waiting, oldest first. */
export function waitingPosts(sessionId: string): QueuedPost[] {
  return (box.get() ?? []).filter((post) => post.input.sessionId === sessionId);
}

/** Keeps a post until it is delivered or refused; the same key twice is one post. */
export function keep(post: QueuedPost): void {
  const all = box.get() ?? [];
  if (!all.some((p) => p.key === post.key)) box.set([...all, post]);
}

function drop(key: string): void {
  box.set((box.get() ?? []).filter((post) => post.key !== key));
}

/** Whether a failed attempt may succeed later (no network, a timeout, a server restarting, a rate limit): the post stays. */
export function worthRetrying(error: unknown): boolean {
  return !(error instanceof ApiError) || ['NETWORK', 'UNAVAILABLE', 'RATE_LIMITED', 'INTERNAL_SERVER_ERROR'].includes(error.code);
}

export interface Delivery<R> {
  /** Sends one post (with its key); throws ApiError. */
  send(post: QueuedPost): Promise<R>;
  sent(post: QueuedPost, result: R): void;
  /** The server refused it for good (session closed, invalid): it leaves the phone with the reason. */
  refused(post: QueuedPost, error: unknown): void;
}

/**
 * Sends the session's waiting posts in order, each once at a time (a call while one runs waits
 * for it, then sends what is still waiting). Stops at the first attempt that may succeed later.
 */
export function outbox<R>(sessionId: string, delivery: Delivery<R>): { flush(): Promise<void> } {
  let running: Promise<void> | null = null;
  let again = false;
  const run = async () => {
    do {
      again = false;
      for (const post of waitingPosts(sessionId)) {
        try {
          const result = await delivery.send(post);
          drop(post.key);
          delivery.sent(post, result);
        } catch (error) {
          if (worthRetrying(error)) return;
          drop(post.key);
          delivery.refused(post, error);
        }
      }
    } while (again);
  };
  return {
    flush() {
      if (running) {
        again = true;
        return running;
      }
      running = run().finally(() => (running = null));
      return running;
    },
  };
}
