import { render } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { ApiError, request, stored } from '../api.js';
import { keep, outbox, waitingPosts, worthRetrying, type QueuedPost } from '../outbox.js';
import { watchMyOpinions } from '../my-opinions.js';
import { sessionIdForCode } from '../join.js';
import { label, labels, moderationReasonText, refusal, say, when } from '../messages.js';
import { watchPublicSession, type SessionView } from '../session-feed.js';
import { ConnectionBadge, Field, Notice, Responses, SessionStatusBadge } from '../ui.js';
import { isTip } from '../../shared/visibility.js';
import {
  JoinAsCitizenDocument,
  SubmitOpinionDocument,
  UpvoteOpinionDocument,
  type MyOpinionFragment,
  type PublicOpinionFragment,
  type PublicSessionFragment,
  type PublicStatsFragment,
} from '../generated/graphql.js';

const BODY_MAX = 5000;
const citizenToken = stored<string>('ln.citizen');

/** A citizen token, asked for once per phone and kept. */
async function tokenForCitizen(): Promise<string> {
  const existing = citizenToken.get();
  if (existing) return existing;
  const { joinAsCitizen } = await request(JoinAsCitizenDocument, {}, null);
  citizenToken.set(joinAsCitizen.token);
  return joinAsCitizen.token;
}

/** Runs a citizen request; a token the server no longer accepts is dropped and asked for again. */
async function asCitizen<R>(send: (token: string) => Promise<R>): Promise<R> {
  try {
    return await send(await tokenForCitizen());
  } catch (error) {
    if (error instanceof ApiError && error.code === 'UNAUTHENTICATED') {
      citizenToken.set(null);
      return send(await tokenForCitizen());
    }
    throw error;
  }
}

function newKey(): string {
  return crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
}

type View = SessionView<PublicOpinionFragment, PublicStatsFragment>;

/** What became of a post right after the tap: delivered, kept on the phone for later, or refused. */
type PostOutcome = { kind: 'sent' } | { kind: 'waiting' } | { kind: 'refused'; text: string };

/** Why the server turned a post down for good, in the citizen's words. */
function refusalText(error: unknown, session: PublicSessionFragment): string {
  if (error instanceof ApiError && error.code === 'CONFLICT' && (session.status !== 'LIVE' || /LIVE|CLOSED/.test(error.message))) {
    return 'Phiên đối thoại đã kết thúc nên không nhận thêm ý kiến. Cảm ơn bạn đã quan tâm.';
  }
  return refusal(error);
}

