/**
 * A push-fed async iterator: producers `push` and `end`, one consumer iterates. `return()`
 * (the consumer going away) runs `onClose` once, which is where listeners are removed.
 */
export class PushQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | null = null;
  private failed: ((error: unknown) => void) | null = null;
  private error: unknown = null;
  private done = false;
  private closed = false;

  constructor(private readonly onClose: () => void = () => {}) {}

  /** The consumer is parked waiting for the next item, with nothing queued or in its hands. */
  get idle(): boolean {
    return this.waiting !== null;
  }

  push(item: T): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failed = null;
      resolve({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  /** Ends the stream after the queued items (e.g. the session closed). */
  end(): void {
    if (this.done) return;
    this.done = true;
    if (this.waiting && this.items.length === 0) {
      const resolve = this.waiting;
      this.waiting = this.failed = null;
      resolve({ value: undefined, done: true });
    }
    this.close();
  }

  /** Ends the stream with an error, delivered to the consumer as an `error` message. */
  fail(error: unknown): void {
    if (this.done) return;
    this.error = error;
    this.done = true;
    if (this.failed) {
      const reject = this.failed;
      this.waiting = this.failed = null;
      reject(error);
    }
    this.close();
  }

  next(): Promise<IteratorResult<T>> {
    if (this.items.length > 0) return Promise.resolve({ value: this.items.shift()!, done: false });
    if (this.error) {
      const error = this.error;
      this.error = null;
      return Promise.reject(error);
    }
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failed = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.items.length = 0;
    this.done = true;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = this.failed = null;
      resolve({ value: undefined, done: true });
    }
    this.close();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    this.onClose();
  }
}
