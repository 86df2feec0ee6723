import { render, type ComponentChildren } from 'preact';
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { request } from '../api.js';
import { citizenUrl, joinCodeOf } from '../join.js';
import { label, labels, moderationReasonText, refusal, when } from '../messages.js';
import { masked, personalDataSpans } from '../personal-data.js';
import { watchStaffSession, type SessionView, type Watching } from '../session-feed.js';
import { currentStaff, staffSignIn, type StaffSignIn } from '../staff.js';
import { ConnectionBadge, Field, Notice, Responses, SessionStatusBadge } from '../ui.js';
import {
  CreateSessionDocument,
  FollowUpTipDocument,
  LoginDocument,
  LogoutDocument,
  ModerateOpinionDocument,
  RespondToOpinionDocument,
  SetSessionStatusDocument,
  UnitSessionsDocument,
  RedactOpinionDocument,
  type ModerationAction,
  type ModerationReason,
  type PersonalDataKind,
  type PublicSessionFragment,
  type ResponseOutcome,
  type SessionStatus,
  type StaffOpinionFragment,
  type StaffStatsFragment,
  type TipStatus,
} from '../generated/graphql.js';

type View = SessionView<StaffOpinionFragment, StaffStatsFragment>;

/** The body with the personal data the server flagged marked, for the moderator to notice before publishing. */
function Highlighted({ text, kinds }: { text: string; kinds: readonly PersonalDataKind[] }) {
  const parts: ComponentChildren[] = [];
  let last = 0;
  for (const span of personalDataSpans(text, kinds)) {
    parts.push(text.slice(last, span.start));
    parts.push(
      <mark key={span.start} data-kind={span.kind} title={label(labels.personalData, span.kind)}>
        {text.slice(span.start, span.end)}
      </mark>,
    );
    last = span.end;
  }
  parts.push(text.slice(last));
  return <p class="body">{parts}</p>;
}

