import type { EventBus } from './bus.js';
import type { LiveEvent } from './events.js';

export type SessionListener = (event: LiveEvent) => void;

/** Routes events to the feeds of their session, and resync signals to every feed. */
export class LiveHub {
  private readonly bySession = new Map<string, Set<SessionListener>>();
  private readonly resyncListeners = new Set<() => void>();
  private dispatched = 0;

  constructor(bus: EventBus) {
    // Lives as long as the bus: closing the bus drops these listeners.
    bus.subscribe((event) => this.dispatch(event));
    bus.onResync(() => {
      for (const listener of [...this.resyncListeners]) listener();
    });
  }

  /** Listens to one session's events; returns the function that stops listening. */
  listen(sessionId: string, listener: SessionListener, onResync?: () => void): () => void {
    let listeners = this.bySession.get(sessionId);
    if (!listeners) this.bySession.set(sessionId, (listeners = new Set()));
    listeners.add(listener);
    if (onResync) this.resyncListeners.add(onResync);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.bySession.get(sessionId) === listeners) this.bySession.delete(sessionId);
      if (onResync) this.resyncListeners.delete(onResync);
    };
  }

  /** Number of feeds listening, per session (for metrics and tests). */
  listenerCount(sessionId?: string): number {
    if (sessionId) return this.bySession.get(sessionId)?.size ?? 0;
    let total = 0;
    for (const set of this.bySession.values()) total += set.size;
    return total;
  }

  private dispatch(event: LiveEvent): void {
    const listeners = this.bySession.get(event.sessionId);
    if (!listeners) return;
    event.position = ++this.dispatched;
    for (const listener of [...listeners]) {
      try {
        listener(event);
      } catch {
        // A failing feed is that feed's problem; the others still get the event.
      }
    }
  }
}
