import { useState } from 'preact/hooks';
import { labels } from '../../messages.js';
import { Field } from '../../ui.js';
import type { ResponseOutcome } from '../../generated/graphql.js';
import { EnumOptions, InlineForm } from './inline-form.js';

/** An official response to an opinion, with its outcome. */
export function AnswerForm({ onSubmit, onCancel }: { onSubmit: (body: string, outcome: ResponseOutcome) => void; onCancel: () => void }) {
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