function SignIn({ onSignedIn }: { onSignedIn: (s: StaffSignIn) => void }) {
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const { login } = await request(LoginDocument, { email, password }, null);
      const signIn = { token: login.token, viewer: login.viewer };
      staffSignIn.set(signIn);
      onSignedIn(signIn);
    } catch (error) {
      setProblem(refusal(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <main class="narrow">
      <h1>Bàn điều hành</h1>
      <form class="card" onSubmit={submit} aria-labelledby="signin-title">
        <h2 id="signin-title">Đăng nhập cán bộ</h2>
        <Field id="email" label="E-mail">
          <input id="email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </Field>
        <Field id="password" label="Mật khẩu">
          <input id="password" type="password" autocomplete="current-password" required value={password} onInput={(e) => setPassword(e.currentTarget.value)} />
        </Field>
        <button type="submit" class="primary" disabled={busy}>
          Đăng nhập
        </button>
        {problem && <Notice kind="error">{problem}</Notice>}
      </form>
    </main>
  );
}

function localDateTime(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

function CreateSession({ staff, onCreated }: { staff: StaffSignIn; onCreated: () => void }) {
  const [title, setTitle] = useState('');
  const [place, setPlace] = useState('');
  const [startsAt, setStartsAt] = useState(() => localDateTime(new Date()));
  const [mode, setMode] = useState<'PRE' | 'POST'>('PRE');
  const [topics, setTopics] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const unit = staff.viewer.unit;
  if (!unit) return <p class="hint">Tài khoản quản trị chung không thuộc đơn vị nào: hãy đăng nhập bằng tài khoản của đơn vị để tạo phiên.</p>;
  const submit = async (event: Event) => {
    event.preventDefault();
    setProblem(null);
    try {
      await request(
        CreateSessionDocument,
        {
          input: {
            unitId: unit.id,
            title,
            location: place || null,
            startsAt: new Date(startsAt).toISOString(),
            moderationMode: mode,
            topics: topics.split(/[,;\n]/).map((t) => t.trim()).filter(Boolean),
          },
        },
        staff.token,
      );
      setTitle('');
      setTopics('');
      onCreated();
    } catch (error) {
      setProblem(refusal(error));
    }
  };
  return (
    <form class="card" onSubmit={submit} aria-labelledby="create-title">
      <h2 id="create-title">Tạo phiên mới</h2>
      <Field id="new-title" label="Tên phiên">
        <input id="new-title" required value={title} onInput={(e) => setTitle(e.currentTarget.value)} />
      </Field>
      <Field id="new-place" label="Địa điểm">
        <input id="new-place" value={place} onInput={(e) => setPlace(e.currentTarget.value)} />
      </Field>
      <Field id="new-starts" label="Bắt đầu lúc">
        <input id="new-starts" type="datetime-local" required value={startsAt} onInput={(e) => setStartsAt(e.currentTarget.value)} />
      </Field>
      <Field id="new-mode" label="Kiểm duyệt">
        <select id="new-mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as 'PRE' | 'POST')}>
          <option value="PRE">Duyệt trước khi công khai</option>
          <option value="POST">Công khai ngay, ẩn khi cần</option>
        </select>
      </Field>
      <Field id="new-topics" label="Chủ đề (cách nhau bởi dấu phẩy)">
        <input id="new-topics" value={topics} onInput={(e) => setTopics(e.currentTarget.value)} />
      </Field>
      <button type="submit" class="primary">
        Tạo phiên
      </button>
      {problem && <Notice kind="error">{problem}</Notice>}
    </form>
  );
}

function Sessions({ staff, selected }: { staff: StaffSignIn; selected: string | null }) {
  const [sessions, setSessions] = useState<PublicSessionFragment[] | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const load = () =>
    request(UnitSessionsDocument, { unitId: staff.viewer.unit?.id ?? null }, staff.token).then(
      (d) => setSessions(d.sessions.edges.map((e) => e.node)),
      (error) => setProblem(refusal(error)),
    );
  useEffect(() => void load(), [staff.token]);
  const setStatus = async (id: string, status: SessionStatus) => {
    setProblem(null);
    try {
      await request(SetSessionStatusDocument, { id, status }, staff.token);
      await load();
    } catch (error) {
      setProblem(refusal(error));
    }
  };
  return (
    <section aria-labelledby="sessions-title">
      <h2 id="sessions-title">Các phiên của đơn vị</h2>
      {problem && <Notice kind="error">{problem}</Notice>}
      <ul class="sessions">
        {(sessions ?? []).map((s) => (
          <li key={s.id} class={`card session${s.id === selected ? ' selected' : ''}`} data-session={s.id}>
            <h3>
              <a href={`#session=${s.id}`} aria-current={s.id === selected ? 'page' : undefined}>
                {s.title}
              </a>
            </h3>
            <p class="meta">
              <SessionStatusBadge status={s.status} /> {when(s.startsAt)}
            </p>
            <p class="actions">
              {s.status === 'SCHEDULED' && (
                <button type="button" onClick={() => setStatus(s.id, 'LIVE')}>
                  Mở phiên
                </button>
              )}
              {s.status !== 'CLOSED' && (
                <button type="button" onClick={() => setStatus(s.id, 'CLOSED')}>
                  {s.status === 'LIVE' ? 'Đóng phiên' : 'Huỷ phiên'}
                </button>
              )}
              <a href={`/screen/${s.id}`} target="_blank" rel="noopener">
                Màn hình lớn
              </a>
              <a href={citizenUrl(joinCodeOf(s))} target="_blank" rel="noopener">
                Trang người dân
              </a>
              <a href={`/console/minutes/${s.id}`}>Biên bản</a>
            </p>
          </li>
        ))}
      </ul>
      <CreateSession staff={staff} onCreated={load} />
    </section>
  );
}

type Form = { id: string; kind: 'reject' | 'hide' | 'redact' | 'answer' | 'tip' } | null;

interface TipFollowUp {
  status: TipStatus;
  caseNumber: string | null;
  suspects: number | null;
  note: string | null;
}

/** The shell of the queue's inline forms: the first field takes the focus, Escape cancels, Huỷ too. */
function InlineForm(props: { className?: string; submitText: string; submitClass: 'primary' | 'danger'; onSubmit: () => void; onCancel: () => void; children: ComponentChildren }) {
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => form.current?.querySelector<HTMLElement>('input, select, textarea')?.focus(), []);
  return (
    <form
      ref={form}
      class={props.className ? `inline-form ${props.className}` : 'inline-form'}
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit();
      }}
      onKeyDown={(e) => e.key === 'Escape' && props.onCancel()}
    >
      {props.children}
      <button type="submit" class={props.submitClass}>
        {props.submitText}
      </button>{' '}
      <button type="button" onClick={props.onCancel}>
        Huỷ
      </button>
    </form>
  );
}

/** The options of a select over one of the API's enums, with their Vietnamese names. */
function EnumOptions({ names }: { names: Record<string, string> }) {
  return (
    <>
      {Object.entries(names).map(([value, text]) => (
        <option key={value} value={value}>
          {text}
        </option>
      ))}
    </>
  );
}

