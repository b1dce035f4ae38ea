import { render } from '@testing-library/react';
import type { Session } from '../api/types';
import { App } from '../app/app';
import { resetHistoryForTests } from '../router/history';
import { sessionStore } from '../session/session-store';
import { createFakeFetch } from './fake-fetch';
// The lazy pages, loaded with the spec rather than inside a test's few seconds of waiting.
import '../pages/apd-edit/apd-edit-page';
import '../pages/okta-callback/okta-callback-page';

export const DEMO_SESSION: Session = {
  token: 'token-1',
  expiresAt: '2030-01-01T00:00:00.000Z',
  user: { id: 'u1', email: 'demo@example.gov', name: 'Demo Staff', state: 'md', role: 'state-staff' },
};

export const APD_ID = '10000000-0000-4000-8000-000000000101';

export function apd(overrides: Record<string, unknown> = {}) {
  return {
    id: APD_ID,
    state: 'md',
    version: 3,
    name: 'MMIS Modernization',
    years: [2027, 2028],
    summary: 'Replace the claims system.',
    activities: [
      {
        name: 'Program administration',
        description: '',
        budget: [{ year: 2027, category: 'state staff', federalSharePercent: 90, amountCents: 100000 }],
      },
    ],
    createdAt: '2026-11-01T00:00:00.000Z',
    updatedAt: '2026-11-02T00:00:00.000Z',
    ...overrides,
  };
}

/** Renders the whole app at `path` with a fake API; signed in unless `session` is null. */
export function renderApp(
  path: string,
  routes: Parameters<typeof createFakeFetch>[0],
  options: { session?: Session | null; okta?: { issuer: string; clientId: string } | null; keepStorage?: boolean } = {},
) {
  if (!options.keepStorage) window.sessionStorage.clear();
  resetHistoryForTests();
  const session = options.session === undefined ? DEMO_SESSION : options.session;
  if (session) sessionStore.save(session);
  window.history.replaceState(null, '', path);
  const fake = createFakeFetch(routes);
  const view = render(<App apiUrl="/api" okta={options.okta ?? null} fetchImpl={fake.fetchImpl} />);
  return { ...view, requests: fake.requests };
}
