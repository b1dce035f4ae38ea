/**
 * The wire-level AWS stand-in as its own process (EC2 + ELBv2 query protocols, S3 through
 * s3rver, fault injection, control API under /__control). See README.md in this folder.
 *
 *   node -r @swc-node/register libs/deploy/testing/aws-wire/main.ts [--bucket <name>]... [--seed <n>] [--page-size <n>]
 *
 * Prints ONE line of JSON once it listens: {"url":"http://127.0.0.1:<port>","pid":<pid>}.
 * Point the deploy at it with AWS_ENDPOINT_URL=<url> (and AWS_S3_FORCE_PATH_STYLE=true,
 * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY set to anything). Stops on SIGTERM or SIGINT.
 * From a test: spawnAwsWire() in aws-wire-control.ts does all this and returns a typed client.
 */
import { startAwsWire } from './aws-wire-server';

function options(argv: string[]) {
  const buckets: string[] = [];
  let seed: number | undefined;
  let pageSize: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split('=', 2);
    const value = inline ?? argv[++i];
    if (flag === '--bucket') buckets.push(value);
    else if (flag === '--seed') seed = Number(value);
    else if (flag === '--page-size') pageSize = Number(value);
    else throw new Error(`unknown option ${argv[i]} (known: --bucket, --seed, --page-size)`);
  }
  return { buckets, seed, pageSize };
}

async function main(): Promise<void> {
  const wire = await startAwsWire(options(process.argv.slice(2)));
  process.stdout.write(`${JSON.stringify({ url: wire.url, pid: process.pid })}\n`);
  const stop = () => {
    wire.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

main().catch((err: Error) => {
  process.stderr.write(`aws stand-in: ${err.stack ?? err.message}\n`);
  process.exit(1);
});
