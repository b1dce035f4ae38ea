import type { OktaSettings } from '@eapd/config';
import { DeployError } from '../log/errors';
import { readNvmrcVersion } from './production-script';

export interface PreviewScriptOptions {
  /** Exactly the commit to preview: 40 hex digits (never a branch name, seed defect #24). */
  commitSha: string;
  source: {
    /** GitHub's tarball of the commit, e.g. `${GITHUB_API_URL}/repos/o/r/tarball/<sha>`. */
    tarballUrl: string;
    /** Sent as `Authorization: token …` (private repositories); omitted when undefined. */
    token?: string;
  };
  pbkdf2Iterations: number;
  okta?: OktaSettings;
  /** Everything the script writes lives under this root, PM2_HOME included (default /app). */
  root?: string;
  /** Instance metadata service base URL (default http://169.254.169.254). */
  metadataUrl?: string;
  /** Node.js installed when the host has none of the same major (default: the repository's `.nvmrc`, what CI tests). */
  nodeVersion?: string;
  /** Where that Node.js is installed (its bin/ goes first on PATH; default /usr/local). */
  nodePrefix?: string;
  /** Where Node.js release tarballs and SHASUMS256.txt are downloaded from. */
  nodeDistUrl?: string;
  database?: { name: string; user: string };
  /** nginx site file name under /etc/nginx/sites-available. */
  nginxSiteName?: string;
  /** PM2 process name of the API. */
  pm2AppName?: string;
  /** systemd unit PM2 registers to resurrect the API after a reboot (default pm2-eapd-preview). */
  pm2ServiceName?: string;
}

export type ResolvedPreviewScriptOptions = Required<Omit<PreviewScriptOptions, 'okta'>> & { okta?: OktaSettings };

const SHA = /^[0-9a-f]{40}$/;
const SAFE_PATH = /^\/[A-Za-z0-9._/-]*$/;
const SQL_NAME = /^[a-z_][a-z0-9_]{0,62}$/;
const SLUG = /^[A-Za-z0-9._-]+$/;

/** Defaults filled in; every value that ends up unquoted in a config file is checked here. */
export function resolvePreviewScriptOptions(o: PreviewScriptOptions): ResolvedPreviewScriptOptions {
  const problems: string[] = [];
  const check = (ok: boolean, message: string) => {
    if (!ok) problems.push(message);
  };
  const r: ResolvedPreviewScriptOptions = {
    commitSha: o.commitSha,
    source: o.source,
    pbkdf2Iterations: o.pbkdf2Iterations,
    okta: o.okta,
    root: (o.root ?? '/app').replace(/\/+$/, '') || '/',
    metadataUrl: (o.metadataUrl ?? 'http://169.254.169.254').replace(/\/+$/, ''),
    nodeVersion: o.nodeVersion ?? readNvmrcVersion(),
    nodePrefix: (o.nodePrefix ?? '/usr/local').replace(/\/+$/, '') || '/',
    nodeDistUrl: (o.nodeDistUrl ?? 'https://nodejs.org/dist').replace(/\/+$/, ''),
    database: o.database ?? { name: 'eapd_preview', user: 'eapd_preview' },
    nginxSiteName: o.nginxSiteName ?? 'eapd-preview',
    pm2AppName: o.pm2AppName ?? 'eapd-preview-api',
    pm2ServiceName: o.pm2ServiceName ?? 'pm2-eapd-preview',
  };
  check(SHA.test(r.commitSha), `commitSha must be 40 lowercase hex digits, got "${r.commitSha}"`);
  check(/^https?:\/\/\S+$/.test(r.source.tarballUrl), `source.tarballUrl must be an http(s) URL, got "${r.source.tarballUrl}"`);
  check(SAFE_PATH.test(r.root) && r.root !== '/', `root must be an absolute path of letters, digits, ".", "_", "-", got "${r.root}"`);
  check(/^https?:\/\/\S+$/.test(r.metadataUrl), `metadataUrl must be an http(s) URL, got "${r.metadataUrl}"`);
  check(/^https?:\/\/\S+$/.test(r.nodeDistUrl), `nodeDistUrl must be an http(s) URL, got "${r.nodeDistUrl}"`);
  check(/^\d+\.\d+\.\d+$/.test(r.nodeVersion), `nodeVersion must look like 24.11.1, got "${r.nodeVersion}"`);
  check(SAFE_PATH.test(r.nodePrefix) && r.nodePrefix !== '/', `nodePrefix must be an absolute path of letters, digits, ".", "_", "-", got "${r.nodePrefix}"`);
  check(SQL_NAME.test(r.database.name) && SQL_NAME.test(r.database.user), 'database name and user must be lowercase SQL identifiers');
  check(
    [r.nginxSiteName, r.pm2AppName, r.pm2ServiceName].every((name) => SLUG.test(name)),
    'nginxSiteName, pm2AppName and pm2ServiceName must be letters, digits, ".", "_", "-"',
  );
  check(Number.isInteger(r.pbkdf2Iterations) && r.pbkdf2Iterations > 0, 'pbkdf2Iterations must be a positive integer');
  if (problems.length > 0) {
    throw new DeployError(`Cannot render the preview startup script:\n  ${problems.join('\n  ')}`, {
      hint: 'These values come from the preview options and PREVIEW_* configuration; fix them and run again.',
    });
  }
  return r;
}
