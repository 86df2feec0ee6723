import { describe, expect, it } from 'vitest';
import { parse, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Viewer } from '../../src/auth/viewer.js';
import { executingViewer, groupKey, SubscriptionGroups, wantsReplay, type DirectSink } from '../../src/live/fanout.js';
import { audienceOf } from '../../src/auth/visibility.js';
import { withPosition } from '../../src/live/events.js';
import { PushQueue } from '../../src/live/queue.js';

const STAFF_A: Viewer = { kind: 'staff', id: 's1', role: 'MODERATOR', unitId: 'unit-a' };
const STAFF_A2: Viewer = { kind: 'staff', id: 's2', role: 'OFFICER', unitId: 'unit-a' };
const STAFF_B: Viewer = { kind: 'staff', id: 's3', role: 'MODERATOR', unitId: 'unit-b' };
const CITIZEN: Viewer = { kind: 'citizen', id: 'c1', displayName: 'An' };
const CITIZEN_2: Viewer = { kind: 'citizen', id: 'c2', displayName: 'Bình' };
const ANONYMOUS: Viewer = { kind: 'anonymous' };

const PUBLISHED = 'subscription P($s: ID!) { opinionPublished(sessionId: $s) { id body } }';
const UPDATED = 'subscription U($s: ID!) { opinionUpdated(sessionId: $s) { id body } }';

function args(query: string, variables: Record<string, unknown>, viewer: Viewer): ExecutionArgs {
  return { schema: undefined as never, document: parse(query), variableValues: variables, contextValue: { viewer } };
}

/** A fake execution: one source per call, fed by the test. */
function fakeExecution() {
  const sources: { viewer: Viewer; queue: PushQueue<ExecutionResult>; closed: boolean }[] = [];
  const execute = (a: ExecutionArgs) => {
    const entry = { viewer: (a.contextValue as { viewer: Viewer }).viewer, queue: null as unknown as PushQueue<ExecutionResult>, closed: false };
    entry.queue = new PushQueue<ExecutionResult>(() => (entry.closed = true));
    sources.push(entry);
    return entry.queue;
  };
  return { sources, groups: new SubscriptionGroups(execute, (r) => ({ ...r, errors: r.errors?.map((e) => ({ message: e.message })) })) };
}

async function subscribeAs(groups: SubscriptionGroups, query: string, variables: Record<string, unknown>, viewer: Viewer) {
  const a = args(query, variables, viewer);
  return (await groups.subscribe(a, groupKey(a, query, viewer))) as AsyncIterableIterator<ExecutionResult>;
}

describe('audienceOf', () => {
  it('should give staff of one unit one audience and staff of another unit another', () => {
    expect(audienceOf(STAFF_A, 'opinionSubmitted')).toBe(audienceOf(STAFF_A2, 'opinionSubmitted'));
    expect(audienceOf(STAFF_A, 'opinionSubmitted')).not.toBe(audienceOf(STAFF_B, 'opinionSubmitted'));
  });

  it('should keep staff whose units cover different units apart, and share between equal coverages', () => {
    const district = { units: new Set(['district', 'commune']), key: 'district@1' };
    const commune = { units: new Set(['commune']), key: 'commune@1' };
    const districtModerator: Viewer = { kind: 'staff', id: 's4', role: 'MODERATOR', unitId: 'district', coverage: district };
    const districtOfficer: Viewer = { kind: 'staff', id: 's5', role: 'OFFICER', unitId: 'district', coverage: district };
    const communeModerator: Viewer = { kind: 'staff', id: 's6', role: 'MODERATOR', unitId: 'commune', coverage: commune };
    expect(audienceOf(districtModerator, 'opinionSubmitted')).not.toBe(audienceOf(communeModerator, 'opinionSubmitted'));
    expect(audienceOf(districtModerator, 'opinionSubmitted')).toBe(audienceOf(districtOfficer, 'opinionSubmitted'));
    // The tree changed (a commune was added): coverages resolved before and after do not mix.
    const later: Viewer = { ...districtOfficer, coverage: { units: new Set([...district.units, 'new-commune']), key: 'district@2' } };
    expect(audienceOf(later, 'opinionSubmitted')).not.toBe(audienceOf(districtModerator, 'opinionSubmitted'));
  });

  it('should never put staff and the public in one audience', () => {
    for (const field of ['opinionPublished', 'opinionUpdated', 'sessionStatsChanged']) {
      expect(audienceOf(STAFF_A, field)).not.toBe(audienceOf(ANONYMOUS, field));
      expect(audienceOf(STAFF_A, field)).not.toBe(audienceOf(CITIZEN, field));
    }
  });

  it('should keep each citizen apart where their own opinions can appear', () => {
    expect(audienceOf(CITIZEN, 'opinionUpdated')).not.toBe(audienceOf(CITIZEN_2, 'opinionUpdated'));
    expect(audienceOf(CITIZEN, 'opinionUpdated')).not.toBe(audienceOf(ANONYMOUS, 'opinionUpdated'));
    expect(audienceOf(CITIZEN, 'opinionPublished')).toBe(audienceOf(ANONYMOUS, 'opinionPublished'));
    // A citizen's own feed is theirs alone, and executes as them (never as the public).
    expect(audienceOf(CITIZEN, 'myOpinionEvents')).not.toBe(audienceOf(CITIZEN_2, 'myOpinionEvents'));
    expect(audienceOf(CITIZEN, 'myOpinionEvents')).not.toBe(audienceOf(ANONYMOUS, 'myOpinionEvents'));
    expect(executingViewer(CITIZEN, 'myOpinionEvents')).toBe(CITIZEN);
    expect(executingViewer(CITIZEN, 'sessionEvents')).toEqual(ANONYMOUS);
  });
});

