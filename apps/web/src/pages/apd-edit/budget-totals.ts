import type { Activity } from '../../api/types';

export interface YearTotal {
  year: number;
  totalCents: number;
  federalCents: number;
  stateCents: number;
}

/** "1,250.50" or "$1250.5" → 125050; anything else (negative, 3 decimals, text) → null. */
export function dollarsToCents(text: string): number | null {
  const cleaned = text.trim().replace(/[$,\s]/g, '');
  if (!/^\d+(\.\d{1,2})?$/.test(cleaned)) return null;
  const [whole, fraction = ''] = cleaned.split('.');
  const cents = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return Number.isSafeInteger(cents) ? cents : null;
}

export function centsToDollarsInput(cents: number): string {
  return (cents / 100).toFixed(2);
}

const money = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD' });

export function formatCents(cents: number): string {
  return money.format(cents / 100);
}

/** Federal share rounded to whole cents per line, so totals add up to what lines show. */
export function federalCents(amountCents: number, federalSharePercent: number): number {
  return Math.round((amountCents * federalSharePercent) / 100);
}

export function activityTotalCents(activity: Pick<Activity, 'budget'>): number {
  return activity.budget.reduce((sum, line) => sum + line.amountCents, 0);
}

/** One row per APD year (in the APD's order), plus lines whose year is not (yet) an APD year. */
export function totalsByYear(years: number[], activities: Pick<Activity, 'budget'>[]): YearTotal[] {
  const rows = new Map<number, YearTotal>();
  const row = (year: number) => {
    let found = rows.get(year);
    if (!found) {
      found = { year, totalCents: 0, federalCents: 0, stateCents: 0 };
      rows.set(year, found);
    }
    return found;
  };
  years.forEach(row);
  for (const activity of activities) {
    for (const line of activity.budget) {
      const target = row(line.year);
      const federal = federalCents(line.amountCents, line.federalSharePercent);
      target.totalCents += line.amountCents;
      target.federalCents += federal;
      target.stateCents += line.amountCents - federal;
    }
  }
  return [...rows.values()].sort((a, b) => a.year - b.year);
}

export function overallTotal(rows: YearTotal[]): Omit<YearTotal, 'year'> {
  return rows.reduce(
    (sum, r) => ({
      totalCents: sum.totalCents + r.totalCents,
      federalCents: sum.federalCents + r.federalCents,
      stateCents: sum.stateCents + r.stateCents,
    }),
    { totalCents: 0, federalCents: 0, stateCents: 0 },
  );
}
