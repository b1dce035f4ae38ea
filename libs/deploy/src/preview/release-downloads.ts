import type { ReleaseManifest } from '../releases/manifest';
import type { ReleasesBucket } from '../releases/releases-store';
import type { PreviewScriptOptions } from '../startup/preview-script-options';

/** SigV4 presigned URLs live at most 7 days. */
const MAX_SECONDS = 7 * 24 * 3600;

/**
 * The archives a preview instance downloads, each as a presigned GET valid for
 * `validForSeconds` (the preview's boot and health wait): the instance needs no credential,
 * and the GitHub token stays in CI.
 */
export async function presignReleaseDownloads(bucket: ReleasesBucket, manifest: ReleaseManifest, validForSeconds: number): Promise<PreviewScriptOptions['release']> {
  const seconds = Math.min(MAX_SECONDS, validForSeconds);
  const download = async (part: 'api' | 'web' | 'seeds') => ({
    url: await bucket.store.presignGet(bucket.layout.archive(part, manifest.release), seconds),
    sha256: manifest.parts[part].sha256,
  });
  return { api: await download('api'), web: await download('web'), seeds: await download('seeds') };
}