function TipForm({ tip, onSubmit, onCancel }: { tip: StaffOpinionFragment; onSubmit: (f: TipFollowUp) => void; onCancel: () => void }) {
  const [status, setStatus] = useState<TipStatus>(tip.tipStatus ?? 'VERIFYING');
  const [caseNumber, setCaseNumber] = useState(tip.caseNumber ?? '');
  const [suspects, setSuspects] = useState(tip.suspects === null ? '' : String(tip.suspects));
  const [note, setNote] = useState('');
  return (
    <InlineForm
      submitText="Lưu theo dõi"
      submitClass="primary"
      onSubmit={() => onSubmit({ status, caseNumber: caseNumber.trim() || null, suspects: suspects === '' ? null : Number(suspects), note: note.trim() || null })}
      onCancel={onCancel}
    >
      <Field id="tip-status" label="Tình trạng xử lý">
        <select id="tip-status" value={status} onChange={(e) => setStatus(e.currentTarget.value as TipStatus)}>
          <EnumOptions names={labels.tipStatus} />
        </select>
      </Field>
      <Field id="tip-case" label="Số hồ sơ vụ việc">
        <input id="tip-case" value={caseNumber} onInput={(e) => setCaseNumber(e.currentTarget.value)} />
      </Field>
      <Field id="tip-suspects" label="Số đối tượng">
        <input id="tip-suspects" type="number" min={0} value={suspects} onInput={(e) => setSuspects(e.currentTarget.value)} />
      </Field>
      <Field id="tip-note" label="Ghi chú (chỉ cán bộ đơn vị thấy)">
        <input id="tip-note" value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </Field>
    </InlineForm>
  );
}

/** Why an opinion is refused (REJECT) or taken down (HIDE): a reason code, and words for its author. */
function ReasonForm({ action, onSubmit, onCancel }: { action: 'reject' | 'hide'; onSubmit: (code: ModerationReason, text: string) => void; onCancel: () => void }) {
  const [code, setCode] = useState<ModerationReason>('DUPLICATE');
  const [text, setText] = useState('');
  return (
    <InlineForm
      submitText={action === 'reject' ? 'Xác nhận từ chối' : 'Xác nhận ẩn'}
      submitClass="danger"
      onSubmit={() => onSubmit(code, text.trim() || labels.moderationReason[code])}
      onCancel={onCancel}
    >
      <Field id={`${action}-code`} label={action === 'reject' ? 'Lý do từ chối' : 'Lý do ẩn'}>
        <select id={`${action}-code`} value={code} onChange={(e) => setCode(e.currentTarget.value as ModerationReason)}>
          <EnumOptions names={labels.moderationReason} />
        </select>
      </Field>
      <Field id={`${action}-text`} label="Giải thích thêm cho người gửi (không bắt buộc)">
        <input id={`${action}-text`} value={text} maxLength={500} onInput={(e) => setText(e.currentTarget.value)} />
      </Field>
    </InlineForm>
  );
}

/**
 * Redaction: the text as posted with the personal data marked, and the public text to edit,
 * started with every mark replaced; the original stays for staff only.
 */
function RedactForm({ opinion, onSubmit, onCancel }: { opinion: StaffOpinionFragment; onSubmit: (body: string, reason: string) => void; onCancel: () => void }) {
  const original = opinion.originalBody ?? opinion.body;
  const spans = useMemo(() => personalDataSpans(original, opinion.personalData), [original, opinion.personalData]);
  const [body, setBody] = useState(() => (opinion.originalBody !== null ? opinion.body : masked(original, spans)));
  const [reason, setReason] = useState('Che thông tin cá nhân');
  return (
    <InlineForm
      className="redact"
      submitText="Lưu nội dung đã che"
      submitClass="primary"
      onSubmit={() => body.trim() && reason.trim() && onSubmit(body, reason.trim())}
      onCancel={onCancel}
    >
      <p class="meta">
        Nội dung gốc (chỉ cán bộ đơn vị thấy)
        {opinion.personalData.length > 0 && `: có thể chứa ${opinion.personalData.map((k) => label(labels.personalData, k).toLowerCase()).join(', ')}`}
      </p>
      <Highlighted text={original} kinds={opinion.personalData} />
      <Field id="redact-body" label="Nội dung công khai sau khi che">
        <textarea id="redact-body" rows={4} required value={body} onInput={(e) => setBody(e.currentTarget.value)} />
      </Field>
      <Field id="redact-reason" label="Lý do che (ghi vào biên bản)">
        <input id="redact-reason" required maxLength={500} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
      </Field>
    </InlineForm>
  );
}

