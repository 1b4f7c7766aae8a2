import { useState } from 'react';
import type { AnalyticsSchema } from '../../../common/analytics/api.ts';
import type { FunnelResult, FunnelStepResult } from '../../../common/analytics/funnel.ts';
import { StatTile } from '../components/StatTile.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { FunnelBreakdownTable } from './FunnelBreakdownTable.tsx';
import { FunnelChart } from './FunnelChart.tsx';
import { FunnelCustomersPanel, type FunnelSelection } from './FunnelCustomersPanel.tsx';
import { FunnelTrendChart } from './FunnelTrendChart.tsx';
import { matcherLabel } from './explore-labels.ts';
import type { FunnelDraft } from './explore-queries.ts';
import { TimeToConvertChart } from './TimeToConvertChart.tsx';

/** The last step every converting customer must reach (optional steps may be skipped). */
function lastRequired(steps: FunnelStepResult[]): FunnelStepResult | undefined {
  return [...steps].reverse().find((s) => !s.optional);
}

/**
 * A funnel's answer: headline numbers, the bars, a table of steps whose numbers open the customers
 * behind them, and — when asked — the breakdown, conversion over time and time to convert.
 */
export function FunnelResultView({ result, query, schema }: { result: FunnelResult; query: FunnelDraft; schema: AnalyticsSchema }) {
  const { t, tn, formatNumber, formatPercent } = useI18n();
  const [selection, setSelection] = useState<FunnelSelection | null>(null);
  const anyOrder = query.order === 'any';
  // With "any order", step i means "i of the steps done" (docs/analytics.md#funnels). Otherwise the
  // step's own name, else its matcher in the reader's language (the API's names are English).
  const names = result.steps.map((s) => {
    const step = query.steps[s.index - 1];
    if (anyOrder) return tn('explore.funnel.stepsDone', s.index);
    return step ? (step.name ?? matcherLabel(step, t, schema)) : s.name;
  });
  const last = lastRequired(result.steps);

  const select = (step: number, kind: FunnelSelection['kind'], group?: string) => {
    const name = names[step - 1] ?? '';
    const title = kind === 'converted' ? t('explore.funnel.customersConverted', { step: name }) : t('explore.funnel.customersDropped', { step: name });
    setSelection({ step, kind, group, title: group === undefined ? title : `${title} · ${group}` });
  };

  return (
    <div className="explore-answer-body">
      <div className="stat-tiles">
        <StatTile label={t('explore.funnel.entered')} value={formatNumber(result.customers)} testId="funnel-entered" />
        <StatTile label={t('explore.funnel.completed')} value={formatNumber(last?.count ?? 0)} testId="funnel-completed" />
        <StatTile label={t('explore.funnel.overall')} value={last?.conversionFromFirst != null ? formatPercent(last.conversionFromFirst, { digits: 1 }) : t('common.none')} testId="funnel-conversion" />
      </div>

      <div className="card">
        <h2 className="card-title">{t('explore.funnel.chartTitle')}</h2>
        {result.customers === 0 ? <p className="muted">{t('explore.funnel.nobody')}</p> : <FunnelChart steps={result.steps} names={names} onSelect={select} />}
        <FunnelStepTable steps={result.steps} names={names} onSelect={select} />
      </div>

      {result.breakdown && <FunnelBreakdownTable groups={result.breakdown} names={names} breakdownKey={query.breakdown?.key ?? ''} onSelect={select} />}
      {result.trend && query.trend && <FunnelTrendChart buckets={result.trend} interval={query.trend} timeZone={query.timeZone ?? 'UTC'} />}
      {result.steps.some((s) => s.timeToConvert?.length) && <TimeToConvertChart steps={result.steps} names={names} />}

      {selection && <FunnelCustomersPanel key={`${selection.step}:${selection.kind}:${selection.group ?? ''}`} funnel={query} selection={selection} onClose={() => setSelection(null)} />}
    </div>
  );
}

function FunnelStepTable({ steps, names, onSelect }: { steps: FunnelStepResult[]; names: string[]; onSelect: (step: number, kind: FunnelSelection['kind']) => void }) {
  const { t, formatNumber, formatPercent, formatDuration } = useI18n();
  const pct = (r: number | null) => (r === null ? t('common.none') : formatPercent(r, { digits: 1 }));
  return (
    <div className="table-wrap">
      <table className="table explore-table sticky-first" data-testid="funnel-steps">
        <thead>
          <tr>
            <th>{t('explore.funnel.step')}</th>
            <th className="num">{t('explore.funnel.customers')}</th>
            <th className="num">{t('explore.funnel.fromPrevious')}</th>
            <th className="num">{t('explore.funnel.droppedOff')}</th>
            <th className="num">{t('explore.funnel.fromFirst')}</th>
            <th className="num">{t('explore.funnel.medianTime')}</th>
            <th className="num">{t('explore.funnel.p90Time')}</th>
          </tr>
        </thead>
        <tbody>
          {steps.map((s) => (
            <tr key={s.index} data-testid={`funnel-step-${s.index}`}>
              <td>
                <span className="step-name">
                  <span className={`step-badge${s.optional ? ' is-optional' : ''}`}>{s.index}</span>
                  <span className="step-name-text">{names[s.index - 1]}</span>
                  {s.optional && <span className="pill pill-quiet">{t('explore.funnel.optional')}</span>}
                </span>
              </td>
              <td className="num">
                <button type="button" className="number-button" onClick={() => onSelect(s.index, 'converted')} title={t('explore.funnel.showConverted')} data-testid={`funnel-step-${s.index}-count`}>
                  {formatNumber(s.count)}
                </button>
              </td>
              <td className="num" data-testid={`funnel-step-${s.index}-conversion`}>
                {s.index === 1 ? t('common.none') : pct(s.conversionFromPrevious)}
              </td>
              <td className="num">
                {s.dropOff === null ? (
                  t('common.none')
                ) : (
                  <button type="button" className="number-button is-dropped" onClick={() => onSelect(s.index, 'dropped')} title={t('explore.funnel.showDropped')} data-testid={`funnel-step-${s.index}-dropped`}>
                    {formatNumber(s.dropOff)}
                  </button>
                )}
              </td>
              <td className="num" data-testid={`funnel-step-${s.index}-from-first`}>
                {pct(s.conversionFromFirst)}
              </td>
              <td className="num" data-testid={`funnel-step-${s.index}-median`}>
                {s.medianMsFromPrevious === null ? t('common.none') : formatDuration(s.medianMsFromPrevious)}
              </td>
              <td className="num">{s.p90MsFromPrevious === null ? t('common.none') : formatDuration(s.p90MsFromPrevious)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
