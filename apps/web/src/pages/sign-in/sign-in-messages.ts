import { ApiError } from '../../api/api-error';
import { errorText } from '../../components/error-text';
import { t } from '../../content/content';

// The API's limits for the login body (auth/schemas.ts): checked here first, in our words.
const MAX_EMAIL = 254;
const MAX_PASSWORD = 1024;
// One @, something on each side, a dot in the domain: what a person can check at a glance.
const EMAIL_SHAPE = /^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/;

export type SignInFieldErrors = Partial<Record<'email' | 'password', string>>;

export function signInFieldErrors(email: string, password: string): SignInFieldErrors {
  const errors: SignInFieldErrors = {};
  const trimmed = email.trim();
  if (!trimmed) errors.email = t('sign-in.email-required');
  else if (trimmed.length > MAX_EMAIL || !EMAIL_SHAPE.test(trimmed)) errors.email = t('sign-in.email-invalid');
  if (!password) errors.password = t('sign-in.password-required');
  else if (password.length > MAX_PASSWORD) errors.password = t('sign-in.password-too-long');
  return errors;
}

export interface SignInFailure {
  /** Sentences for the alert at the top, in order. */
  alert: string[];
  fields: SignInFieldErrors;
}

/** What to say when the API refuses a sign-in: never the API's own words. */
export function signInFailure(error: unknown): SignInFailure {
  if (!(error instanceof ApiError)) return { alert: [errorText(error)], fields: {} };
  if (error.kind === 'unauthorized') {
    const left = error.details.attemptsRemaining;
    const warning =
      left === undefined ? [] : left === 1 ? [t('sign-in.attempts-left-one')] : left > 1 ? [t('sign-in.attempts-left', { count: left })] : [];
    return { alert: [t('sign-in.invalid-credentials'), ...warning], fields: {} };
  }
  if (error.kind === 'locked') {
    const seconds = error.details.retryAfterSeconds;
    if (seconds === undefined) return { alert: [t('errors.locked')], fields: {} };
    const minutes = Math.max(1, Math.ceil(seconds / 60));
    return { alert: [minutes === 1 ? t('sign-in.locked-one-minute') : t('sign-in.locked', { minutes })], fields: {} };
  }
  if (error.kind === 'validation') {
    const fields: SignInFieldErrors = {};
    if ('email' in error.fieldErrors) fields.email = t('sign-in.email-invalid');
    if ('password' in error.fieldErrors) fields.password = t('sign-in.password-too-long');
    return { alert: [t('errors.validation')], fields };
  }
  return { alert: [errorText(error)], fields: {} };
}
