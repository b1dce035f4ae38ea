/** A budget line as far as totals go: null where what the user typed is not valid (yet). */
export interface LineForTotals {
  year: number;
  amountCents: number | null;
  federalSharePercent: number | null;
}

export interface YearTotal {
  year: number;
  totalCents: number;
  federalCents: number;
  stateCents: number;
  /** False when a line of this year has no valid amount: the total leaves it out. */
  totalComplete: boolean;
  /** False when a line of this year has no valid amount or federal share: the shares leave it out. */
  sharesComplete: boolean;
}

/** The largest amount the API accepts (budget line amountCents ≤ 1e13). */
export const MAX_AMOUNT_CENTS = 1e13;

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

/** The sum of the activity's amounts, or null while any of them is not valid: never a partial sum. */
export function activityTotalCents(activity: { budget: LineForTotals[] }): number | null {
  let sum = 0;
  for (const line of activity.budget) {
    if (line.amountCents === null) return null;
    sum += line.amountCents;
  }
  return sum;
}

/**
 * One row per APD year (in the APD's order), plus lines whose year is not (yet) an APD year.
 * A line with an invalid amount or share is left out and marks what it would change as
 * incomplete, so the page never shows a figure that silently counts it as $0.
 */
export function totalsByYear(years: number[], activities: { budget: LineForTotals[] }[]): YearTotal[] {
  const rows = new Map<number, YearTotal>();
  const row = (year: number) => {
    let found = rows.get(year);
    if (!found) {
      found = { year, totalCents: 0, federalCents: 0, stateCents: 0, totalComplete: true, sharesComplete: true };
      rows.set(year, found);
    }
    return found;
  };
  years.forEach(row);
  for (const activity of activities) {
    for (const line of activity.budget) {
      const target = row(line.year);
      if (line.amountCents === null) {
        target.totalComplete = false;
        target.sharesComplete = false;
        continue;
      }
      target.totalCents += line.amountCents;
      if (line.federalSharePercent === null) {
        target.sharesComplete = false;
        continue;
      }
      const federal = federalCents(line.amountCents, line.federalSharePercent);
      target.federalCents += federal;
      target.stateCents += line.amountCents - federal;
    }
  }
  return [...rows.values()].sort((a, b) => a.year - b.year);
}

export function overallTotal(rows: YearTotal[]): Omit<YearTotal, 'year'> {
  return rows.reduce<Omit<YearTotal, 'year'>>(
    (sum, r) => ({
      totalCents: sum.totalCents + r.totalCents,
      federalCents: sum.federalCents + r.federalCents,
      stateCents: sum.stateCents + r.stateCents,
      totalComplete: sum.totalComplete && r.totalComplete,
      sharesComplete: sum.sharesComplete && r.sharesComplete,
    }),
    { totalCents: 0, federalCents: 0, stateCents: 0, totalComplete: true, sharesComplete: true },
  );
}
