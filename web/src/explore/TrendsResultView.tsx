import { useMemo } from 'react';
import type { TrendGroup, TrendSeriesResult, TrendsResult } from '../../../common/analytics/trends.ts';
import { type Locale, useI18n } from '../i18n/i18n-context.tsx';
import type { Interval } from '../../../common/analytics/query.ts';
import { relativeChange } from '../journeys/journey-format.ts';
import { AXIS_STYLE, ExploreChart, type ExploreChartOption, TOOLTIP_STYLE } from './ExploreChart.tsx';
import { bucketLabel, formatAmount, seriesColor } from './explore-format.ts';
import type { TrendsDraft } from './explore-queries.ts';
import { seriesLetter } from './TrendsBuilder.tsx';

/** Lines drawn at most; the table below lists every series and group. */
const MAX_LINES = 12;

interface Line {
  key: string;
  name: string;
  series: TrendSeriesResult;
  group: TrendGroup;
  previous: TrendGroup | undefined;
}

/** Every series × group of the answer, with its previous-period twin when compared. */
function lines(result: TrendsResult, none: string): Line[] {
  return result.current.series.flatMap((series) =>
    series.groups.map((group, g) => ({
      key: `${series.index}:${group.group ?? ''}`,
      name: `${seriesLetter(series.index)} · ${series.name}${group.group === null ? '' : ` · ${group.group || none}`}`,
      series,
      group,
      previous: result.previous?.series[series.index]?.groups[g],
    })),
  );
}

/** The current period's bucket labels (a function, so the chart's memo does not read `.current` like a ref). */
function bucketLabels(result: TrendsResult, interval: Interval, timeZone: string, locale: Locale): string[] {
  return result.current.buckets.map((b) => bucketLabel(b, interval, timeZone, locale));
}

/** Trends: a line per series and group, the previous period dashed beside it, and a table of totals. */
export function TrendsResultView({ result, query }: { result: TrendsResult; query: TrendsDraft }) {
  const { t, formatPercent, formatNumber, locale } = useI18n();
  const interval = query.interval ?? 'day';
  const timeZone = query.timeZone ?? 'UTC';
  const all = useMemo(() => lines(result, t('common.none')), [result, t]);
  const value = (v: number | null, metric: TrendSeriesResult['metric']) => (v === null ? t('common.none') : metric === 'sum' || metric === 'average' ? formatAmount(v, locale) : formatNumber(v));

  const option = useMemo<ExploreChartOption>(() => {
    const labels = bucketLabels(result, interval, timeZone, locale);
    const shown = all.slice(0, MAX_LINES);
    const previousName = (name: string) => t('explore.trends.previousOf', { name });
    return {
      animation: false,
      grid: { left: 8, right: 12, top: 36, bottom: 4, containLabel: true },
      legend: { top: 0, left: 0, type: 'scroll', itemWidth: 14, itemHeight: 8, textStyle: { color: '#5c6678', fontSize: 11 } },
      tooltip: { trigger: 'axis', ...TOOLTIP_STYLE, valueFormatter: (v) => (v === null || v === undefined ? '—' : formatAmount(Number(v), locale)) },
      xAxis: { type: 'category', data: labels, boundaryGap: false, ...AXIS_STYLE },
      yAxis: { type: 'value', splitNumber: 4, ...AXIS_STYLE, axisLine: { show: false }, axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatAmount(v, locale) } },
      series: shown.flatMap((line, i) => {
        const color = seriesColor(i);
        const current = { name: line.name, type: 'line' as const, data: line.group.values, symbolSize: 5, showSymbol: labels.length <= 40, lineStyle: { width: 2.5, color }, itemStyle: { color } };
        if (!line.previous) return [current];
        // Compared by bucket index; the previous period may have one bucket more or fewer.
        const previous = labels.map((_, b) => line.previous?.values[b] ?? null);
        return [current, { name: previousName(line.name), type: 'line' as const, data: previous, symbol: 'none', lineStyle: { width: 1.5, type: 'dashed' as const, color, opacity: 0.7 }, itemStyle: { color } }];
      }),
    };
  }, [result, all, interval, timeZone, locale, t]);

  const compared = result.previous !== null;
  return (
    <div className="explore-answer-body">
      <div className="card">
        <h2 className="card-title">{t('explore.trends.chartTitle')}</h2>
        <ExploreChart option={option} height={340} label={t('explore.trends.chartLabel')} testId="trends-chart" />
        {all.length > MAX_LINES && <p className="field-hint">{t('explore.trends.moreLines', { shown: MAX_LINES, total: all.length })}</p>}
      </div>
      <div className="card">
        <h2 className="card-title">{t('explore.trends.totals')}</h2>
        <div className="table-wrap">
          <table className="table explore-table" data-testid="trends-totals">
            <thead>
              <tr>
                <th>{t('explore.trends.series')}</th>
                <th className="num">{t('explore.trends.total')}</th>
                {compared && <th className="num">{t('explore.trends.previous')}</th>}
                {compared && <th className="num">{t('explore.trends.change')}</th>}
              </tr>
            </thead>
            <tbody>
              {all.map((line, i) => {
                const change = line.group.total !== null && line.previous?.total != null ? relativeChange(line.group.total, line.previous.total) : null;
                return (
                  <tr key={line.key} data-testid={`trend-row-${i}`}>
                    <td>
                      <span className="legend-swatch" style={{ background: i < MAX_LINES ? seriesColor(i) : '#ced4da' }} />
                      {line.name}
                    </td>
                    <td className="num" data-testid={`trend-total-${i}`}>
                      {value(line.group.total, line.series.metric)}
                    </td>
                    {compared && <td className="num muted">{value(line.previous?.total ?? null, line.series.metric)}</td>}
                    {compared && <td className={`num ${change === null ? 'muted' : change >= 0 ? 'delta-good' : 'delta-bad'}`}>{change === null ? t('common.none') : `${change >= 0 ? '+' : ''}${formatPercent(change, { digits: 1 })}`}</td>}
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      </div>
    </div>
  );
}
