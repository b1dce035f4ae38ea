import type { ApiDeployConfig } from '@eapd/config';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { DeployError } from '../log/errors';
import { READ_PARAMETERS_FILE } from './read-parameters';
import { VERIFY_MANIFEST_JS } from './verify-manifest-js';
import { renderStepLogPreamble, shellAssign } from './shell';
import { assertUserDataSize } from './user-data';

export interface ProductionStartupScriptInput {
  /** Only the environment, region, port and parameter path are used: no secret reaches the script. */
  config: Pick<ApiDeployConfig, 'environment' | 'region' | 'port' | 'parameters'>;
  /**
   * The API artifact: `url` is a short-lived presigned URL of the releases bucket (or any URL
   * that needs no credentials); no token ever goes into user data.
   */
  artifact: { url: string; sha256: string; gitSha: string };
  /** Release folders kept on the instance (the current and the previous one always). Default 3. */
  keepReleases?: number;
  /** Everything the script writes lives under here, PM2_HOME included. Default `/app`. */
  root?: string;
  /** Node.js version to ensure (installed when the host has another major). Default: the repository's `.nvmrc`. */
  nodeVersion?: string;
  /** Where Node.js release tarballs and SHASUMS256.txt are downloaded from. Default https://nodejs.org/dist. */
  nodeDistUrl?: string;
  /** Where Node.js is installed when missing (its bin/ goes first on PATH). Default /usr/local. */
  nodePrefix?: string;
  /** systemd unit PM2 registers for start-on-boot. Default `pm2-api`. */
  pm2ServiceName?: string;
  /** PM2 installed globally only when the artifact ships none. Default `7`. */
  pm2FallbackVersion?: string;
  /** How long the script waits for /api/health before failing. Default 120. */
  healthTimeoutSeconds?: number;
  /** The unprivileged system user the API, PM2 and its systemd unit run as. Default `eapd-api`. */
  apiUser?: string;
  /** Instance metadata service (IMDSv2), where the instance profile's credentials come from. Default http://169.254.169.254. */
  metadataUrl?: string;
  /** Parameter Store endpoint; unset: the region's own (tests point it at a stand-in). */
  ssmEndpointUrl?: string;
}

const TEMPLATE = join(__dirname, 'production-script.template.sh');

/**
 * The EC2 user data that turns a fresh instance into an API server: ensure Node, create the
 * API's unprivileged user, download the artifact (presigned URL) and verify it and every file
 * in it, unpack a release, read the environment's settings from Parameter Store with the
 * instance profile into the env file, migrate, switch `current`, prune old release folders,
 * then start under PM2 as that user. The body is a static template; every input becomes a
 * quoted assignment in front of it. No secret and no token is an input: the script carries
 * only the parameter path, the region and a short-lived download URL.
 */
export function renderProductionStartupScript(input: ProductionStartupScriptInput): string {
  const root = input.root ?? '/app';
  const apiUser = input.apiUser ?? 'eapd-api';
  const nodeVersion = input.nodeVersion ?? readNvmrcVersion();
  validate(input, root, apiUser, nodeVersion);
  const inputs: Record<string, string> = {
    ROOT: root,
    GIT_SHA: input.artifact.gitSha,
    ARTIFACT_URL: input.artifact.url,
    ARTIFACT_SHA256: input.artifact.sha256.toLowerCase(),
    NODE_VERSION: nodeVersion,
    NODE_MAJOR: nodeVersion.split('.')[0],
    NODE_DIST_URL: (input.nodeDistUrl ?? 'https://nodejs.org/dist').replace(/\/+$/, ''),
    NODE_PREFIX: input.nodePrefix ?? '/usr/local',
    API_PORT: String(input.config.port),
    API_USER: apiUser,
    PARAMETER_PATH: input.config.parameters.path,
    PARAMETER_REGION: input.config.region,
    METADATA_URL: (input.metadataUrl ?? 'http://169.254.169.254').replace(/\/+$/, ''),
    SSM_ENDPOINT_URL: input.ssmEndpointUrl ?? '',
    PM2_SERVICE_NAME: input.pm2ServiceName ?? 'pm2-api',
    PM2_FALLBACK_VERSION: input.pm2FallbackVersion ?? '7',
    HEALTH_TIMEOUT_SECONDS: String(input.healthTimeoutSeconds ?? 120),
    KEEP_RELEASES: String(input.keepReleases ?? 3),
    VERIFY_MANIFEST_JS,
    READ_PARAMETERS: READ_PARAMETERS_FILE,
  };
  const script = [
    renderStepLogPreamble({ logFile: `${root}/log/startup.log` }),
    `# Inputs (${input.config.environment}, release ${input.artifact.gitSha}): literal data, quoted on purpose.`,
    '# shellcheck disable=SC1003,SC2016',
    '{',
    ...Object.entries(inputs).map(([name, value]) => `  ${shellAssign(name, value)}`),
    '}',
    '',
    readFileSync(TEMPLATE, 'utf8'),
  ].join('\n');
  assertUserDataSize(script, 'production startup script');
  return script;
}

