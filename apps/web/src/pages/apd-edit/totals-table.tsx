import { t } from '../../content/content';
import { formatCents, overallTotal, type YearTotal } from './budget-totals';

export function TotalsTable({ rows }: { rows: YearTotal[] }) {
  const overall = overallTotal(rows);
  return (
    <section aria-labelledby="totals-heading" className="totals">
      <h2 id="totals-heading">{t('apd-edit.totals.heading')}</h2>
      <table>
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
              <td>{formatCents(row.totalCents)}</td>
              <td>{formatCents(row.federalCents)}</td>
              <td>{formatCents(row.stateCents)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr data-testid="total-overall">
            <th scope="row">{t('apd-edit.totals.overall')}</th>
            <td>{formatCents(overall.totalCents)}</td>
            <td>{formatCents(overall.federalCents)}</td>
            <td>{formatCents(overall.stateCents)}</td>
          </tr>
        </tfoot>
      </table>
    </section>
  );
}
