/**
 * The record's entries as src/live/ reads and fans them out. The shapes and the vocabulary live in
 * src/record/ (the write wing); what is here belongs to delivery only.
 */
export * from '../record/events.js';

const POSITION = Symbol('position');

/**
 * Marks a live value (or the result executed for it) with the journal position of the entry it
 * came from. Every feed of a session sees entries in journal order, so two executions of one
 * subscription can tell where their streams meet (src/live/fanout.ts).
 */
export function withPosition<T extends object>(value: T, position: number): T {
  (value as { [POSITION]?: number })[POSITION] = position;
  return value;
}

/** The position `withPosition` put on a value; null for values not from an entry (replayed rows). */
export function positionOf(value: unknown): number | null {
  return typeof value === 'object' && value !== null ? ((value as { [POSITION]?: number })[POSITION] ?? null) : null;
}
