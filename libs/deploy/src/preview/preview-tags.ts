/** How preview instances are tagged: the seed's `environment=preview` + `github-pr=<n>`, plus ours. */
export const PREVIEW_TAGS = {
  environment: 'environment',
  pr: 'github-pr',
  repository: 'github-repo',
  commit: 'commit',
  name: 'Name',
} as const;

export const PREVIEW_ENVIRONMENT = 'preview';

/** The tags a new preview instance of `pr` at `sha` is launched with. */
export function previewInstanceTags(repository: string, pr: number, sha: string): Record<string, string> {
  return {
    [PREVIEW_TAGS.environment]: PREVIEW_ENVIRONMENT,
    [PREVIEW_TAGS.pr]: String(pr),
    [PREVIEW_TAGS.repository]: repository,
    [PREVIEW_TAGS.commit]: sha,
    [PREVIEW_TAGS.name]: `eapd-preview-pr-${pr}`,
  };
}

/** The PR number in a `github-pr` tag value, or undefined when it is missing or not a number. */
export function prNumberOfTag(value: string | undefined): number | undefined {
  if (value === undefined || !/^[1-9][0-9]{0,9}$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
