import busboy from 'busboy';
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { Transform, type Readable } from 'node:stream';
import { badRequest, HttpError, payloadTooLarge, unsupportedMediaType } from '../http/errors';
import { fileNameProblem } from './file-name';
import { SNIFF_BYTES, sniffContentType, type AllowedType } from './sniff';

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
export const UPLOAD_FIELD = 'file';

export interface ReceivedFile {
  originalName: string;
  contentType: AllowedType;
  size: number;
  sha256: string;
}

/** Stores a stream; the upload route passes a function that writes to the FileStore. */
export type StoreStream = (body: Readable, contentType: AllowedType) => Promise<void>;

const tooLarge = () => payloadTooLarge(`Files may be at most ${MAX_FILE_BYTES / 1024 / 1024} MB.`);

/**
 * Streams one multipart file field into `store` without buffering it whole: the first bytes
 * decide the type (png, jpeg, gif, pdf), then the rest flows through a SHA-256/size meter.
 * Anything wrong (too big, wrong type, bad name, extra parts) rejects with a 4xx and the
 * store's write is aborted, so nothing is kept.
 */
export function receiveUpload(req: Request, store: StoreStream): Promise<ReceivedFile> {
  if (!req.is('multipart/form-data')) return Promise.reject(unsupportedMediaType('Upload files as multipart/form-data with one "file" field.'));
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_FILE_BYTES + 64 * 1024) return Promise.reject(tooLarge());

  return new Promise<ReceivedFile>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      // preservePath: see the name as sent, so traversal attempts are refused, not silently cut.
      bb = busboy({ headers: req.headers, preservePath: true, defParamCharset: 'utf8', limits: { files: 2, fileSize: MAX_FILE_BYTES, fields: 2, parts: 4, headerPairs: 20 } });
    } catch {
      reject(badRequest('The multipart body is malformed (missing boundary?).'));
      return;
    }
    let settled = false;
    let work: Promise<ReceivedFile> | undefined;
    let current: Readable | undefined;
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      // Abort a write in progress: its stream error reaches the store, which discards it.
      // (The no-op listener covers the moment before handleFile has attached its own.)
      current?.on('error', () => undefined).destroy(e instanceof Error ? e : new Error(String(e)));
      req.unpipe(bb);
      req.resume(); // drain what is left so the response can be sent
      reject(e);
    };

    bb.on('file', (field, stream, info) => {
      if (work) {
        // A second file: refuse the whole upload (the first one's write is aborted below).
        stream.resume();
        fail(badRequest(`Send only one "${UPLOAD_FIELD}" field.`));
        return;
      }
      current = stream;
      work = handleFile(field, stream, info.filename ?? '', store);
      work.then(
        (file) => {
          if (!settled) {
            settled = true;
            resolve(file);
          }
        },
        fail,
      );
    });
    bb.on('field', () => fail(badRequest(`Send only one "${UPLOAD_FIELD}" field.`)));
    // Limits are one above what we accept, so reaching one means the client sent too much.
    bb.on('partsLimit', () => fail(badRequest(`Send only one "${UPLOAD_FIELD}" field.`)));
    bb.on('error', () => fail(badRequest('The multipart body is malformed or was cut off.')));
    bb.on('close', () => {
      if (!work) fail(badRequest(`No "${UPLOAD_FIELD}" field in the upload.`));
    });
    req.on('aborted', () => fail(badRequest('The upload was aborted.')));
    req.pipe(bb);
  });
}

async function handleFile(field: string, stream: Readable, filename: string, store: StoreStream): Promise<ReceivedFile> {
  try {
    if (field !== UPLOAD_FIELD) throw badRequest(`The file must be sent in the "${UPLOAD_FIELD}" field.`);
    const nameProblem = fileNameProblem(filename ?? '');
    if (nameProblem) throw badRequest('The file name is not acceptable.', [{ path: `body.${UPLOAD_FIELD}.filename`, message: nameProblem }]);
    const { head, ended } = await readHead(stream, SNIFF_BYTES);
    const contentType = sniffContentType(head);
    if (!contentType) throw unsupportedMediaType('Only PNG, JPEG, GIF and PDF files are accepted (checked by content).');

    const hash = createHash('sha256');
    let size = 0;
    const meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    stream.once('limit', () => meter.destroy(tooLarge()));
    stream.once('error', (e) => meter.destroy(e));
    // Failed while we were reading the head (the upload was refused meanwhile): stop here.
    if (stream.errored) throw stream.errored;
    meter.write(head);
    if (ended) meter.end();
    else stream.pipe(meter);
    await store(meter, contentType);
    if ((stream as Readable & { truncated?: boolean }).truncated) throw tooLarge();
    return { originalName: filename, contentType, size, sha256: hash.digest('hex') };
  } catch (e) {
    stream.resume();
    if (e instanceof HttpError) throw e;
    // A too-large stream surfaces from the store as its own error: report the cause.
    if ((stream as Readable & { truncated?: boolean }).truncated) throw tooLarge();
    throw e;
  }
}

function readHead(stream: Readable, bytes: number): Promise<{ head: Buffer; ended: boolean }> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let length = 0;
    const cleanup = () => {
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      length += chunk.length;
      if (length >= bytes) {
        cleanup();
        stream.pause();
        resolve({ head: Buffer.concat(chunks), ended: false });
      }
    };
    const onEnd = () => {
      cleanup();
      resolve({ head: Buffer.concat(chunks), ended: true });
    };
    const onError = (e: Error) => {
      cleanup();
      reject(e);
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
  });
}
