import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import type { StaffOpinionFragment } from '../../generated/graphql.js';
import { OpinionCard, type OpinionAction } from './opinion-card.js';

/** Which opinion has its inline form open, and which form. */
export type OpenForm = { id: string; kind: 'reject' | 'hide' | 'redact' | 'answer' | 'correct' | 'tip' } | null;

/** One list of opinions, worked with the keyboard: ↑/↓ (or J/K) move, the letters act. */
export function OpinionList(props: {
  name: string;
  title: string;
  opinions: StaffOpinionFragment[];
  actions: OpinionAction[];
  form: OpenForm;
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
          <OpinionCard key={o.id} opinion={o} actions={props.actions} onKeyDown={(e) => onKeyDown(e, o, index)}>
            {props.form?.id === o.id && props.renderForm(o)}
          </OpinionCard>
        ))}
      </ul>
    </section>
  );
}
