import { afterAll, beforeAll } from 'vitest';
import { seedForum, type ForumFixture } from './fixtures.js';
import { startTestServer, type TestServer } from './server.js';

/**
 * A stand-in for a value made in `beforeAll`: reads go to the value once it is set, so a test file
 * can destructure it at the top (`const { server, forum } = useForum()`) and use it in its tests.
 */
function late<T extends object>(name: string): { value: T; set(value: T): void; get(): T | undefined } {
  let target: T | undefined;
  const value = new Proxy({} as T, {
    get(_, key) {
      if (!target) throw new Error(`${name} is used before beforeAll made it`);
      const member = Reflect.get(target, key, target) as unknown;
      return typeof member === 'function' ? (member as (...args: unknown[]) => unknown).bind(target) : member;
    },
  });
  return { value, set: (made) => void (target = made), get: () => target };
}

export interface ForumSetup {
  /** The real server on a free port, over a fresh database. */
  server: TestServer;
  /** Two district units with their staff and a LIVE session (see `seedForum`). */
  forum: ForumFixture;
}

/**
 * The usual setup of an API test file: before its tests, a test server with a seeded forum;
 * after them, the server closed. `env` and `options` go to `startTestServer`, `session` to `seedForum`.
 */
export function useForum({
  env = {},
  options,
  session,
}: { env?: Record<string, string>; options?: Parameters<typeof startTestServer>[1]; session?: Parameters<typeof seedForum>[1] } = {}): ForumSetup {
  const server = late<TestServer>('server');
  const forum = late<ForumFixture>('forum');
  beforeAll(async () => {
    server.set(await startTestServer(env, options));
    forum.set(await seedForum(server.value.app, session));
  });
  afterAll(() => server.get()?.close());
  return { server: server.value, forum: forum.value };
}
