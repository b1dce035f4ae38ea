import { t } from '../../content/content';
import { formatCents, overallTotal, type YearTotal } from './budget-totals';

/** A figure, or "Incomplete" where an invalid line would otherwise be counted as $0. */
function Amount({ cents, complete, label }: { cents: number; complete: boolean; label: string }) {
  return (
    <td className={complete ? undefined : 'incomplete'} data-label={label}>
      {complete ? formatCents(cents) : t('apd-edit.totals.incomplete')}
    </td>
  );
}

export function TotalsTable({ rows }: { rows: YearTotal[] }) {
  const overall = overallTotal(rows);
  const complete = overall.totalComplete && overall.sharesComplete;
  const labels = { total: t('apd-edit.totals.total'), federal: t('apd-edit.totals.federal'), state: t('apd-edit.totals.state') };
  return (
    <section aria-labelledby="totals-heading" className="totals">
      <h2 id="totals-heading">{t('apd-edit.totals.heading')}</h2>
      <table className="stack-table">
        <thead>
          <tr>
            <th scope="col">{t('apd-edit.totals.year')}</th>
            <th scope="col">{t('apd-edit.totals.total')}</th>
            <th scope="col">{t('apd-edit.totals.federal')}</th>
            <th scope="col">{t('apd-edit.totals.state')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.year} data-testid={`total-${row.year}`}>
              <th scope="row">{row.year}</th>
              <Amount cents={row.totalCents} complete={row.totalComplete} label={labels.total} />
              <Amount cents={row.federalCents} complete={row.sharesComplete} label={labels.federal} />
              <Amount cents={row.stateCents} complete={row.sharesComplete} label={labels.state} />
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="total-overall">
            <th scope="row">{t('apd-edit.totals.overall')}</th>
            <Amount cents={overall.totalCents} complete={overall.totalComplete} label={labels.total} />
            <Amount cents={overall.federalCents} complete={overall.sharesComplete} label={labels.federal} />
            <Amount cents={overall.stateCents} complete={overall.sharesComplete} label={labels.state} />
          </tr>
        </tfoot>
      </table>
      {!complete && <p className="muted">{t('apd-edit.totals.incomplete-note')}</p>}
    </section>
  );
}
