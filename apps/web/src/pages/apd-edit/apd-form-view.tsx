import { useMemo, type FormEvent, type RefObject } from 'react';
import { Field } from '../../components/field';
import { t } from '../../content/content';
import { ActivityEditor } from './activity-editor';
import { budgetForTotals, newKey, parseYears, type ApdForm } from './apd-form';
import { totalsByYear } from './budget-totals';
import { TotalsTable } from './totals-table';

interface ApdFormViewProps {
  form: ApdForm;
  errors: Record<string, string>;
  saving: boolean;
  creating: boolean;
  formRef: RefObject<HTMLFormElement | null>;
  onChange: (form: ApdForm) => void;
  onSubmit: (event: FormEvent) => void;
}

/** The APD's fields, its activities with their budget lines, the live totals and Save. */
export function ApdFormView({ form, errors, saving, creating, formRef, onChange, onSubmit }: ApdFormViewProps) {
  const years = useMemo(() => parseYears(form.years).years, [form.years]);
  const totals = useMemo(() => totalsByYear(years, budgetForTotals(form)), [years, form]);
  return (
    <form ref={formRef} onSubmit={onSubmit} noValidate className="apd-form">
      <Field
        label={t('apd-edit.fields.name')}
        help={t('apd-edit.fields.name-help')}
        name="name"
        value={form.name}
        onChange={(e) => onChange({ ...form, name: e.currentTarget.value })}
        error={errors['name']}
      />
      <Field
        label={t('apd-edit.fields.years')}
        help={t('apd-edit.fields.years-help')}
        name="years"
        value={form.years}
        onChange={(e) => onChange({ ...form, years: e.currentTarget.value })}
        error={errors['years']}
      />
      <Field
        label={t('apd-edit.fields.summary')}
        help={t('apd-edit.fields.summary-help')}
        name="summary"
        multiline
        rows={4}
        value={form.summary}
        onChange={(e) => onChange({ ...form, summary: e.currentTarget.value })}
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
          onChange={(next) => onChange({ ...form, activities: form.activities.map((old, i) => (i === index ? next : old)) })}
          onRemove={() => onChange({ ...form, activities: form.activities.filter((_, i) => i !== index) })}
        />
      ))}
      <button
        type="button"
        onClick={() =>
          onChange({ ...form, activities: [...form.activities, { key: newKey(), name: '', description: '', budget: [] }] })
        }
      >
        {t('apd-edit.activities.add')}
      </button>
      <TotalsTable rows={totals} />
      <div className="actions sticky">
        <button type="submit" className="primary" disabled={saving} aria-busy={saving}>
          {saving ? t('common.saving') : creating ? t('apd-edit.create') : t('apd-edit.save')}
        </button>
      </div>
    </form>
  );
}