function OpinionForm({ session, post }: { session: PublicSessionFragment; post: (queued: QueuedPost) => Promise<PostOutcome> }) {
  const [kind, setKind] = useState('SUGGESTION');
  const [tip, setTip] = useState(false);
  const [topicId, setTopicId] = useState('');
  const [body, setBody] = useState('');
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [key, setKey] = useState(newKey);
  const [sending, setSending] = useState(false);
  // A second tap lands before the button re-renders disabled: this stops it at once.
  const busy = useRef(false);
  const [notice, setNotice] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const length = [...body].length;

  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy.current) return;
    // The server's own refusals, said before asking it.
    if (session.status !== 'LIVE') return setNotice({ kind: 'error', text: say({ id: 'opinion.sessionNotLive', params: { status: session.status } }) });
    if (body.trim() === '') return setNotice({ kind: 'error', text: say({ id: 'text.empty', params: { field: 'body' } }) });
    if (length > BODY_MAX) return setNotice({ kind: 'error', text: say({ id: 'text.tooLong', params: { field: 'body', length, max: BODY_MAX } }) });
    busy.current = true;
    setSending(true);
    setNotice(null);
    const queued: QueuedPost = {
      key,
      queuedAt: new Date().toISOString(),
      input: {
        sessionId: session.id,
        kind: tip ? 'TIP' : (kind as 'SUGGESTION'),
        topicId: topicId || null,
        body,
        authorName: name.trim() || null,
        contact: contact.trim() || null,
        idempotencyKey: key,
      },
    };
    try {
      const outcome = await post(queued);
      if (outcome.kind === 'refused') return setNotice({ kind: 'error', text: outcome.text });
      // Sent or kept on the phone: either way this text is on its way, and the next one is a new post.
      setBody('');
      setKey(newKey());
      setNotice({
        kind: 'ok',
        text:
          outcome.kind === 'waiting'
            ? 'Chưa có kết nối: ý kiến đã được lưu trên máy và sẽ tự gửi khi có mạng trở lại.'
            : tip
              ? 'Đã gửi tin báo bảo mật. Chỉ cán bộ Công an đơn vị tổ chức phiên đọc được tin này.'
              : session.moderationMode === 'PRE'
                ? 'Đã gửi. Ý kiến sẽ hiển thị công khai sau khi được duyệt.'
                : 'Đã gửi và hiển thị công khai.',
      });
    } finally {
      busy.current = false;
      setSending(false);
    }
  };

  return (
    <form class="card" onSubmit={submit} aria-labelledby="form-title">
      <h2 id="form-title">Gửi ý kiến của bạn</h2>
      <Field id="kind" label="Loại ý kiến">
        <select id="kind" value={kind} disabled={tip} onChange={(e) => setKind(e.currentTarget.value)}>
          {(['SUGGESTION', 'QUESTION', 'COMPLAINT'] as const).map((k) => (
            <option key={k} value={k}>
              {labels.kind[k]}
            </option>
          ))}
        </select>
      </Field>
      <div class={`tip-choice${tip ? ' on' : ''}`}>
        <input id="tip" type="checkbox" checked={tip} aria-describedby="tip-hint" onChange={(e) => setTip(e.currentTarget.checked)} />
        <label for="tip">Đây là tin báo bảo mật (tố giác tội phạm, vi phạm)</label>
        <p class="hint" id="tip-hint">
          Tin báo bảo mật <strong>không bao giờ</strong> hiện trên màn hình hội trường hay trang công khai: chỉ cán bộ Công an của đơn vị tổ chức
          phiên này đọc được, kể cả họ tên và thông tin liên hệ bạn ghi.
        </p>
      </div>
      {session.topics.length > 0 && (
        <Field id="topic" label="Chủ đề">
          <select id="topic" value={topicId} onChange={(e) => setTopicId(e.currentTarget.value)}>
            <option value="">Không chọn chủ đề</option>
            {session.topics.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name}
              </option>
            ))}
          </select>
        </Field>
      )}
      <Field id="body" label="Nội dung" hint={`${length}/${BODY_MAX} ký tự`}>
        <textarea id="body" rows={5} value={body} aria-describedby="body-hint" onInput={(e) => setBody(e.currentTarget.value)} />
      </Field>
      <Field id="name" label={session.allowAnonymous ? 'Họ tên (không bắt buộc)' : 'Họ tên'} hint={session.allowAnonymous ? 'Để trống nếu muốn gửi ẩn danh.' : undefined}>
        <input id="name" autocomplete="name" value={name} maxLength={120} required={!session.allowAnonymous} onInput={(e) => setName(e.currentTarget.value)} />
      </Field>
      <Field id="contact" label="Số điện thoại hoặc e-mail (không bắt buộc)" hint="Chỉ cán bộ Công an của đơn vị thấy, để liên hệ lại với bạn.">
        <input id="contact" autocomplete="tel" value={contact} maxLength={200} aria-describedby="contact-hint" onInput={(e) => setContact(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="primary" disabled={sending}>
        {sending ? 'Đang gửi…' : 'Gửi ý kiến'}
      </button>
      {notice && <Notice kind={notice.kind}>{notice.text}</Notice>}
    </form>
  );
}

/** Why one's own opinion was refused or taken down: the reason code's label, then the moderator's words. */
function Reason({ opinion }: { opinion: MyOpinionFragment }) {
  if (opinion.status !== 'REJECTED' && opinion.status !== 'HIDDEN') return null;
  const why = moderationReasonText(opinion.moderationReason, opinion.rejectReason);
  return (
    <p class="reason">
      {opinion.status === 'REJECTED' ? 'Ý kiến chưa được đăng công khai' : 'Ý kiến đã bị ẩn'}
      {why ? `. Lý do: ${why}` : '.'}
    </p>
  );
}

/** A tip is never public, whatever its status says: its sender learns only whether it was turned down. */
function tipStatusText(status: MyOpinionFragment['status']): string {
  return status === 'REJECTED' || status === 'HIDDEN' ? label(labels.status, status) : 'Cán bộ đã nhận, không công khai';
}

