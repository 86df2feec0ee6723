// `npx tsx test/bench/fake-upvotes.ts [N]`: what it takes to add N (100) upvotes to one opinion
// with throw-away citizen tokens from one address, under the default rate limits, over HTTP on
// the embedded database. Prints requests sent, accepted upvotes, the first refusal and the time.
// A measurement for docs/benchmarks.md ("Cost of fake upvotes"), not part of the test suite.
import { GENEROUS_RATE_LIMITS, ok, startTestServer } from '../helpers/server.js';
import { seedForum } from '../helpers/fixtures.js';
import { moderateTo, postOpinion } from '../helpers/opinion-fixtures.js';
import { JoinAsCitizenDocument, UpvoteOpinionDocument } from '../generated/graphql.js';

const WANTED = Number(process.argv[2] ?? 100);
// Every limit at its default: an empty value means "not set".
const defaults = Object.fromEntries(Object.keys(GENEROUS_RATE_LIMITS).map((name) => [name, '']));
const server = await startTestServer(defaults);
try {
  const forum = await seedForum(server.app, { moderationMode: 'PRE' });
  const target = await moderateTo(
    server.app,
    forum,
    await postOpinion(server.app, { sessionId: forum.sessionId, body: 'Đề nghị chuyển bãi xe khỏi vỉa hè phố Hàng Đào.' }),
    'APPROVED',
  );
  // One address (the socket's: by default no proxy is trusted, the header is ignored), a new device id each time.
  const from = (i: number, token?: string) => ({ token, headers: { 'x-forwarded-for': '198.51.100.7', 'x-device-id': `may-gia-${i}-${process.pid}` } });
  const started = performance.now();
  let requests = 0;
  let upvotes = 0;
  let refusal: string | null = null;
  for (let i = 0; upvotes < WANTED && !refusal; i++) {
    requests++;
    const joined = await server.request(JoinAsCitizenDocument, { displayName: null }, from(i));
    if (joined.errors) {
      refusal = `joinAsCitizen #${i + 1}: ${joined.errors[0].message}`;
      break;
    }
    requests++;
    const voted = await server.request(UpvoteOpinionDocument, { id: target.id }, from(i, ok(joined).joinAsCitizen.token));
    if (voted.errors) refusal = `upvoteOpinion #${upvotes + 1}: ${voted.errors[0].message}`;
    else upvotes = ok(voted).upvoteOpinion.upvotes;
  }
  const seconds = (performance.now() - started) / 1000;
  console.log(JSON.stringify({ wanted: WANTED, upvotes, requests, seconds: Number(seconds.toFixed(1)), refusal }, null, 2));
} finally {
  await server.close();
}
