import { DeployError } from '../log/errors';
import { readNvmrcVersion } from './production-script';

/** One archive of a published release, as the instance fetches it: no credential needed. */
export interface ReleaseDownload {
  /** A short-lived presigned URL of the releases bucket. */
  url: string;
  /** 64 hex digits, from the release manifest: checked before the archive is used. */
  sha256: string;
}

export interface PreviewScriptOptions {
  /** Exactly the commit to preview: 40 hex digits (never a branch name, seed defect #24). */
  commitSha: string;
  /** The published release of that commit (deploy:publish): the same bytes staging and production run. */
  release: { api: ReleaseDownload; web: ReleaseDownload; seeds: ReleaseDownload };
  /**
   * Where the preview's settings (PBKDF2_ITERATIONS, Okta with its API key) are read from at
   * boot, with the instance profile: the user data carries only this path and its region.
   */
  parameters: { path: string; region: string };
  /** The public half of Okta for the web app's /config.json (issuer, client id); none: no Okta button. */
  webOkta?: { issuer: string; clientId: string };
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
  /** The unprivileged system user the API, PM2 and its systemd unit run as (default eapd-api). */
  apiUser?: string;
  /** Parameter Store endpoint; "" (default): the region's own (tests point it at a stand-in). */
  ssmEndpointUrl?: string;
}

export type ResolvedPreviewScriptOptions = Required<Omit<PreviewScriptOptions, 'webOkta'>> & Pick<PreviewScriptOptions, 'webOkta'>;

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
    release: o.release,
    parameters: o.parameters,
    webOkta: o.webOkta,
    root: (o.root ?? '/app').replace(/\/+$/, '') || '/',
    metadataUrl: (o.metadataUrl ?? 'http://169.254.169.254').replace(/\/+$/, ''),
    nodeVersion: o.nodeVersion ?? readNvmrcVersion(),
    nodePrefix: (o.nodePrefix ?? '/usr/local').replace(/\/+$/, '') || '/',
    nodeDistUrl: (o.nodeDistUrl ?? 'https://nodejs.org/dist').replace(/\/+$/, ''),
    database: o.database ?? { name: 'eapd_preview', user: 'eapd_preview' },
    nginxSiteName: o.nginxSiteName ?? 'eapd-preview',
    pm2AppName: o.pm2AppName ?? 'eapd-preview-api',
    pm2ServiceName: o.pm2ServiceName ?? 'pm2-eapd-preview',
    apiUser: o.apiUser ?? 'eapd-api',
    ssmEndpointUrl: (o.ssmEndpointUrl ?? '').replace(/\/+$/, ''),
  };
  check(SHA.test(r.commitSha), `commitSha must be 40 lowercase hex digits, got "${r.commitSha}"`);
  for (const [part, download] of Object.entries(r.release)) {
    check(/^https?:\/\/\S+$/.test(download.url), `release.${part}.url must be an http(s) URL`);
    check(/^[0-9a-f]{64}$/.test(download.sha256), `release.${part}.sha256 must be 64 lowercase hex digits, got "${download.sha256}"`);
  }
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
  check(/^\/[A-Za-z0-9_.\-/]+$/.test(r.parameters.path), `parameters.path must be an absolute Parameter Store path, got "${r.parameters.path}"`);
  check(/^[a-z]{2}(-[a-z]+)+-\d{1,2}$/.test(r.parameters.region), `parameters.region must be an AWS region, got "${r.parameters.region}"`);
  check(/^[a-z_][a-z0-9_-]{0,30}$/.test(r.apiUser), `apiUser must be a lowercase system user name, got "${r.apiUser}"`);
  check(r.ssmEndpointUrl === '' || /^https?:\/\/\S+$/.test(r.ssmEndpointUrl), `ssmEndpointUrl must be an http(s) URL, got "${r.ssmEndpointUrl}"`);
  if (problems.length > 0) {
    throw new DeployError(`Cannot render the preview startup script:\n  ${problems.join('\n  ')}`, {
      hint: 'These values come from the preview options and PREVIEW_* configuration; fix them and run again.',
    });
  }
  return r;
}
