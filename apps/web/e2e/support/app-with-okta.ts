import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runNx } from './processes';
import { serveFolder, type ServedApp } from './serve-built-app';

/**
 * The app with "Sign in with Okta" pointing at `okta` (an issuer on 127.0.0.1 whose port is only
 * known once the stand-in runs). The Okta settings reach the app at build time (WEB_OKTA_ISSUER,
 * WEB_OKTA_CLIENT_ID), so this makes a development build with them into a temporary folder
 * (dist/apps/web is left as it is) and serves it. When the settings come from a runtime
 * /config.json instead, this becomes: serve the normal build with that file.
 */
export async function serveAppWithOkta(apiUrl: string, okta: { issuer: string; clientId: string }, log: (line: string) => void): Promise<ServedApp> {
  const folder = mkdtempSync(join(tmpdir(), 'eapd-web-okta-'));
  log(`building the web app with the stand-in's Okta settings into ${folder} ...`);
  const saved = { issuer: process.env['WEB_OKTA_ISSUER'], clientId: process.env['WEB_OKTA_CLIENT_ID'] };
  process.env['WEB_OKTA_ISSUER'] = okta.issuer;
  process.env['WEB_OKTA_CLIENT_ID'] = okta.clientId;
  try {
    // Development mode: a faster build; --skip-nx-cache: the output goes to a folder Nx does not track.
    runNx(['run', 'web:build:development', '--skip-nx-cache', '--outputStyle=static', '--', `--output-path=${folder}`]);
  } finally {
    for (const [name, value] of [['WEB_OKTA_ISSUER', saved.issuer], ['WEB_OKTA_CLIENT_ID', saved.clientId]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
  const served = await serveFolder(folder, apiUrl);
  return {
    url: served.url,
    close: async () => {
      await served.close();
      rmSync(folder, { recursive: true, force: true });
    },
  };
}
