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
 * have >=1 characters") as the sentences the form shows beside each field. A problem on a field
 * not listed keeps the API's words inside our sentence, so it is never dropped; the '' entry
 * (a problem with no field) is left as it is for the form-level alert.
 */
export function serverFieldErrors(problems: Record<string, string>): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [path, reason] of Object.entries(problems)) {
    const field = path.split('.').filter((part) => !/^\d+$/.test(part)).pop() ?? '';
    const rule = Object.prototype.hasOwnProperty.call(RULES, field) ? RULES[field] : undefined;
    if (rule) result[path] = rule();
    else if (path === '' || !reason) result[path] = reason || t('errors.validation');
    else result[path] = t('apd-edit.server-validation.other', { reason });
  }
  return result;
}
