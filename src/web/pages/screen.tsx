import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { request } from '../api.js';
import { citizenUrl, joinCodeOf } from '../join.js';
import { label, labels, shortFingerprint } from '../messages.js';
import { QrCode } from '../qr.js';
import { watchPublicSession, type SessionView } from '../session-feed.js';
import { ConnectionBadge, SessionStatusBadge } from '../ui.js';
import { SessionFingerprintDocument, type PublicOpinionFragment, type PublicStatsFragment } from '../generated/graphql.js';

type View = SessionView<PublicOpinionFragment, PublicStatsFragment>;

function latestResponseAt(o: PublicOpinionFragment): string {
  return o.responses.reduce((at, r) => (r.createdAt > at ? r.createdAt : at), '');
}

/**
 * The head of the session's record, read again shortly after each event the screen applies
 * (and every minute, for what only staff see, such as tips, which moves it too).
 */
function useFingerprint(sessionId: string, cursor: string | null): string | null {
  const [fingerprint, setFingerprint] = useState<string | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    const timer = setInterval(() => setTick((t) => t + 1), 60_000);
    return () => clearInterval(timer);
  }, []);
  useEffect(() => {
    if (cursor === null) return;
    let cancelled = false;
    // A burst of events (a replay) costs one read.
    const timer = setTimeout(() => {
      request(SessionFingerprintDocument, { id: sessionId }, null).then(
        (d) => !cancelled && d.session && setFingerprint(d.session.recordFingerprint),
        () => {}, // offline: keep showing the last one; the next event reads it again
      );
    }, 1000);
    return () => {
      cancelled = true;
      clearTimeout(timer);
    };
  }, [sessionId, cursor, tick]);
  return fingerprint;
}

/** The hall's screen: public content only (the public feeds, no token), readable from the back. */
function ScreenPage({ sessionId, order }: { sessionId: string; order: 'newest' | 'top' }) {
  const [view, setView] = useState<View | null>(null);
  useEffect(() => watchPublicSession(sessionId, setView), [sessionId]);
  const fingerprint = useFingerprint(sessionId, view?.cursor ?? null);
  const opinions = useMemo(
    () => [...(view?.opinions.values() ?? [])].sort((a, b) => (order === 'top' ? b.upvotes - a.upvotes || b.seq - a.seq : b.seq - a.seq)),
    [view?.opinions, order],
  );
  // "Being answered": the opinion whose official answer came last.
  const answering = useMemo(
    () => opinions.filter((o) => o.responses.length > 0).sort((a, b) => latestResponseAt(b).localeCompare(latestResponseAt(a)))[0],
    [opinions],
  );
  if (view?.problem) return <main class="screen"><h1>Không tìm thấy phiên đối thoại</h1></main>;
  if (!view?.session) return <main class="screen" aria-busy="true"><p>Đang tải…</p></main>;
  const session = view.session;
  const code = joinCodeOf(session);
  const stats = view.stats;
  return (
    <main class="screen">
      <header class="screen-header">
        <div>
          <p class="unit">{session.unit.name}</p>
          <h1>{session.title}</h1>
          <p class="meta">
            <SessionStatusBadge status={session.status} /> <ConnectionBadge state={view.connection} />
            {session.location && ` ${session.location}`}
          </p>
        </div>
        <div class="join-box">
          <QrCode text={citizenUrl(code, true)} label={`Mã QR tới trang gửi ý kiến ${citizenUrl(code, true)}`} />
          <div>
            <p>Quét mã QR hoặc vào</p>
            <p class="join-url">{location.host}/s/</p>
            <p class="join-code" data-join-code={code}>
              {code}
            </p>
          </div>
        </div>
      </header>
      {stats && (
        <ul class="counters" aria-label="Số liệu">
          <li>
            <strong data-counter="opinions">{stats.opinions}</strong> ý kiến
          </li>
          <li>
            <strong data-counter="approved">{stats.approved}</strong> đã công khai
          </li>
          <li>
            <strong data-counter="answered">{stats.answered}</strong> đã trả lời
          </li>
          <li>
            <strong data-counter="participants">{stats.participants}</strong> người tham gia
          </li>
        </ul>
      )}
      <div class="screen-body">
        <section class="wall" aria-label="Ý kiến đã công khai">
          {opinions.length === 0 && <p class="empty">Mời bà con quét mã QR để gửi ý kiến.</p>}
          <ul class="opinions">
            {opinions.slice(0, 12).map((o) => (
              <li key={o.id} class="opinion" data-opinion={o.id}>
                <p class="meta">
                  {label(labels.kind, o.kind)}
                  {o.topic && ` · ${o.topic.name}`} · {o.authorName ?? 'Ẩn danh'} · ▲ {o.upvotes}
                </p>
                <p class="body">{o.body}</p>
              </li>
            ))}
          </ul>
        </section>
        {answering && (
          <aside class="answering" aria-label="Đang trả lời">
            <h2>Đang trả lời</h2>
            <p class="body">{answering.body}</p>
            {answering.responses.slice(-1).map((r) => (
              <div key={r.id} class="response">
                <p class="meta">
                  {r.responder.displayName} · {label(labels.outcome, r.outcome)}
                </p>
                <p>{r.body}</p>
              </div>
            ))}
          </aside>
        )}
      </div>
      {fingerprint && (
        <footer class="fingerprint">
          Mã kiểm chứng biên bản: <code data-fingerprint={fingerprint}>{shortFingerprint(fingerprint)}</code>
        </footer>
      )}
    </main>
  );
}

const sessionId = decodeURIComponent(location.pathname.split('/')[2] ?? '');
const order = new URLSearchParams(location.search).get('order') === 'top' ? 'top' : 'newest';
render(<ScreenPage sessionId={sessionId} order={order} />, document.getElementById('app')!);
