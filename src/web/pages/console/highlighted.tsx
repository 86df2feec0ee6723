import type { ComponentChildren } from 'preact';
import { label, labels } from '../../messages.js';
import { personalDataSpans } from '../../personal-data.js';
import type { PersonalDataKind } from '../../generated/graphql.js';

/** The body with the personal data the server flagged marked, for the moderator to notice before publishing. */
export function Highlighted({ text, kinds }: { text: string; kinds: readonly PersonalDataKind[] }) {
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
