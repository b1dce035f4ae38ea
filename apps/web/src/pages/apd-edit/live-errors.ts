import { validateApdForm, type ApdForm } from './apd-form';

/** A message from the API, kept while the field still holds the value it was about. */
export interface PinnedError {
  message: string;
  value: string | undefined;
}

const LINE_FIELDS: Record<string, 'year' | 'category' | 'federalSharePercent' | 'amount'> = {
  year: 'year',
  category: 'category',
  federalSharePercent: 'federalSharePercent',
  amountCents: 'amount',
};

/** The text behind an API field path ("activities.0.budget.1.amountCents"), if the form has it. */
export function formValueAt(form: ApdForm, path: string): string | undefined {
  const parts = path.split('.');
  if (parts[0] === 'name' || parts[0] === 'years' || parts[0] === 'summary') return form[parts[0]];
  if (parts[0] !== 'activities') return undefined;
  const activity = form.activities[Number(parts[1])];
  if (!activity) return undefined;
  if (parts.length === 3 && (parts[2] === 'name' || parts[2] === 'description')) return activity[parts[2]];
  if (parts[2] !== 'budget') return undefined;
  const line = activity.budget[Number(parts[3])];
  const field = LINE_FIELDS[parts[4]];
  return line && field ? line[field] : undefined;
}

/** The API's problems, each pinned to the value it was about ("years.2" is shown on "years"). */
export function pinServerErrors(form: ApdForm, messages: Record<string, string>): Record<string, PinnedError> {
  const pinned: Record<string, PinnedError> = {};
  for (const [raw, message] of Object.entries(messages)) {
    const path = raw.replace(/^years\.\d+$/, 'years');
    if (!(path in pinned)) pinned[path] = { message, value: formValueAt(form, path) };
  }
  return pinned;
}

/**
 * The messages to show now. Once the user has tried to save (`checked`), the form's own checks
 * follow every keystroke: a message goes away as soon as its field is valid, and changes as the
 * mistake changes. An API message stays until its field is edited.
 */
export function currentErrors(form: ApdForm, checked: boolean, server: Record<string, PinnedError>): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const [path, pinned] of Object.entries(server)) {
    if (path === '' || formValueAt(form, path) === pinned.value) errors[path] = pinned.message;
  }
  return checked ? { ...errors, ...validateApdForm(form).errors } : errors;
}
