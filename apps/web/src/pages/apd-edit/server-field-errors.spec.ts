import { t } from '../../content/content';
import { serverFieldErrors } from './server-field-errors';

describe('serverFieldErrors', () => {
  it('replaces the API wording with the field rule from the content, for nested paths too', () => {
    expect(
      serverFieldErrors({
        name: 'Too big: expected string to have <=200 characters',
        'activities.0.budget.1.category': 'Too small: expected string to have >=1 characters',
        'activities.2.budget.0.amountCents': 'Too big',
      }),
    ).toEqual({
      name: t('apd-edit.server-validation.name'),
      'activities.0.budget.1.category': t('apd-edit.server-validation.category'),
      'activities.2.budget.0.amountCents': t('apd-edit.server-validation.amountCents'),
    });
  });

  it('never shows the API wording: a general sentence for a field without a rule and for the whole form', () => {
    expect(serverFieldErrors({ 'activities.0.colour': 'Unrecognized key', '': 'Body too large' })).toEqual({
      'activities.0.colour': t('apd-edit.server-validation.other'),
      '': t('apd-edit.server-validation.form'),
    });
  });

  it('a 400 that names no problem still says something', () => {
    expect(serverFieldErrors({})).toEqual({ '': t('apd-edit.server-validation.form') });
  });
});
