import type { Page } from 'playwright-core';
import { t } from './content';

/** The development seed's demo login (apps/api db/demo-data.ts). */
export const DEMO = { email: 'demo@example.gov', password: 'demo-password-1' };

/** Signs in on the page's sign-in form (the page must show it) and waits until it is gone. */
export async function signInWithForm(page: Page, login = DEMO): Promise<void> {
  await page.getByRole('heading', { name: t('sign-in.title') }).waitFor();
  await page.getByLabel(t('sign-in.email-label'), { exact: true }).fill(login.email);
  await page.getByLabel(t('sign-in.password-label'), { exact: true }).fill(login.password);
  await page.getByRole('button', { name: t('sign-in.submit'), exact: true }).click();
  await page.getByRole('heading', { name: t('sign-in.title') }).waitFor({ state: 'detached' });
}

/** Talks to the API directly, to set up data quickly (what the UI does is tested elsewhere). */
export async function apiAs(apiUrl: string, login = DEMO) {
  const call = async (method: string, path: string, body?: unknown, token?: string) => {
    const headers: Record<string, string> = {};
    if (token) headers['authorization'] = `Bearer ${token}`;
    let payload: BodyInit | undefined;
    if (body instanceof FormData) payload = body;
    else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const response = await fetch(`${apiUrl}/api${path}`, { method, headers, body: payload });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  const { token } = await call('POST', '/auth/login', login);
  return {
    token,
    createApd: (fields: unknown): Promise<{ id: string; name: string; version: number }> => call('POST', '/apds', fields, token),
    upload: (apdId: string, name: string, bytes: Buffer, type: string) => {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(bytes)], { type }), name);
      return call('POST', `/apds/${apdId}/files`, form, token);
    },
    deleteApd: (id: string) => call('DELETE', `/apds/${id}`, undefined, token),
  };
}

/** Ends the session the page is using (as an expiry or a revoke elsewhere would). */
export async function endPageSession(page: Page, apiUrl: string): Promise<void> {
  const token = await page.evaluate(() => JSON.parse(window.sessionStorage.getItem('eapd.session') ?? '{}').token as string);
  if (!token) throw new Error('the page has no session to end');
  const response = await fetch(`${apiUrl}/api/auth/logout`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  if (response.status !== 204) throw new Error(`logout answered ${response.status}`);
}

// A valid 1×1 PNG: the API checks the content, not just the name.
export const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);
