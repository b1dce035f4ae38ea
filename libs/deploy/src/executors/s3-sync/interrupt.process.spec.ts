import { GetObjectCommand, HeadObjectCommand } from '@aws-sdk/client-s3';
import { rm } from 'node:fs/promises';
import { S3ObjectStore } from '../../aws/s3-object-store';
import { systemClock } from '../../ports/clock';
import { syncFrontend } from '../../s3-sync/sync-frontend';
import { startAwsWire, type AwsWire } from '../../../testing/aws-wire/aws-wire-server';
import { wireEnv } from '../../../testing/aws-wire/wire-adapters';
import { writeBuild } from '../../../testing/build-fixture';
import { MemoryLogger } from '../../../testing/memory-logger';
import { NxProcess, waitUntil } from '../../../testing/process/nx-process';

/** A build whose index.html references every hashed asset, so "consistent" is checkable. */
function build(tag: string, assets: number): Record<string, string> {
  const files: Record<string, string> = {};
  const names = Array.from({ length: assets }, (_, n) => `chunk-${n}.${tag}${String(n).padStart(4, '0')}.js`);
  for (const name of names) files[name] = `console.log(${JSON.stringify(name)});`;
  files['index.html'] = `<!doctype html>${names.map((n) => `<script src="${n}"></script>`).join('')}`;
  return files;
}

/** Every asset the bucket's index.html references exists: a browser loading it gets no 404. */
async function expectConsistent(wire: AwsWire): Promise<string> {
  const client = wire.s3?.client;
  if (!client) throw new Error('no S3');
  const index = await (await client.send(new GetObjectCommand({ Bucket: 'site', Key: 'index.html' }))).Body?.transformToString();
  const refs = [...(index ?? '').matchAll(/src="([^"]+)"/g)].map((m) => m[1]);
  expect(refs.length).toBeGreaterThan(0);
  for (const key of refs) await expect(client.send(new HeadObjectCommand({ Bucket: 'site', Key: key }))).resolves.toBeDefined();
  return index ?? '';
}

/**
 * `npx nx run web:deploy` interrupted through the process group mid-upload: the sync uploads
 * assets first and index.html last, so whenever it dies the site's index.html references only
 * files that exist; the next run completes it.
 */
describe('web:deploy interrupted through Nx (process group signals, S3 through the wire stand-in)', () => {
  it.concurrent.each(['SIGINT', 'SIGTERM'] as NodeJS.Signals[])('%s mid-upload: index.html stays consistent, and the next run completes the sync', async (signal) => {
    const wire = await startAwsWire({ buckets: ['site'] });
    const oldBuild = await writeBuild(build('aaaaaaaa', 3));
    const newBuild = await writeBuild(build('bbbbbbbb', 24));
    const env = { ...wireEnv(wire.url), STAGING_WEB_AWS_S3_BUCKET: 's3://site', STAGING_WEB_AWS_REGION: 'us-east-1', STAGING_WEB_API_URL: '/api' };
    const args = ['web:deploy', '--configuration=staging', '--skip-build', `--source=${newBuild}`, '--concurrency=2'];
    try {
      const store = new S3ObjectStore({ bucket: 'site', region: 'us-east-1', client: wire.s3?.client });
      await syncFrontend({ source: oldBuild, prefix: '', dryRun: false, deleteStale: true, exclude: [], concurrency: 4 }, { store, logger: new MemoryLogger(), clock: systemClock });
      const before = await expectConsistent(wire);
      // Slow uploads, so the signal lands in the middle of them.
      wire.faults.add({ service: 'S3', operation: 'PutObject', fault: { kind: 'latency', ms: 300 } });

      const nx = new NxProcess(args, env);
      try {
        await nx.waitFor('uploads to start', () => wire.faults.callsOf('PutObject', 'S3').length >= 3, 150_000);
        nx.signalGroup(signal);
        await waitUntil('Nx and the executor to end', () => !nx.groupAlive(), 60_000);
      } finally {
        nx.kill();
      }
      const after = await expectConsistent(wire);
      // The interrupt came before the last upload: the old site still serves.
      expect(after).toBe(before);

      wire.faults.clear();
      const next = new NxProcess(args, env);
      const { code } = await next.exited;
      expect(next.output).toContain('Synced s3://site/');
      expect(code).toBe(0);
      expect(await expectConsistent(wire)).toContain('bbbbbbbb');
    } finally {
      await wire.close();
      await rm(oldBuild, { recursive: true, force: true });
      await rm(newBuild, { recursive: true, force: true });
    }
  }, 400_000);
});
