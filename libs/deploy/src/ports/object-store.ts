/**
 * An object store (S3 in our words): what the frontend sync needs and nothing more.
 * Keys are full keys in the bucket; the sync engine adds and strips its prefix itself.
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
}
