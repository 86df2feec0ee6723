import { useState } from 'preact/hooks';
import { labels } from '../../messages.js';
import { Field } from '../../ui.js';
import type { ModerationReason } from '../../generated/graphql.js';
import { EnumOptions, InlineForm } from './inline-form.js';

/** Why an opinion is refused (REJECT) or taken down (HIDE): a reason code, and words for its author. */
export function ReasonForm({ action, onSubmit, onCancel }: { action: 'reject' | 'hide'; onSubmit: (code: ModerationReason, text: string) => void; onCancel: () => void }) {
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
