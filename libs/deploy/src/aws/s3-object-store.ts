import { createReadStream, createWriteStream } from 'node:fs';
import { readFile, rename, rm, stat } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CopyObjectCommand,
  DeleteObjectsCommand,
  GetObjectCommand,
  GetObjectTaggingCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  PutObjectCommand,
  PutObjectTaggingCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DeployError } from '../log/errors';
import {
  MD5_METADATA_KEY,
  PreconditionFailedError,
  type ObjectContent,
  type ObjectDetails,
  type ObjectStore,
  type PutObjectRequest,
  type StoredObject,
  type UpdateMetadataRequest,
  type WriteObjectRequest,
} from '../ports/object-store';
import { awsClientSettings } from './client-config';
import { describeS3Failure, httpStatusOf } from './s3-errors';
import { awsCallErrorFrom } from './aws-call';

export interface S3ObjectStoreOptions {
  bucket: string;
  region: string;
  env?: Record<string, string | undefined>;
  forcePathStyle?: boolean;
  /** Files at least this large are uploaded in parts (default 16 MiB). */
  multipartThreshold?: number;
  /** Part size of multipart uploads (default 8 MiB; S3's minimum is 5 MiB). */
  partSize?: number;
  /** A client to use instead of building one (tests). */
  client?: S3Client;
  /** Attempts per call, the first included, with the SDK's retry strategy (default 6). */
  maxAttempts?: number;
}

const SMALL_FILE_BYTES = 1024 * 1024;

/** S3's limit on keys per DeleteObjects request. */
export const DELETE_BATCH_SIZE = 1000;

export function createS3Client(options: Pick<S3ObjectStoreOptions, 'region' | 'env' | 'forcePathStyle' | 'maxAttempts'>): S3Client {
  const settings = awsClientSettings('S3', options.region, {
    env: options.env,
    forcePathStyle: options.forcePathStyle,
  });
  return new S3Client({
    ...settings,
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
    // We send Content-MD5 ourselves (we hash every file anyway), which every S3-compatible
    // server verifies; the SDK's default streaming CRC framing is not understood by several.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    // Nothing waits forever: a connection that cannot be made, or an answer that stops
    // coming, fails the attempt (and the SDK's retry strategy tries again).
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 60_000 },
  });
}

/** The ObjectStore port on S3 (or any S3-compatible server). */
export class S3ObjectStore implements ObjectStore {
  readonly location: string;
  private readonly client: S3Client;
  private readonly bucket: string;
  private readonly region: string;
  private readonly multipartThreshold: number;
  private readonly partSize: number;

  constructor(options: S3ObjectStoreOptions) {
    this.bucket = options.bucket;
    this.region = options.region;
    this.location = `s3://${options.bucket}`;
    this.client = options.client ?? createS3Client(options);
    this.multipartThreshold = options.multipartThreshold ?? 16 * 1024 * 1024;
    this.partSize = options.partSize ?? 8 * 1024 * 1024;
  }

