/**
 * The one preview comment on a PR. It is found by the hidden marker at the start of its body
 * (never by user name, seed defect #28) and carries a hidden state line so a later run knows
 * which preview the comment describes.
 */
export const PREVIEW_COMMENT_MARKER = '<!-- eapd-preview -->';

export interface PreviewCommentState {
  instanceId: string;
  sha: string;
  /** Launch time of the instance the comment links to (ms since epoch). */
  launchedAt: number;
  /** Public DNS name of the linked preview; absent when no preview is up. */
  dns?: string;
}

const STATE_PREFIX = '<!-- eapd-preview-state ';

function header(state?: PreviewCommentState): string {
  const lines = [PREVIEW_COMMENT_MARKER];
  if (state) lines.push(`${STATE_PREFIX}${JSON.stringify(state).replace(/--/g, '\\u002d\\u002d')} -->`);
  return lines.join('\n');
}

export function parseCommentState(body: string): PreviewCommentState | undefined {
  const line = body.split('\n').find((l) => l.startsWith(STATE_PREFIX));
  if (!line) return undefined;
  try {
    const value = JSON.parse(line.slice(STATE_PREFIX.length, line.lastIndexOf(' -->'))) as PreviewCommentState;
    return typeof value.instanceId === 'string' && typeof value.launchedAt === 'number' ? value : undefined;
  } catch {
    return undefined;
  }
}

const short = (sha: string) => sha.slice(0, 7);

export function previewUrl(dns: string): string {
  return `https://${dns}/`;
}

export function deployedCommentBody(state: PreviewCommentState & { dns: string }, at: Date, healthChecked: boolean): string {
  return [
    header(state),
    `### Preview deployed: ${previewUrl(state.dns)}`,
    '',
    `Commit \`${state.sha}\`, instance \`${state.instanceId}\`, ${healthChecked ? 'healthy at' : 'started at'} ${at.toISOString()}.`,
    healthChecked
      ? 'The certificate is self-signed: your browser will ask you to accept it.'
      : 'The health check was skipped: the app may need a few more minutes to finish starting. The certificate is self-signed.',
  ].join('\n');
}

export function failedCommentBody(
  failed: { sha: string; instanceId?: string; reason: string; consoleTail: string },
  previous: PreviewCommentState | undefined,
  at: Date,
): string {
  const fence = '`'.repeat(Math.max(3, longestBacktickRun(failed.consoleTail) + 1));
  const lines = [
    header(previous),
    `### Preview of commit \`${failed.sha}\` failed`,
    '',
    `${failed.reason} (${at.toISOString()}). The new instance${failed.instanceId ? ` \`${failed.instanceId}\`` : ''} was terminated.`,
    previous?.dns
      ? `The previous preview is still up: ${previewUrl(previous.dns)} (commit \`${short(previous.sha)}\`).`
      : 'There is no earlier preview of this PR.',
    '',
    '<details><summary>Console output of the failed instance (last lines)</summary>',
    '',
    fence,
    failed.consoleTail || '(no console output yet)',
    fence,
    '',
    '</details>',
  ];
  return lines.join('\n');
}

export function removedCommentBody(pr: { number: number; state: string }, instanceIds: string[], at: Date): string {
  return [
    header(),
    '### Preview removed',
    '',
    `PR #${pr.number} is ${pr.state}: its preview (${instanceIds.map((i) => `\`${i}\``).join(', ')}) was terminated at ${at.toISOString()}.`,
  ].join('\n');
}

/** The last `lines` lines of a console log, without the noise of trailing blank lines. */
export function consoleTail(output: string, lines = 60): string {
  return output.replace(/\s+$/, '').split('\n').slice(-lines).join('\n');
}

function longestBacktickRun(text: string): number {
  return Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length));
}
