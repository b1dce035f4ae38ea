import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { loadCiContext, type CiContext } from '@eapd/config';
import { artifactFileName, readArtifactInfo } from '../artifact/artifact-info';
import { DeployError } from '../log/errors';
import type { Release } from './rollover-types';

export interface ArtifactFlags {
  artifactUrl?: string;
  artifactSha256?: string;
  gitSha?: string;
  /** CircleCI job that ran `nx run api:artifact` (default "build-artifacts"). */
  artifactJob?: string;
}

type Env = Record<string, string | undefined>;

/**
 * Which release to deploy. Explicit flags win. Otherwise, in CircleCI: the SHA-256 comes from
 * `dist/artifacts/api-<sha>.json` (written by `api:artifact`, attached from the workspace) and
 * the download URL from the CircleCI API v2 — the artifacts of the job that built it in the
 * same workflow (`GET /workflow/{id}/job`, then `GET /project/{slug}/{job}/artifacts`),
 * authenticated with CIRCLE_TOKEN.
 */
export async function resolveArtifact(flags: ArtifactFlags, env: Env, root: string, fetchImpl: typeof fetch = fetch): Promise<Release> {
  const ci = loadCiContext(env);
  const gitSha = flags.gitSha || ci.sha1 || shaFromUrl(flags.artifactUrl);
  if (!gitSha) {
    throw new DeployError('Cannot tell which commit to deploy.', { hint: 'Pass --git-sha, or run in CircleCI (CIRCLE_SHA1).' });
  }
  let sha256 = flags.artifactSha256;
  if (!sha256) {
    const zip = join(root, 'dist', 'artifacts', artifactFileName(gitSha));
    if (!existsSync(zip.replace(/\.zip$/, '.json'))) {
      throw new DeployError(`No --artifact-sha256 given and no ${zip.replace(/\.zip$/, '.json')} to read it from.`, {
        hint: 'Pass --artifact-url and --artifact-sha256, or attach the workspace of the job that ran `nx run api:artifact`.',
      });
    }
    sha256 = readArtifactInfo(zip).sha256;
  }
  const url = flags.artifactUrl ?? (await circleArtifactUrl(gitSha, flags.artifactJob ?? 'build-artifacts', ci, fetchImpl));
  if (!/^[0-9a-f]{64}$/i.test(sha256)) throw new DeployError(`--artifact-sha256 must be 64 hex digits, got "${sha256}"`);
  if (!/^https?:\/\//.test(url)) throw new DeployError(`--artifact-url must be an http(s) URL, got "${url}"`);
  return { gitSha, artifactUrl: url, artifactSha256: sha256.toLowerCase() };
}

function shaFromUrl(url?: string): string | undefined {
  return url?.match(/api-([0-9a-f]{7,40})\.zip/)?.[1];
}

async function circleArtifactUrl(gitSha: string, job: string, ci: CiContext, fetchImpl: typeof fetch): Promise<string> {
  const { token, workflowId: workflow, projectUsername: user, projectReponame: repo } = ci;
  if (!token || !workflow || !user || !repo) {
    throw new DeployError('No --artifact-url given and not enough CircleCI context to find it.', {
      hint: 'Pass --artifact-url, or run in CircleCI with CIRCLE_TOKEN set (CIRCLE_WORKFLOW_ID, CIRCLE_PROJECT_USERNAME, CIRCLE_PROJECT_REPONAME come from CircleCI).',
    });
  }
  const api = ci.apiUrl;
  const get = async <T>(path: string): Promise<T> => {
    const res = await fetchImpl(`${api}${path}`, { headers: { 'Circle-Token': token, accept: 'application/json' }, signal: AbortSignal.timeout(30_000) });
    if (!res.ok) throw new DeployError(`CircleCI API ${path} answered ${res.status}`, { hint: 'Check CIRCLE_TOKEN (a personal or project API token with read access).' });
    return (await res.json()) as T;
  };
  const jobs = await get<{ items: Array<{ name: string; job_number?: number }> }>(`/workflow/${encodeURIComponent(workflow)}/job`);
  const number = jobs.items.find((j) => j.name === job)?.job_number;
  if (number === undefined) throw new DeployError(`Workflow ${workflow} has no job "${job}" with a number`, { hint: 'Pass --artifact-job with the name of the job that runs api:artifact.' });
  const slug = `${ci.projectVcs}/${user}/${repo}`;
  const artifacts = await get<{ items: Array<{ path: string; url: string }> }>(`/project/${slug}/${number}/artifacts`);
  const file = artifactFileName(gitSha);
  const hit = artifacts.items.find((a) => a.path.endsWith(file));
  if (!hit) throw new DeployError(`Job ${job} (#${number}) stored no ${file}`, { hint: `Its artifacts: ${artifacts.items.map((a) => a.path).join(', ') || 'none'}` });
  return hit.url;
}
