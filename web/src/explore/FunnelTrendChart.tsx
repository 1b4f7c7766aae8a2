import { useMemo } from 'react';
import type { FunnelTrendBucket } from '../../../common/analytics/funnel.ts';
import type { Interval } from '../../../common/analytics/query.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { AXIS_STYLE, escapeHtml, ExploreChart, type ExploreChartOption, TOOLTIP_STYLE } from './ExploreChart.tsx';
import { bucketLabel } from './explore-format.ts';

/** Conversion over time: the share of each bucket's entrants who completed the funnel, over their number. */
export function FunnelTrendChart({ buckets, interval, timeZone }: { buckets: FunnelTrendBucket[]; interval: Interval; timeZone: string }) {
  const { t, formatNumber, formatPercent, locale } = useI18n();
  const option = useMemo<ExploreChartOption>(() => {
    const labels = buckets.map((b) => bucketLabel(b.bucketStart, interval, timeZone, locale));
    return {
      animation: false,
      grid: { left: 8, right: 8, top: 32, bottom: 4, containLabel: true },
      legend: { top: 0, left: 0, type: 'scroll', itemWidth: 14, itemHeight: 8, textStyle: { color: '#5c6678', fontSize: 12 } },
      tooltip: {
        trigger: 'axis',
        ...TOOLTIP_STYLE,
        formatter: (params) => {
          const first = Array.isArray(params) ? params[0] : params;
          const i = first?.dataIndex ?? 0;
          const b = buckets[i];
          if (!b) return '';
          return [
            `<strong>${escapeHtml(labels[i] ?? '')}</strong>`,
            escapeHtml(t('explore.funnel.tipEntered', { count: formatNumber(b.entered) })),
            escapeHtml(t('explore.funnel.tipConverted', { count: formatNumber(b.converted) })),
            b.conversion === null ? '' : `<strong>${escapeHtml(formatPercent(b.conversion, { digits: 1 }))}</strong>`,
          ].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: labels, ...AXIS_STYLE },
      yAxis: [
        { type: 'value', min: 0, max: 1, interval: 0.25, ...AXIS_STYLE, axisLine: { show: false }, axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatPercent(v) } },
        { type: 'value', minInterval: 1, splitNumber: 4, ...AXIS_STYLE, axisLine: { show: false }, splitLine: { show: false }, axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatNumber(v) } },
      ],
      series: [
        { name: t('explore.funnel.enteredSeries'), type: 'bar', yAxisIndex: 1, data: buckets.map((b) => b.entered), itemStyle: { color: '#e7ecfb' }, barMaxWidth: 24 },
        { name: t('explore.funnel.conversionSeries'), type: 'line', data: buckets.map((b) => b.conversion), connectNulls: false, symbolSize: 5, lineStyle: { width: 2.5, color: '#3b5bdb' }, itemStyle: { color: '#3b5bdb' } },
      ],
    };
  }, [buckets, interval, timeZone, locale, t, formatNumber, formatPercent]);

  return (
    <div className="card">
      <h2 className="card-title">{t('explore.funnel.overTime')}</h2>
      <ExploreChart option={option} height={260} label={t('explore.funnel.trendLabel')} testId="funnel-trend-chart" />
    </div>
  );
}
