import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../../api.js';
import { refusal } from '../../messages.js';
import type { StaffSignIn } from '../../staff.js';
import { Field, Notice } from '../../ui.js';
import { SessionForEditDocument, UpdateSessionDocument, type ModerationMode, type SessionForEditQuery, type UpdateSessionInput, type PublicSessionFragment } from '../../generated/graphql.js';
import { localDateTime, ModerationModeOptions } from './create-session.js';
import { FieldRefusal, FormRefusalNotice, formRefusal, type FormRefusal } from './form-refusal.js';

type Editable = NonNullable<SessionForEditQuery['session']>;

interface Draft {
  title: string;
  description: string;
  location: string;
  startsAt: string;
  endsAt: string;
  moderationMode: ModerationMode;
  allowAnonymous: boolean;
  /** Topic id → name as typed. */
  topics: Record<string, string>;
  addTopics: string;
}

// The inputs the server's refusals name (extensions.field).
const FIELDS = ['title', 'description', 'location', 'startsAt', 'endsAt', 'renameTopics', 'addTopics'] as const;

function draftOf(s: Editable): Draft {
  return {
    title: s.title,
    description: s.description ?? '',
    location: s.location ?? '',
    startsAt: localDateTime(new Date(s.startsAt)),
    endsAt: s.endsAt ? localDateTime(new Date(s.endsAt)) : '',
    moderationMode: s.moderationMode,
    allowAnonymous: s.allowAnonymous,
    topics: Object.fromEntries(s.topics.map((t) => [t.id, t.name])),
    addTopics: '',
  };
}

/** Only what the form changed, so an untouched time (kept to the minute here) is never rewritten. */
function changesOf(id: string, before: Draft, after: Draft): UpdateSessionInput {
  const input: UpdateSessionInput = { id };
  if (after.title !== before.title) input.title = after.title;
  if (after.description !== before.description) input.description = after.description.trim() || null;
  if (after.location !== before.location) input.location = after.location.trim() || null;
  if (after.startsAt !== before.startsAt) input.startsAt = new Date(after.startsAt).toISOString();
  if (after.endsAt !== before.endsAt) input.endsAt = after.endsAt ? new Date(after.endsAt).toISOString() : null;
  if (after.moderationMode !== before.moderationMode) input.moderationMode = after.moderationMode;
  if (after.allowAnonymous !== before.allowAnonymous) input.allowAnonymous = after.allowAnonymous;
  const renames = Object.entries(after.topics).filter(([topicId, name]) => name !== before.topics[topicId]);
  if (renames.length > 0) input.renameTopics = renames.map(([topicId, name]) => ({ id: topicId, name }));
  const added = after.addTopics.split(/[,;\n]/).map((t) => t.trim()).filter(Boolean);
  if (added.length > 0) input.addTopics = added;
  return input;
}

/**
 * Sửa phiên: title, description, place, times, moderation mode, anonymous posting, and the topics
 * (renamed or added, LIVE or not). Sends only what changed; the server audits it as one entry.
 */
