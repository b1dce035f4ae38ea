import { DeployError } from '../log/errors';

/**
 * An object store (S3 in our words): what the frontend sync and the releases bucket need and
 * nothing more. Keys are full keys in the bucket; the engines add and strip their prefix.
 */

/** One entry of a listing. */
export interface StoredObject {
  key: string;
  size: number;
  /** The ETag without quotes. For a multipart upload it contains "-" and is not an MD5. */
  etag: string;
  /** Milliseconds since the epoch. */
  lastModified: number;
}

/** What a HEAD returns that a listing does not. */
export interface ObjectDetails extends StoredObject {
  contentType?: string;
  cacheControl?: string;
  /** User metadata (x-amz-meta-*), keys lower-case. */
  metadata: Record<string, string>;
}

export interface PutObjectRequest {
  key: string;
  /** Local file streamed as the body. */
  filePath: string;
  size: number;
  /** MD5 of the content as 32 hex digits: sent for integrity and stored as metadata. */
  md5: string;
  contentType: string;
  cacheControl: string;
  /** Extra user metadata. */
  metadata?: Record<string, string>;
}

/** Rewrites an object's metadata in place (same content). */
export interface UpdateMetadataRequest {
  key: string;
  contentType?: string;
  cacheControl?: string;
  metadata: Record<string, string>;
}

/** The user-metadata name under which the MD5 of the content is stored. */
export const MD5_METADATA_KEY = 'content-md5-hex';

/** A small object read whole: a release manifest, a history record, a lock. */
export interface ObjectContent {
  key: string;
  body: Buffer;
  /** The ETag without quotes: what `ifMatch` compares against. */
  etag: string;
  metadata: Record<string, string>;
}

/** Writes a small object from memory, optionally only under a condition. */
export interface WriteObjectRequest {
  key: string;
  body: Buffer | string;
  contentType: string;
  cacheControl?: string;
  metadata?: Record<string, string>;
  /** Only when no object has this key (S3 `If-None-Match: *`); PreconditionFailedError otherwise. */
  ifNoneMatch?: boolean;
  /** Only when the object's ETag is still this one (S3 `If-Match`); PreconditionFailedError otherwise. */
  ifMatch?: string;
}

/**
 * A conditional write lost: the key exists (ifNoneMatch) or changed since it was read (ifMatch).
 * What makes a lock or an append-only record safe when two deploys race.
 */
export class PreconditionFailedError extends DeployError {
  constructor(readonly key: string, options: { cause?: unknown } = {}) {
    super(`${key} exists or changed since it was read (a concurrent writer won)`, options);
    this.name = 'PreconditionFailedError';
  }
}

export interface ObjectStore {
  /** Where this store points, for messages: "s3://bucket". */
  readonly location: string;
  /** Resolves when the bucket exists and is reachable; throws a DeployError naming it otherwise. */
  checkBucket(): Promise<void>;
  /** Every object under `prefix`, all pages. */
  list(prefix: string): Promise<StoredObject[]>;
  /** The object's details, or undefined when it does not exist. */
  head(key: string): Promise<ObjectDetails | undefined>;
  /** Uploads a file (multipart when large; the MD5 is stored in metadata either way). */
  put(request: PutObjectRequest): Promise<void>;
  updateMetadata(request: UpdateMetadataRequest): Promise<void>;
  /** Deletes keys in batches; throws when any key could not be deleted. */
  deleteMany(keys: string[]): Promise<void>;
  /** The whole object, or undefined when it does not exist. For small objects only. */
  read(key: string): Promise<ObjectContent | undefined>;
  /** Writes a small object; honours `ifNoneMatch` / `ifMatch` atomically. Returns the new ETag. */
  write(request: WriteObjectRequest): Promise<{ etag: string }>;
  /** Streams the object into a local file (created or replaced); throws when it does not exist. */
  download(key: string, filePath: string): Promise<{ size: number }>;
  /** A URL anyone holding it may GET the object with until it expires (SigV4 query signing). */
  presignGet(key: string, expiresInSeconds: number): Promise<string>;
  /** Replaces the object's tags (what bucket lifecycle rules select on). */
  setTags(key: string, tags: Record<string, string>): Promise<void>;
  getTags(key: string): Promise<Record<string, string>>;
}
