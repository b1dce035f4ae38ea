import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import type { Apd } from '../../api/types';
import { useApp } from '../../app/app-context';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/error-text';
import { t } from '../../content/content';
import { LeaveDialog } from '../../router/leave-guard';
import { Link, navigate } from '../../router/router';
import { draftStore, type Draft } from '../../session/draft-store';
import { emptyForm, formFromApd, validateApdForm, type ApdForm } from './apd-form';
import { ApdFormView } from './apd-form-view';
import { FilesPanel } from './files-panel';
import { currentErrors, pinServerErrors, type PinnedError } from './live-errors';
import { serverFieldErrors } from './server-field-errors';
import { formSnapshot, useUnsavedWork } from './unsaved-work';

type Status =
  | { kind: 'loading' }
  | { kind: 'load-error'; message: string; retry: boolean }
  | { kind: 'ready' }
  | { kind: 'saving' }
  | { kind: 'conflict' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Create (no id) or edit an APD. Default export: the page is lazy-loaded. */
export default function ApdEditPage({ id }: { id?: string }) {
  const { api, session, notice, setNotice } = useApp();
  const path = id ? `/apds/${encodeURIComponent(id)}` : '/apds/new';
  const [apd, setApd] = useState<Apd | null>(null);
  const [form, setForm] = useState<ApdForm>(emptyForm);
  // What was last loaded or saved: the form differs from it when there is unsaved work.
  const [saved, setSaved] = useState(() => formSnapshot(form));
  // The form's own checks run live once a save was tried; API messages stay until edited.
  const [checked, setChecked] = useState(false);
  const [serverErrors, setServerErrors] = useState<Record<string, PinnedError>>({});
  const [status, setStatus] = useState<Status>(() =>
    id && !UUID.test(id) ? { kind: 'load-error', message: t('apd-edit.not-found'), retry: false } : id ? { kind: 'loading' } : { kind: 'ready' },
  );
  const [message, setMessage] = useState<{ kind: 'error' | 'success' | 'info'; text: string } | null>(null);
  // Bumped by each save attempt: the outcome is then brought to the user (see the effect below).
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const feedbackRef = useRef<HTMLDivElement>(null);
  const { guard } = useUnsavedWork({ form, saved, path, baseVersion: apd?.version ?? null });
  const errors = useMemo(() => currentErrors(form, checked, serverErrors), [form, checked, serverErrors]);

  // The draft kept when the session ended, taken from storage once per page (effects may run twice).
  const draftRef = useRef<Draft<ApdForm> | undefined | null>(null);

  /** Shows `loaded`, or (once) the unsaved draft of it that was kept when the session ended. */
  const show = useCallback(
    (loaded: Apd | null) => {
      const base = loaded ? formFromApd(loaded) : emptyForm();
      if (draftRef.current === null) draftRef.current = session ? draftStore.take<ApdForm>(path, session.user.id) : undefined;
      const draft = draftRef.current;
      setApd(loaded && draft?.baseVersion ? { ...loaded, version: draft.baseVersion } : loaded);
      setForm(draft?.form ?? base);
      setSaved(formSnapshot(base));
      setServerErrors({});
      setChecked(false);
      if (draft) setMessage({ kind: 'info', text: t('apd-edit.draft-restored') });
    },
    [path, session],
  );

  const load = useCallback(async (discardDraft = false) => {
    if (!id || !UUID.test(id)) return;
    if (discardDraft) draftRef.current = undefined;
    setStatus({ kind: 'loading' });
    try {
      show(await api.getApd(id));
      setStatus({ kind: 'ready' });
    } catch (caught) {
      const missing = caught instanceof ApiError && (caught.kind === 'not-found' || caught.kind === 'validation');
      const text = caught instanceof ApiError && caught.kind === 'validation' ? t('apd-edit.not-found') : errorText(caught);
      setStatus({ kind: 'load-error', message: text, retry: !missing });
    }
  }, [api, id, show]);

  useEffect(() => {
    if (id) void load();
    else show(null);
  }, [id, load, show]);

  // A notice from the create step ("APD created") is shown once, here.
  useEffect(() => {
    if (notice && id) {
      setMessage({ kind: 'success', text: notice });
      setNotice(null);
    }
  }, [notice, id, setNotice]);

  // The Save button sits at the bottom of a long form, the messages at the top: after a save,
  // focus the first field that needs attention (which scrolls to it), else show the message.
  useEffect(() => {
    if (attempt === 0 || status.kind === 'saving') return;
    const invalid = formRef.current?.querySelector<HTMLElement>('[aria-invalid="true"]');
    if (invalid) invalid.focus();
    else feedbackRef.current?.scrollIntoView?.({ block: 'nearest' });
  }, [attempt, status.kind]);

  async function save(event: FormEvent) {
    event.preventDefault();
    const { fields } = validateApdForm(form);
    setChecked(true);
    setServerErrors({});
    setMessage(null);
    setAttempt((n) => n + 1);
    if (!fields) return;
    setStatus({ kind: 'saving' });
    try {
      if (apd) {
        const stored = await api.updateApd(apd.id, apd.version, fields);
        draftRef.current = undefined; // saved: a later reload shows what is stored
        setApd(stored);
        setForm(formFromApd(stored));
        setSaved(formSnapshot(formFromApd(stored)));
        setChecked(false);
        setMessage({ kind: 'success', text: t('apd-edit.saved') });
        setAttempt((n) => n + 1);
      } else {
        const created = await api.createApd(fields);
        setNotice(created.activities.length > 0 ? t('apd-edit.created') : t('apd-edit.created-no-activities'));
        navigate(`/apds/${encodeURIComponent(created.id)}`, { replace: true, force: true });
        return;
      }
      setStatus({ kind: 'ready' });
    } catch (caught) {
      setAttempt((n) => n + 1);
      if (caught instanceof ApiError && caught.kind === 'conflict') {
        setStatus({ kind: 'conflict' });
        return;
      }
      if (caught instanceof ApiError && caught.kind === 'validation') {
        setServerErrors(pinServerErrors(form, serverFieldErrors(caught.fieldErrors)));
      } else {
        setMessage({ kind: 'error', text: errorText(caught) });
      }
      setStatus({ kind: 'ready' });
    }
  }

  if (status.kind === 'loading') {
    return (
      <p className="loading" role="status">
        {t('common.loading')}
      </p>
    );
  }
  if (status.kind === 'load-error') {
    return (
      <section className="card">
        <Alert kind="error">{status.message}</Alert>
        <div className="actions">
          {status.retry && (
            <button type="button" onClick={() => void load()}>
              {t('common.retry')}
            </button>
          )}
          <Link href="/apds">{t('apd-edit.back')}</Link>
        </div>
      </section>
    );
  }

  const { '': formError, ...fieldErrors } = errors;
  const needsAttention = Object.keys(fieldErrors).length > 0;
  return (
    <section className="card">
      <Link href="/apds" className="back">
        {t('apd-edit.back')}
      </Link>
      <h1>{apd ? t('apd-edit.title-edit', { name: apd.name }) : t('apd-edit.title-new')}</h1>
      <div ref={feedbackRef} className="feedback">
        {message && <Alert kind={message.kind}>{message.text}</Alert>}
        {needsAttention && <Alert kind="error">{t('errors.validation')}</Alert>}
        {formError && <Alert kind="error">{formError}</Alert>}
        {status.kind === 'conflict' && (
          <Alert kind="error">
            <strong>{t('errors.conflict.title')}</strong> {t('errors.conflict.body')}{' '}
            <button type="button" onClick={() => void load(true)}>
              {t('errors.conflict.reload')}
            </button>
          </Alert>
        )}
      </div>
      <ApdFormView
        form={form}
        errors={errors}
        saving={status.kind === 'saving'}
        creating={!apd}
        formRef={formRef}
        onChange={setForm}
        onSubmit={save}
      />
      {apd ? <FilesPanel apdId={apd.id} /> : <p className="muted">{t('files.save-first')}</p>}
      <LeaveDialog guard={guard} />
    </section>
  );
}
