import { Field } from '../../components/field';
import { t } from '../../content/content';
import { newKey, type ActivityForm, type BudgetLineForm } from './apd-form';
import { activityTotalCents, formatCents } from './budget-totals';
import { budgetForTotals } from './apd-form';
import { BudgetLineRow } from './budget-line-row';

interface ActivityEditorProps {
  activity: ActivityForm;
  index: number;
  years: number[];
  errors: Record<string, string>;
  onChange: (activity: ActivityForm) => void;
  onRemove: () => void;
}

export function ActivityEditor({ activity, index, years, errors, onChange, onRemove }: ActivityEditorProps) {
  const number = index + 1;
  const path = `activities.${index}`;
  const total = activityTotalCents(budgetForTotals({ name: '', years: '', summary: '', activities: [activity] })[0]);

  function updateLine(l: number, line: BudgetLineForm) {
    onChange({ ...activity, budget: activity.budget.map((old, i) => (i === l ? line : old)) });
  }
  function addLine() {
    const line: BudgetLineForm = {
      key: newKey(),
      year: String(years[0] ?? ''),
      category: '',
      federalSharePercent: '90',
      amount: '',
    };
    onChange({ ...activity, budget: [...activity.budget, line] });
  }

  return (
    <fieldset className="activity">
      <legend>{t('apd-edit.activities.legend', { number })}</legend>
      <Field
        label={t('apd-edit.activities.name')}
        value={activity.name}
        onChange={(e) => onChange({ ...activity, name: e.currentTarget.value })}
        error={errors[`${path}.name`]}
      />
      <Field
        label={t('apd-edit.activities.description')}
        multiline
        rows={3}
        value={activity.description}
        onChange={(e) => onChange({ ...activity, description: e.currentTarget.value })}
        error={errors[`${path}.description`]}
      />
      <h4>{t('apd-edit.budget.heading')}</h4>
      {activity.budget.length === 0 && <p className="muted">{t('apd-edit.budget.empty')}</p>}
      {activity.budget.map((line, l) => (
        <BudgetLineRow
          key={line.key}
          line={line}
          number={l + 1}
          activityNumber={number}
          years={years}
          pathPrefix={`${path}.budget.${l}`}
          errors={errors}
          onChange={(next) => updateLine(l, next)}
          onRemove={() => onChange({ ...activity, budget: activity.budget.filter((_, i) => i !== l) })}
        />
      ))}
      <div className="actions">
        <button type="button" onClick={addLine}>
          {t('apd-edit.budget.add')}
        </button>
        <button type="button" className="danger" onClick={onRemove}>
          {t('apd-edit.activities.remove', { number })}
        </button>
      </div>
      <p className="activity-total">
        {total === null
          ? t('apd-edit.budget.activity-total-incomplete')
          : t('apd-edit.budget.activity-total', { amount: formatCents(total) })}
      </p>
    </fieldset>
  );
}
