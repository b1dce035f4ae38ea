import busboy from 'busboy';
import { createHash } from 'node:crypto';
import type { Request } from 'express';
import { Transform, type Readable } from 'node:stream';
import { badRequest, HttpError, payloadTooLarge, unsupportedMediaType } from '../http/errors';
import { fileNameProblem } from './file-name';
import { SNIFF_BYTES, sniffContentType, type AllowedType } from './sniff';

/** 10 MiB: a file of exactly this many bytes is accepted, one byte more is a 413. */
export const MAX_FILE_BYTES = 10 * 1024 * 1024;
/** What the API documentation and the 413 message call the limit. */
export const MAX_FILE_SIZE_TEXT = `10 MB (${MAX_FILE_BYTES.toLocaleString('en-US')} bytes)`;
export const UPLOAD_FIELD = 'file';

export interface ReceivedFile {
  originalName: string;
  contentType: AllowedType;
  size: number;
  sha256: string;
}

/** Stores a stream; the upload route passes a function that writes to the FileStore. */
export type StoreStream = (body: Readable, contentType: AllowedType) => Promise<void>;

const tooLarge = () => payloadTooLarge(`Files may be at most ${MAX_FILE_SIZE_TEXT}.`);
/** A 400 about the multipart body, naming it as the field at fault. */
const badBody = (message: string, path = 'body') => badRequest(message, [{ path, message }]);
const onlyOneFile = () => badBody(`Send exactly one "${UPLOAD_FIELD}" field and nothing else.`);
const ignore = () => undefined;

/**
 * Streams one multipart file field into `store` without buffering it whole: the first bytes
 * decide the type (png, jpeg, gif, pdf), then the rest flows through a SHA-256/size meter.
 *
 * Resolves only when the whole form has been read and the write has finished. Anything wrong
 * (too big, wrong type, bad name, extra parts, a body cut short, a client gone) rejects with a
 * 4xx, and only AFTER the write in progress has been aborted and has settled, so the caller's
 * clean-up of the storage key cannot race a write still landing.
 */
export function receiveUpload(req: Request, store: StoreStream): Promise<ReceivedFile> {
  if (!req.is('multipart/form-data')) return Promise.reject(unsupportedMediaType('Upload files as multipart/form-data with one "file" field.'));
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > MAX_FILE_BYTES + 64 * 1024) return Promise.reject(tooLarge());

  return new Promise<ReceivedFile>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      // preservePath: see the name as sent, so traversal attempts are refused, not silently cut.
      // fileSize is one above the limit: busboy reports 'limit' on reaching it, not on passing it.
      bb = busboy({ headers: req.headers, preservePath: true, defParamCharset: 'utf8', limits: { files: 2, fileSize: MAX_FILE_BYTES + 1, fields: 2, parts: 4, headerPairs: 20 } });
    } catch {
      reject(badBody('The multipart body is malformed (missing boundary?).'));
      return;
    }
    const abortWrite = new AbortController();
    let settled = false;
    let work: Promise<ReceivedFile> | undefined;
    let received: ReceivedFile | undefined;
    let formEnded = false;

    const succeedIfDone = () => {
      if (settled || !received || !formEnded) return;
      settled = true;
      resolve(received);
    };
    const fail = (e: unknown) => {
      if (settled) return;
      settled = true;
      abortWrite.abort(e);
      req.unpipe(bb);
      req.resume(); // drain what is left so the response can be sent
      // Answer once the write has stopped (its own failure is the abort we just caused).
      void (work ?? Promise.resolve()).catch(ignore).then(() => reject(e));
    };

    bb.on('file', (field, stream, info) => {
      // busboy destroys a file stream with "Unexpected end of form" when the body is cut short;
      // that same failure reaches us through busboy's 'error' below, and an 'error' event with no
      // listener would take the whole process down.
      stream.on('error', ignore);
      if (work || settled) {
        stream.resume();
        fail(onlyOneFile());
        return;
      }
      work = handleFile(field, stream, info.filename ?? '', store, abortWrite.signal);
      work.then((file) => {
        received = file;
        succeedIfDone();
      }, fail);
    });
    bb.on('field', () => fail(onlyOneFile()));
    // Limits are one above what we accept, so reaching one means the client sent too much.
    bb.on('partsLimit', () => fail(onlyOneFile()));
    bb.on('fieldsLimit', () => fail(onlyOneFile()));
    bb.on('error', () => fail(badBody('The multipart body is malformed or was cut off.')));
    bb.on('finish', () => {
      formEnded = true;
      if (!work) fail(badBody(`No "${UPLOAD_FIELD}" field in the upload.`, `body.${UPLOAD_FIELD}`));
      else succeedIfDone();
    });
    req.on('aborted', () => fail(badBody('The upload was aborted before the body was complete.')));
    req.on('error', (e) => fail(badBody(`The upload failed: ${(e as NodeJS.ErrnoException).code ?? 'connection error'}.`)));
    req.pipe(bb);
  });
}

async function handleFile(field: string, stream: Readable, filename: string, store: StoreStream, abort: AbortSignal): Promise<ReceivedFile> {
  let meter: Transform | undefined;
  const stop = () => {
    const reason = abort.reason instanceof Error ? abort.reason : new Error('upload aborted');
    meter?.destroy(reason);
    stream.destroy(reason);
  };
  abort.addEventListener('abort', stop, { once: true });
  try {
    if (field !== UPLOAD_FIELD) throw badBody(`The file must be sent in the "${UPLOAD_FIELD}" field.`, `body.${UPLOAD_FIELD}`);
    const nameProblem = fileNameProblem(filename ?? '');
    if (nameProblem) throw badRequest('The file name is not acceptable.', [{ path: `body.${UPLOAD_FIELD}.filename`, message: nameProblem }]);
    const { head, ended } = await readHead(stream, SNIFF_BYTES);
    const contentType = sniffContentType(head);
    if (!contentType) throw unsupportedMediaType('Only PNG, JPEG, GIF and PDF files are accepted (checked by content).');
    if (abort.aborted) throw abort.reason;

    const hash = createHash('sha256');
    let size = 0;
    meter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        size += chunk.length;
        hash.update(chunk);
        done(null, chunk);
      },
    });
    // The store's write owns the meter's errors; this keeps a late one from being unhandled.
    meter.on('error', ignore);
    const piped = meter;
    stream.once('limit', () => piped.destroy(tooLarge()));
    stream.on('error', (e) => piped.destroy(e));
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
  } finally {
    abort.removeEventListener('abort', stop);
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
      stream.off('close', onClose);
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
    // Destroyed without an error (our own abort passes one, but be sure never to wait forever).
    const onClose = () => {
      cleanup();
      reject(stream.errored ?? new Error('The upload stream closed early.'));
    };
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
