import type { ReleasesConfig } from '@eapd/config';
import type { ObjectStore } from '../ports/object-store';
import { ReleasesLayout } from './layout';

/** The releases bucket as the operations see it: an object store and where things live in it. */
export interface ReleasesBucket {
  store: ObjectStore;
  layout: ReleasesLayout;
}

/** Loads the S3 client only when called: executors validate their configuration first (see lazy-start.spec). */
export async function openReleasesBucket(config: ReleasesConfig, env: Record<string, string | undefined>): Promise<ReleasesBucket> {
  const { S3ObjectStore } = await import('../aws/s3-object-store');
  return {
    store: new S3ObjectStore({ bucket: config.bucket, region: config.region, env }),
    layout: new ReleasesLayout(config.prefix),
  };
}
