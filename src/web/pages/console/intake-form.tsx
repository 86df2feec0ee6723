import { useEffect, useRef, useState } from 'preact/hooks';
import { request } from '../../api.js';
import { label, labels } from '../../messages.js';
import type { StaffSignIn } from '../../staff.js';
import { Field, Notice } from '../../ui.js';
import { IntakeOpinionDocument, type Channel, type OpinionKind, type PublicSessionFragment, type StaffOpinionFragment } from '../../generated/graphql.js';
import { FieldRefusal, FormRefusalNotice, formRefusal, type FormRefusal } from './form-refusal.js';
import { EnumOptions } from './inline-form.js';
import { localDateTime } from './create-session.js';

// Staff type in every channel but the citizens' own.
const INTAKE_CHANNELS = Object.fromEntries(Object.entries(labels.channel).filter(([channel]) => channel !== 'APP'));

// The inputs the server's refusals name (extensions.field).
const FIELDS = ['channel', 'kind', 'topicId', 'body', 'authorName', 'contact', 'receivedAt'] as const;

function newKey(): string {
  return crypto.randomUUID?.() ?? `${Date.now()}-${Math.random()}`;
}

/**
 * Staff intake: an opinion from a hotline call, a paper slip, an e-mail… typed in on the citizen's
 * behalf. The form stays open for the next slip; channel, kind and topic stay as they were.
 */
export function IntakeForm({ staff, session, onSaved, onClose }: { staff: StaffSignIn; session: PublicSessionFragment; onSaved: (o: StaffOpinionFragment) => void; onClose: () => void }) {
  const [channel, setChannel] = useState<Channel>('HOTLINE');
  const [kind, setKind] = useState<OpinionKind>('SUGGESTION');
  const [topicId, setTopicId] = useState('');
  const [body, setBody] = useState('');
  const [authorName, setAuthorName] = useState('');
  const [contact, setContact] = useState('');
  // When the unit received it (a slip handed in earlier, a call typed in later); empty: now.
  const [receivedAt, setReceivedAt] = useState('');
  // One key per entry: sending it again after a lost answer returns the first opinion, not a copy.
  const [key, setKey] = useState(newKey);
  const [refused, setRefused] = useState<FormRefusal | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const bodyInput = useRef<HTMLTextAreaElement>(null);
  const first = useRef<HTMLSelectElement>(null);
  useEffect(() => first.current?.focus(), []);
  const submit = async (event: Event) => {
    event.preventDefault();
    setRefused(null);
    setSaved(null);
    setBusy(true);
    try {
      const { submitOpinion } = await request(
        IntakeOpinionDocument,
        { input: { sessionId: session.id, channel, kind, topicId: topicId || null, body, authorName: authorName.trim() || null, contact: contact.trim() || null, receivedAt: receivedAt ? new Date(receivedAt).toISOString() : null, idempotencyKey: key } },
        staff.token,
      );
      onSaved(submitOpinion);
      setSaved(`Đã ghi ý kiến #${submitOpinion.seq} (${label(labels.channel, submitOpinion.channel)}).`);
      setBody('');
      setAuthorName('');
      setContact('');
      setReceivedAt('');
      setKey(newKey());
      bodyInput.current?.focus();
    } catch (error) {
      setRefused(formRefusal(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="card intake" aria-labelledby="intake-heading" onSubmit={submit} onKeyDown={(e) => e.key === 'Escape' && onClose()}>
      <h3 id="intake-heading">Nhập ý kiến tiếp nhận</h3>
      <p class="hint">Ý kiến nhận qua đường dây nóng, phiếu giấy, e-mail… do cán bộ nhập thay người dân; mỗi lần nhập tính là một người tham gia.</p>
      <Field id="intake-channel" label="Kênh tiếp nhận">
        <select id="intake-channel" ref={first} value={channel} onChange={(e) => setChannel(e.currentTarget.value as Channel)}>
          <EnumOptions names={INTAKE_CHANNELS} />
        </select>
        <FieldRefusal refused={refused} field="channel" />
      </Field>
      <Field id="intake-kind" label="Loại ý kiến">
        <select id="intake-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as OpinionKind)}>
          <EnumOptions names={labels.kind} />
        </select>
        <FieldRefusal refused={refused} field="kind" />
      </Field>
      <Field id="intake-topic" label="Chủ đề">
        <select id="intake-topic" value={topicId} onChange={(e) => setTopicId(e.currentTarget.value)}>
          <option value="">Không chọn</option>
          {session.topics.map((t) => (
            <option key={t.id} value={t.id}>
              {t.name}
            </option>
          ))}
        </select>
        <FieldRefusal refused={refused} field="topicId" />
      </Field>
      <Field id="intake-body" label="Nội dung ý kiến">
        <textarea id="intake-body" ref={bodyInput} rows={4} required value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="body" />
      </Field>
      <Field id="intake-name" label="Họ tên người gửi (không bắt buộc)">
        <input id="intake-name" value={authorName} onInput={(e) => setAuthorName(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="authorName" />
      </Field>
      <Field id="intake-contact" label="Số điện thoại hoặc e-mail liên hệ (không bắt buộc, không công khai)">
        <input id="intake-contact" value={contact} onInput={(e) => setContact(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="contact" />
      </Field>
      <Field id="intake-received" label="Thời điểm tiếp nhận (để trống nếu là bây giờ)">
        <input id="intake-received" type="datetime-local" max={localDateTime(new Date())} value={receivedAt} onInput={(e) => setReceivedAt(e.currentTarget.value)} />
        <FieldRefusal refused={refused} field="receivedAt" />
      </Field>
      <button type="submit" class="primary" disabled={busy}>
        Ghi ý kiến
      </button>{' '}
      <button type="button" onClick={onClose}>
        Đóng
      </button>
      {saved && <Notice kind="ok">{saved}</Notice>}
      <FormRefusalNotice refused={refused} fields={FIELDS} />
    </form>
  );
}
