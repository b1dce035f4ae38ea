import type { ExecutorContext } from '@nx/devkit';
import type { DeployEnvironment, WebDeployConfig } from '@eapd/config';
import { DeployError } from '../log/errors';
import type { DeployLogger } from '../log/logger';

export interface WebBuildEnvironment {
  /** Variables to set for the build: WEB_API_URL and, when configured, the Okta pair. */
  vars: Record<string, string>;
  notices: string[];
}

/**
 * The build-time variables of the web app for one environment. Only these reach the bundle
 * (see CONTRACTS.md, web section): never a secret. The Okta issuer is
 * `<domain>/oauth2/<server id>`; Okta is on only when domain, server id and client id are set.
 */
export function webBuildEnvironment(
  environment: DeployEnvironment,
  config: Pick<WebDeployConfig, 'apiUrl'>,
  env: Record<string, string | undefined>,
): WebBuildEnvironment {
  const p = `${environment.toUpperCase()}_`;
  const vars: Record<string, string> = { WEB_API_URL: config.apiUrl };
  const notices: string[] = [];
  const okta = {
    domain: env[`${p}OKTA_DOMAIN`]?.trim(),
    serverId: env[`${p}OKTA_SERVER_ID`]?.trim(),
    clientId: env[`${p}OKTA_CLIENT_ID`]?.trim(),
  };
  const set = Object.values(okta).filter(Boolean).length;
  if (okta.domain && okta.serverId && okta.clientId) {
    const domain = (/^https?:\/\//i.test(okta.domain) ? okta.domain : `https://${okta.domain}`).replace(/\/+$/, '');
    vars['WEB_OKTA_ISSUER'] = `${domain}/oauth2/${okta.serverId}`;
    vars['WEB_OKTA_CLIENT_ID'] = okta.clientId;
  } else if (set > 0) {
    notices.push(
      `Okta sign-in left out of the build: set all of ${p}OKTA_DOMAIN, ${p}OKTA_SERVER_ID and ${p}OKTA_CLIENT_ID to enable it.`,
    );
  }
  return { vars, notices };
}

/** How the build is run: @nx/devkit's runExecutor, or a stand-in (tests). */
export type ExecutorRunner = (
  target: { project: string; target: string; configuration?: string },
  overrides: Record<string, unknown>,
  context: ExecutorContext,
) => Promise<AsyncIterable<{ success: boolean }>>;

/**
 * Runs `web:build:production` with the given variables, in this process through the project
 * graph Nx already built for this run: a nested `npx nx run` paid npx and a second project graph
 * (seconds) before webpack started. The Nx cache is not involved at all: the output depends on
 * WEB_API_URL, and a build cached for another environment must never be deployed.
 */
export async function runWebBuild(
  vars: Record<string, string>,
  deps: { context: ExecutorContext; logger: DeployLogger; runExecutor?: ExecutorRunner },
): Promise<void> {
  deps.logger.info(`Building the web app: web:build:production (WEB_API_URL=${vars['WEB_API_URL']})`);
  const run = deps.runExecutor ?? (async (...args: Parameters<ExecutorRunner>) => (await import('@nx/devkit')).runExecutor(...args));
  // The build reads these from the environment (webpack.config.js); restore the caller's afterwards.
  const set = { ...vars, NODE_ENV: 'production' };
  const saved = Object.fromEntries(Object.keys(set).map((k) => [k, process.env[k]]));
  Object.assign(process.env, set);
  let success = false;
  let failure: unknown;
  try {
    for await (const result of await run({ project: 'web', target: 'build', configuration: 'production' }, {}, deps.context)) {
      success = result.success;
      if (!success) break;
    }
  } catch (err) {
    failure = err;
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  if (!success) {
    throw new DeployError(`The web build failed${failure instanceof Error ? `: ${failure.message}` : ''}; nothing was synced.`, {
      hint: 'Fix the build error above, or pass --skip-build with --source <dir> to sync an existing build.',
      cause: failure,
    });
  }
}
