import { t } from './content';

/** ["2030"] → "2030"; two → "2030 and 3000"; more → "2030, 3000 and 99" (words from common.yml). */
export function formatList(items: string[]): string {
  if (items.length <= 1) return items.join('');
  if (items.length === 2) return t('common.list-two', { first: items[0], second: items[1] });
  return t('common.list-many', { items: items.slice(0, -1).join(t('common.list-separator')), last: items[items.length - 1] });
}
