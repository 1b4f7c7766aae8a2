import { useMemo, useState } from 'react';
import type { AttributionModel, AttributionResult } from '../../../common/analytics/attribution.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { StatTile } from '../components/StatTile.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { AXIS_STYLE, ExploreChart, type ExploreChartOption, TOOLTIP_STYLE } from './ExploreChart.tsx';
import { formatAmount, formatCompact, formatCredit, seriesColor } from './explore-format.ts';

const MODELS: { model: AttributionModel; label: MessageKey }[] = [
  { model: 'first_touch', label: 'explore.attribution.firstTouch' },
  { model: 'last_touch', label: 'explore.attribution.lastTouch' },
  { model: 'last_non_direct', label: 'explore.attribution.lastNonDirect' },
  { model: 'linear', label: 'explore.attribution.linear' },
  { model: 'position_based', label: 'explore.attribution.positionBased' },
  { model: 'time_decay', label: 'explore.attribution.timeDecay' },
  { model: 'markov', label: 'explore.attribution.markov' },
];
/** Channels in the bar chart; the table lists them all. */
const CHART_CHANNELS = 8;

type Measure = 'conversions' | 'revenue';

/**
 * Attribution: conversions or revenue per channel under each model side by side, as grouped bars for
 * the largest channels and a table of every channel, each cell shaded by its share of the model's total.
 */
export function AttributionResultView({ result }: { result: AttributionResult }) {
  const { t, formatNumber, formatPercent, locale } = useI18n();
  const [measure, setMeasure] = useState<Measure>('conversions');
  // Revenue cells abbreviate large sums so seven models fit side by side; the tooltip has them exactly.
  const format = (n: number) => (measure === 'conversions' ? formatCredit(n, locale) : formatCompact(n, locale));
  const exact = (n: number) => (measure === 'conversions' ? formatCredit(n, locale) : formatAmount(n, locale));
  const total = measure === 'conversions' ? result.totals.conversions : result.totals.revenue;

  const option = useMemo<ExploreChartOption>(() => {
    const channels = result.channels.slice(0, CHART_CHANNELS).reverse();
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 36, bottom: 4, containLabel: true },
      legend: { top: 0, left: 0, type: 'scroll', itemWidth: 12, itemHeight: 8, textStyle: { color: '#5c6678', fontSize: 11 } },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, ...TOOLTIP_STYLE, valueFormatter: (v) => (measure === 'conversions' ? formatCredit(Number(v), locale) : formatAmount(Number(v), locale)) },
      xAxis: { type: 'value', splitNumber: 4, ...AXIS_STYLE, axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatAmount(v, locale) } },
      yAxis: { type: 'category', data: channels.map((c) => c.name), ...AXIS_STYLE, axisLabel: { ...AXIS_STYLE.axisLabel, width: 150, overflow: 'truncate' } },
      series: MODELS.map((m, i) => ({ name: t(m.label), type: 'bar' as const, data: channels.map((c) => c[measure][m.model]), itemStyle: { color: seriesColor(i) }, barMaxWidth: 10, barGap: '15%' })),
    };
  }, [result, measure, locale, t]);

  if (result.totals.conversions === 0) {
    return (
      <div className="card">
        <EmptyState title={t('explore.attribution.noneTitle')} lead={t('explore.attribution.noneLead')} icon="attribution" />
      </div>
    );
  }

  return (
    <div className="explore-answer-body">
      <div className="stat-tiles">
        <StatTile label={t('explore.attribution.conversions')} value={formatNumber(result.totals.conversions)} testId="attribution-conversions" />
        <StatTile label={t('explore.attribution.revenueTotal')} value={formatAmount(result.totals.revenue, locale)} testId="attribution-revenue-total" />
        <StatTile label={t('explore.attribution.channels')} value={formatNumber(result.channels.length)} hint={result.totals.conversionProbability === null ? undefined : t('explore.attribution.probability', { share: formatPercent(result.totals.conversionProbability, { digits: 1 }) })} />
      </div>

      <div className="card">
        <div className="card-head">
          <h2 className="card-title">{t('explore.attribution.compare')}</h2>
          <div className="segmented" role="radiogroup" aria-label={t('explore.attribution.measure')}>
            {(['conversions', 'revenue'] as const).map((m) => (
              <button key={m} type="button" role="radio" aria-checked={measure === m} className={measure === m ? 'is-active' : ''} onClick={() => setMeasure(m)} data-testid={`attribution-measure-${m}`}>
                {m === 'conversions' ? t('explore.attribution.conversions') : t('explore.attribution.revenueTotal')}
              </button>
            ))}
          </div>
        </div>
        <ExploreChart option={option} height={Math.max(260, Math.min(result.channels.length, CHART_CHANNELS) * 64 + 48)} label={t('explore.attribution.chartLabel')} testId="attribution-chart" />
      </div>

      <div className="card">
        <h2 className="card-title">{t('explore.attribution.tableTitle')}</h2>
        <div className="table-wrap">
          <table className="table explore-table attribution-table sticky-first" data-testid="attribution-table">
            <thead>
              <tr>
                <th>{t('explore.attribution.channel')}</th>
                {MODELS.map((m) => (
                  <th key={m.model} className="num">
                    {t(m.label)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.channels.map((c) => (
                <tr key={c.channel} data-testid={`attribution-row-${c.channel}`}>
                  <td className="channel-name" title={c.channel}>
                    {c.name}
                  </td>
                  {MODELS.map((m) => {
                    const v = c[measure][m.model];
                    const share = total > 0 ? Math.max(0, v / total) : 0;
                    return (
                      <td
                        key={m.model}
                        className="num share-shade"
                        style={{ background: `rgba(59, 91, 219, ${(share * 0.5).toFixed(3)})` }}
                        title={[exact(v), formatPercent(share, { digits: 1 }), m.model === 'markov' ? t('explore.attribution.removalTitle', { share: formatPercent(c.removalEffect, { digits: 1 }) }) : ''].filter(Boolean).join(' · ')}
                        data-testid={`attribution-${c.channel}-${m.model}`}
                      >
                        {format(v)}
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td>{t('explore.attribution.total')}</td>
                {MODELS.map((m) => (
                  <td key={m.model} className="num">
                    {format(total)}
                  </td>
                ))}
              </tr>
            </tfoot>
          </table>
        </div>
      </div>
    </div>
  );
}
