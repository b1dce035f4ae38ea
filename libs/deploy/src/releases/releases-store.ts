import type { ReleasesConfig } from '@eapd/config';
import { S3ObjectStore } from '../aws/s3-object-store';
import type { ObjectStore } from '../ports/object-store';
import { ReleasesLayout } from './layout';

/** The releases bucket as the operations see it: an object store and where things live in it. */
export interface ReleasesBucket {
  store: ObjectStore;
  layout: ReleasesLayout;
}

export function openReleasesBucket(config: ReleasesConfig, env: Record<string, string | undefined>): ReleasesBucket {
  return {
    store: new S3ObjectStore({ bucket: config.bucket, region: config.region, env }),
    layout: new ReleasesLayout(config.prefix),
  };
}
