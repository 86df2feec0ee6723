import type { ExecutionArgs, ExecutionResult, FormattedExecutionResult } from 'graphql';
import { createSourceEventStream, execute, getOperationAST, Kind, type FieldNode } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import { audienceOf } from '../auth/visibility.js';
import { positionOf, withPosition } from './events.js';
import { PushQueue } from './queue.js';
import type { Signals } from './signals.js';

export type SubscribeResult = AsyncIterableIterator<ExecutionResult> | ExecutionResult;

/**
 * Runs one subscription for real. Results may carry the position of the event they came from
 * (`withPosition`): that is what lets a member replaying on its own meet its group's stream.
 */
export type ExecuteSubscription = (args: ExecutionArgs) => Promise<SubscribeResult> | SubscribeResult;

/**
 * Formats a result once for every member of its group (errors through the one error formatter),
 * given the arguments of the execution it came from (its context: the members' language).
 */
export type FormatResult = (result: ExecutionResult, args: ExecutionArgs) => FormattedExecutionResult;

/** FormatResult with the execution's arguments given: how one group's (or one replay's) results are formatted. */
type FormatOwn = (result: ExecutionResult) => FormattedExecutionResult;

/**
 * Where a member's results go: the payload JSON of one `next` frame, which the transport writes
 * to that subscriber's socket under that subscription's id. Called in delivery order.
 */
export type DirectSink = (payloadJson: string) => void;

// Feeds whose newest value is what a new subscriber wants first (the current figures).
const REPLAY_LATEST = new Set(['sessionStatsChanged']);
// Arguments that ask a feed to replay from a cursor before going live: a subscriber passing one
// gets its own replay, even when it joins a group that is already running.
const REPLAY_ARGUMENTS = new Set(['afterSeq', 'after']);
// Feeds that replay from the start when no cursor is given (sessionEvents, myOpinionEvents): every
// member replays on its own and meets the group by journal position, so members share a group
// whatever their cursor, and the cursor is left out of the group key. myOpinionEvents is not a
// public feed: its groups are per citizen (audienceOf), apart from the public ones.
const CURSOR_FEEDS = new Set(['sessionEvents', 'myOpinionEvents']);
// Results of its group a replaying member keeps while its own execution catches up; past this it
// stays on its own execution for good (correct, only without the sharing).
const MAX_BEHIND = 1000;

// Who executes a subscription as whom, and who shares one execution, is visibility: see
// `executingViewer` and `audienceOf` in src/auth/visibility.ts (re-exported for the transport).
export { executingViewer } from '../auth/visibility.js';

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/** The one root field of a subscription, or null when there is not exactly one. */
export function rootField(args: Pick<ExecutionArgs, 'document' | 'operationName'>): FieldNode | null {
  const operation = getOperationAST(args.document, args.operationName);
  const field = operation?.selectionSet.selections[0];
  if (!operation || operation.selectionSet.selections.length !== 1 || field?.kind !== Kind.FIELD) return null;
  return field;
}

/** The key of the group a subscription joins: its document, variables and audience. */
export function groupKey(args: ExecutionArgs, query: string, viewer: Viewer): string | null {
  const field = rootField(args);
  if (!field) return null;
  let variables = args.variableValues ?? {};
  if (CURSOR_FEEDS.has(field.name.value)) {
    const cursors = new Set((field.arguments ?? []).flatMap(({ name, value }) => (REPLAY_ARGUMENTS.has(name.value) && value.kind === Kind.VARIABLE ? [value.name.value] : [])));
    variables = Object.fromEntries(Object.entries(variables).filter(([name]) => !cursors.has(name)));
  }
  return `${audienceOf(viewer, field.name.value)}\n${args.operationName ?? ''}\n${canonical(variables)}\n${query}`;
}

/** Whether the subscription asks for a replay (a non-null `afterSeq` or `after`; always for sessionEvents). */
export function wantsReplay(args: ExecutionArgs): boolean {
  const field = rootField(args);
  if (field && CURSOR_FEEDS.has(field.name.value)) return true;
  return (field?.arguments ?? []).some(({ name, value }) => {
    if (!REPLAY_ARGUMENTS.has(name.value)) return false;
    if (value.kind === Kind.VARIABLE) return (args.variableValues?.[value.name.value] ?? null) !== null;
    return value.kind !== Kind.NULL;
  });
}

/**
 * graphql's `subscribe`, except that each result carries the position of the source event it
 * was executed for (see `withPosition`), so groups can line a member's own replay up with theirs.
 */
