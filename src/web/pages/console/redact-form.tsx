import { useMemo, useState } from 'preact/hooks';
import { label, labels } from '../../messages.js';
import { masked, personalDataSpans } from '../../personal-data.js';
import { Field } from '../../ui.js';
import type { StaffOpinionFragment } from '../../generated/graphql.js';
import { Highlighted } from './highlighted.js';
import { InlineForm } from './inline-form.js';

/**
 * Redaction: the text as posted with the personal data marked, and the public text to edit,
 * started with every mark replaced; the original stays for staff only.
 */
export function RedactForm({ opinion, onSubmit, onCancel }: { opinion: StaffOpinionFragment; onSubmit: (body: string, reason: string) => void; onCancel: () => void }) {
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