function AnswerForm({ onSubmit, onCancel }: { onSubmit: (body: string, outcome: ResponseOutcome) => void; onCancel: () => void }) {
  const [body, setBody] = useState('');
  const [outcome, setOutcome] = useState<ResponseOutcome>('ACKNOWLEDGED');
  return (
    <InlineForm submitText="Gửi trả lời" submitClass="primary" onSubmit={() => body.trim() && onSubmit(body, outcome)} onCancel={onCancel}>
      <Field id="answer-body" label="Nội dung trả lời">
        <textarea id="answer-body" rows={3} required value={body} onInput={(e) => setBody(e.currentTarget.value)} />
      </Field>
      <Field id="answer-outcome" label="Kết quả">
        <select id="answer-outcome" value={outcome} onChange={(e) => setOutcome(e.currentTarget.value as ResponseOutcome)}>
          <EnumOptions names={labels.outcome} />
        </select>
      </Field>
    </InlineForm>
  );
}

/** One list of opinions, worked with the keyboard: ↑/↓ (or J/K) move, the letters act. */
function OpinionList(props: {
  name: string;
  title: string;
  opinions: StaffOpinionFragment[];
  actions: { key: string; text: string; run: (o: StaffOpinionFragment) => void; when?: (o: StaffOpinionFragment) => boolean }[];
  form: Form;
  renderForm: (o: StaffOpinionFragment) => ComponentChildren;
  empty: string;
}) {
  const list = useRef<HTMLUListElement>(null);
  const focusItem = (index: number) => {
    const items = list.current?.querySelectorAll<HTMLElement>(':scope > li');
    if (items?.length) items[Math.max(0, Math.min(index, items.length - 1))].focus();
  };
  const onKeyDown = (event: KeyboardEvent, o: StaffOpinionFragment, index: number) => {
    if (event.target !== event.currentTarget || event.ctrlKey || event.metaKey || event.altKey) return;
    const key = event.key.toLowerCase();
    if (key === 'arrowdown' || key === 'j') focusItem(index + 1);
    else if (key === 'arrowup' || key === 'k') focusItem(index - 1);
    else {
      const action = props.actions.find((a) => a.key === key && (a.when?.(o) ?? true));
      if (!action) return;
      action.run(o);
    }
    event.preventDefault();
  };
  return (
    <section class={`list ${props.name}`} aria-labelledby={`${props.name}-title`}>
      <h2 id={`${props.name}-title`}>
        {props.title} ({props.opinions.length})
      </h2>
      {props.opinions.length === 0 && <p class="empty">{props.empty}</p>}
      <ul ref={list} class="opinions">
        {props.opinions.map((o, index) => (
          <li
            key={o.id}
            class={`opinion${o.kind === 'TIP' ? ' tip' : ''}`}
            tabIndex={0}
            data-opinion={o.id}
            aria-label={`${label(labels.kind, o.kind)} số ${o.seq}: ${o.body.slice(0, 80)}`}
            onKeyDown={(e) => onKeyDown(e, o, index)}
          >
            <p class="meta">
              #{o.seq} · {o.kind === 'TIP' ? <span class="badge tip">{labels.kind.TIP}</span> : label(labels.kind, o.kind)}
              {o.topic && ` · ${o.topic.name}`} · {o.authorName ?? 'Ẩn danh'}
              {o.contact && ` · ☎ ${o.contact}`} · {when(o.createdAt)} · <span class={`badge status-${o.status.toLowerCase()}`}>{label(labels.status, o.status)}</span>
            </p>
            <Highlighted text={o.body} kinds={o.personalData} />
            {o.personalData.length > 0 && o.originalBody === null && (
              <p class="hint personal-data">Có thể chứa: {o.personalData.map((k) => label(labels.personalData, k)).join(', ')}. Hãy che trước khi công khai.</p>
            )}
            {o.originalBody !== null && <p class="hint">Đã che thông tin; bản gốc chỉ cán bộ đơn vị thấy.</p>}
            {(o.moderationReason || o.rejectReason) && <p class="reason">Lý do: {moderationReasonText(o.moderationReason, o.rejectReason)}</p>}
            {o.kind === 'TIP' && (
              <p class="meta">
                Xử lý: {o.tipStatus ? label(labels.tipStatus, o.tipStatus) : 'Chưa xử lý'}
                {o.caseNumber && ` · Hồ sơ ${o.caseNumber}`}
                {o.suspects !== null && ` · ${o.suspects} đối tượng`}
              </p>
            )}
            <Responses responses={o.responses} />
            <p class="actions">
              {props.actions
                .filter((a) => a.when?.(o) ?? true)
                .map((a) => (
                  <button key={a.key} type="button" aria-keyshortcuts={a.key.toUpperCase()} onClick={() => a.run(o)}>
                    {a.text} <kbd>{a.key.toUpperCase()}</kbd>
                  </button>
                ))}
            </p>
            {props.form?.id === o.id && props.renderForm(o)}
          </li>
        ))}
      </ul>
    </section>
  );
}

