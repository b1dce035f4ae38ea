import { spawn } from 'node:child_process';
import type { WebDeployConfig } from '@eapd/config';
import { DeployError } from '../log/errors';
import type { DeployLogger } from '../log/logger';

export interface WebBuildEnvironment {
  /** Variables to set for the build: WEB_API_URL and, when configured, the Okta pair. */
  vars: Record<string, string>;
  notices: string[];
}

/**
 * The build-time variables of the web app for one environment. Only these reach the bundle
 * (see CONTRACTS.md, web section): never a secret. libs/config reads and checks them
 * (`loadWebDeployConfig`: the API URL and the public Okta settings).
 */
export function webBuildEnvironment(config: Pick<WebDeployConfig, 'apiUrl' | 'okta' | 'notices'>): WebBuildEnvironment {
  const vars: Record<string, string> = { WEB_API_URL: config.apiUrl };
  if (config.okta) {
    vars['WEB_OKTA_ISSUER'] = config.okta.issuer;
    vars['WEB_OKTA_CLIENT_ID'] = config.okta.clientId;
  }
  return { vars, notices: [...config.notices] };
}

/**
 * Runs the production web build with the given variables. `--skip-nx-cache`: the build's
 * output depends on WEB_API_URL, and a cached build made for another environment must never
 * be deployed.
 */
export async function runWebBuild(
  vars: Record<string, string>,
  deps: { root: string; logger: DeployLogger; env?: Record<string, string | undefined> },
): Promise<void> {
  const args = ['nx', 'run', 'web:build:production', '--skip-nx-cache'];
  deps.logger.info(`Building the web app: npx ${args.join(' ')} (WEB_API_URL=${vars['WEB_API_URL']})`);
  const code = await new Promise<number>((resolve, reject) => {
    const child = spawn('npx', args, {
      cwd: deps.root,
      env: { ...(deps.env ?? process.env), ...vars, NODE_ENV: 'production', NX_DAEMON: 'false' },
      stdio: 'inherit',
    });
    child.on('error', reject);
    child.on('exit', (c, signal) => resolve(c ?? (signal ? 128 : 1)));
  });
  if (code !== 0) {
    throw new DeployError(`The web build failed (exit ${code}); nothing was synced.`, {
      hint: 'Fix the build error above, or pass --skip-build with --source <dir> to sync an existing build.',
    });
  }
}
