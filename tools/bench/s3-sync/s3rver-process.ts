/**
 * s3rver in its own process for the benchmark, so the server never shares an event loop
 * with the tool being timed. Reports each bucket's request counts on request (IPC).
 */
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { startS3rver } from '../../../libs/deploy/src/frontend/test/s3rver-harness';

async function main() {
  const buckets = (process.env['BENCH_BUCKETS'] ?? 'site').split(',');
  const s3 = await startS3rver(buckets[0]);
  for (const b of buckets.slice(1)) await s3.client.send(new CreateBucketCommand({ Bucket: b }));
  process.on('message', (msg: { type: string }) => {
    if (msg.type === 'counts') {
      const counts: Record<string, Record<string, number>> = {};
      for (const e of s3.events) {
        if (e.phase !== 'start') continue;
        const bucket = e.path.split('/')[0];
        counts[bucket] ??= {};
        counts[bucket][e.method] = (counts[bucket][e.method] ?? 0) + 1;
      }
      process.send?.({ type: 'counts', counts });
    }
    if (msg.type === 'stop') void s3.close().then(() => process.exit(0));
  });
  process.send?.({ type: 'ready', endpoint: s3.endpoint });
}

void main();
