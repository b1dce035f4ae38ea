import { useId } from 'react';
import { Field } from '../../components/field';
import { t } from '../../content/content';
import type { BudgetLineForm } from './apd-form';

interface BudgetLineRowProps {
  line: BudgetLineForm;
  number: number;
  activityNumber: number;
  years: number[];
  pathPrefix: string;
  errors: Record<string, string>;
  onChange: (line: BudgetLineForm) => void;
  onRemove: () => void;
}

export function BudgetLineRow({ line, number, activityNumber, years, pathPrefix, errors, onChange, onRemove }: BudgetLineRowProps) {
  const yearId = useId();
  const yearError = errors[`${pathPrefix}.year`];
  const yearOptions = years.includes(Number(line.year)) || !line.year ? years : [Number(line.year), ...years];
  return (
    <div className="budget-line" role="group" aria-label={t('apd-edit.budget.line', { activity: activityNumber, number })}>
      <div className={`field${yearError ? ' field-error' : ''}`}>
        <label htmlFor={yearId}>{t('apd-edit.budget.year')}</label>
        <select
          id={yearId}
          value={line.year}
          aria-invalid={yearError ? true : undefined}
          aria-describedby={yearError ? `${yearId}-error` : undefined}
          onChange={(e) => onChange({ ...line, year: e.currentTarget.value })}
        >
          {yearOptions.map((year) => (
            <option key={year} value={String(year)}>
              {year}
            </option>
          ))}
        </select>
        {yearError && (
          <p className="field-message" id={`${yearId}-error`}>
            {yearError}
          </p>
        )}
      </div>
      <Field
        label={t('apd-edit.budget.category')}
        value={line.category}
        onChange={(e) => onChange({ ...line, category: e.currentTarget.value })}
        error={errors[`${pathPrefix}.category`]}
      />
      <Field
        label={t('apd-edit.budget.federal-share')}
        inputMode="decimal"
        value={line.federalSharePercent}
        onChange={(e) => onChange({ ...line, federalSharePercent: e.currentTarget.value })}
        error={errors[`${pathPrefix}.federalSharePercent`]}
      />
      <Field
        label={t('apd-edit.budget.amount')}
        inputMode="decimal"
        value={line.amount}
        onChange={(e) => onChange({ ...line, amount: e.currentTarget.value })}
        error={errors[`${pathPrefix}.amountCents`]}
      />
      <button type="button" className="danger small" onClick={onRemove}>
        {t('apd-edit.budget.remove', { number })}
      </button>
    </div>
  );
}