/** The citizen's own opinions and tips (only their own token reads them), with status, reasons and answers. */
function MyOpinions({ mine }: { mine: MyOpinionFragment[] }) {
  if (mine.length === 0) return null;
  return (
    <section class="card" aria-labelledby="mine-title">
      <h2 id="mine-title">Ý kiến của tôi</h2>
      <ul class="opinions">
        {[...mine]
          .sort((a, b) => b.seq - a.seq)
          .map((o) => (
            <li key={o.id} class={`opinion mine${isTip(o) ? ' tip' : ''}`} data-mine={o.id} data-status={o.status}>
              <p class="meta">
                {isTip(o) ? (
                  <>
                    <span class="badge tip">Tin báo bảo mật</span> {tipStatusText(o.status)}
                  </>
                ) : (
                  <>
                    <span class={`badge status-${o.status.toLowerCase()}`}>{label(labels.status, o.status)}</span> {label(labels.kind, o.kind)}
                  </>
                )}{' '}
                · {when(o.createdAt)}
              </p>
              <p class="body">{o.body}</p>
              <Reason opinion={o} />
              <Responses responses={o.responses} />
            </li>
          ))}
      </ul>
    </section>
  );
}

function PublicFeed({ view }: { view: View }) {
  const [voted, setVoted] = useState<Record<string, boolean>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const opinions = useMemo(() => [...view.opinions.values()].sort((a, b) => b.seq - a.seq), [view.opinions]);
  const upvote = async (id: string) => {
    setProblem(null);
    try {
      await asCitizen((token) => request(UpvoteOpinionDocument, { id }, token));
      setVoted({ ...voted, [id]: true });
    } catch (error) {
      setProblem(refusal(error));
    }
  };
  return (
    <section class="card" aria-labelledby="feed-title">
      <h2 id="feed-title">Ý kiến công khai ({opinions.length})</h2>
      {problem && <Notice kind="error">{problem}</Notice>}
      {opinions.length === 0 && <p class="empty">Chưa có ý kiến nào được công khai.</p>}
      <ul class="opinions" aria-live="polite">
        {opinions.map((o) => (
          <li key={o.id} class="opinion" data-opinion={o.id}>
            <p class="meta">
              {label(labels.kind, o.kind)}
              {o.topic && ` · ${o.topic.name}`} · {o.authorName ?? 'Ẩn danh'} · {when(o.createdAt)}
            </p>
            <p class="body">{o.body}</p>
            <Responses responses={o.responses} />
            <button type="button" class="upvote" aria-pressed={voted[o.id] === true} disabled={view.session?.status !== 'LIVE'} onClick={() => upvote(o.id)}>
              Ủng hộ · {o.upvotes}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** Posts kept on the phone that have not reached the server yet (see outbox.ts). */
function WaitingPosts({ posts }: { posts: QueuedPost[] }) {
  if (posts.length === 0) return null;
  return (
    <section class="card" aria-labelledby="waiting-title">
      <h2 id="waiting-title">Đang chờ gửi ({posts.length})</h2>
      <p class="hint">Đã lưu trên máy này; sẽ tự gửi khi có kết nối, mỗi ý kiến một lần.</p>
      <ul class="opinions">
        {posts.map((p) => (
          <li key={p.key} class="opinion waiting" data-waiting={p.key}>
            <p class="meta">
              <span class="badge status-pending">Chưa gửi</span> {label(labels.kind, p.input.kind ?? 'SUGGESTION')} · {when(p.queuedAt)}
            </p>
            <p class="body">{p.input.body}</p>
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The session as last seen on this phone, by join code: the page opens with it when offline. */
const seenSessions = stored<Record<string, PublicSessionFragment>>('ln.citizen.sessions');

/** Offers the phone's home screen this session's page (a manifest per join code: it opens on this session). */
function offerInstall(code: string): void {
  const link = document.createElement('link');
  link.rel = 'manifest';
  link.href = `/s/${encodeURIComponent(code)}/manifest.webmanifest`;
  document.head.append(link);
  // Browsers allow it only over HTTPS or on localhost; elsewhere the outbox still keeps posts.
  navigator.serviceWorker?.register('/sw.js').catch(() => {});
}

function CitizenPage({ code }: { code: string }) {
  const seen = seenSessions.get()?.[code.toUpperCase()] ?? null;
  const [sessionId, setSessionId] = useState<string | null | undefined>(seen?.id);
  const [view, setView] = useState<View | null>(null);
  const [mine, setMine] = useState<MyOpinionFragment[]>([]);
  const [token, setToken] = useState(citizenToken.get());
  const [waiting, setWaiting] = useState<QueuedPost[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    sessionIdForCode(code).then(setSessionId, (error) => {
      // Offline: the session last seen under this code, if any.
      if (!(error instanceof ApiError && worthRetrying(error) && seen)) setSessionId(null);
    });
  }, [code]);
  useEffect(() => (sessionId ? watchPublicSession(sessionId, setView) : undefined), [sessionId]);
  useEffect(() => {
    if (view?.session) seenSessions.set({ ...seenSessions.get(), [code.toUpperCase()]: view.session });
  }, [view?.session]);
  // Own opinions follow by their own feed once the phone has a citizen token (its first post).
  useEffect(() => (sessionId && token ? watchMyOpinions(sessionId, token, setMine) : undefined), [sessionId, token]);

  // Refusals of posts the form is waiting on: it shows them itself.
  const refusals = useRef(new Map<string, unknown>());
  const delivery = useMemo(() => {
    if (!sessionId) return null;
    return outbox(sessionId, {
      send: (queued) =>
        asCitizen(async (t) => {
          setToken(t);
          return (await request(SubmitOpinionDocument, { input: queued.input }, t, { timeoutMs: 15_000 })).submitOpinion;
        }),
      sent: (_queued, opinion) => setMine((current) => [...current.filter((o) => o.id !== opinion.id), opinion]),
      refused: (queued, error) => {
        if (refusals.current.has(queued.key)) refusals.current.set(queued.key, error);
        else setProblem(`Ý kiến “${queued.input.body.slice(0, 60)}” không gửi được: ${refusal(error)}`);
      },
    });
  }, [sessionId]);
  const flush = async () => {
    if (!delivery || !sessionId) return;
    await delivery.flush();
    setWaiting(waitingPosts(sessionId));
  };
  // What waits is sent when the page opens, when the network or the live connection returns, and every 15 s meanwhile.
  useEffect(() => {
    if (!sessionId) return;
    setWaiting(waitingPosts(sessionId));
    void flush();
    addEventListener('online', flush);
    return () => removeEventListener('online', flush);
  }, [delivery]);
  useEffect(() => {
    if (view?.connection === 'online') void flush();
  }, [view?.connection]);
  useEffect(() => {
    if (waiting.length === 0) return;
    const timer = setInterval(flush, 15_000);
    return () => clearInterval(timer);
  }, [waiting.length > 0]);

  /** Keeps the post on the phone first, then sends what waits: a tap that gets no answer loses nothing. */
  const post = async (queued: QueuedPost): Promise<PostOutcome> => {
    keep(queued);
    setWaiting(waitingPosts(queued.input.sessionId));
    refusals.current.set(queued.key, null);
    try {
      await flush();
      const error = refusals.current.get(queued.key);
      if (error) return { kind: 'refused', text: refusalText(error, session!) };
      return waitingPosts(queued.input.sessionId).some((q) => q.key === queued.key) ? { kind: 'waiting' } : { kind: 'sent' };
    } finally {
      refusals.current.delete(queued.key);
    }
  };

  const session = view?.session ?? (view?.problem ? null : seen);
  if (sessionId === null || (view?.problem && !session)) {
    return (
      <main class="narrow">
        <h1>Không tìm thấy phiên đối thoại</h1>
        <p>Mã “{code}” không đúng hoặc phiên không còn. Vui lòng kiểm tra lại mã trên màn hình hội trường.</p>
        <p>
          <a href="/">Về trang chủ</a>
        </p>
      </main>
    );
  }
  if (!session) return <main class="narrow" aria-busy="true"><p>Đang tải…</p></main>;
  return (
    <main class="narrow">
      <header class="page-header">
        <p class="unit">{session.unit.name}</p>
        <h1>{session.title}</h1>
        <p class="meta">
          <SessionStatusBadge status={session.status} /> <ConnectionBadge state={view?.connection ?? 'offline'} />
        </p>
        {session.location && <p class="meta">{session.location}</p>}
        {session.topics.length > 0 && (
          <p class="topics">
            Chủ đề: {session.topics.map((t) => t.name).join(' · ')}
          </p>
        )}
      </header>
      {session.status === 'LIVE' ? (
        <OpinionForm session={session} post={post} />
      ) : (
        <Notice kind="error">
          {session.status === 'CLOSED'
            ? 'Phiên đối thoại đã kết thúc nên không nhận thêm ý kiến. Cảm ơn bạn đã quan tâm.'
            : `Phiên đối thoại chưa bắt đầu (dự kiến ${when(session.startsAt)}).`}
        </Notice>
      )}
      {problem && <Notice kind="error">{problem}</Notice>}
      <WaitingPosts posts={waiting} />
      <MyOpinions mine={mine} />
      {view?.session && <PublicFeed view={view} />}
    </main>
  );
}

const code = decodeURIComponent(location.pathname.split('/')[2] ?? '');
offerInstall(code);
render(<CitizenPage code={code} />, document.getElementById('app')!);
