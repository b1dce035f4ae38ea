import { spawnSync } from 'node:child_process';
import { ToolError } from './cli';

/**
 * Ends the current CircleCI job successfully without running its remaining steps
 * (`circleci-agent step halt`). Used by the gates instead of a non-zero exit, which would
 * mark a deliberately skipped job as failed. Outside CircleCI the agent is absent: say so
 * instead of pretending the job was halted.
 */
export function haltCircleJob(): void {
  const result = spawnSync('circleci-agent', ['step', 'halt'], { stdio: 'inherit', env: process.env, timeout: 30_000 });
  if (result.error || result.status !== 0) {
    const why = result.error ? result.error.message : `exit status ${result.status}`;
    throw new ToolError(
      `could not halt the job with "circleci-agent step halt" (${why}). --halt only works inside a CircleCI job; run without it locally.`
    );
  }
}