describe('SubscriptionGroups', () => {
  it('should execute once for subscribers with the same document, variables and audience', async () => {
    const { sources, groups } = fakeExecution();
    const first = await subscribeAs(groups, PUBLISHED, { s: 'x' }, ANONYMOUS);
    const second = await subscribeAs(groups, PUBLISHED, { s: 'x' }, CITIZEN);
    expect(sources).toHaveLength(1);
    sources[0].queue.push({ data: { opinionPublished: { id: '1', body: 'Đèn giao thông hỏng' } } });
    const [a, b] = await Promise.all([first.next(), second.next()]);
    expect(a.value).toBe(b.value);
  });

  it('should never share a frame between audiences that see differently', async () => {
    const { sources, groups } = fakeExecution();
    await subscribeAs(groups, PUBLISHED, { s: 'x' }, ANONYMOUS);
    await subscribeAs(groups, PUBLISHED, { s: 'x' }, STAFF_A);
    await subscribeAs(groups, PUBLISHED, { s: 'x' }, STAFF_B);
    await subscribeAs(groups, PUBLISHED, { s: 'y' }, ANONYMOUS);
    expect(sources.map((s) => s.viewer)).toEqual([ANONYMOUS, STAFF_A, STAFF_B, ANONYMOUS]);
    expect(groups.stats()).toEqual({ groups: 4, members: 4 });
  });

  it('should not deliver a staff group\'s tip to the public group', async () => {
    const { sources, groups } = fakeExecution();
    const publicFeed = await subscribeAs(groups, UPDATED, { s: 'x' }, ANONYMOUS);
    const staffFeed = await subscribeAs(groups, UPDATED, { s: 'x' }, STAFF_A);
    sources[1].queue.push({ data: { opinionUpdated: { id: 'tip', body: 'Tin báo mật' } } });
    expect((await staffFeed.next()).value.data.opinionUpdated.id).toBe('tip');
    // The public group's own next result is a sentinel: had the tip crossed over, it would come first.
    sources[0].queue.push({ data: { opinionUpdated: { id: 'sentinel', body: 'Ý kiến công khai' } } });
    expect((await publicFeed.next()).value.data.opinionUpdated.id).toBe('sentinel');
  });

  it('should keep the others running when one member unsubscribes', async () => {
    const { sources, groups } = fakeExecution();
    const leaving = await subscribeAs(groups, PUBLISHED, { s: 'x' }, ANONYMOUS);
    const staying = await subscribeAs(groups, PUBLISHED, { s: 'x' }, ANONYMOUS);
    await leaving.return!();
    expect(sources[0].closed).toBe(false);
    sources[0].queue.push({ data: { opinionPublished: { id: '2', body: 'Xin thêm đèn đường' } } });
    expect((await staying.next()).value.data.opinionPublished.id).toBe('2');
    expect(groups.stats()).toEqual({ groups: 1, members: 1 });
  });

  it('should end the group, and its execution, with its last member', async () => {
    const { sources, groups } = fakeExecution();
    const only = await subscribeAs(groups, PUBLISHED, { s: 'x' }, ANONYMOUS);
    await only.return!();
    expect(sources[0].closed).toBe(true);
    expect(groups.stats()).toEqual({ groups: 0, members: 0 });
    await subscribeAs(groups, PUBLISHED, { s: 'x' }, ANONYMOUS);
    expect(sources).toHaveLength(2);
  });

  it('should complete every member when the execution completes', async () => {
    const { sources, groups } = fakeExecution();
    const members = await Promise.all([1, 2, 3].map(() => subscribeAs(groups, PUBLISHED, { s: 'x' }, ANONYMOUS)));
    sources[0].queue.end();
    const ends = await Promise.all(members.map((m) => m.next()));
    expect(ends.every((e) => e.done)).toBe(true);
    expect(groups.stats().groups).toBe(0);
  });

  it('should return an error result to the subscriber alone and start no group', async () => {
    const groups = new SubscriptionGroups(() => ({ errors: [] }), (r) => r);
    const a = args(PUBLISHED, { s: 'x' }, CITIZEN);
    const result = await groups.subscribe(a, groupKey(a, PUBLISHED, CITIZEN));
    expect(Symbol.asyncIterator in result).toBe(false);
    expect(groups.stats()).toEqual({ groups: 0, members: 0 });
  });

  it('should give a late subscriber the latest stats first', async () => {
    const { sources, groups } = fakeExecution();
    const query = 'subscription S($s: ID!) { sessionStatsChanged(sessionId: $s) { opinions } }';
    const early = await subscribeAs(groups, query, { s: 'x' }, ANONYMOUS);
    sources[0].queue.push({ data: { sessionStatsChanged: { opinions: 7 } } });
    await early.next();
    const late = await subscribeAs(groups, query, { s: 'x' }, ANONYMOUS);
    expect((await late.next()).value.data.sessionStatsChanged.opinions).toBe(7);
  });
});

