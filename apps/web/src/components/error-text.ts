import { ApiError } from '../api/api-error';
import { t } from '../content/content';

/**
 * The user-facing sentence for a failed call, in the content's words: what happened and what
 * to do. The API's own wording (error.message) is never shown; it stays in logs and tests.
 */
export function errorText(error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected');
  switch (error.kind) {
    case 'network':
      return t('errors.network');
    case 'unauthorized':
      return t('errors.unauthorized');
    case 'forbidden':
      return t('errors.forbidden');
    case 'not-found':
      return t('errors.not-found');
    case 'conflict':
      return t('errors.conflict.title');
    case 'validation':
      return t('errors.validation');
    case 'too-large':
      return t('errors.too-large');
    case 'unsupported-type':
      return t('errors.unsupported-type');
    case 'locked':
      return t('errors.locked');
    case 'unavailable': {
      const seconds = error.details.retryAfterSeconds;
      return seconds ? t('errors.unavailable-seconds', { seconds }) : t('errors.unavailable');
    }
    default:
      return t('errors.server', { status: error.status });
  }
}