function validate(input: ProductionStartupScriptInput, root: string, apiUser: string, nodeVersion: string): void {
  const problems: string[] = [];
  // useradd's rule for portable names, and short enough for ps to show it whole.
  if (!/^[a-z_][a-z0-9_-]{0,30}$/.test(apiUser)) problems.push(`apiUser must be a lowercase system user name, got "${apiUser}"`);
  if (!/^\/[A-Za-z0-9_.\-/]+$/.test(input.config.parameters.path)) problems.push(`parameters.path must be an absolute Parameter Store path, got "${input.config.parameters.path}"`);
  if (input.metadataUrl !== undefined && !/^https?:\/\/\S+$/.test(input.metadataUrl)) problems.push(`metadataUrl must be an http(s) URL, got "${input.metadataUrl}"`);
  if (input.ssmEndpointUrl !== undefined && !/^https?:\/\/\S+$/.test(input.ssmEndpointUrl)) problems.push(`ssmEndpointUrl must be an http(s) URL, got "${input.ssmEndpointUrl}"`);
  if (!/^\d+\.\d+\.\d+$/.test(nodeVersion)) problems.push(`nodeVersion must look like 24.11.1, got "${nodeVersion}"`);
  if (input.nodeDistUrl !== undefined && !/^https?:\/\/\S+$/.test(input.nodeDistUrl)) problems.push(`nodeDistUrl must be an http(s) URL, got "${input.nodeDistUrl}"`);
  if (input.nodePrefix !== undefined && (!isAbsolute(input.nodePrefix) || input.nodePrefix === '/')) problems.push(`nodePrefix must be an absolute folder other than /, got "${input.nodePrefix}"`);
  if (!/^[0-9a-fA-F]{64}$/.test(input.artifact.sha256)) problems.push(`artifact.sha256 must be 64 hex digits, got "${input.artifact.sha256}"`);
  // The SHA names a folder and a file: keep it to characters that need no thought.
  if (!/^[0-9A-Za-z._-]+$/.test(input.artifact.gitSha) || input.artifact.gitSha.startsWith('.')) {
    problems.push(`artifact.gitSha must be letters, digits, ".", "_" or "-", got "${input.artifact.gitSha}"`);
  }
  if (!/^https?:\/\//.test(input.artifact.url)) problems.push(`artifact.url must be an http(s) URL, got "${input.artifact.url}"`);
  if (!isAbsolute(root) || root === '/') problems.push(`root must be an absolute folder other than /, got "${root}"`);
  if (input.keepReleases !== undefined && (!Number.isInteger(input.keepReleases) || input.keepReleases < 2)) problems.push(`keepReleases must be 2 or more (the current and the previous release), got ${input.keepReleases}`);
  if (!Number.isInteger(input.config.port) || input.config.port < 1 || input.config.port > 65535) problems.push(`port must be 1-65535, got ${input.config.port}`);
  if (problems.length > 0) throw new DeployError(`Cannot render the production startup script:\n  ${problems.join('\n  ')}`);
}

/** The exact Node.js version in the repository's `.nvmrc` ("24.11.1" or "v24.11.1"; a bare major or "lts/*" is refused). */
export function readNvmrcVersion(start = __dirname): string {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, '.nvmrc');
    if (existsSync(file)) {
      const match = /^v?(\d+\.\d+\.\d+)$/.exec(readFileSync(file, 'utf8').trim());
      if (!match) throw new DeployError(`${file} does not hold an exact Node.js version.`, { hint: 'Write e.g. "24.11.1" into it: instances install exactly what CI tested.' });
      return match[1];
    }
    if (dirname(dir) === dir) throw new DeployError('No .nvmrc found above the deploy library.', { hint: 'Pass nodeVersion explicitly.' });
  }
}

/** The major version of `.nvmrc`. */
export function readNvmrcMajor(start = __dirname): number {
  return Number(readNvmrcVersion(start).split('.')[0]);
}