describe('direct delivery to sockets', () => {
  const tick = () => new Promise((resolve) => setImmediate(resolve));

  async function withSinks() {
    const { sources, groups } = fakeExecution();
    const written: string[][] = [[], []];
    const members = [];
    for (const out of written) {
      const a = args(PUBLISHED, { s: 'x' }, ANONYMOUS);
      members.push((await groups.subscribe(a, groupKey(a, PUBLISHED, ANONYMOUS), (json) => out.push(json))) as AsyncIterableIterator<ExecutionResult>);
    }
    return { source: sources[0], groups, written, members };
  }

  it('should write each result to every member\'s sink as JSON made once, not through its iterator', async () => {
    const { source, written, members } = await withSinks();
    source.queue.push({ data: { opinionPublished: { id: '1', body: 'Đường Láng ngập nước' } } });
    await tick();
    expect(written.map((w) => w.map((json) => JSON.parse(json)))).toEqual([
      [{ data: { opinionPublished: { id: '1', body: 'Đường Láng ngập nước' } } }],
      [{ data: { opinionPublished: { id: '1', body: 'Đường Láng ngập nước' } } }],
    ]);
    expect(written[0][0]).toBe(written[1][0]);
    // The iterator's first step is the end: the result never went through it.
    source.queue.end();
    expect(await members[0].next()).toEqual({ value: undefined, done: true });
  });

  it('should write in order to every member, whether or not its consumer is waiting', async () => {
    const { source, written, members } = await withSinks();
    void members[1].next();
    source.queue.push({ data: { opinionPublished: { id: '1', body: 'một' } } });
    source.queue.push({ data: { opinionPublished: { id: '2', body: 'hai' } } });
    await tick();
    for (const out of written) expect(out.map((json) => JSON.parse(json).data.opinionPublished.id)).toEqual(['1', '2']);
  });

  it('should still complete members through their iterators', async () => {
    const { source, groups, members } = await withSinks();
    const ends = members.map((m) => m.next());
    source.queue.end();
    expect((await Promise.all(ends)).every((end) => end.done)).toBe(true);
    expect(groups.stats()).toEqual({ groups: 0, members: 0 });
  });

  it('should report each fan-out with its duration and group size', async () => {
    const seen: number[] = [];
    const durations: number[] = [];
    const sources: PushQueue<ExecutionResult>[] = [];
    const groups = new SubscriptionGroups(
      () => {
        const queue = new PushQueue<ExecutionResult>();
        sources.push(queue);
        return queue;
      },
      (r) => r,
      (seconds, members) => {
        durations.push(seconds);
        seen.push(members);
      },
    );
    for (let i = 0; i < 3; i++) await subscribeAs(groups, PUBLISHED, { s: 'x' }, ANONYMOUS);
    sources[0].push({ data: { opinionPublished: { id: '1', body: 'bốn' } } });
    await tick();
    expect(seen).toEqual([3]);
    // A duration in seconds measured around the write loop: finite and well under the test's own run time.
    expect(durations).toHaveLength(1);
    expect(Number.isFinite(durations[0]) && durations[0] < 5).toBe(true);
  });
});

describe('wantsReplay', () => {
  const REPLAYED = 'subscription R($s: ID!, $after: Int) { opinionPublished(sessionId: $s, afterSeq: $after) { id } }';

  it('should ask for a replay when afterSeq is given, zero included', () => {
    expect(wantsReplay(args(REPLAYED, { s: 'x', after: 0 }, ANONYMOUS))).toBe(true);
    expect(wantsReplay(args('subscription { opinionSubmitted(sessionId: "x", afterSeq: 3) { id } }', {}, ANONYMOUS))).toBe(true);
  });

  it('should not ask for one when afterSeq is null or absent', () => {
    expect(wantsReplay(args(REPLAYED, { s: 'x', after: null }, ANONYMOUS))).toBe(false);
    expect(wantsReplay(args(REPLAYED, { s: 'x' }, ANONYMOUS))).toBe(false);
    expect(wantsReplay(args(PUBLISHED, { s: 'x' }, ANONYMOUS))).toBe(false);
  });
});

