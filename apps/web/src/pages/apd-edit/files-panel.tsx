import { useCallback, useEffect, useId, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import type { ApdFile } from '../../api/types';
import { useApp } from '../../app/app-context';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/error-text';
import { t } from '../../content/content';
import { saveResponseAsFile } from './save-download';

function formatSize(bytes: number): string {
  if (bytes < 1024) return t('files.size-bytes', { size: bytes });
  if (bytes < 1024 * 1024) return t('files.size-kilobytes', { size: (bytes / 1024).toFixed(1) });
  return t('files.size-megabytes', { size: (bytes / 1024 / 1024).toFixed(1) });
}

export function FilesPanel({ apdId }: { apdId: string }) {
  const { api } = useApp();
  const inputId = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [files, setFiles] = useState<ApdFile[] | null>(null);
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  const [uploading, setUploading] = useState(false);
  const [downloading, setDownloading] = useState<string | null>(null);

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

  async function upload(event: FormEvent) {
    event.preventDefault();
    const file = inputRef.current?.files?.[0];
    if (!file) return;
    setUploading(true);
    setMessage(null);
    try {
      const stored = await api.uploadFile(apdId, file);
      if (inputRef.current) inputRef.current.value = '';
      // List it first, then say so: the message never sits beside an empty or stale list.
      if (await refresh()) setMessage({ kind: 'success', text: t('files.uploaded', { name: stored.name }) });
    } catch (caught) {
      // A 400 on upload is about the file itself; the API's sentence says what to change.
      const text =
        caught instanceof ApiError && caught.kind === 'validation'
          ? t('files.rejected', { reason: Object.values(caught.fieldErrors)[0] || caught.message })
          : errorText(caught);
      setMessage({ kind: 'error', text });
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

  return (
    <section aria-labelledby="files-heading" className="files">
      <h2 id="files-heading">{t('files.heading')}</h2>
      {message && <Alert kind={message.kind}>{message.text}</Alert>}
      <form onSubmit={upload} className="upload">
        <div className="field">
          <label htmlFor={inputId}>{t('files.choose')}</label>
          <p className="field-help" id={`${inputId}-help`}>
            {t('files.help')}
          </p>
          <input
            id={inputId}
            ref={inputRef}
            type="file"
            name="file"
            accept="image/png,image/jpeg,image/gif,application/pdf"
            aria-describedby={`${inputId}-help`}
          />
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
        <table className="file-table">
          <thead>
            <tr>
              <th scope="col">{t('files.column-name')}</th>
              <th scope="col">{t('files.column-type')}</th>
              <th scope="col">{t('files.column-size')}</th>
            </tr>
          </thead>
          <tbody>
            {files.map((file) => (
              <tr key={file.id}>
                <th scope="row">
                  <button
                    type="button"
                    className="link"
                    onClick={() => void download(file)}
                    aria-label={t('files.download', { name: file.name })}
                    disabled={downloading === file.id}
                  >
                    {downloading === file.id ? t('files.downloading') : file.name}
                  </button>
                </th>
                <td>{file.contentType}</td>
                <td>{formatSize(file.size)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
