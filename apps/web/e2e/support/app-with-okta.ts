import { serveBuiltApp, type ServedApp } from './serve-built-app';

/**
 * The app with "Sign in with Okta" pointing at `okta` (an issuer on 127.0.0.1 whose port is only
 * known once the stand-in runs). The Okta settings reach the app at run time through /config.json,
 * so this serves the normal production build with a config file naming the stand-in: the same
 * bytes every environment runs.
 */
export async function serveAppWithOkta(apiUrl: string, okta: { issuer: string; clientId: string }, log: (line: string) => void): Promise<ServedApp> {
  log(`serving the built web app with /config.json naming the Okta stand-in ${okta.issuer}`);
  return serveBuiltApp(apiUrl, { apiUrl: '/api', okta });
}