export async function subscribeWithPositions(args: ExecutionArgs): Promise<SubscribeResult> {
  const stream = await createSourceEventStream(args);
  if (!(Symbol.asyncIterator in stream)) return stream;
  const source = stream[Symbol.asyncIterator]();
  const iterator: AsyncIterableIterator<ExecutionResult> = {
    next: async () => {
      const step = await source.next();
      if (step.done) return step;
      const result = await execute({ ...args, rootValue: step.value });
      const position = positionOf(step.value);
      return { done: false, value: position === null ? result : withPosition(result, position) };
    },
    return: async () => {
      await source.return?.();
      return { value: undefined, done: true };
    },
    throw: async (error?: unknown) => {
      await source.return?.();
      throw error;
    },
    [Symbol.asyncIterator]: () => iterator,
  };
  return iterator;
}

/** A result formatted and turned into JSON once, for every member of its group. */
export interface SharedFrame {
  readonly result: FormattedExecutionResult;
  /** `result` as JSON: the payload of the `next` frame. */
  readonly json: string;
  /** Position of the event it came from; null for replayed or computed results. */
  readonly position: number | null;
}

function frameOf(result: ExecutionResult, format: FormatOwn): SharedFrame {
  const formatted = format(result);
  return { result: formatted, json: JSON.stringify(formatted), position: positionOf(result) };
}

/**
 * One subscriber of a group. Its results go to its sink (its own socket) in order; its iterator,
 * what graphql-ws consumes, only carries completion and errors (and, without a sink, the results).
 *
 * A member that asked for a replay first runs the subscription on its own (`own`) while the group
 * runs on: both streams see the same events in the same order, so once the own stream delivered
 * the result of the event at position p and the group delivers (or delivered) p too, the member
 * goes on with the group's results after p, and stops its own execution.
 */
class Member extends PushQueue<ExecutionResult> {
  private own: AsyncIterableIterator<ExecutionResult> | null = null;
  // The group's results since the own stream's last positioned result, and that position.
  private behind: SharedFrame[] = [];
  private ownHead: number | null = null;
  // Gave up meeting the group (too far behind, or the group ended): the own stream is all.
  private alone = false;

  constructor(
    onClose: () => void,
    private readonly sink: DirectSink | undefined,
    /** Told when the member stops replaying on its own (met its group, or left). */
    private readonly onReplayDone?: () => void,
  ) {
    super(onClose);
  }

  /** Catching up on its own execution, not yet on the group's frames (tests, metrics). */
  get replaying(): boolean {
    return this.own !== null;
  }

  /** A result of the group. */
  receive(frame: SharedFrame): void {
    if (!this.own) return this.write(frame);
    if (this.alone) return;
    // The own stream already delivered this event: from here on the group's stream is the same.
    if (frame.position !== null && frame.position === this.ownHead) return this.stopOwn();
    if (this.behind.length >= MAX_BEHIND) {
      this.alone = true;
      this.behind = [];
      return;
    }
    this.behind.push(frame);
  }

  /** The group's execution ended: a member still replaying finishes on its own. */
  groupEnded(error?: unknown): void {
    if (this.own) {
      this.alone = true;
      this.behind = [];
    } else if (error === undefined) this.end();
    else this.fail(error);
  }

  /** Delivers the member's own execution until it meets the group's stream (see the class). */
  async replay(own: AsyncIterableIterator<ExecutionResult>, format: FormatOwn): Promise<void> {
    this.own = own;
    try {
      for (;;) {
        const step = await own.next();
        // Met the group meanwhile (or left): this result is the group's to give, or nobody's.
        if (this.own !== own) return;
        if (step.done) return this.end();
        const frame = frameOf(step.value, format);
        this.write(frame);
        if (frame.position === null || this.alone) continue;
        const at = this.behind.findIndex((waiting) => waiting.position === frame.position);
        if (at >= 0) {
          const after = this.behind.slice(at + 1);
          this.stopOwn();
          for (const waiting of after) this.write(waiting);
          return;
        }
        this.ownHead = frame.position;
        this.behind = [];
      }
    } catch (error) {
      if (this.own === own) this.fail(error);
    }
  }

  /** Stops the own execution, if any (the member met its group or went away). */
  stopOwn(): void {
    const own = this.own;
    this.own = null;
    this.behind = [];
    if (!own) return;
    void own.return?.();
    this.onReplayDone?.();
  }

  private write(frame: SharedFrame): void {
    if (this.sink) this.sink(frame.json);
    else this.push(frame.result as ExecutionResult);
  }
}

class Group {
  readonly members = new Set<Member>();
  latest: SharedFrame | null = null;

  constructor(
    readonly key: string,
    /** The subscription field (the feed) the group runs. */
    readonly field: string,
    readonly source: AsyncIterableIterator<ExecutionResult>,
    /** Formats the group's results (with the arguments of the execution the group runs). */
    readonly format: FormatOwn,
  ) {}
}

/**
 * Shared execution for live feeds. Subscribers whose subscription has the same document,
 * variables and audience form one group: each event is executed once, formatted and turned
 * into JSON once, and the same JSON goes to every member's sink in one synchronous loop. Each
 * member keeps its own subscription id, completion, unsubscription and replay; the group ends
 * with its last member. Nothing outside a group and its members holds a result.
 */
