import {
  activityTotalCents,
  centsToDollarsInput,
  dollarsToCents,
  federalCents,
  formatCents,
  overallTotal,
  totalsByYear,
} from './budget-totals';

const line = (year: number, amountCents: number, federalSharePercent = 90) => ({
  year,
  amountCents,
  federalSharePercent,
  category: 'Contractors',
});

describe('dollarsToCents', () => {
  it.each([
    ['1250', 125000],
    ['1250.5', 125050],
    ['1,250.50', 125050],
    ['$ 0.99', 99],
    ['0', 0],
  ])('%s → %i cents', (text, cents) => expect(dollarsToCents(text)).toBe(cents));

  it.each(['', 'abc', '-5', '1.234', '1e5', '12..5'])('rejects %p', (text) => expect(dollarsToCents(text)).toBeNull());

  it('round-trips with centsToDollarsInput', () => {
    expect(dollarsToCents(centsToDollarsInput(123456))).toBe(123456);
  });
});

describe('totals', () => {
  it('federal share is rounded per line to whole cents', () => {
    expect(federalCents(1001, 50)).toBe(501);
    expect(federalCents(100000, 90)).toBe(90000);
  });

  it('sums an activity across its lines', () => {
    expect(activityTotalCents({ budget: [line(2027, 100), line(2028, 250)] })).toBe(350);
    expect(activityTotalCents({ budget: [] })).toBe(0);
  });

  it('sums per year across activities, with a row for every APD year even when empty', () => {
    const rows = totalsByYear(
      [2027, 2028, 2029],
      [{ budget: [line(2027, 100000), line(2028, 50000, 50)] }, { budget: [line(2027, 20000, 75)] }],
    );
    const complete = { totalComplete: true, sharesComplete: true };
    expect(rows).toEqual([
      { year: 2027, totalCents: 120000, federalCents: 105000, stateCents: 15000, ...complete },
      { year: 2028, totalCents: 50000, federalCents: 25000, stateCents: 25000, ...complete },
      { year: 2029, totalCents: 0, federalCents: 0, stateCents: 0, ...complete },
    ]);
    expect(overallTotal(rows)).toEqual({ totalCents: 170000, federalCents: 130000, stateCents: 40000, ...complete });
  });

  it('marks what an invalid line would change as incomplete instead of counting it as $0', () => {
    const badShare = { year: 2027, amountCents: 1000, federalSharePercent: null };
    const badAmount = { year: 2028, amountCents: null, federalSharePercent: 90 };
    const rows = totalsByYear([2027, 2028], [{ budget: [line(2027, 500), badShare, badAmount] }]);
    // 2027: the amount counts in the total, but the shares cannot be known.
    expect(rows[0]).toMatchObject({ totalCents: 1500, totalComplete: true, sharesComplete: false, federalCents: 450 });
    // 2028: nothing about the line can be counted.
    expect(rows[1]).toMatchObject({ totalCents: 0, totalComplete: false, sharesComplete: false });
    expect(overallTotal(rows)).toMatchObject({ totalComplete: false, sharesComplete: false });
    expect(activityTotalCents({ budget: [line(2027, 500), badAmount] })).toBeNull();
    expect(activityTotalCents({ budget: [line(2027, 500), badShare] })).toBe(1500);
  });

  it('keeps lines for a year that was removed from the APD visible in the totals', () => {
    const rows = totalsByYear([2028], [{ budget: [line(2027, 500)] }]);
    expect(rows.map((r) => r.year)).toEqual([2027, 2028]);
  });

  it('formats cents as US dollars', () => {
    expect(formatCents(123456)).toBe('$1,234.56');
  });
});