describe('replay of a member joining a running group', () => {
  const REPLAYED = 'subscription R($s: ID!, $after: Int) { opinionPublished(sessionId: $s, afterSeq: $after) { id } }';
  const tick = () => new Promise((resolve) => setImmediate(resolve));
  const item = (id: string, position?: number): ExecutionResult => {
    const result = { data: { opinionPublished: { id } } };
    return position === undefined ? result : withPosition(result, position);
  };

  /** A group started by a first subscriber with afterSeq 0, its replay (a, b) already delivered. */
  async function runningGroup() {
    const { sources, groups } = fakeExecution();
    const ids: string[][] = [];
    const join = async () => {
      const out: string[] = [];
      ids.push(out);
      const sink: DirectSink = (json) => out.push(JSON.parse(json).data.opinionPublished.id);
      const a = args(REPLAYED, { s: 'x', after: 0 }, ANONYMOUS);
      return (await groups.subscribe(a, groupKey(a, REPLAYED, ANONYMOUS), sink)) as AsyncIterableIterator<ExecutionResult>;
    };
    await join();
    sources[0].queue.push(item('a'));
    sources[0].queue.push(item('b'));
    await tick();
    return { sources, groups, ids, join };
  }

  it('should give a joining member its own replay, then the group\'s results, each once', async () => {
    const { sources, groups, ids, join } = await runningGroup();
    await join();
    expect(sources).toHaveLength(2);
    expect(groups.stats()).toEqual({ groups: 1, members: 2 });
    sources[1].queue.push(item('a'));
    sources[1].queue.push(item('b'));
    // A new event reaches both executions; the group's copy arrives first.
    sources[0].queue.push(item('c', 7));
    await tick();
    sources[1].queue.push(item('c', 7));
    await tick();
    expect(sources[1].closed).toBe(true);
    expect(groups.replayingMembers()).toBe(0);
    sources[0].queue.push(item('d', 8));
    await tick();
    expect(ids).toEqual([
      ['a', 'b', 'c', 'd'],
      ['a', 'b', 'c', 'd'],
    ]);
  });

  it('should not repeat an event its own execution delivered before the group did', async () => {
    const { sources, ids, join } = await runningGroup();
    await join();
    sources[1].queue.push(item('a'));
    sources[1].queue.push(item('b'));
    sources[1].queue.push(item('c', 7));
    await tick();
    sources[0].queue.push(item('c', 7));
    sources[0].queue.push(item('d', 8));
    await tick();
    expect(sources[1].closed).toBe(true);
    expect(ids[1]).toEqual(['a', 'b', 'c', 'd']);
  });

  it('should deliver what the group sent past the meeting point once its own execution gets there', async () => {
    const { sources, ids, join } = await runningGroup();
    await join();
    sources[0].queue.push(item('c', 7));
    sources[0].queue.push(item('d', 8));
    await tick();
    sources[1].queue.push(item('a'));
    sources[1].queue.push(item('b'));
    sources[1].queue.push(item('c', 7));
    await tick();
    expect(sources[1].closed).toBe(true);
    sources[0].queue.push(item('e', 9));
    await tick();
    expect(ids[1]).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('should let a replaying member finish on its own execution when the group ends first', async () => {
    const { sources, ids, join } = await runningGroup();
    const late = await join();
    sources[0].queue.end();
    await tick();
    sources[1].queue.push(item('a'));
    sources[1].queue.push(item('b'));
    sources[1].queue.end();
    expect(await late.next()).toEqual({ value: undefined, done: true });
    expect(ids[1]).toEqual(['a', 'b']);
  });

  it('should stop a replaying member\'s own execution when it unsubscribes', async () => {
    const { sources, groups, join } = await runningGroup();
    const late = await join();
    await late.return!();
    expect(sources[1].closed).toBe(true);
    expect(sources[0].closed).toBe(false);
    expect(groups.stats()).toEqual({ groups: 1, members: 1 });
  });

  it('should run one group when replaying subscribers arrive together', async () => {
    const { sources, groups } = fakeExecution();
    await Promise.all([1, 2, 3].map(() => subscribeAs(groups, REPLAYED, { s: 'x', after: 0 }, ANONYMOUS)));
    expect(sources).toHaveLength(3);
    expect(groups.stats()).toEqual({ groups: 1, members: 3 });
    expect(groups.replayingMembers()).toBe(2);
  });
});
