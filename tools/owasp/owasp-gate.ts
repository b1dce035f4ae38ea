/**
 * `npx nx run tools:owasp-gate -- [--sha <commit>] [--tag ignore-owasp] [--remote origin] [--halt]`
 * Prints whether the OWASP ZAP scan runs for the commit being built (default: CIRCLE_SHA1,
 * else HEAD) and ends with a machine-readable line `owasp-gate: decision=<run|skip> sha=<sha>`.
 * Exit 0 either way (a skip is a decision, not a failure); exit 2 when it cannot decide.
 * With --halt, a skip ends the CircleCI job successfully (`circleci-agent step halt`), so the
 * job's remaining steps (the scan) do not run.
 */
import { parseArgs } from 'node:util';
import { runCli } from '../lib/cli';
import { haltCircleJob } from '../lib/halt-job';
import { decideZapScan } from './decide-zap-scan';

export function owaspGate(argv: string[], cwd = process.cwd()): number {
  const { values } = parseArgs({
    args: argv,
    options: {
      sha: { type: 'string' },
      tag: { type: 'string', default: 'ignore-owasp' },
      remote: { type: 'string' },
      halt: { type: 'boolean', default: false }
    }
  });
  const decision = decideZapScan({ cwd, rev: values.sha || process.env['CIRCLE_SHA1'] || 'HEAD', tag: values.tag, remote: values.remote });
  for (const w of decision.warnings) console.warn(`warning: ${w}`);
  console.log(`OWASP ZAP scan: ${decision.run ? 'RUN' : 'SKIP'} — ${decision.reason}.`);
  console.log(`owasp-gate: decision=${decision.run ? 'run' : 'skip'} sha=${decision.sha}`);
  if (!decision.run && values.halt) {
    console.log('Halting this job: its remaining steps (the scan) are not needed.');
    haltCircleJob();
  }
  return 0;
}

if (require.main === module) runCli((argv) => owaspGate(argv));
