import type { ApdFields } from '../../api/types';
import { t } from '../../content/content';
import { centsToDollarsInput, dollarsToCents } from './budget-totals';

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

export function parseYears(text: string): { years: number[]; error?: string } {
  const parts = text.split(/[\s,]+/).filter(Boolean);
  if (parts.length === 0) return { years: [], error: t('apd-edit.validation.years-required') };
  const years: number[] = [];
  for (const part of parts) {
    const year = Number(part);
    if (!/^\d{4}$/.test(part) || year < 2000 || year > 2100) {
      return { years, error: t('apd-edit.validation.years-invalid', { value: part }) };
    }
    if (years.includes(year)) return { years, error: t('apd-edit.validation.years-duplicate', { value: part }) };
    years.push(year);
  }
  return { years };
}

export function parseShare(text: string): number | null {
  const share = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(share) && share >= 0 && share <= 100 ? share : null;
}

export interface Validation {
  fields: ApdFields | null;
  errors: Record<string, string>;
}

export function validateApdForm(form: ApdForm): Validation {
  const errors: Record<string, string> = {};
  const name = form.name.trim();
  if (!name) errors['name'] = t('apd-edit.validation.name-required');
  else if (name.length > 200) errors['name'] = t('apd-edit.validation.name-too-long');
  const { years, error: yearsError } = parseYears(form.years);
  if (yearsError) errors['years'] = yearsError;

  const activities = form.activities.map((activity, a) => {
    if (!activity.name.trim()) errors[`activities.${a}.name`] = t('apd-edit.validation.activity-name-required');
    const budget = activity.budget.map((line, l) => {
      const path = `activities.${a}.budget.${l}`;
      const year = Number(line.year);
      if (!years.includes(year)) errors[`${path}.year`] = t('apd-edit.validation.line-year-invalid');
      if (!line.category.trim()) errors[`${path}.category`] = t('apd-edit.validation.category-required');
      const share = parseShare(line.federalSharePercent);
      if (share === null) errors[`${path}.federalSharePercent`] = t('apd-edit.validation.share-invalid');
      const cents = dollarsToCents(line.amount);
      if (cents === null) errors[`${path}.amountCents`] = t('apd-edit.validation.amount-invalid');
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

/** The valid part of the form as numbers, for live totals while the user types. */
export function budgetForTotals(form: ApdForm) {
  return form.activities.map((activity) => ({
    budget: activity.budget.flatMap((line) => {
      const amountCents = dollarsToCents(line.amount);
      const year = Number(line.year);
      if (amountCents === null || !Number.isInteger(year)) return [];
      return [{ year, amountCents, federalSharePercent: parseShare(line.federalSharePercent) ?? 0, category: '' }];
    }),
  }));
}
