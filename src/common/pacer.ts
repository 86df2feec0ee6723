/**
 * Slices one request's execution so that no request holds the event loop for long. graphql-js
 * completes a list's items in one go when they are plain values: a public page of 3 × 100
 * opinions served from the public read cache is tens of milliseconds of uninterrupted work,
 * during which every other client waits (issue 12's isolation). A list given to graphql-js
 * through `list()` hands its items over one at a time; once the request has worked for
 * `sliceMs` since it last yielded, the remaining items wait for the event loop's next turn
 * (after I/O: other requests' sockets, the database's answers), and then go on for another slice.
 *
 * One per request (in its context): the slices are that request's own. Nothing here is shared
 * between requests.
 */
export class Pacer {
  private sliceStart = performance.now();
  /** Items waiting for a later turn, in the order graphql-js asked for them. */
  private readonly waiting: (() => void)[] = [];
  private scheduled = false;

  constructor(private readonly sliceMs: number) {}

  /**
   * `items` as graphql-js should complete them: an iterable read item by item while the list is
   * completed (so the time is checked between items, after each one's own fields ran), fresh for
   * every read of the field (aliases read it again).
   */
  list<T>(items: readonly T[]): Iterable<T | Promise<T>> {
    return {
      [Symbol.iterator]: () => {
        let i = 0;
        return {
          next: (): IteratorResult<T | Promise<T>> => (i < items.length ? { done: false, value: this.pace(items[i++]) } : { done: true, value: undefined }),
        };
      },
    };
  }

  /**
   * A connection page whose edges graphql-js completes through `list()`. Typed as the page
   * itself: graphql-js takes any iterable where the schema says list, and nothing but graphql-js
   * reads the returned object.
   */
  page<P extends { edges: readonly unknown[] }>(page: P): P {
    return { ...page, edges: this.list(page.edges) as unknown as P['edges'] };
  }

  /**
   * A field's pending value (a loader's), passed on only when the slice has room: the fields that
   * every item of a long list loads (an opinion's topic and responses, a response's responder)
   * would otherwise all complete in one burst once their batch is read.
   */
  after<T>(value: Promise<T>): Promise<T> {
    return value.then((resolved) => this.pace(resolved));
  }

  /** `value` now while the slice lasts; otherwise a promise of it, kept for a later turn. */
  pace<T>(value: T): T | Promise<T> {
    if (this.waiting.length === 0 && performance.now() - this.sliceStart < this.sliceMs) return value;
    return new Promise<T>((resolve) => {
      this.waiting.push(() => resolve(value));
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // setImmediate runs after the poll phase: whatever I/O is ready goes first.
    setImmediate(this.resume);
  }

  private readonly resume = (): void => {
    this.scheduled = false;
    this.sliceStart = performance.now();
    // At least one item per turn, whatever the slice: the request always moves on.
    this.waiting.shift()?.();
    queueMicrotask(this.release);
  };

  /**
   * Releases the next waiting item while the slice lasts. graphql-js completes it in the
   * microtask its resolution queues; the next one is looked at in the microtask after that, so
   * each item's own fields count towards the slice before another is released.
   */
  private readonly release = (): void => {
    if (this.waiting.length === 0) return;
    if (performance.now() - this.sliceStart >= this.sliceMs) {
      this.schedule();
      return;
    }
    this.waiting.shift()!();
    queueMicrotask(this.release);
  };
}

/** The longest a request works before letting the event loop take a turn, in ms. */
export const SLICE_MS = 4;
