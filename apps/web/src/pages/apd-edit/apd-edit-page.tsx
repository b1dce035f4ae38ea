import { useCallback, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { ApiError } from '../../api/api-error';
import type { Apd } from '../../api/types';
import { useApp } from '../../app/app-context';
import { Alert } from '../../components/alert';
import { errorText } from '../../components/error-text';
import { Field } from '../../components/field';
import { t } from '../../content/content';
import { Link, navigate } from '../../router/router';
import { ActivityEditor } from './activity-editor';
import { budgetForTotals, emptyForm, formFromApd, newKey, parseYears, validateApdForm, type ApdForm } from './apd-form';
import { totalsByYear } from './budget-totals';
import { FilesPanel } from './files-panel';
import { serverFieldErrors } from './server-field-errors';
import { TotalsTable } from './totals-table';

type Status =
  | { kind: 'loading' }
  | { kind: 'load-error'; message: string }
  | { kind: 'ready' }
  | { kind: 'saving' }
  | { kind: 'conflict' };

/** Create (no id) or edit an APD. Default export: the page is lazy-loaded. */
export default function ApdEditPage({ id }: { id?: string }) {
  const { api, notice, setNotice } = useApp();
  const [apd, setApd] = useState<Apd | null>(null);
  const [form, setForm] = useState<ApdForm>(emptyForm);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [status, setStatus] = useState<Status>(id ? { kind: 'loading' } : { kind: 'ready' });
  const [message, setMessage] = useState<{ kind: 'error' | 'success'; text: string } | null>(null);
  // Bumped by each save attempt: the outcome is then brought to the user (see the effect below).
  const [attempt, setAttempt] = useState(0);
  const formRef = useRef<HTMLFormElement>(null);
  const feedbackRef = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    if (!id) return;
    setStatus({ kind: 'loading' });
    try {
      const loaded = await api.getApd(id);
      setApd(loaded);
      setForm(formFromApd(loaded));
      setErrors({});
      setStatus({ kind: 'ready' });
    } catch (caught) {
      setStatus({ kind: 'load-error', message: errorText(caught) });
    }
  }, [api, id]);

  useEffect(() => {
    void load();
  }, [load]);

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

  const years = useMemo(() => parseYears(form.years).years, [form.years]);
  const totals = useMemo(() => totalsByYear(years, budgetForTotals(form)), [years, form]);

  async function save(event: FormEvent) {
    event.preventDefault();
    const { fields, errors: problems } = validateApdForm(form);
    setErrors(problems);
    setMessage(null);
    setAttempt((n) => n + 1);
    if (!fields) {
      setMessage({ kind: 'error', text: t('errors.validation') });
      return;
    }
    setStatus({ kind: 'saving' });
    try {
      if (apd) {
        const saved = await api.updateApd(apd.id, apd.version, fields);
        setApd(saved);
        setForm(formFromApd(saved));
        setMessage({ kind: 'success', text: t('apd-edit.saved') });
        setAttempt((n) => n + 1);
      } else {
        const created = await api.createApd(fields);
        setNotice(t('apd-edit.created'));
        navigate(`/apds/${encodeURIComponent(created.id)}`, { replace: true });
        return;
      }
      setStatus({ kind: 'ready' });
    } catch (caught) {
      setAttempt((n) => n + 1);
      if (caught instanceof ApiError && caught.kind === 'conflict') {
        setStatus({ kind: 'conflict' });
        return;
      }
      if (caught instanceof ApiError && caught.kind === 'validation') setErrors(serverFieldErrors(caught.fieldErrors));
      setMessage({ kind: 'error', text: errorText(caught) });
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
          <button type="button" onClick={() => void load()}>
            {t('common.retry')}
          </button>
          <Link href="/apds">{t('apd-edit.back')}</Link>
        </div>
      </section>
    );
  }

  const saving = status.kind === 'saving';
  const formError = errors[''];
  return (
    <section className="card">
      <Link href="/apds" className="back">
        {t('apd-edit.back')}
      </Link>
      <h1>{apd ? t('apd-edit.title-edit', { name: apd.name }) : t('apd-edit.title-new')}</h1>
      <div ref={feedbackRef} className="feedback">
        {message && <Alert kind={message.kind}>{message.text}</Alert>}
        {formError && <Alert kind="error">{formError}</Alert>}
        {status.kind === 'conflict' && (
          <Alert kind="error">
            <strong>{t('errors.conflict.title')}</strong> {t('errors.conflict.body')}{' '}
            <button type="button" onClick={() => void load()}>
              {t('errors.conflict.reload')}
            </button>
          </Alert>
        )}
      </div>
      <form ref={formRef} onSubmit={save} noValidate className="apd-form">
        <Field
          label={t('apd-edit.fields.name')}
          help={t('apd-edit.fields.name-help')}
          name="name"
          value={form.name}
          onChange={(e) => setForm({ ...form, name: e.currentTarget.value })}
          error={errors['name']}
        />
        <Field
          label={t('apd-edit.fields.years')}
          help={t('apd-edit.fields.years-help')}
          name="years"
          value={form.years}
          onChange={(e) => setForm({ ...form, years: e.currentTarget.value })}
          error={errors['years']}
        />
        <Field
          label={t('apd-edit.fields.summary')}
          help={t('apd-edit.fields.summary-help')}
          name="summary"
          multiline
          rows={4}
          value={form.summary}
          onChange={(e) => setForm({ ...form, summary: e.currentTarget.value })}
          error={errors['summary']}
        />
        <h2>{t('apd-edit.activities.heading')}</h2>
        {form.activities.length === 0 && <p className="muted">{t('apd-edit.activities.empty')}</p>}
        {form.activities.map((activity, index) => (
          <ActivityEditor
            key={activity.key}
            activity={activity}
            index={index}
            years={years}
            errors={errors}
            onChange={(next) =>
              setForm({ ...form, activities: form.activities.map((old, i) => (i === index ? next : old)) })
            }
            onRemove={() => setForm({ ...form, activities: form.activities.filter((_, i) => i !== index) })}
          />
        ))}
        <button
          type="button"
          onClick={() =>
            setForm({
              ...form,
              activities: [...form.activities, { key: newKey(), name: '', description: '', budget: [] }],
            })
          }
        >
          {t('apd-edit.activities.add')}
        </button>
        <TotalsTable rows={totals} />
        <div className="actions sticky">
          <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
            {saving ? t('common.saving') : apd ? t('apd-edit.save') : t('apd-edit.create')}
          </button>
        </div>
      </form>
      {apd ? <FilesPanel apdId={apd.id} /> : <p className="muted">{t('files.save-first')}</p>}
    </section>
  );
}
