/** How error messages name what an AWS call was about: short, and recognisable in the console. */

/** "i-1", "i-1, i-2, i-3", "i-1, i-2, i-3 and 4 more". */
export function instancesResource(ids: string[]): string {
  const shown = ids.slice(0, 3).join(', ');
  return ids.length > 3 ? `${shown} and ${ids.length - 3} more` : shown;
}

/** "target group api-staging" from `arn:aws:elasticloadbalancing:…:targetgroup/api-staging/6d0ecf831eec9f09`. */
export function targetGroupResource(arn: string): string {
  const name = arn.match(/:targetgroup\/([^/]+)/)?.[1];
  return `target group ${name ?? arn}`;
}
