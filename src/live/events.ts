/**
 * Domain events, published by services after their transaction committed. Payloads are
 * JSON-safe (ids, numbers, strings) so they can cross Redis between instances.
 */
export type LiveEvent =
  | { type: 'opinionSubmitted'; sessionId: string; opinionId: string; seq: number }
  | { type: 'opinionChanged'; sessionId: string; opinionId: string; seq: number; change: 'status' | 'upvotes' | 'response' }
  | { type: 'responsePosted'; sessionId: string; opinionId: string; responseId: string }
  | { type: 'sessionChanged'; sessionId: string; status: string };

/** Where services send events; src/live/ decides how they travel (memory or Redis). */
export interface EventPublisher {
  publish(event: LiveEvent): void;
}

export type EventListener = (event: LiveEvent) => void;

/** In-process delivery: what a single instance without Redis uses. */
export class MemoryEventBus implements EventPublisher {
  private readonly listeners = new Set<EventListener>();

  publish(event: LiveEvent): void {
    for (const listener of this.listeners) listener(event);
  }

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
