import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

/** The shell of the queue's inline forms: the first field takes the focus, Escape cancels, Huỷ too. */
export function InlineForm(props: { className?: string; submitText: string; submitClass: 'primary' | 'danger'; onSubmit: () => void; onCancel: () => void; children: ComponentChildren }) {
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
export function EnumOptions({ names }: { names: Record<string, string> }) {
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
