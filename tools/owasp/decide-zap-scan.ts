import { git, tryGit } from '../lib/git';
import { ToolError } from '../lib/cli';

export interface ZapDecision {
  run: boolean;
  sha: string;
  tag: string;
  /** One sentence for the log: what was decided and why. */
  reason: string;
  warnings: string[];
}

export interface DecideOptions {
  cwd: string;
  /** The commit being built (a sha or any revision); default HEAD. */
  rev?: string;
  /** The opt-out tag; default `ignore-owasp`. */
  tag?: string;
  /** When set, ask this remote where the tag points now (authoritative over local tags). */
  remote?: string;
}

/**
 * Whether the OWASP ZAP scan runs for a commit: it is skipped only when the commit itself
 * carries the opt-out tag (lightweight or annotated). This is a property of the COMMIT,
 * so it works for branch and PR pipelines alike — the seed used CircleCI tag *filters*,
 * which only ever apply to tag pipelines, so the opt-out could never take effect (#38).
 * The tag is usually moved from commit to commit (`git tag -f ignore-owasp && git push -f
 * origin ignore-owasp`), so a clone's local copy may be stale: with `remote` the remote's
 * current answer wins. If the remote cannot be asked, the scan runs (fail safe).
 */
export function decideZapScan(options: DecideOptions): ZapDecision {
  const tag = options.tag ?? 'ignore-owasp';
  const rev = options.rev ?? 'HEAD';
  const sha = tryGit(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], options.cwd);
  if (!sha) throw new ToolError(`commit "${rev}" is not in the repository at ${options.cwd} (shallow clone or wrong sha?)`);
  const short = sha.slice(0, 12);
  const warnings: string[] = [];

  let tagged: boolean | undefined;
  let where = 'local tags';
  if (options.remote) {
    try {
      tagged = remoteTagCommit(options.cwd, options.remote, tag) === sha;
      where = `remote ${options.remote}`;
    } catch (error) {
      warnings.push(`could not ask ${options.remote} where "${tag}" points (${(error as Error).message}); using local tags`);
    }
  }
  if (tagged === undefined) {
    tagged = git(['tag', '--points-at', sha], options.cwd).split('\n').includes(tag);
  }
  return tagged
    ? { run: false, sha, tag, warnings, reason: `commit ${short} carries the git tag "${tag}" (${where}): the OWASP ZAP scan is skipped` }
    : { run: true, sha, tag, warnings, reason: `commit ${short} does not carry the git tag "${tag}" (${where}): the OWASP ZAP scan runs` };
}

/** The commit a remote tag points at (peeled through an annotated tag), or undefined when absent. */
function remoteTagCommit(cwd: string, remote: string, tag: string): string | undefined {
  const lines = git(['ls-remote', '--tags', remote, `refs/tags/${tag}`, `refs/tags/${tag}^{}`], cwd).split('\n').filter(Boolean);
  const refs = new Map(lines.map((l) => l.split('\t')).map(([sha, ref]) => [ref, sha]));
  return refs.get(`refs/tags/${tag}^{}`) ?? refs.get(`refs/tags/${tag}`);
}
