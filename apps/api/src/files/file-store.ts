import type { Readable } from 'node:stream';

/** Where uploaded bytes live. Keys are ours ("apds/<apd>/<file>"), never derived from user input. */
export interface FileStore {
  /** Streams `body` to `key`; rejects (and leaves nothing behind) if the stream errors. */
  put(key: string, body: Readable, contentType: string): Promise<void>;
  /** Streams the object back; rejects with FileNotFoundError when it is missing. */
  get(key: string): Promise<Readable>;
  /** Removes the object; missing objects are not an error. */
  delete(key: string): Promise<void>;
  /**
   * Removes what interrupted writes left behind (a process killed mid-upload); run at start-up.
   * Resolves with how many were removed. Stores that leave nothing behind do not implement it.
   */
  sweepAbandonedWrites?(): Promise<number>;
}

export class FileNotFoundError extends Error {
  constructor(key: string) {
    super(`No stored file with key ${key}`);
    this.name = 'FileNotFoundError';
  }
}

const KEY = /^[a-z0-9][a-z0-9/_-]*$/;

/** Defence in depth: keys are generated, but refuse anything that could escape a folder. */
export function assertSafeKey(key: string): void {
  if (!KEY.test(key) || key.includes('//') || key.split('/').some((part) => part === '' || part === '.' || part === '..')) {
    throw new Error(`Unsafe storage key: ${JSON.stringify(key)}`);
  }
}
