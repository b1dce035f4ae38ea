/** The PM2 ecosystem file shipped at the root of the artifact. */
export const ECOSYSTEM_FILE = 'ecosystem.config.js';

/** The PM2 app name the startup scripts start, reload and count. */
export const PM2_APP_NAME = 'api';

/**
 * Plain JS (PM2 `require`s it), no values from config: the environment comes from the
 * env file the startup script sources before `pm2 startOrReload --update-env`, so secrets
 * never pass through JS string literals (seed defect 13: a `'` in a secret broke the file).
 * `cwd` comes from API_APP_DIR (the startup script sets it to the `<root>/api/current` LINK):
 * PM2 keeps that path, so a reload after the link moves starts the new release. Without it,
 * PM2 would pin the real release folder and a reload would restart the old code.
 */
export function renderEcosystemFile(): string {
  return `// PM2 process file for the API. Start with: pm2 startOrReload ecosystem.config.js --update-env
'use strict';
module.exports = {
  apps: [
    {
      name: ${JSON.stringify(PM2_APP_NAME)},
      script: 'main.js',
      cwd: process.env.API_APP_DIR || __dirname,
      exec_mode: 'fork',
      instances: 1,
      autorestart: true,
      max_restarts: 10,
      min_uptime: 5000,
      // The API drains in-flight requests on SIGINT/SIGTERM; give it time before SIGKILL.
      kill_timeout: 15000,
      time: true,
    },
  ],
};
`;
}
