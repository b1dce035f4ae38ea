import { ApiError } from '../../api/api-error';
import { t } from '../../content/content';
import { signInFailure, signInFieldErrors } from './sign-in-messages';

describe('signInFieldErrors', () => {
  it.each([
    ['', 'x', { email: () => t('sign-in.email-required') }],
    ['not-an-email', 'x', { email: () => t('sign-in.email-invalid') }],
    ['a@b', 'x', { email: () => t('sign-in.email-invalid') }],
    ['a b@c.gov', 'x', { email: () => t('sign-in.email-invalid') }],
    [`${'a'.repeat(250)}@b.gov`, 'x', { email: () => t('sign-in.email-invalid') }],
    ['name@agency.gov', '', { password: () => t('sign-in.password-required') }],
    ['name@agency.gov', 'x'.repeat(1025), { password: () => t('sign-in.password-too-long') }],
    [' name@agency.gov ', 'x', {}],
  ] as const)('%p / %p', (email, password, expected) => {
    const want = Object.fromEntries(Object.entries(expected).map(([field, message]) => [field, message()]));
    expect(signInFieldErrors(email, password)).toEqual(want);
  });
});

describe('signInFailure', () => {
  const api = (kind: ConstructorParameters<typeof ApiError>[0], status: number, details = {}, fields = {}) =>
    new ApiError(kind, status, 'the API’s own words', fields, details);

  it('never passes on the API’s wording', () => {
    for (const error of [api('unauthorized', 401), api('locked', 423), api('validation', 400, {}, { '': 'x' }), api('server', 500), new Error('boom')]) {
      expect(signInFailure(error).alert.join(' ')).not.toContain('the API’s own words');
    }
  });

  it('counts down the attempts left, and says nothing when the API does not tell', () => {
    expect(signInFailure(api('unauthorized', 401, { attemptsRemaining: 4 })).alert).toEqual([
      t('sign-in.invalid-credentials'),
      t('sign-in.attempts-left', { count: 4 }),
    ]);
    expect(signInFailure(api('unauthorized', 401, { attemptsRemaining: 1 })).alert[1]).toBe(t('sign-in.attempts-left-one'));
    expect(signInFailure(api('unauthorized', 401)).alert).toEqual([t('sign-in.invalid-credentials')]);
  });

  it('rounds the lock up to whole minutes', () => {
    expect(signInFailure(api('locked', 423, { retryAfterSeconds: 61 })).alert).toEqual([t('sign-in.locked', { minutes: 2 })]);
    expect(signInFailure(api('locked', 423, { retryAfterSeconds: 5 })).alert).toEqual([t('sign-in.locked-one-minute')]);
  });

  it('an unexpected failure is the page’s problem, said in the content’s words', () => {
    expect(signInFailure(new TypeError('x is undefined')).alert).toEqual([t('errors.unexpected')]);
  });
});
