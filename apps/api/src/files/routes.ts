import { randomUUID } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { AppDeps } from '../app-deps';
import { loadAccessibleApd } from '../apds/load-apd';
import { apdIdParamsSchema } from '../apds/schemas';
import { err, INVALID, NOT_FOUND, UNAUTHENTICATED } from '../http/common-schemas';
import { notFound } from '../http/errors';
import { defineRoute, type Route } from '../http/route';
import { contentDisposition } from './file-name';
import { FileNotFoundError } from './file-store';
import { deleteFile, findFile, insertFile, listFiles, type FileRow } from './files-repo';
import { MAX_FILE_SIZE_TEXT, receiveUpload, UPLOAD_FIELD } from './receive-upload';
import { fileListSchema, fileParamsSchema, fileSchema } from './schemas';

const tag = 'files';
const FOREIGN_KEY_VIOLATION = '23503';

const toFileDto = (f: FileRow) => ({
  id: f.id,
  apdId: f.apdId,
  name: f.originalName,
  contentType: f.contentType,
  size: f.size,
  sha256: f.sha256,
  createdAt: f.createdAt.toISOString(),
  url: `/api/apds/${f.apdId}/files/${f.id}`,
});

export function fileRoutes(deps: AppDeps): Route[] {
  return [
    defineRoute(
      {
        method: 'post', path: '/apds/:id/files', operationId: 'uploadFile', tag, auth: true,
        summary: `Attach a file (PNG, JPEG, GIF or PDF, at most ${MAX_FILE_SIZE_TEXT})`,
        params: apdIdParamsSchema,
        multipart: { fieldName: UPLOAD_FIELD, description: 'The file. Its type is decided by its content, not its name.' },
        responses: {
          201: { description: 'Stored.', schema: fileSchema },
          400: INVALID, 401: UNAUTHENTICATED, 404: NOT_FOUND,
          413: err(`Larger than ${MAX_FILE_SIZE_TEXT}.`),
          415: err('Not multipart, or the content is not PNG, JPEG, GIF or PDF.'),
        },
      },
      async ({ req, res, params, user }) => {
        const apd = await loadAccessibleApd(deps.db, user, params.id);
        const id = randomUUID();
        const storageKey = `apds/${apd.id}/${id}`;
        let received;
        try {
          received = await receiveUpload(req, (body, contentType) => deps.fileStore.put(storageKey, body, contentType));
        } catch (e) {
          // Whatever went wrong, and however far the write got, keep nothing.
          await deps.fileStore.delete(storageKey).catch(() => undefined);
          throw e;
        }
        try {
          const file = await insertFile(deps.db, {
            id, apdId: apd.id, storageKey, originalName: received.originalName, contentType: received.contentType,
            size: received.size, sha256: received.sha256, uploadedBy: user.id, createdAt: deps.clock(),
          });
          res.status(201).location(toFileDto(file).url).json(toFileDto(file));
        } catch (e) {
          // No row means nobody can reach the object: remove it rather than leak storage.
          await deps.fileStore.delete(storageKey).catch(() => undefined);
          // The APD was deleted while the file was streaming in: its row is gone (foreign key).
          if ((e as { code?: unknown }).code === FOREIGN_KEY_VIOLATION) throw notFound('No APD with this id: it was deleted while the file was uploading.');
          throw e;
        }
      },
    ),
    defineRoute(
      {
        method: 'get', path: '/apds/:id/files', operationId: 'listFiles', tag, auth: true,
        summary: 'Files attached to an APD',
        params: apdIdParamsSchema,
        responses: { 200: { description: 'The files, oldest first.', schema: fileListSchema }, 400: INVALID, 401: UNAUTHENTICATED, 404: NOT_FOUND },
      },
      async ({ res, params, user }) => {
        const apd = await loadAccessibleApd(deps.db, user, params.id);
        res.json({ items: (await listFiles(deps.db, apd.id)).map(toFileDto) });
      },
    ),
    defineRoute(
      {
        method: 'get', path: '/apds/:id/files/:fileId', operationId: 'downloadFile', tag, auth: true,
        summary: 'Download a file (streamed, with its stored content type)',
        params: fileParamsSchema,
        responses: {
          200: { description: 'The bytes, as an attachment.', contentType: 'application/octet-stream' },
          400: INVALID, 401: UNAUTHENTICATED, 404: NOT_FOUND,
        },
      },
      async ({ res, params, user }) => {
        const apd = await loadAccessibleApd(deps.db, user, params.id);
        const file = await findFile(deps.db, apd.id, params.fileId);
        if (!file) throw notFound('No file with this id on this APD.');
        let body;
        try {
          body = await deps.fileStore.get(file.storageKey);
        } catch (e) {
          if (e instanceof FileNotFoundError) throw notFound('The file\'s bytes are missing from storage.');
          throw e;
        }
        res.status(200);
        res.set({
          'Content-Type': file.contentType,
          'Content-Length': String(file.size),
          'Content-Disposition': contentDisposition(file.originalName),
          'Cache-Control': 'private, no-store',
          'Content-Security-Policy': "default-src 'none'; sandbox",
        });
        await pipeline(body, res);
      },
    ),
    defineRoute(
      {
        method: 'delete', path: '/apds/:id/files/:fileId', operationId: 'deleteFile', tag, auth: true,
        summary: 'Remove a file from an APD (its stored bytes and its record)',
        params: fileParamsSchema,
        responses: {
          204: { description: 'Removed: the file no longer appears in the list and its bytes are gone.' },
          400: INVALID, 401: UNAUTHENTICATED,
          404: err('No such APD or file, the file belongs to another APD, or the APD belongs to another state.'),
        },
      },
      async ({ res, params, user }) => {
        const apd = await loadAccessibleApd(deps.db, user, params.id);
        const removed = await deleteFile(deps.db, apd.id, params.fileId, (key) => deps.fileStore.delete(key));
        if (!removed) throw notFound('No file with this id on this APD.');
        res.status(204).end();
      },
    ),
  ];
}
