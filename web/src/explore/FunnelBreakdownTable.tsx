import type { FunnelBreakdownGroup } from '../../../common/analytics/funnel.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { FunnelSelection } from './FunnelCustomersPanel.tsx';

/**
 * The funnel per breakdown group: customers who entered, then each later step's share of them as a
 * bar in the cell, and the count, which opens that group's customers.
 */
export function FunnelBreakdownTable({ groups, names, breakdownKey, onSelect }: { groups: FunnelBreakdownGroup[]; names: string[]; breakdownKey: string; onSelect: (step: number, kind: FunnelSelection['kind'], group: string) => void }) {
  const { t, formatNumber, formatPercent } = useI18n();
  return (
    <div className="card">
      <h2 className="card-title">{t('explore.breakdownBy', { key: breakdownKey })}</h2>
      <div className="table-wrap">
        <table className="table explore-table sticky-first" data-testid="funnel-breakdown">
          <thead>
            <tr>
              <th>{t('explore.group')}</th>
              {names.map((name, i) => (
                <th key={i} className="num" title={name}>
                  {i + 1}. <span className="th-name">{name}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {groups.map((g) => (
              <tr key={g.value} data-testid={`funnel-group-${g.value}`}>
                <td className="group-name">{g.value}</td>
                {g.steps.map((s) => (
                  <td key={s.index} className="num share-cell">
                    <button type="button" className="number-button" onClick={() => onSelect(s.index, 'converted', g.value)} title={t('explore.funnel.showConverted')}>
                      {formatNumber(s.count)}
                    </button>
                    {s.index > 1 && s.conversionFromFirst !== null && (
                      <span className="share-bar" title={t('explore.funnel.fromFirst')}>
                        <span style={{ width: `${Math.round(s.conversionFromFirst * 100)}%` }} />
                        <em>{formatPercent(s.conversionFromFirst, { digits: 1 })}</em>
                      </span>
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
