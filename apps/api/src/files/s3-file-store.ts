import { DeleteObjectCommand, GetObjectCommand, NoSuchKey, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import type { Readable } from 'node:stream';
import { assertSafeKey, FileNotFoundError, type FileStore } from './file-store';

export interface S3Settings {
  bucket: string;
  region: string;
  /** S3-compatible server (config.s3EndpointUrl: AWS_ENDPOINT_URL_S3, else AWS_ENDPOINT_URL). */
  endpoint?: string;
  /** config.s3ForcePathStyle (AWS_S3_FORCE_PATH_STYLE): most S3-compatible servers need path-style addressing. */
  forcePathStyle?: boolean;
  /** Normally from the SDK's default chain (AWS_ACCESS_KEY_ID, instance role); tests pass their own. */
  credentials?: { accessKeyId: string; secretAccessKey: string };
}

export function createS3Client(settings: S3Settings): S3Client {
  const config: S3ClientConfig = {
    region: settings.region,
    forcePathStyle: settings.forcePathStyle,
    // Checksums only where S3 requires them: S3-compatible servers mishandle the
    // aws-chunked framing the SDK's default adds to streamed uploads.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  };
  if (settings.endpoint) config.endpoint = settings.endpoint;
  if (settings.credentials) config.credentials = settings.credentials;
  return new S3Client(config);
}

/** S3 (bucket FILES_S3_BUCKET). Uploads are multipart streams: never buffered whole. */
export function createS3FileStore(settings: S3Settings, client: S3Client = createS3Client(settings)): FileStore {
  const Bucket = settings.bucket;
  return {
    async put(key, body, contentType) {
      assertSafeKey(key);
      const upload = new Upload({ client, params: { Bucket, Key: key, Body: body, ContentType: contentType }, queueSize: 2, partSize: 5 * 1024 * 1024 });
      // If the source stream fails (too large, client gone), abort so no partial object remains.
      const onError = () => void upload.abort().catch(() => undefined);
      body.once('error', onError);
      try {
        await upload.done();
      } finally {
        body.off('error', onError);
      }
    },
    async get(key) {
      assertSafeKey(key);
      try {
        const result = await client.send(new GetObjectCommand({ Bucket, Key: key }));
        return result.Body as Readable;
      } catch (e) {
        if (e instanceof NoSuchKey || (e as { name?: string }).name === 'NoSuchKey') throw new FileNotFoundError(key);
        throw e;
      }
    },
    async delete(key) {
      assertSafeKey(key);
      await client.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
  };
}
