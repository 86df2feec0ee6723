import type { ExecutionArgs, ExecutionResult, FormattedExecutionResult } from 'graphql';
import { getOperationAST } from 'graphql';
import type { Viewer } from '../auth/viewer.js';
import { PushQueue } from './queue.js';

export type SubscribeResult = AsyncIterableIterator<ExecutionResult> | ExecutionResult;

/** Runs one subscription for real (graphql's `subscribe`). */
export type ExecuteSubscription = (args: ExecutionArgs) => Promise<SubscribeResult> | SubscribeResult;

/** Formats a result once for every member of its group (errors through the one error formatter). */
export type FormatResult = (result: ExecutionResult) => FormattedExecutionResult;

// Feeds whose output is the same for everyone outside the session's staff: a citizen's own
// opinions never appear in them, so citizens and anonymous viewers can share one execution.
const PUBLIC_FEEDS = new Set(['opinionPublished', 'sessionStatsChanged']);
// Feeds whose newest value is what a new subscriber wants first (the current figures).
const REPLAY_LATEST = new Set(['sessionStatsChanged']);

/**
 * Who sees the same thing: staff of one unit see the same, anonymous viewers see the same, a
 * citizen sees the public view plus their own opinions (so shares only the public feeds).
 */
export function audienceOf(viewer: Viewer, field: string): string {
  // Staff see what their units cover: one key per unit and version of the unit tree.
  if (viewer.kind === 'staff') return `staff:${viewer.coverage?.key ?? viewer.unitId ?? '-'}`;
  if (viewer.kind === 'citizen' && !PUBLIC_FEEDS.has(field)) return `citizen:${viewer.id}`;
  return 'public';
}

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

/** The key of the group a subscription joins: its document, variables and audience. */
export function groupKey(args: ExecutionArgs, query: string, viewer: Viewer): string | null {
  const operation = getOperationAST(args.document, args.operationName);
  const field = operation?.selectionSet.selections[0];
  if (!operation || operation.selectionSet.selections.length !== 1 || field?.kind !== 'Field') return null;
  return `${audienceOf(viewer, field.name.value)}\n${args.operationName ?? ''}\n${canonical(args.variableValues ?? {})}\n${query}`;
}

/** A result shared by a whole group, with its JSON made once. */
export interface SharedResult extends FormattedExecutionResult {
  readonly [SHARED_JSON]: string;
}
export const SHARED_JSON = Symbol('sharedJson');

export function isShared(result: unknown): result is SharedResult {
  return typeof result === 'object' && result !== null && SHARED_JSON in result;
}

/**
 * Writes a shared result straight to a subscriber's socket, as the same `next` frame the
 * protocol layer would have written: a whole group is served in one synchronous loop.
 */
export type DirectSink = (result: SharedResult) => void;

/** One subscriber of a group: its iterator (what graphql-ws consumes) and its socket. */
class Member extends PushQueue<ExecutionResult> {
  constructor(
    onClose: () => void,
    readonly sink: DirectSink | undefined,
  ) {
    super(onClose);
  }

  deliver(result: SharedResult): void {
    // Straight to the socket only while the consumer is parked with nothing in flight, so a
    // direct frame can never overtake one still on its way through the protocol layer.
    if (this.sink && this.idle) this.sink(result);
    else this.push(result as ExecutionResult);
  }
}

class Group {
  readonly members = new Set<Member>();
  latest: SharedResult | null = null;
  source: AsyncIterableIterator<ExecutionResult> | null = null;

  constructor(
    readonly key: string,
    /** The subscription field (the feed) the group runs. */
    readonly field: string,
    readonly replayLatest: boolean,
  ) {}
}

/**
 * Shared execution for live feeds. Subscribers whose subscription has the same document,
 * variables and audience form one group: each event is executed once, formatted and turned
 * into JSON once, and the same result goes to every member. Each member keeps its own
 * subscription id, completion and unsubscription; the group ends with its last member.
 */
