import type { ApiDeployConfig } from '@eapd/config';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { DeployError } from '../log/errors';
import { assertUserDataSize, renderEnvFile, renderStepLogPreamble, shellAssign } from './shell';

export interface ProductionStartupScriptInput {
  config: ApiDeployConfig;
  artifact: { url: string; sha256: string; gitSha: string };
  /** CircleCI API token, sent as the `Circle-Token` header when downloading the artifact. */
  circleToken?: string;
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
}

const TEMPLATE = join(__dirname, 'production-script.template.sh');

/**
 * The EC2 user data that turns a fresh instance into an API server: ensure Node, download and
 * verify the artifact, unpack a release, write the env file, migrate, then start under PM2.
 * The body is a static template; every input becomes a quoted assignment in front of it.
 */
export function renderProductionStartupScript(input: ProductionStartupScriptInput): string {
  const root = input.root ?? '/app';
  const nodeVersion = input.nodeVersion ?? readNvmrcVersion();
  validate(input, root, nodeVersion);
  // Empty means unset (CI passes missing variables as ""): leave them out rather than export "".
  const environment: Record<string, string | undefined> = {
    ...Object.fromEntries(Object.entries(input.config.instanceEnvironment).filter(([, value]) => value !== '')),
    PORT: String(input.config.port),
    NODE_ENV: 'production',
  };
  const inputs: Record<string, string> = {
    ROOT: root,
    GIT_SHA: input.artifact.gitSha,
    ARTIFACT_URL: input.artifact.url,
    ARTIFACT_SHA256: input.artifact.sha256.toLowerCase(),
    CIRCLE_TOKEN: input.circleToken ?? '',
    NODE_VERSION: nodeVersion,
    NODE_MAJOR: nodeVersion.split('.')[0],
    NODE_DIST_URL: (input.nodeDistUrl ?? 'https://nodejs.org/dist').replace(/\/+$/, ''),
    NODE_PREFIX: input.nodePrefix ?? '/usr/local',
    API_PORT: String(input.config.port),
    API_ENV: renderEnvFile(environment),
    PM2_SERVICE_NAME: input.pm2ServiceName ?? 'pm2-api',
    PM2_FALLBACK_VERSION: input.pm2FallbackVersion ?? '7',
    HEALTH_TIMEOUT_SECONDS: String(input.healthTimeoutSeconds ?? 120),
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

function validate(input: ProductionStartupScriptInput, root: string, nodeVersion: string): void {
  const problems: string[] = [];
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