export function SessionEdit({ staff, sessionId, onSaved, onClose }: { staff: StaffSignIn; sessionId: string; onSaved: (s: PublicSessionFragment) => void; onClose: () => void }) {
  const [loaded, setLoaded] = useState<{ session: Editable; draft: Draft } | null>(null);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const [refused, setRefused] = useState<FormRefusal | null>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  useEffect(() => {
    request(SessionForEditDocument, { id: sessionId }, staff.token).then(
      ({ session }) => {
        if (!session) return setProblem('không tìm thấy phiên');
        const initial = draftOf(session);
        setLoaded({ session, draft: initial });
        setDraft(initial);
      },
      (error) => setProblem(refusal(error)),
    );
  }, [sessionId, staff.token]);
  useEffect(() => form.current?.querySelector<HTMLElement>('input')?.focus(), [loaded !== null]);
  if (problem) return <Notice kind="error">Không mở được thông tin phiên: {problem}</Notice>;
  if (!loaded || !draft) return <p aria-busy="true">Đang tải…</p>;
  const set = (patch: Partial<Draft>) => setDraft({ ...draft, ...patch });
  const submit = async (event: Event) => {
    event.preventDefault();
    setRefused(null);
    const input = changesOf(sessionId, loaded.draft, draft);
    if (Object.keys(input).length === 1) return onClose();
    setBusy(true);
    try {
      const { updateSession } = await request(UpdateSessionDocument, { input }, staff.token);
      onSaved(updateSession);
    } catch (error) {
      setRefused(formRefusal(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form ref={form} class="card session-edit" aria-labelledby="edit-heading" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <h3 id="edit-heading">Sửa thông tin phiên</h3>
      <Field id="edit-title" label="Tên phiên">
        <input id="edit-title" required value={draft.title} onInput={(e) => set({ title: e.currentTarget.value })} />
        <FieldRefusal refused={refused} field="title" />
      </Field>
      <Field id="edit-description" label="Mô tả (không bắt buộc)">
        <textarea id="edit-description" rows={2} value={draft.description} onInput={(e) => set({ description: e.currentTarget.value })} />
        <FieldRefusal refused={refused} field="description" />
      </Field>
      <Field id="edit-place" label="Địa điểm">
        <input id="edit-place" value={draft.location} onInput={(e) => set({ location: e.currentTarget.value })} />
        <FieldRefusal refused={refused} field="location" />
      </Field>
      <Field id="edit-starts" label="Bắt đầu lúc">
        <input id="edit-starts" type="datetime-local" required value={draft.startsAt} onInput={(e) => set({ startsAt: e.currentTarget.value })} />
        <FieldRefusal refused={refused} field="startsAt" />
      </Field>
      <Field id="edit-ends" label="Kết thúc lúc (không bắt buộc)">
        <input id="edit-ends" type="datetime-local" value={draft.endsAt} onInput={(e) => set({ endsAt: e.currentTarget.value })} />
        <FieldRefusal refused={refused} field="endsAt" />
      </Field>
      <Field id="edit-mode" label="Kiểm duyệt">
        <select id="edit-mode" value={draft.moderationMode} onChange={(e) => set({ moderationMode: e.currentTarget.value as ModerationMode })}>
          <ModerationModeOptions />
        </select>
      </Field>
      <p class="field check">
        <input id="edit-anonymous" type="checkbox" checked={draft.allowAnonymous} onChange={(e) => set({ allowAnonymous: e.currentTarget.checked })} />{' '}
        <label for="edit-anonymous">Cho phép gửi ý kiến ẩn danh</label>
      </p>
      <fieldset class="topics">
        <legend>Chủ đề (sửa tên ngay cả khi phiên đang diễn ra)</legend>
        {loaded.session.topics.map((t, i) => (
          <Field key={t.id} id={`edit-topic-${i}`} label={`Chủ đề ${i + 1}`}>
            <input id={`edit-topic-${i}`} value={draft.topics[t.id]} onInput={(e) => set({ topics: { ...draft.topics, [t.id]: e.currentTarget.value } })} />
          </Field>
        ))}
        <FieldRefusal refused={refused} field="renameTopics" />
        <Field id="edit-add-topics" label="Thêm chủ đề (cách nhau bởi dấu phẩy)">
          <input id="edit-add-topics" value={draft.addTopics} onInput={(e) => set({ addTopics: e.currentTarget.value })} />
          <FieldRefusal refused={refused} field="addTopics" />
        </Field>
      </fieldset>
      <button type="submit" class="primary" disabled={busy}>
        Lưu thay đổi
      </button>{' '}
      <button type="button" onClick={onClose}>
        Huỷ
      </button>
      <FormRefusalNotice refused={refused} fields={FIELDS} />
    </form>
  );
}
