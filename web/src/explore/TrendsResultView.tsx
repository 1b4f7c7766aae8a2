import { useMemo } from 'react';
import type { AnalyticsSchema } from '../../../common/analytics/api.ts';
import type { TrendGroup, TrendSeriesResult, TrendsResult } from '../../../common/analytics/trends.ts';
import { type I18n, type Locale, useI18n } from '../i18n/i18n-context.tsx';
import type { Interval } from '../../../common/analytics/query.ts';
import { relativeChange } from '../journeys/journey-format.ts';
import { AXIS_STYLE, ExploreChart, type ExploreChartOption, TOOLTIP_STYLE } from './ExploreChart.tsx';
import { bucketLabel, formatAmount, seriesColor } from './explore-format.ts';
import { matcherLabel } from './explore-labels.ts';
import type { TrendsDraft } from './explore-queries.ts';
import { seriesLetter } from './TrendsBuilder.tsx';

/** Lines drawn at most; the table below lists every series and group. */
const MAX_LINES = 12;
/** Above this many lines the legend is left out: the table below names every colour. */
const MAX_LEGEND = 6;

interface Line {
  key: string;
  name: string;
  series: TrendSeriesResult;
  group: TrendGroup;
  previous: TrendGroup | undefined;
}

/** A series' name in the reader's language: its own name, else what it measures of which events. */
function seriesName(s: TrendsDraft['series'][number] | undefined, fallback: string, t: I18n['t'], schema: AnalyticsSchema): string {
  if (!s) return fallback;
  if (s.name) return s.name;
  const what = matcherLabel(s.matcher, t, schema);
  const property = (s.property ?? '').replace(/^properties\./, '');
  if (s.metric === 'customers') return t('explore.trends.customersOf', { what });
  if (s.metric === 'sum') return t('explore.trends.sumOf', { property, what });
  if (s.metric === 'average') return t('explore.trends.averageOf', { property, what });
  return what;
}

/** Every series × group of the answer, with its previous-period twin when compared. */
function lines(result: TrendsResult, query: TrendsDraft, t: I18n['t'], schema: AnalyticsSchema): Line[] {
  return result.current.series.flatMap((series) =>
    series.groups.map((group, g) => ({
      key: `${series.index}:${group.group ?? ''}`,
      name: `${seriesLetter(series.index)} · ${seriesName(query.series[series.index], series.name, t, schema)}${group.group === null ? '' : ` · ${group.group || t('common.none')}`}`,
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
export function TrendsResultView({ result, query, schema }: { result: TrendsResult; query: TrendsDraft; schema: AnalyticsSchema }) {
  const { t, formatPercent, formatNumber, locale } = useI18n();
  const interval = query.interval ?? 'day';
  const timeZone = query.timeZone ?? 'UTC';
  const all = useMemo(() => lines(result, query, t, schema), [result, query, t, schema]);
  const value = (v: number | null, metric: TrendSeriesResult['metric']) => (v === null ? t('common.none') : metric === 'sum' || metric === 'average' ? formatAmount(v, locale) : formatNumber(v));

  const option = useMemo<ExploreChartOption>(() => {
    const labels = bucketLabels(result, interval, timeZone, locale);
    const shown = all.slice(0, MAX_LINES);
    const previousName = (name: string) => t('explore.trends.previousOf', { name });
    // Sums and averages (money) and counts of events or customers differ by orders of magnitude:
    // when a chart has both, the counts get their own axis on the right.
    const isAmount = (line: Line) => line.series.metric === 'sum' || line.series.metric === 'average';
    const twoAxes = shown.some(isAmount) && !shown.every(isAmount);
    const axis = (right: boolean) => ({ type: 'value' as const, splitNumber: 4, ...AXIS_STYLE, axisLine: { show: false }, ...(right ? { splitLine: { show: false } } : {}), axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatAmount(v, locale) } });
    return {
      animation: false,
      grid: { left: 8, right: 12, top: shown.length <= MAX_LEGEND ? 36 : 12, bottom: 4, containLabel: true },
      legend: { show: shown.length <= MAX_LEGEND, data: shown.map((l) => l.name), top: 0, left: 0, type: 'scroll', itemWidth: 14, itemHeight: 8, textStyle: { color: '#5c6678', fontSize: 11 } },
      tooltip: { trigger: 'axis', ...TOOLTIP_STYLE, valueFormatter: (v) => (v === null || v === undefined ? '—' : formatAmount(Number(v), locale)) },
      xAxis: { type: 'category', data: labels, boundaryGap: false, ...AXIS_STYLE },
      yAxis: twoAxes ? [axis(false), axis(true)] : axis(false),
      series: shown.flatMap((line, i) => {
        const color = seriesColor(i);
        const yAxisIndex = twoAxes && !isAmount(line) ? 1 : 0;
        const current = { name: line.name, type: 'line' as const, yAxisIndex, data: line.group.values, symbolSize: 5, showSymbol: labels.length <= 40, lineStyle: { width: 2.5, color }, itemStyle: { color } };
        if (!line.previous) return [current];
        // Compared by bucket index; the previous period may have one bucket more or fewer.
        const previous = labels.map((_, b) => line.previous?.values[b] ?? null);
        return [current, { name: previousName(line.name), type: 'line' as const, yAxisIndex, data: previous, symbol: 'none', lineStyle: { width: 1.5, type: 'dashed' as const, color, opacity: 0.7 }, itemStyle: { color } }];
      }),
    };
  }, [result, all, interval, timeZone, locale, t]);

  const compared = result.previous !== null;
  return (
    <div className="explore-answer-body">
      <div className="card">
        <h2 className="card-title">{t('explore.trends.chartTitle')}</h2>
        <ExploreChart option={option} height={340} label={t('explore.trends.chartLabel')} testId="trends-chart" />
        {result.previous && <p className="field-hint">{t('explore.trends.dashedNote')}</p>}
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
