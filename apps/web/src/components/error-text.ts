import { ApiError } from '../api/api-error';
import { t } from '../content/content';

/** The user-facing sentence for a failed call: what happened and what to do. */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
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
      default:
        return t('errors.server', { status: error.status });
    }
  }
  return t('errors.server', { status: error instanceof Error ? error.message : String(error) });
}
