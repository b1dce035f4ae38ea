import { t } from '../../content/content';

// Literal keys (not built from the field name) so the content scan can check each one exists.
const RULES: Record<string, () => string> = {
  name: () => t('apd-edit.server-validation.name'),
  years: () => t('apd-edit.server-validation.years'),
  summary: () => t('apd-edit.server-validation.summary'),
  description: () => t('apd-edit.server-validation.description'),
  category: () => t('apd-edit.server-validation.category'),
  year: () => t('apd-edit.server-validation.year'),
  federalSharePercent: () => t('apd-edit.server-validation.federalSharePercent'),
  amountCents: () => t('apd-edit.server-validation.amountCents'),
};

/**
 * The API's field problems (path → its own wording, e.g. zod's "Too small: expected string to
 * have >=1 characters") as the sentences the form shows beside each field, always in the
 * content's words: the rule for a known field, a general sentence for any other field, and one
 * for a problem with no field (path ''), which the form shows at the top. None is dropped, and
 * a refusal that names no problem at all still gets the form-level sentence.
 */
export function serverFieldErrors(problems: Record<string, string>): Record<string, string> {
  if (Object.keys(problems).length === 0) return { '': t('apd-edit.server-validation.form') };
  const result: Record<string, string> = {};
  for (const path of Object.keys(problems)) {
    const field = path.split('.').filter((part) => !/^\d+$/.test(part)).pop() ?? '';
    const rule = Object.prototype.hasOwnProperty.call(RULES, field) ? RULES[field] : undefined;
    if (rule) result[path] = rule();
    else if (path === '') result[path] = t('apd-edit.server-validation.form');
    else result[path] = t('apd-edit.server-validation.other');
  }
  return result;
}
