import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { createApiClient } from '../api/api-client';
import { createEndpoints } from '../api/endpoints';
import type { Session } from '../api/types';
import { t } from '../content/content';
import { ApdListPage } from '../pages/apd-list/apd-list-page';
import { NotFoundPage } from '../pages/not-found/not-found-page';
import type { OktaSettings } from '../pages/sign-in/okta-button';
import { SignInPage } from '../pages/sign-in/sign-in-page';
import { matchRoute, navigate, useLocationPath, whenLeaveAllowed } from '../router/router';
import { draftStore, type Draft } from '../session/draft-store';
import { returnTo } from '../session/return-to';
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
  const userRef = useRef<string | null>(session?.user.id ?? null);
  const draftSource = useRef<(() => Omit<Draft, 'userId'> | null) | null>(null);
  const path = useLocationPath();
  const route = matchRoute(path);

  const keepDraftOnSessionEnd = useCallback((source: (() => Omit<Draft, 'userId'> | null) | null) => {
    draftSource.current = source;
  }, []);

  /** Back to sign-in. When the session ended by itself, keep the place and any unsaved work. */
  const endSession = useCallback((message: string | null, keepPlace: boolean) => {
    if (!keepPlace) {
      returnTo.forget();
    } else if (tokenRef.current) {
      // Only the first of several failing calls: the later ones find the session already gone.
      returnTo.remember(window.location.pathname + window.location.search);
      const draft = draftSource.current?.();
      if (draft && userRef.current) draftStore.save({ ...draft, userId: userRef.current });
    }
    tokenRef.current = null;
    userRef.current = null;
    sessionStore.clear();
    setSession(null);
    setNotice(message);
    navigate('/sign-in', { replace: true, force: true });
  }, []);

  const api = useMemo(
    () =>
      createEndpoints(
        createApiClient({
          baseUrl: apiUrl,
          getToken: () => tokenRef.current,
          onUnauthorized: () => endSession(t('errors.unauthorized'), true),
          fetchImpl,
        }),
      ),
    [apiUrl, fetchImpl, endSession],
  );

  const signIn = useCallback((next: Session) => {
    tokenRef.current = next.token;
    userRef.current = next.user.id;
    sessionStore.save(next);
    setSession(next);
    setNotice(null);
    // Back where the user was sent away from (a deep link, or where the session ended).
    navigate(returnTo.take() ?? '/apds', { replace: true, force: true });
  }, []);

  /** Resolves once signed out, or at once when the user chose to stay with unsaved changes. */
  const signOut = useCallback(
    () =>
      new Promise<void>((resolve) => {
        let left = false;
        whenLeaveAllowed(() => {
          left = true;
          void api
            .logout()
            .catch(() => {
              // The session is forgotten here either way; a failed revoke only means the
              // token lives until it expires, which must not keep the user signed in.
            })
            .then(() => endSession(t('sign-in.signed-out'), false))
            .finally(resolve);
        });
        if (!left) resolve();
      }),
    [api, endSession],
  );

  const publicPage = route.page === 'sign-in' || route.page === 'okta-callback';
  useEffect(() => {
    if (!session && !publicPage) {
      // A deep link opened while signed out: come back to it after signing in.
      if (path !== '/' && path !== '/apds') returnTo.remember(path + window.location.search);
      navigate('/sign-in', { replace: true, force: true });
    }
    if (session && route.page === 'sign-in') navigate('/apds', { replace: true, force: true });
  }, [session, publicPage, route.page, path]);

  useEffect(() => {
    document.title = t('common.app-name');
  }, []);

  // After in-app navigation, keyboard and screen-reader users start at the new page's content.
  const firstPath = useRef(path);
  useEffect(() => {
    if (path !== firstPath.current) document.getElementById('main')?.focus();
  }, [path]);

  const context: AppContextValue = { api, session, signIn, signOut, notice, setNotice, keepDraftOnSessionEnd };

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
