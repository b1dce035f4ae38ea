import { t } from '../../content/content';
import { formFromApd, parseYears, validateApdForm, type ApdForm } from './apd-form';

function form(overrides: Partial<ApdForm> = {}): ApdForm {
  return {
    name: 'MMIS',
    years: '2027, 2028',
    summary: ' Modernise ',
    activities: [
      {
        key: 'a',
        name: 'Design',
        description: '',
        budget: [{ key: 'l', year: '2027', category: 'Contractors', federalSharePercent: '90', amount: '1,000.50' }],
      },
    ],
    ...overrides,
  };
}

describe('parseYears', () => {
  it('accepts commas and spaces', () => expect(parseYears('2027, 2028 2029').years).toEqual([2027, 2028, 2029]));
  it('requires one year', () => expect(parseYears(' ').error).toBe(t('apd-edit.validation.years-required')));
  it('rejects non-years', () => expect(parseYears('2027, 27').error).toContain('27'));
  it('rejects out-of-range years', () => expect(parseYears('1999').error).toContain('1999'));
  it('rejects duplicates', () => expect(parseYears('2027 2027').error).toContain('repeated'));
});

describe('validateApdForm', () => {
  it('turns a valid form into the API shape (trimmed, cents, numbers)', () => {
    const { fields, errors } = validateApdForm(form());
    expect(errors).toEqual({});
    expect(fields).toEqual({
      name: 'MMIS',
      years: [2027, 2028],
      summary: 'Modernise',
      activities: [
        {
          name: 'Design',
          description: '',
          budget: [{ year: 2027, category: 'Contractors', federalSharePercent: 90, amountCents: 100050 }],
        },
      ],
    });
  });

  it('reports each problem under the same path the API uses', () => {
    const bad = form({ name: ' ' });
    bad.activities[0].name = '';
    bad.activities[0].budget[0] = { key: 'l', year: '2030', category: '', federalSharePercent: '120', amount: '-1' };
    const { fields, errors } = validateApdForm(bad);
    expect(fields).toBeNull();
    expect(errors).toEqual({
      name: t('apd-edit.validation.name-required'),
      'activities.0.name': t('apd-edit.validation.activity-name-required'),
      'activities.0.budget.0.year': t('apd-edit.validation.line-year-invalid'),
      'activities.0.budget.0.category': t('apd-edit.validation.category-required'),
      'activities.0.budget.0.federalSharePercent': t('apd-edit.validation.share-invalid'),
      'activities.0.budget.0.amountCents': t('apd-edit.validation.amount-invalid'),
    });
  });

  it('limits the name to 200 characters', () => {
    expect(validateApdForm(form({ name: 'x'.repeat(201) })).errors['name']).toBe(t('apd-edit.validation.name-too-long'));
  });

  it('round-trips an APD from the API through the form', () => {
    const { fields } = validateApdForm(form());
    if (!fields) throw new Error('the sample form should be valid');
    expect(validateApdForm(formFromApd(fields)).fields).toEqual(fields);
  });
});
