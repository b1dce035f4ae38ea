import type { ApiDeployConfig, DeployEnvironment, Env, PreviewDeployConfig, WebDeployConfig } from './types';

/** `<ENV>_API_*`, `<ENV>_OKTA_*`, `<ENV>_JWT_SECRET`. Throws ConfigError listing every problem. */
export function loadApiDeployConfig(environment: DeployEnvironment, env: Env = process.env): ApiDeployConfig {
  void environment;
  void env;
  throw new Error('loadApiDeployConfig: not implemented yet');
}

/** `<ENV>_WEB_AWS_S3_BUCKET`, `<ENV>_WEB_AWS_REGION`, `<ENV>_WEB_API_URL` only. */
export function loadWebDeployConfig(environment: DeployEnvironment, env: Env = process.env): WebDeployConfig {
  void environment;
  void env;
  throw new Error('loadWebDeployConfig: not implemented yet');
}

/** `PREVIEW_*`, `GITHUB_TOKEN`, `GITHUB_API_URL`. */
export function loadPreviewDeployConfig(env: Env = process.env): PreviewDeployConfig {
  void env;
  throw new Error('loadPreviewDeployConfig: not implemented yet');
}
