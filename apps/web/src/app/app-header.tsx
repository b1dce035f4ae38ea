import { useState } from 'react';
import { t } from '../content/content';
import { Link } from '../router/router';
import { useApp } from './app-context';

export function AppHeader() {
  const { session, signOut } = useApp();
  const [busy, setBusy] = useState(false);
  return (
    <header className="app-header">
      <Link href="/apds" className="brand">
        {t('common.app-name')}
      </Link>
      {session && (
        <div className="user">
          <span>{t('common.signed-in-as', { name: session.user.name, state: session.user.state.toUpperCase() })}</span>
          <button
            type="button"
            disabled={busy}
            onClick={() => {
              setBusy(true);
              void signOut().finally(() => setBusy(false));
            }}
          >
            {busy ? t('common.signing-out') : t('common.sign-out')}
          </button>
        </div>
      )}
    </header>
  );
}
