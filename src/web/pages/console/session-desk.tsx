import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { request } from '../../api.js';
import { labels, refusal } from '../../messages.js';
import { watchStaffSession, type SessionView, type Watching } from '../../session-feed.js';
import type { StaffSignIn } from '../../staff.js';
import { ConnectionBadge, Notice, SessionStatusBadge } from '../../ui.js';
import {
  CorrectResponseDocument,
  FollowUpTipDocument,
  ModerateOpinionDocument,
  RedactOpinionDocument,
  RespondToOpinionDocument,
  type ModerationAction,
  type ModerationReason,
  type ResponseOutcome,
  type StaffOpinionFragment,
  type StaffStatsFragment,
} from '../../generated/graphql.js';
import { AnswerForm } from './answer-form.js';
import { CorrectForm, type ResponseCorrection } from './correct-form.js';
import { Counters } from './counters.js';
import { IntakeForm } from './intake-form.js';
import { OpinionList, type OpenForm } from './opinion-list.js';
import { ReasonForm } from './reason-form.js';
import { RedactForm } from './redact-form.js';
import { SessionEdit } from './session-edit.js';
import { TipForm, type TipFollowUp } from './tip-form.js';
import { isPublicOpinion, isTip } from '../../../shared/visibility.js';

type View = SessionView<StaffOpinionFragment, StaffStatsFragment>;

/** One session worked live: the moderation queue, the tips and the published opinions. */
export function SessionDesk({ staff, sessionId, onSignOut, onSessionEdited }: { staff: StaffSignIn; sessionId: string; onSignOut: () => void; onSessionEdited: () => void }) {
  const [view, setView] = useState<View | null>(null);
  const [form, setForm] = useState<OpenForm>(null);
  // The desk's own forms above the lists: Sửa phiên, Nhập ý kiến tiếp nhận.
  const [panel, setPanel] = useState<'edit' | 'intake' | null>(null);
  const [edited, setEdited] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const watching = useRef<Watching<StaffOpinionFragment> | null>(null);
  useEffect(() => {
    const w = watchStaffSession(sessionId, staff.token, setView);
    watching.current = w;
    return w.stop;
  }, [sessionId, staff.token]);
  const all = useMemo(() => [...(view?.opinions.values() ?? [])], [view?.opinions]);
  const queue = all.filter((o) => o.status === 'PENDING' && !isTip(o)).sort((a, b) => a.seq - b.seq);
  const tips = all.filter((o) => isTip(o)).sort((a, b) => a.seq - b.seq);
  const published = all.filter((o) => isPublicOpinion(o)).sort((a, b) => b.seq - a.seq);

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
  // A form that shows the refusal next to its field: the refusal goes back to it (a lapsed token still signs out).
  const actInForm = async (run: () => Promise<StaffOpinionFragment>) => {
    try {
      watching.current?.upsert(await run());
      setForm(null);
    } catch (error) {
      if ((error as { code?: string }).code === 'UNAUTHENTICATED') onSignOut();
      throw error;
    }
  };
  const closePanel = (opener: string) => {
    setPanel(null);
    document.getElementById(opener)?.focus();
  };
  const moderate = (o: StaffOpinionFragment, action: ModerationAction, reasonCode: ModerationReason | null = null, reason: string | null = null) =>
    act(async () => (await request(ModerateOpinionDocument, { id: o.id, action, reasonCode, reason }, staff.token)).moderateOpinion);
  const redact = (o: StaffOpinionFragment, body: string, reason: string) =>
    act(async () => (await request(RedactOpinionDocument, { id: o.id, body, reason }, staff.token)).redactOpinion);
  const answer = (o: StaffOpinionFragment, body: string, outcome: ResponseOutcome) =>
    act(async () => (await request(RespondToOpinionDocument, { input: { opinionId: o.id, body, outcome } }, staff.token)).respondToOpinion.opinion);
  const followUp = (o: StaffOpinionFragment, f: TipFollowUp) => actInForm(async () => (await request(FollowUpTipDocument, { input: { opinionId: o.id, ...f } }, staff.token)).followUpTip);
  const correct = (c: ResponseCorrection) => actInForm(async () => (await request(CorrectResponseDocument, { input: c }, staff.token)).correctResponse.opinion);
  const canModerate = staff.viewer.role !== 'OFFICER';
  const answerAction = { key: 't', text: 'Trả lời', run: (o: StaffOpinionFragment) => setForm({ id: o.id, kind: 'answer' }) };
  const correctAction = { key: 's', text: 'Sửa trả lời', run: (o: StaffOpinionFragment) => setForm({ id: o.id, kind: 'correct' }), when: (o: StaffOpinionFragment) => o.responses.length > 0 };
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
    ) : form?.kind === 'correct' ? (
      <CorrectForm staff={staff} opinion={o} onSubmit={correct} onCancel={() => setForm(null)} />
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
      <p class="hint">Phím tắt trên một ý kiến đang chọn: ↑/↓ chuyển, A duyệt, R từ chối, H ẩn, C che thông tin, T trả lời, S sửa trả lời, F theo dõi tin báo, Esc huỷ.</p>
      <p class="actions">
        {canModerate && (
          <button id="open-edit" type="button" aria-expanded={panel === 'edit'} onClick={() => setPanel(panel === 'edit' ? null : 'edit')}>
            Sửa phiên
          </button>
        )}{' '}
        <button id="open-intake" type="button" aria-expanded={panel === 'intake'} onClick={() => setPanel(panel === 'intake' ? null : 'intake')}>
          Nhập ý kiến tiếp nhận
        </button>
      </p>
      {edited && panel === null && <Notice kind="ok">Đã lưu thông tin phiên.</Notice>}
      {panel === 'edit' && (
        <SessionEdit
          staff={staff}
          sessionId={sessionId}
          onSaved={(session) => {
            watching.current?.replaceSession(session);
            setEdited(true);
            onSessionEdited();
            closePanel('open-edit');
          }}
          onClose={() => closePanel('open-edit')}
        />
      )}
      {panel === 'intake' && <IntakeForm staff={staff} session={view.session} onSaved={(o) => watching.current?.upsert(o)} onClose={() => closePanel('open-intake')} />}
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
          actions={[{ key: 'f', text: 'Theo dõi xử lý', run: (o) => setForm({ id: o.id, kind: 'tip' }) }, answerAction, correctAction]}
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
            correctAction,
            ...(canModerate ? [{ key: 'h', text: 'Ẩn', run: (o: StaffOpinionFragment) => setForm({ id: o.id, kind: 'hide' }) }, redactAction] : []),
          ]}
        />
      </div>
    </section>
  );
}
