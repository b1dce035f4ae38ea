import { t } from '../../content/content';
import { Link } from '../../router/router';

export function NotFoundPage() {
  return (
    <section className="card">
      <h1>{t('common.not-found.title')}</h1>
      <p>{t('common.not-found.body')}</p>
      <Link href="/apds">{t('common.not-found.back')}</Link>
    </section>
  );
}
