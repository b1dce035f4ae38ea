import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import type { ApdFile } from '../../api/types';
import { useApp } from '../../app/app-context';
import { Alert } from '../../components/alert';
import { ConfirmDialog } from '../../components/confirm-dialog';
import { errorText } from '../../components/error-text';
import { t } from '../../content/content';
import { ACCEPT, fileProblem, formatFileSize } from './file-checks';
import { saveResponseAsFile } from './save-download';

/** What to say when the API refuses an upload: in the content's words, never the API's. */
function uploadFailureText(caught: unknown): string {
  if (!(caught instanceof ApiError)) return errorText(caught);
  if (caught.kind === 'too-large') return t('files.server-too-large');
  if (caught.kind === 'unsupported-type') return t('files.server-wrong-type');
  if (caught.kind === 'validation') {
    const aboutName = Object.keys(caught.fieldErrors).some((path) => /(^|\.)filename$/.test(path));
    return aboutName ? t('files.server-name-invalid') : t('files.rejected');
  }
  return errorText(caught);
}

export function FilesPanel({ apdId }: { apdId: string }) {
  const { api } = useApp();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<ApdFile[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  // A problem with the chosen file (or none chosen), shown beside the file input.
  const [choiceError, setChoiceError] = useState<string | null>(null);
  const [uploading, setUploading] = useState(false);
  const [downloading, setDownloading] = useState<string | null>(null);
  const [pendingRemove, setPendingRemove] = useState<ApdFile | null>(null);
  const [removing, setRemoving] = useState(false);

  /** Returns false when the list could not be read (its error is then the message shown). */
  const refresh = useCallback(async () => {
    try {
      setFiles(await api.listFiles(apdId));
      return true;
    } catch (caught) {
      setMessage({ kind: 'error', text: errorText(caught) });
      return false;
    }
  }, [api, apdId]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  function refuse(text: string) {
    setChoiceError(text);
    inputRef.current?.focus();
  }

  async function upload(event: FormEvent) {
    event.preventDefault();
    setMessage(null);
    const file = inputRef.current?.files?.[0];
    if (!file) return refuse(t('files.choose-first'));
    const problem = await fileProblem(file);
    if (problem) return refuse(problem);
    setChoiceError(null);
    setUploading(true);
    try {
      const stored = await api.uploadFile(apdId, file);
      if (inputRef.current) inputRef.current.value = '';
      // List it first, then say so: the message never sits beside an empty or stale list.
      if (await refresh()) setMessage({ kind: 'success', text: t('files.uploaded', { name: stored.name }) });
    } catch (caught) {
      setMessage({ kind: 'error', text: uploadFailureText(caught) });
    } finally {
      setUploading(false);
    }
  }

  async function download(file: ApdFile) {
    setDownloading(file.id);
    try {
      await saveResponseAsFile(await api.downloadFile(apdId, file.id), file.name);
    } catch (caught) {
      setMessage({ kind: 'error', text: errorText(caught) });
    } finally {
      setDownloading(null);
    }
  }

  const cancelRemove = useCallback(() => setPendingRemove(null), []);

  async function confirmRemove() {
    if (!pendingRemove) return;
    const { id, name } = pendingRemove;
    setRemoving(true);
    try {
      await api.deleteFile(apdId, id);
      if (await refresh()) setMessage({ kind: 'success', text: t('files.removed', { name }) });
    } catch (caught) {
      const gone = caught instanceof ApiError && caught.kind === 'not-found';
      if (gone) await refresh();
      setMessage({ kind: gone ? 'success' : 'error', text: gone ? t('files.already-removed', { name }) : errorText(caught) });
    } finally {
      setPendingRemove(null);
      setRemoving(false);
    }
  }

  return (
    <section aria-labelledby="files-heading" className="files">
      <h2 id="files-heading">{t('files.heading')}</h2>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <form onSubmit={upload} className="upload" noValidate>
        <div className={`field${choiceError ? ' field-error' : ''}`}>
          <label htmlFor={inputId}>{t('files.choose')}</label>
          <p className="field-help" id={`${inputId}-help`}>
            {t('files.help')}
          </p>
          <input
            id={inputId}
            ref={inputRef}
            type="file"
            name="file"
            accept={ACCEPT}
            aria-invalid={choiceError ? true : undefined}
            aria-describedby={`${inputId}-help${choiceError ? ` ${inputId}-error` : ''}`}
            onChange={() => setChoiceError(null)}
          />
          {choiceError && (
            <p className="field-message" id={`${inputId}-error`}>
              {choiceError}
            </p>
          )}
        </div>
        <button type="submit" disabled={uploading} aria-busy={uploading}>
          {uploading ? t('files.uploading') : t('files.upload')}
        </button>
      </form>
      {files === null && !message && (
        <p className="loading" role="status">
          {t('common.loading')}
        </p>
      )}
      {files?.length === 0 && <p className="muted">{t('files.empty')}</p>}
      {files && files.length > 0 && (
        <table className="file-table stack-table">
          <thead>
            <tr>
              <th scope="col">{t('files.column-name')}</th>
              <th scope="col">{t('files.column-type')}</th>
              <th scope="col">{t('files.column-size')}</th>
              <th scope="col">{t('files.column-actions')}</th>
            </tr>
          </thead>
          <tbody>
            {files.map((file) => (
              <tr key={file.id}>
                <th scope="row">
                  <button
                    type="button"
                    className="link file-name"
                    onClick={() => void download(file)}
                    aria-label={t('files.download', { name: file.name })}
                    disabled={downloading === file.id}
                  >
                    {downloading === file.id ? t('files.downloading') : file.name}
                  </button>
                </th>
                <td data-label={t('files.column-type')}>{file.contentType}</td>
                <td data-label={t('files.column-size')}>{formatFileSize(file.size)}</td>
                <td>
                  <button
                    type="button"
                    className="danger small"
                    aria-label={t('files.remove', { name: file.name })}
                    onClick={() => setPendingRemove(file)}
                  >
                    {t('files.remove-short')}
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {pendingRemove && (
        <ConfirmDialog
          title={t('files.confirm-title')}
          body={t('files.confirm-body', { name: pendingRemove.name })}
          confirmLabel={removing ? t('files.removing') : t('files.confirm-remove')}
          cancelLabel={t('common.cancel')}
          busy={removing}
          onConfirm={() => void confirmRemove()}
          onCancel={cancelRemove}
        />
      )}
    </section>
  );
}