export class SubscriptionGroups {
  private readonly groups = new Map<string, Group>();
  private readonly starting = new Map<string, Promise<Group | ExecutionResult>>();

  constructor(
    private readonly execute: ExecuteSubscription,
    private readonly format: FormatResult,
    /** Told how long each event took to reach a whole group, and how many members it had. */
    private readonly onFanout?: (seconds: number, members: number) => void,
  ) {}

  /**
   * Joins (or starts) the group for `key`; a null key runs the subscription alone. With a
   * `sink`, shared results go straight to the subscriber's socket while it is idle.
   */
  async subscribe(args: ExecutionArgs, key: string | null, sink?: DirectSink): Promise<SubscribeResult> {
    if (key === null) return this.execute(args);
    const group = this.groups.get(key) ?? (await this.start(args, key));
    if (!('members' in group)) return group;
    return this.join(group, sink);
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

  private start(args: ExecutionArgs, key: string): Promise<Group | ExecutionResult> {
    let pending = this.starting.get(key);
    if (pending) return pending;
    pending = (async () => {
      try {
        const result = await this.execute(args);
        if (!(Symbol.asyncIterator in result)) return result;
        const operation = getOperationAST(args.document, args.operationName);
        const selection = operation?.selectionSet.selections[0];
        const field = selection?.kind === 'Field' ? selection.name.value : '';
        const group = new Group(key, field, REPLAY_LATEST.has(field));
        group.source = result;
        this.groups.set(key, group);
        void this.pump(group);
        return group;
      } finally {
        this.starting.delete(key);
      }
    })();
    this.starting.set(key, pending);
    return pending;
  }

  private join(group: Group, sink: DirectSink | undefined): AsyncIterableIterator<ExecutionResult> {
    const member: Member = new Member(() => this.leave(group, member), sink);
    group.members.add(member);
    if (group.replayLatest && group.latest) member.push(group.latest as ExecutionResult);
    return member;
  }

  private leave(group: Group, member: Member): void {
    group.members.delete(member);
    if (group.members.size === 0 && this.groups.get(group.key) === group) {
      this.groups.delete(group.key);
      void group.source?.return?.();
    }
  }

  private async pump(group: Group): Promise<void> {
    try {
      for (;;) {
        const next = await group.source!.next();
        if (next.done) break;
        const formatted = this.format(next.value);
        const shared = Object.assign(formatted, { [SHARED_JSON]: JSON.stringify(formatted) }) as SharedResult;
        group.latest = shared;
        const started = performance.now();
        for (const member of group.members) member.deliver(shared);
        this.onFanout?.((performance.now() - started) / 1000, group.members.size);
        if (group.members.size === 0) break;
      }
      for (const member of [...group.members]) member.end();
    } catch (error) {
      for (const member of [...group.members]) member.fail(error);
    } finally {
      if (this.groups.get(group.key) === group) this.groups.delete(group.key);
    }
  }
}

// graphql-ws turns each `next` into JSON itself. For a shared result the replacer puts a token
// in place of the payload and remembers the ready-made JSON; the socket's send, called right
// after in the same tick, swaps the token for it. One JSON.stringify per event, not per subscriber.
export const PAYLOAD_TOKEN = '\u0001shared-payload\u0001';
let pendingPayload: string | null = null;

export function sharedPayloadReplacer(this: unknown, key: string, value: unknown): unknown {
  if (key === 'payload' && isShared(value)) {
    pendingPayload = value[SHARED_JSON];
    return PAYLOAD_TOKEN;
  }
  return value;
}

/** Puts the remembered JSON back into an outgoing frame (see sharedPayloadReplacer). */
export function withSharedPayload(data: string): string {
  if (pendingPayload === null) return data;
  const token = JSON.stringify(PAYLOAD_TOKEN);
  const at = data.indexOf(token);
  if (at < 0) return data;
  const frame = data.slice(0, at) + pendingPayload + data.slice(at + token.length);
  pendingPayload = null;
  return frame;
}
