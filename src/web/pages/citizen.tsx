import { render } from 'preact';
import { useEffect, useMemo, useState } from 'preact/hooks';
import { ApiError, request, stored } from '../api.js';
import { sessionIdForCode } from '../join.js';
import { label, labels, moderationReasonText, refusal, say, when } from '../messages.js';
import { watchPublicSession, type SessionView } from '../session-feed.js';
import { ConnectionBadge, Field, Notice, Responses, SessionStatusBadge } from '../ui.js';
import {
  JoinAsCitizenDocument,
  MyOpinionsDocument,
  SubmitOpinionDocument,
  UpvoteOpinionDocument,
  type MyOpinionFragment,
  type PublicOpinionFragment,
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

function OpinionForm({ view, onSent }: { view: View; onSent: () => void }) {
  const session = view.session!;
  const [kind, setKind] = useState('SUGGESTION');
  const [tip, setTip] = useState(false);
  const [topicId, setTopicId] = useState('');
  const [body, setBody] = useState('');
  const [name, setName] = useState('');
  const [contact, setContact] = useState('');
  const [key, setKey] = useState(newKey);
  const [sending, setSending] = useState(false);
  const [notice, setNotice] = useState<{ kind: 'error' | 'ok'; text: string } | null>(null);
  const length = [...body].length;

  const submit = async (event: Event) => {
    event.preventDefault();
    // The server's own refusals, said before asking it.
    if (session.status !== 'LIVE') return setNotice({ kind: 'error', text: say({ id: 'opinion.sessionNotLive', params: { status: session.status } }) });
    if (body.trim() === '') return setNotice({ kind: 'error', text: say({ id: 'text.empty', params: { field: 'body' } }) });
    if (length > BODY_MAX) return setNotice({ kind: 'error', text: say({ id: 'text.tooLong', params: { field: 'body', length, max: BODY_MAX } }) });
    setSending(true);
    setNotice(null);
    try {
      await asCitizen((token) =>
        request(
          SubmitOpinionDocument,
          {
            input: {
              sessionId: session.id,
              kind: tip ? 'TIP' : (kind as 'SUGGESTION'),
              topicId: topicId || null,
              body,
              authorName: name.trim() || null,
              contact: contact.trim() || null,
              idempotencyKey: key,
            },
          },
          token,
        ),
      );
      setBody('');
      setKey(newKey());
      setNotice({
        kind: 'ok',
        text: tip
          ? 'Đã gửi tin báo bảo mật. Chỉ cán bộ Công an đơn vị tổ chức phiên đọc được tin này.'
          : session.moderationMode === 'PRE'
            ? 'Đã gửi. Ý kiến sẽ hiển thị công khai sau khi được duyệt.'
            : 'Đã gửi và hiển thị công khai.',
      });
      onSent();
    } catch (error) {
      const text = error instanceof ApiError && error.code === 'CONFLICT' && session.status === 'LIVE' && !/LIVE|CLOSED/.test(error.message)
        ? refusal(error)
        : error instanceof ApiError && error.code === 'CONFLICT'
          ? 'Phiên đối thoại đã kết thúc nên không nhận thêm ý kiến. Cảm ơn bạn đã quan tâm.'
          : refusal(error);
      setNotice({ kind: 'error', text });
    } finally {
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
            <li key={o.id} class={`opinion mine${o.kind === 'TIP' ? ' tip' : ''}`} data-mine={o.id} data-status={o.status}>
              <p class="meta">
                {o.kind === 'TIP' ? (
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

function CitizenPage({ code }: { code: string }) {
  const [sessionId, setSessionId] = useState<string | null | undefined>(undefined);
  const [view, setView] = useState<View | null>(null);
  const [mine, setMine] = useState<MyOpinionFragment[]>([]);

  useEffect(() => {
    sessionIdForCode(code).then(setSessionId, () => setSessionId(null));
  }, [code]);
  useEffect(() => (sessionId ? watchPublicSession(sessionId, setView) : undefined), [sessionId]);

  const refreshMine = () => {
    const token = citizenToken.get();
    if (!sessionId || !token) return;
    request(MyOpinionsDocument, { sessionId }, token).then(
      (d) => setMine(d.myOpinions),
      () => {},
    );
  };
  // Moderation of one's own opinion reaches no public feed: ask again when the public view moves,
  // and every 20 s while something waits.
  useEffect(refreshMine, [sessionId, view?.opinions]);
  useEffect(() => {
    if (!mine.some((o) => o.status === 'PENDING')) return;
    const timer = setInterval(refreshMine, 20_000);
    // Back to the page after a while (the phone in a pocket): look at once.
    const onVisible = () => document.visibilityState === 'visible' && refreshMine();
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [mine]);

  if (sessionId === null || view?.problem) {
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
  if (!view?.session) return <main class="narrow" aria-busy="true"><p>Đang tải…</p></main>;
  const session = view.session;
  return (
    <main class="narrow">
      <header class="page-header">
        <p class="unit">{session.unit.name}</p>
        <h1>{session.title}</h1>
        <p class="meta">
          <SessionStatusBadge status={session.status} /> <ConnectionBadge state={view.connection} />
        </p>
        {session.location && <p class="meta">{session.location}</p>}
        {session.topics.length > 0 && (
          <p class="topics">
            Chủ đề: {session.topics.map((t) => t.name).join(' · ')}
          </p>
        )}
      </header>
      {session.status === 'LIVE' ? (
        <OpinionForm view={view} onSent={refreshMine} />
      ) : (
        <Notice kind="error">
          {session.status === 'CLOSED'
            ? 'Phiên đối thoại đã kết thúc nên không nhận thêm ý kiến. Cảm ơn bạn đã quan tâm.'
            : `Phiên đối thoại chưa bắt đầu (dự kiến ${when(session.startsAt)}).`}
        </Notice>
      )}
      <MyOpinions mine={mine} />
      <PublicFeed view={view} />
    </main>
  );
}

const code = decodeURIComponent(location.pathname.split('/')[2] ?? '');
render(<CitizenPage code={code} />, document.getElementById('app')!);
