import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createApiClient } from '../api/api-client';
import { createEndpoints } from '../api/endpoints';
import type { Session } from '../api/types';
import { t } from '../content/content';
import { ApdListPage } from '../pages/apd-list/apd-list-page';
import { NotFoundPage } from '../pages/not-found/not-found-page';
import type { OktaSettings } from '../pages/sign-in/okta-button';
import { SignInPage } from '../pages/sign-in/sign-in-page';
import { matchRoute, navigate, useLocationPath } from '../router/router';
import { sessionStore } from '../session/session-store';
import { AppContext, type AppContextValue } from './app-context';
import { AppHeader } from './app-header';

// The editor and the Okta callback are the heavy pages: loaded only when visited.
const ApdEditPage = lazy(() => import(/* webpackChunkName: "apd-edit" */ '../pages/apd-edit/apd-edit-page'));
const OktaCallbackPage = lazy(
  () => import(/* webpackChunkName: "okta-callback" */ '../pages/okta-callback/okta-callback-page'),
);

export interface AppProps {
  apiUrl: string;
  okta: OktaSettings | null;
  fetchImpl?: typeof fetch;
}

export function App({ apiUrl, okta, fetchImpl }: AppProps) {
  const [session, setSession] = useState<Session | null>(() => sessionStore.load());
  const [notice, setNotice] = useState<string | null>(null);
  const tokenRef = useRef<string | null>(session?.token ?? null);
  const path = useLocationPath();
  const route = matchRoute(path);

  const endSession = useCallback((message: string | null) => {
    tokenRef.current = null;
    sessionStore.clear();
    setSession(null);
    setNotice(message);
    navigate('/sign-in', { replace: true });
  }, []);

  const api = useMemo(
    () =>
      createEndpoints(
        createApiClient({
          baseUrl: apiUrl,
          getToken: () => tokenRef.current,
          onUnauthorized: () => endSession(t('errors.unauthorized')),
          fetchImpl,
        }),
      ),
    [apiUrl, fetchImpl, endSession],
  );

  const signIn = useCallback((next: Session) => {
    tokenRef.current = next.token;
    sessionStore.save(next);
    setSession(next);
    setNotice(null);
    navigate('/apds', { replace: true });
  }, []);

  const signOut = useCallback(async () => {
    try {
      await api.logout();
    } catch {
      // The session is forgotten here either way; a failed revoke only means the
      // token lives until it expires, which must not keep the user signed in.
    }
    endSession(t('sign-in.signed-out'));
  }, [api, endSession]);

  const publicPage = route.page === 'sign-in' || route.page === 'okta-callback';
  useEffect(() => {
    if (!session && !publicPage) navigate('/sign-in', { replace: true });
    if (session && route.page === 'sign-in') navigate('/apds', { replace: true });
  }, [session, publicPage, route.page]);

  useEffect(() => {
    document.title = t('common.app-name');
  }, []);

  // After in-app navigation, keyboard and screen-reader users start at the new page's content.
  const firstPath = useRef(path);
  useEffect(() => {
    if (path !== firstPath.current) document.getElementById('main')?.focus();
  }, [path]);

  const context: AppContextValue = { api, session, signIn, signOut, notice, setNotice };

  function page() {
    if (!session) {
      return route.page === 'okta-callback' ? <OktaCallbackPage okta={okta} /> : <SignInPage okta={okta} />;
    }
    switch (route.page) {
      case 'apd-list':
      case 'sign-in':
        return <ApdListPage />;
      case 'apd-new':
        return <ApdEditPage key="new" />;
      case 'apd-edit':
        return <ApdEditPage key={route.id} id={route.id} />;
      default:
        return <NotFoundPage />;
    }
  }

  return (
    <AppContext.Provider value={context}>
      <a className="skip-link" href="#main">
        {t('common.skip-to-content')}
      </a>
      <AppHeader />
      <main id="main" tabIndex={-1}>
        <Suspense
          fallback={
            <p className="loading" role="status">
              {t('common.loading')}
            </p>
          }
        >
          {page()}
        </Suspense>
      </main>
    </AppContext.Provider>
  );
}