  async checkBucket(): Promise<void> {
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.bucket }));
    } catch (err) {
      throw describeS3Failure(err, this.bucket, this.region);
    }
  }

  async list(prefix: string): Promise<StoredObject[]> {
    const objects: StoredObject[] = [];
    const pages = paginateListObjectsV2(
      { client: this.client, pageSize: 1000 },
      { Bucket: this.bucket, Prefix: prefix || undefined },
    );
    try {
      for await (const page of pages) {
        for (const o of page.Contents ?? []) {
          if (o.Key === undefined) continue;
          objects.push({
            key: o.Key,
            size: o.Size ?? 0,
            etag: unquote(o.ETag),
            lastModified: o.LastModified?.getTime() ?? 0,
          });
        }
      }
    } catch (err) {
      throw describeS3Failure(err, this.bucket, this.region);
    }
    return objects;
  }

  async head(key: string): Promise<ObjectDetails | undefined> {
    try {
      const r = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return {
        key,
        size: r.ContentLength ?? 0,
        etag: unquote(r.ETag),
        lastModified: r.LastModified?.getTime() ?? 0,
        contentType: r.ContentType,
        cacheControl: r.CacheControl,
        metadata: lowerKeys(r.Metadata ?? {}),
      };
    } catch (err) {
      if (httpStatusOf(err) === 404) return undefined;
      throw awsCallErrorFrom(err, { service: 'S3', operation: 'HeadObject', resource: this.at(key) });
    }
  }

  async put(request: PutObjectRequest): Promise<void> {
    const metadata = { ...request.metadata, [MD5_METADATA_KEY]: request.md5 };
    const common = {
      Bucket: this.bucket,
      Key: request.key,
      ContentType: request.contentType,
      CacheControl: request.cacheControl,
      Metadata: metadata,
    };
    if (request.size < this.multipartThreshold) {
      // Small files (most of a web build) go as one buffer: a stream per file costs more
      // in set-up than it saves in memory. Larger ones stream.
      const Body = request.size <= SMALL_FILE_BYTES ? await readFile(request.filePath) : createReadStream(request.filePath);
      const command = new PutObjectCommand({ ...common, Body, ContentLength: request.size, ContentMD5: Buffer.from(request.md5, 'hex').toString('base64') });
      await this.named('PutObject', this.at(request.key), () => this.client.send(command));
      return;
    }
    // A multipart ETag is not the MD5 of the content, hence the metadata above: the next
    // sync compares against it instead. (lib-storage is loaded only for such files.)
    const { Upload } = await import('@aws-sdk/lib-storage');
    const upload = new Upload({
      client: this.client,
      params: { ...common, Body: createReadStream(request.filePath) },
      partSize: this.partSize,
      queueSize: 4,
      leavePartsOnError: false,
    });
    await this.named('multipart upload', this.at(request.key), () => upload.done());
  }

  async updateMetadata(request: UpdateMetadataRequest): Promise<void> {
    await this.named('CopyObject', this.at(request.key), () => this.client.send(
      new CopyObjectCommand({
        Bucket: this.bucket,
        Key: request.key,
        CopySource: `${this.bucket}/${encodeURIComponent(request.key).replace(/%2F/g, '/')}`,
        MetadataDirective: 'REPLACE',
        ContentType: request.contentType,
        CacheControl: request.cacheControl,
        Metadata: request.metadata,
      }),
    ));
  }

  async deleteMany(keys: string[]): Promise<void> {
    const failures: string[] = [];
    for (let i = 0; i < keys.length; i += DELETE_BATCH_SIZE) {
      const batch = keys.slice(i, i + DELETE_BATCH_SIZE);
      const r = await this.named('DeleteObjects', `${this.location}, ${batch.length} key(s)`, () =>
        this.client.send(new DeleteObjectsCommand({ Bucket: this.bucket, Delete: { Objects: batch.map((Key) => ({ Key })), Quiet: true } })),
      );
      for (const e of r.Errors ?? []) failures.push(`${e.Key}: ${e.Code ?? 'error'} ${e.Message ?? ''}`.trim());
    }
    if (failures.length > 0) {
      throw new DeployError(`Could not delete ${failures.length} object(s) from ${this.location}:\n  ${failures.join('\n  ')}`, {
        hint: 'Check the deploy role may s3:DeleteObject on this bucket, then run the sync again.',
      });
    }
  }

  async read(key: string): Promise<ObjectContent | undefined> {
    try {
      const r = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      const body = Buffer.from(await (r.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray());
      return { key, body, etag: unquote(r.ETag), metadata: lowerKeys(r.Metadata ?? {}) };
    } catch (err) {
      if (httpStatusOf(err) === 404) return undefined;
      throw err;
    }
  }

  async write(request: WriteObjectRequest): Promise<{ etag: string }> {
    const body = Buffer.isBuffer(request.body) ? request.body : Buffer.from(request.body);
    try {
      const r = await this.client.send(
        new PutObjectCommand({
          Bucket: this.bucket,
          Key: request.key,
          Body: body,
          ContentLength: body.length,
          ContentType: request.contentType,
          CacheControl: request.cacheControl,
          Metadata: request.metadata,
          ...(request.ifNoneMatch ? { IfNoneMatch: '*' } : {}),
          ...(request.ifMatch ? { IfMatch: `"${request.ifMatch}"` } : {}),
        }),
      );
      return { etag: unquote(r.ETag) };
    } catch (err) {
      // 412: the condition failed. 409 ConditionalRequestConflict: another conditional write
      // to the key was in flight. Either way someone else got there first.
      const status = httpStatusOf(err);
      if ((request.ifNoneMatch || request.ifMatch) && (status === 412 || status === 409)) {
        throw new PreconditionFailedError(request.key, { cause: err });
      }
      throw err;
    }
  }

  async download(key: string, filePath: string): Promise<{ size: number }> {
    let body: Readable;
    try {
      body = (await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }))).Body as Readable;
    } catch (err) {
      if (httpStatusOf(err) === 404) throw new DeployError(`${this.location}/${key} does not exist.`, { cause: err });
      throw err;
    }
    // Into a side file first: a broken transfer never leaves a plausible-looking partial file.
    const partial = `${filePath}.partial`;
    try {
      await pipeline(body, createWriteStream(partial));
      await rename(partial, filePath);
    } catch (err) {
      await rm(partial, { force: true });
      throw err;
    }
    return { size: (await stat(filePath)).size };
  }

  async presignGet(key: string, expiresInSeconds: number): Promise<string> {
    // The presigner is loaded only by the operations that hand out URLs (releases, previews).
    const { getSignedUrl } = await import('@aws-sdk/s3-request-presigner');
    return getSignedUrl(this.client, new GetObjectCommand({ Bucket: this.bucket, Key: key }), { expiresIn: expiresInSeconds });
  }

  async setTags(key: string, tags: Record<string, string>): Promise<void> {
    await this.client.send(
      new PutObjectTaggingCommand({
        Bucket: this.bucket,
        Key: key,
        Tagging: { TagSet: Object.entries(tags).map(([Key, Value]) => ({ Key, Value })) },
      }),
    );
  }

  async getTags(key: string): Promise<Record<string, string>> {
    const r = await this.client.send(new GetObjectTaggingCommand({ Bucket: this.bucket, Key: key }));
    return Object.fromEntries((r.TagSet ?? []).map((t) => [t.Key ?? '', t.Value ?? '']));
  }

  private at(key: string): string {
    return `${this.location}/${key}`;
  }

  /** Runs one SDK call; a failure (after the SDK's retries) becomes an AwsCallError naming it. */
  private async named<T>(operation: string, resource: string, send: () => Promise<T>): Promise<T> {
    try {
      return await send();
    } catch (err) {
      throw awsCallErrorFrom(err, { service: 'S3', operation, resource });
    }
  }
}

function unquote(etag: string | undefined): string {
  return (etag ?? '').replace(/"/g, '');
}

function lowerKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).map(([k, v]) => [k.toLowerCase(), v]));
}
