import type { ApdFields } from '../../api/types';
import { t } from '../../content/content';
import { formatList } from '../../content/format-list';
import { centsToDollarsInput, dollarsToCents, MAX_AMOUNT_CENTS, type LineForTotals } from './budget-totals';

// The form keeps what the user typed (strings) so a half-typed amount is not lost;
// validateApdForm turns it into the API's shape or a map of field path → message.
// Paths match the API's validation paths ("activities.0.budget.1.amountCents").

export interface BudgetLineForm {
  key: string;
  year: string;
  category: string;
  federalSharePercent: string;
  amount: string;
}

export interface ActivityForm {
  key: string;
  name: string;
  description: string;
  budget: BudgetLineForm[];
}

export interface ApdForm {
  name: string;
  years: string;
  summary: string;
  activities: ActivityForm[];
}

let counter = 0;
export const newKey = () => `k${++counter}`;

export function emptyForm(): ApdForm {
  const year = new Date().getFullYear() + 1;
  return { name: '', years: `${year}, ${year + 1}`, summary: '', activities: [] };
}

export function formFromApd(apd: ApdFields): ApdForm {
  return {
    name: apd.name,
    years: apd.years.join(', '),
    summary: apd.summary ?? '',
    activities: (apd.activities ?? []).map((activity) => ({
      key: newKey(),
      name: activity.name,
      description: activity.description ?? '',
      budget: (activity.budget ?? []).map((line) => ({
        key: newKey(),
        year: String(line.year),
        category: line.category,
        federalSharePercent: String(line.federalSharePercent),
        amount: centsToDollarsInput(line.amountCents),
      })),
    })),
  };
}

// The API's limits (apps/api apds/schemas.ts), checked here first so the message is ours.
const LIMITS = { name: 200, summary: 20000, activityName: 200, description: 10000, category: 100, years: 10 };
const FIRST_YEAR = 2000;
const LAST_YEAR = 2100;

/**
 * NUL, other control characters (tab and line breaks are fine) and lone UTF-16 surrogates:
 * the API refuses them, and they usually arrive unseen with a copy and paste.
 */
// eslint-disable-next-line no-control-regex
const UNSAFE_TEXT = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

export function hasUnsafeText(text: string): boolean {
  return UNSAFE_TEXT.test(text);
}

/**
 * The years typed ("2027, 2028 2029"): every valid year once, in order, and one message naming
 * every entry that is not a year and every year typed twice.
 */
export function parseYears(text: string): { years: number[]; error?: string } {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return { years: [], error: t('apd-edit.validation.years-required') };
  const years: number[] = [];
  const invalid: string[] = [];
  const repeated: string[] = [];
  for (const part of parts) {
    const year = Number(part);
    if (!/^\d{4}$/.test(part) || year < FIRST_YEAR || year > LAST_YEAR) {
      if (!invalid.includes(part)) invalid.push(part);
    } else if (years.includes(year)) {
      if (!repeated.includes(part)) repeated.push(part);
    } else {
      years.push(year);
    }
  }
  const messages: string[] = [];
  if (invalid.length === 1) messages.push(t('apd-edit.validation.years-invalid', { value: invalid[0] }));
  if (invalid.length > 1) messages.push(t('apd-edit.validation.years-invalid-many', { values: formatList(invalid) }));
  if (repeated.length === 1) messages.push(t('apd-edit.validation.years-duplicate', { value: repeated[0] }));
  if (repeated.length > 1) messages.push(t('apd-edit.validation.years-duplicate-many', { values: formatList(repeated) }));
  if (messages.length === 0 && years.length > LIMITS.years) messages.push(t('apd-edit.validation.years-too-many'));
  return messages.length > 0 ? { years, error: messages.join(' ') } : { years };
}

export function parseShare(text: string): number | null {
  const share = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(share) && share >= 0 && share <= 100 ? share : null;
}

/** The amount in cents when valid and within the API's bound, else null. */
export function parseAmount(text: string): number | null {
  const cents = dollarsToCents(text);
  return cents !== null && cents <= MAX_AMOUNT_CENTS ? cents : null;
}

export interface Validation {
  fields: ApdFields | null;
  errors: Record<string, string>;
}

/** The message for a text field, or undefined when it is fine. */
function textProblem(text: string, max: number, tooLong: () => string): string | undefined {
  if (hasUnsafeText(text)) return t('apd-edit.validation.control-characters');
  if (text.trim().length > max) return tooLong();
  return undefined;
}

export function validateApdForm(form: ApdForm): Validation {
  const errors: Record<string, string> = {};
  const problem = (path: string, message: string | undefined) => {
    if (message) errors[path] = message;
  };
  const name = form.name.trim();
  if (!name) errors['name'] = t('apd-edit.validation.name-required');
  else problem('name', textProblem(form.name, LIMITS.name, () => t('apd-edit.validation.name-too-long')));
  const { years, error: yearsError } = parseYears(form.years);
  problem('years', yearsError);
  problem('summary', textProblem(form.summary, LIMITS.summary, () => t('apd-edit.validation.summary-too-long')));

  const activities = form.activities.map((activity, a) => {
    const at = `activities.${a}`;
    if (!activity.name.trim()) errors[`${at}.name`] = t('apd-edit.validation.activity-name-required');
    else problem(`${at}.name`, textProblem(activity.name, LIMITS.activityName, () => t('apd-edit.validation.activity-name-too-long')));
    problem(`${at}.description`, textProblem(activity.description, LIMITS.description, () => t('apd-edit.validation.description-too-long')));
    const budget = activity.budget.map((line, l) => {
      const path = `${at}.budget.${l}`;
      const year = Number(line.year);
      // Only the years that are valid count: a mistake in the years field is reported there,
      // not on every budget line whose year is fine.
      if (!years.includes(year)) errors[`${path}.year`] = t('apd-edit.validation.line-year-invalid');
      if (!line.category.trim()) errors[`${path}.category`] = t('apd-edit.validation.category-required');
      else problem(`${path}.category`, textProblem(line.category, LIMITS.category, () => t('apd-edit.validation.category-too-long')));
      const share = parseShare(line.federalSharePercent);
      if (share === null) errors[`${path}.federalSharePercent`] = t('apd-edit.validation.share-invalid');
      const cents = dollarsToCents(line.amount);
      if (cents === null) errors[`${path}.amountCents`] = t('apd-edit.validation.amount-invalid');
      else if (cents > MAX_AMOUNT_CENTS) errors[`${path}.amountCents`] = t('apd-edit.validation.amount-too-large');
      return { year, category: line.category.trim(), federalSharePercent: share ?? 0, amountCents: cents ?? 0 };
    });
    return {
      name: activity.name.trim(),
      description: activity.description.trim(),
      budget,
    };
  });

  if (Object.keys(errors).length > 0) return { fields: null, errors };
  return { fields: { name, years, summary: form.summary.trim(), activities }, errors };
}

/** Each activity's lines as numbers for the live totals; null where the input is not valid (yet). */
export function budgetForTotals(form: ApdForm): { budget: LineForTotals[] }[] {
  return form.activities.map((activity) => ({
    budget: activity.budget.flatMap((line) => {
      const year = Number(line.year);
      if (!line.year || !Number.isInteger(year)) return [];
      return [{ year, amountCents: parseAmount(line.amount), federalSharePercent: parseShare(line.federalSharePercent) }];
    }),
  }));
}