export class SubscriptionGroups {
  private readonly groups = new Map<string, Group>();
  private readonly starting = new Map<string, Promise<Group | ExecutionResult>>();

  constructor(
    private readonly execute: ExecuteSubscription,
    private readonly format: FormatResult,
    /** Told how long each event took to reach a whole group, and how many members it had. */
    private readonly onFanout?: (seconds: number, members: number) => void,
    /** Told when subscribers join and leave and groups end (tests await these). */
    private readonly signals?: Signals,
  ) {}

  /**
   * Joins (or starts) the group for `key`; a null key runs the subscription alone. Results go
   * to `sink` (the subscriber's socket), and the returned iterator only completes or fails;
   * without a sink they come through the iterator. A subscriber that asks for a replay gets
   * its own (see `wantsReplay`), then the group's results.
   */
  async subscribe(args: ExecutionArgs, key: string | null, sink?: DirectSink): Promise<SubscribeResult> {
    if (key === null) return this.execute(args);
    if (!wantsReplay(args)) {
      const group = this.groups.get(key) ?? (await this.start(args, key));
      return group instanceof Group ? this.join(group, sink) : group;
    }
    const own = await this.execute(args);
    if (!(Symbol.asyncIterator in own)) return own;
    const running = this.groups.get(key);
    if (!running) return this.join(this.open(args, key, own), sink);
    const member = this.join(running, sink);
    void member.replay(own, (result) => this.format(result, args));
    return member;
  }

  /** Groups now running, and their members, in all (tests). */
  stats(): { groups: number; members: number } {
    const total = { groups: 0, members: 0 };
    for (const { groups, members } of this.statsByFeed().values()) {
      total.groups += groups;
      total.members += members;
    }
    return total;
  }

  /** Groups now running, and their members, per feed (subscription field; metrics). */
  statsByFeed(): Map<string, { groups: number; members: number }> {
    const byFeed = new Map<string, { groups: number; members: number }>();
    for (const group of this.groups.values()) {
      const counts = byFeed.get(group.field) ?? { groups: 0, members: 0 };
      counts.groups += 1;
      counts.members += group.members.size;
      byFeed.set(group.field, counts);
    }
    return byFeed;
  }

  /** Members still on their own execution, catching up with their group (tests). */
  replayingMembers(): number {
    let replaying = 0;
    for (const group of this.groups.values()) for (const member of group.members) if (member.replaying) replaying++;
    return replaying;
  }

  // Subscribers without a replay that arrive together wait for one execution, not one each.
  private start(args: ExecutionArgs, key: string): Promise<Group | ExecutionResult> {
    let pending = this.starting.get(key);
    if (pending) return pending;
    pending = (async () => {
      try {
        const result = await this.execute(args);
        if (!(Symbol.asyncIterator in result)) return result;
        const running = this.groups.get(key);
        if (!running) return this.open(args, key, result);
        void result.return?.();
        return running;
      } finally {
        this.starting.delete(key);
      }
    })();
    this.starting.set(key, pending);
    return pending;
  }

  private open(args: ExecutionArgs, key: string, source: AsyncIterableIterator<ExecutionResult>): Group {
    const group = new Group(key, rootField(args)?.name.value ?? '', source, (result) => this.format(result, args));
    this.groups.set(key, group);
    void this.pump(group);
    return group;
  }

  private join(group: Group, sink: DirectSink | undefined): Member {
    const member: Member = new Member(() => this.leave(group, member), sink, () => this.signals?.emit('replayDone', { feed: group.field }));
    group.members.add(member);
    this.signals?.emit('subscriberJoined', { feed: group.field, members: group.members.size });
    if (REPLAY_LATEST.has(group.field) && group.latest) member.receive(group.latest);
    return member;
  }

  private leave(group: Group, member: Member): void {
    member.stopOwn();
    const left = group.members.delete(member);
    if (group.members.size === 0 && this.groups.get(group.key) === group) {
      this.groups.delete(group.key);
      void group.source.return?.();
      this.signals?.emit('groupEnded', { feed: group.field });
    }
    if (left) this.signals?.emit('subscriberLeft', { feed: group.field, members: group.members.size });
  }

  private async pump(group: Group): Promise<void> {
    try {
      for (;;) {
        const next = await group.source.next();
        if (next.done) break;
        const frame = frameOf(next.value, group.format);
        group.latest = frame;
        const started = performance.now();
        for (const member of group.members) member.receive(frame);
        this.onFanout?.((performance.now() - started) / 1000, group.members.size);
        if (group.members.size === 0) break;
      }
      for (const member of [...group.members]) member.groupEnded();
    } catch (error) {
      for (const member of [...group.members]) member.groupEnded(error);
    } finally {
      if (this.groups.get(group.key) === group) {
        this.groups.delete(group.key);
        this.signals?.emit('groupEnded', { feed: group.field });
      }
    }
  }
}
