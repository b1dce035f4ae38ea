import { useCallback, useEffect, useState } from 'react';
import type { ApdSummary } from '../../api/types';
import { useApp } from '../../app/app-context';
import { Alert } from '../../components/alert';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { errorText } from '../../components/error-text';
import { t } from '../../content/content';
import { Link } from '../../router/router';

type Load = { status: 'loading' } | { status: 'error'; message: string } | { status: 'ready'; apds: ApdSummary[] };

export function ApdListPage() {
  const { api, session } = useApp();
  const [load, setLoad] = useState<Load>({ status: 'loading' });
  const [pendingDelete, setPendingDelete] = useState<ApdSummary | null>(null);
  const [deleting, setDeleting] = useState(false);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);

  const refresh = useCallback(async () => {
    setLoad({ status: 'loading' });
    try {
      setLoad({ status: 'ready', apds: await api.listApds() });
    } catch (caught) {
      setLoad({ status: 'error', message: errorText(caught) });
    }
  }, [api]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const cancelDelete = useCallback(() => setPendingDelete(null), []);

  async function confirmDelete() {
    if (!pendingDelete) return;
    setDeleting(true);
    try {
      await api.deleteApd(pendingDelete.id);
      setMessage({ kind: 'success', text: t('apd-list.deleted', { name: pendingDelete.name }) });
      setPendingDelete(null);
      await refresh();
    } catch (caught) {
      setPendingDelete(null);
      setMessage({ kind: 'error', text: errorText(caught) });
    } finally {
      setDeleting(false);
    }
  }

  return (
    <section className="card">
      <div className="page-heading">
        <h1>{t('apd-list.title', { state: (session?.user.state ?? '').toUpperCase() })}</h1>
        <Link href="/apds/new" className="button primary">
          {t('apd-list.create')}
        </Link>
      </div>
      <p>{t('apd-list.intro')}</p>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      {load.status === 'loading' && (
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
      )}
      {load.status === 'error' && (
        <Alert kind="error">
          {load.message}{' '}
          <button type="button" onClick={() => void refresh()}>
            {t('common.retry')}
          </button>
        </Alert>
      )}
      {load.status === 'ready' && load.apds.length === 0 && <p>{t('apd-list.empty')}</p>}
      {load.status === 'ready' && load.apds.length > 0 && (
        <table className="apd-table stack-table">
          <thead>
            <tr>
              <th scope="col">{t('apd-list.column-name')}</th>
              <th scope="col">{t('apd-list.column-years')}</th>
              <th scope="col">{t('apd-list.column-updated')}</th>
              <th scope="col">{t('apd-list.column-actions')}</th>
            </tr>
          </thead>
          <tbody>
            {load.apds.map((apd) => (
              <tr key={apd.id}>
                <th scope="row">
                  <Link href={`/apds/${encodeURIComponent(apd.id)}`}>{apd.name}</Link>
                </th>
                <td data-label={t('apd-list.column-years')}>{apd.years.join(', ')}</td>
                <td data-label={t('apd-list.column-updated')}>
                  {apd.updatedAt ? new Date(apd.updatedAt).toLocaleString() : ''}
                </td>
                <td>
                  <div className="row-actions">
                    <Link href={`/apds/${encodeURIComponent(apd.id)}`} aria-label={t('apd-list.edit', { name: apd.name })}>
                      {t('apd-list.edit-short')}
                    </Link>
                    <button
                      type="button"
                      className="danger small"
                      aria-label={t('apd-list.delete', { name: apd.name })}
                      onClick={() => setPendingDelete(apd)}
                    >
                      {t('apd-list.delete-short')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pendingDelete && (
        <ConfirmDialog
          title={t('apd-list.confirm-title')}
          body={t('apd-list.confirm-body', { name: pendingDelete.name })}
          confirmLabel={deleting ? t('apd-list.deleting') : t('apd-list.confirm-delete')}
          cancelLabel={t('common.cancel')}
          busy={deleting}
          onConfirm={() => void confirmDelete()}
          onCancel={cancelDelete}
        />
      )}
    </section>
  );
}