function Counters({ stats }: { stats: StaffStatsFragment }) {
  const items: [string, number][] = [
    ['Tổng ý kiến', stats.opinions],
    [labels.status.PENDING, stats.pending],
    [labels.status.APPROVED, stats.approved],
    [labels.status.REJECTED, stats.rejected],
    [labels.status.HIDDEN, stats.hidden],
    ['Đã trả lời', stats.answered],
    ['Người tham gia', stats.participants],
  ];
  return (
    <ul class="counters small" aria-label="Số liệu trực tiếp">
      {items.map(([name, value]) => (
        <li key={name}>
          <strong>{value}</strong> {name}
        </li>
      ))}
    </ul>
  );
}

function SessionDesk({ staff, sessionId, onSignOut }: { staff: StaffSignIn; sessionId: string; onSignOut: () => void }) {
  const [view, setView] = useState<View | null>(null);
  const [form, setForm] = useState<Form>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const watching = useRef<Watching<StaffOpinionFragment> | null>(null);
  useEffect(() => {
    const w = watchStaffSession(sessionId, staff.token, setView);
    watching.current = w;
    return w.stop;
  }, [sessionId, staff.token]);
  const all = useMemo(() => [...(view?.opinions.values() ?? [])], [view?.opinions]);
  const queue = all.filter((o) => o.status === 'PENDING' && o.kind !== 'TIP').sort((a, b) => a.seq - b.seq);
  const tips = all.filter((o) => o.kind === 'TIP').sort((a, b) => a.seq - b.seq);
  const published = all.filter((o) => o.status === 'APPROVED' && o.kind !== 'TIP').sort((a, b) => b.seq - a.seq);

  // What a mutation answers shows at once; the live feed confirms it (and tells the others).
  const act = async (run: () => Promise<StaffOpinionFragment>) => {
    setProblem(null);
    try {
      watching.current?.upsert(await run());
      setForm(null);
    } catch (error) {
      setProblem(refusal(error));
      if ((error as { code?: string }).code === 'UNAUTHENTICATED') onSignOut();
    }
  };
  const moderate = (o: StaffOpinionFragment, action: ModerationAction, reasonCode: ModerationReason | null = null, reason: string | null = null) =>
    act(async () => (await request(ModerateOpinionDocument, { id: o.id, action, reasonCode, reason }, staff.token)).moderateOpinion);
  const redact = (o: StaffOpinionFragment, body: string, reason: string) =>
    act(async () => (await request(RedactOpinionDocument, { id: o.id, body, reason }, staff.token)).redactOpinion);
  const answer = (o: StaffOpinionFragment, body: string, outcome: ResponseOutcome) =>
    act(async () => (await request(RespondToOpinionDocument, { input: { opinionId: o.id, body, outcome } }, staff.token)).respondToOpinion.opinion);
  const followUp = (o: StaffOpinionFragment, f: TipFollowUp) => act(async () => (await request(FollowUpTipDocument, { input: { opinionId: o.id, ...f } }, staff.token)).followUpTip);
  const canModerate = staff.viewer.role !== 'OFFICER';
  const answerAction = { key: 't', text: 'Trả lời', run: (o: StaffOpinionFragment) => setForm({ id: o.id, kind: 'answer' }) };
  const redactAction = { key: 'c', text: 'Che thông tin', run: (o: StaffOpinionFragment) => setForm({ id: o.id, kind: 'redact' }) };
  const renderForm = (o: StaffOpinionFragment) =>
    form?.kind === 'reject' || form?.kind === 'hide' ? (
      <ReasonForm
        action={form.kind}
        onSubmit={(code, text) => moderate(o, form.kind === 'reject' ? 'REJECT' : 'HIDE', code, text)}
        onCancel={() => setForm(null)}
      />
    ) : form?.kind === 'redact' ? (
      <RedactForm opinion={o} onSubmit={(body, reason) => redact(o, body, reason)} onCancel={() => setForm(null)} />
    ) : form?.kind === 'tip' ? (
      <TipForm tip={o} onSubmit={(f) => followUp(o, f)} onCancel={() => setForm(null)} />
    ) : (
      <AnswerForm onSubmit={(body, outcome) => answer(o, body, outcome)} onCancel={() => setForm(null)} />
    );

  if (view?.problem) return <Notice kind="error">Không mở được phiên này: {view.problem}</Notice>;
  if (!view?.session) return <p aria-busy="true">Đang tải…</p>;
  return (
    <section class="desk" aria-labelledby="desk-title">
      <h2 id="desk-title">
        {view.session.title} <SessionStatusBadge status={view.session.status} /> <ConnectionBadge state={view.connection} />
      </h2>
      <p class="hint">Phím tắt trên một ý kiến đang chọn: ↑/↓ chuyển, A duyệt, R từ chối, H ẩn, C che thông tin, T trả lời, F theo dõi tin báo, Esc huỷ.</p>
      {view.stats && <Counters stats={view.stats} />}
      {problem && <Notice kind="error">{problem}</Notice>}
      <div class="columns">
        {canModerate && (
          <OpinionList
            name="queue"
            title="Chờ duyệt (cũ nhất trước)"
            opinions={queue}
            empty="Không có ý kiến nào chờ duyệt."
            form={form}
            renderForm={renderForm}
            actions={[
              { key: 'a', text: 'Duyệt', run: (o) => moderate(o, 'APPROVE') },
              { key: 'r', text: 'Từ chối', run: (o) => setForm({ id: o.id, kind: 'reject' }) },
              redactAction,
            ]}
          />
        )}
        <OpinionList
          name="tips"
          title="Tin báo bảo mật"
          opinions={tips}
          empty="Chưa có tin báo."
          form={form}
          renderForm={renderForm}
          actions={[{ key: 'f', text: 'Theo dõi xử lý', run: (o) => setForm({ id: o.id, kind: 'tip' }) }, answerAction]}
        />
        <OpinionList
          name="published"
          title={labels.status.APPROVED}
          opinions={published}
          empty="Chưa có ý kiến công khai."
          form={form}
          renderForm={renderForm}
          actions={[
            answerAction,
            ...(canModerate ? [{ key: 'h', text: 'Ẩn', run: (o: StaffOpinionFragment) => setForm({ id: o.id, kind: 'hide' }) }, redactAction] : []),
          ]}
        />
      </div>
    </section>
  );
}

