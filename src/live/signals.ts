/**
 * What an instance says when its live machinery reaches a state a client cannot see directly:
 * a feed is attached to a session's log (entries committed from now on reach it), a subscriber
 * joined or left a shared execution, a socket closed. Tests await these instead of polling
 * counters and gauges; nothing in the server waits on them. Payloads are plain data.
 */
export interface SignalMap {
  /** A feed started: it listens to its session's log, so every entry committed from now on reaches it (after its replay, if any). */
  feedAttached: { sessionId: string; feed: string; viewerKind: string };
  /** A feed ended (returned, done or failed). */
  feedDetached: { sessionId: string; feed: string; viewerKind: string };
  /** A subscriber joined a shared execution; `members`: the group's members now. */
  subscriberJoined: { feed: string; members: number };
  /** A subscriber left its shared execution; `members`: the group's members left (0: the group ended). */
  subscriberLeft: { feed: string; members: number };
  /** A shared execution ended (its last member left, or its source ended). */
  groupEnded: { feed: string };
  /** A subscriber that replayed on its own execution is now on its group's frames (or left). */
  replayDone: { feed: string };
  /** A WebSocket closed; `open`: the sockets still open. */
  socketClosed: { open: number };
}

export type SignalName = keyof SignalMap;
type Listener<K extends SignalName> = (payload: SignalMap[K]) => void;

/** One instance's signals (RunningApp.signals): not module-wide, so instances in one process stay apart. */
export class Signals {
  private readonly listeners = new Map<SignalName, Set<Listener<never>>>();

  /** Tells the listeners of `name`; costs a map lookup when there are none. */
  emit<K extends SignalName>(name: K, payload: SignalMap[K]): void {
    const listeners = this.listeners.get(name);
    if (!listeners) return;
    for (const listener of [...listeners]) (listener as Listener<K>)(payload);
  }

  /** Listens to `name` until the returned function is called. */
  on<K extends SignalName>(name: K, listener: Listener<K>): () => void {
    let listeners = this.listeners.get(name);
    if (!listeners) this.listeners.set(name, (listeners = new Set()));
    listeners.add(listener as Listener<never>);
    return () => {
      listeners.delete(listener as Listener<never>);
      if (listeners.size === 0 && this.listeners.get(name) === listeners) this.listeners.delete(name);
    };
  }

  /**
   * The next `name` whose payload passes `match` (run when the signal is given, so it may read
   * the instance's state then). Listens from the call on: call it before the action that gives
   * the signal, await it after. Rejects after `timeoutMs`, or when `match` throws.
   */
  next<K extends SignalName>(name: K, match: (payload: SignalMap[K]) => boolean = () => true, timeoutMs = 5000): Promise<SignalMap[K]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        off();
        reject(new Error(`signal ${name} was not given within ${timeoutMs} ms`));
      }, timeoutMs);
      timer.unref();
      const off = this.on(name, (payload) => {
        let matched: boolean;
        try {
          matched = match(payload);
        } catch (error) {
          clearTimeout(timer);
          off();
          return reject(error as Error);
        }
        if (!matched) return;
        clearTimeout(timer);
        off();
        resolve(payload);
      });
    });
  }
}
