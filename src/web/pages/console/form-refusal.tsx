import { ApiError } from '../../api.js';
import { refusal } from '../../messages.js';
import { Notice } from '../../ui.js';

/** The server's refusal of a form, and the input it names (`extensions.field`), if any. */
export interface FormRefusal {
  text: string;
  field: string | null;
}

/** A refusal worded for the page; the field it names lets the form show it next to that input. */
export function formRefusal(error: unknown): FormRefusal {
  const field = error instanceof ApiError && typeof error.extensions.field === 'string' ? error.extensions.field : null;
  return { text: refusal(error), field };
}

/** The refusal under the input it names (`field`), read out at once. */
export function FieldRefusal({ refused, field }: { refused: FormRefusal | null; field: string }) {
  if (!refused || refused.field !== field) return null;
  return <Notice kind="error">{refused.text}</Notice>;
}

/** The refusal under the form when it names none of the form's inputs. */
export function FormRefusalNotice({ refused, fields }: { refused: FormRefusal | null; fields: readonly string[] }) {
  if (!refused || (refused.field !== null && fields.includes(refused.field))) return null;
  return <Notice kind="error">{refused.text}</Notice>;
}