function selectedFromHash(): string | null {
  return /session=([\w-]+)/.exec(location.hash)?.[1] ?? null;
}

function ConsolePage() {
  const [staff, setStaff] = useState<StaffSignIn | null | undefined>(undefined);
  const [selected, setSelected] = useState(selectedFromHash);
  useEffect(() => {
    void currentStaff().then(setStaff);
    const onHash = () => setSelected(selectedFromHash());
    addEventListener('hashchange', onHash);
    return () => removeEventListener('hashchange', onHash);
  }, []);
  // The token no longer stands (revoked, expired): forget it.
  const forget = () => {
    staffSignIn.set(null);
    setStaff(null);
  };
  // "Đăng xuất": the server ends the token first, so a copy of it left behind opens nothing.
  const signOut = async () => {
    if (staff) await request(LogoutDocument, {}, staff.token).catch(() => undefined);
    forget();
  };
  if (staff === undefined) return <main aria-busy="true"><p>Đang tải…</p></main>;
  if (staff === null) return <SignIn onSignedIn={setStaff} />;
  return (
    <main class="console">
      <header class="page-header row">
        <div>
          <p class="unit">{staff.viewer.unit?.name ?? 'Quản trị hệ thống'}</p>
          <h1>Bàn điều hành</h1>
        </div>
        <p class="actions">
          <span>
            {staff.viewer.displayName} ({staff.viewer.role})
          </span>{' '}
          <a href="/console/report">Báo cáo</a>{' '}
          <button type="button" onClick={() => void signOut()}>
            Đăng xuất
          </button>
        </p>
      </header>
      <div class="console-body">
        <Sessions staff={staff} selected={selected} />
        {selected ? <SessionDesk staff={staff} sessionId={selected} onSignOut={forget} /> : <p class="hint">Chọn một phiên để điều hành.</p>}
      </div>
    </main>
  );
}

render(<ConsolePage />, document.getElementById('app')!);
