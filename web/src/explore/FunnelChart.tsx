import { useCallback } from 'react';
import type { FunnelStepResult } from '../../../common/analytics/funnel.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { AXIS_STYLE, type ChartClick, escapeHtml, ExploreChart, type ExploreChartOption, TOOLTIP_STYLE } from './ExploreChart.tsx';

/**
 * Funnel bars: each step's customers in solid blue, with the customers lost since the previous
 * required step stacked on top in a pale shade, and the share of everyone who entered above each bar.
 * Clicking the solid part lists who converted; the pale part, who dropped off.
 */
export function FunnelChart({ steps, names, onSelect }: { steps: FunnelStepResult[]; names: string[]; onSelect: (step: number, kind: 'converted' | 'dropped') => void }) {
  const { t, formatNumber, formatPercent, formatDuration } = useI18n();

  // A function of the chart's width, so the step names under the bars fit it.
  const option = useCallback(
    (width: number): ExploreChartOption => ({
      animation: false,
      grid: { left: 8, right: 8, top: 28, bottom: 4, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        ...TOOLTIP_STYLE,
        formatter: (params) => {
          const first = Array.isArray(params) ? params[0] : params;
          const s = steps[first?.dataIndex ?? 0];
          if (!s) return '';
          const lines = [
            `<strong>${escapeHtml(`${s.index}. ${names[s.index - 1] ?? s.name}`)}</strong>`,
            escapeHtml(t('explore.funnel.tipCustomers', { count: formatNumber(s.count) })),
            s.conversionFromPrevious !== null ? escapeHtml(t('explore.funnel.tipFromPrevious', { share: formatPercent(s.conversionFromPrevious, { digits: 1 }) })) : null,
            s.dropOff ? escapeHtml(t('explore.funnel.tipDropped', { count: formatNumber(s.dropOff) })) : null,
            s.medianMsFromPrevious !== null ? escapeHtml(t('metric.median', { duration: formatDuration(s.medianMsFromPrevious) })) : null,
          ];
          return lines.filter(Boolean).join('<br/>');
        },
      },
      xAxis: {
        type: 'category',
        data: steps.map((s) => `${s.index}. ${names[s.index - 1] ?? s.name}`),
        ...AXIS_STYLE,
        // Each label gets its bar's share of the width; narrow charts show the step numbers only.
        axisLabel: { ...AXIS_STYLE.axisLabel, interval: 0, width: Math.max(16, width / steps.length - 12), overflow: 'truncate', formatter: (v: string) => (width / steps.length < 70 ? v.split('.')[0] ?? v : v) },
      },
      yAxis: { type: 'value', minInterval: 1, splitNumber: 4, ...AXIS_STYLE, axisLine: { show: false }, axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatNumber(v) } },
      series: [
        {
          name: t('explore.funnel.converted'),
          type: 'bar',
          stack: 'funnel',
          barMaxWidth: 72,
          cursor: 'pointer',
          data: steps.map((s) => ({ value: s.count, itemStyle: { color: s.optional ? '#748ffc' : '#3b5bdb' } })),
          label: {
            show: true,
            position: 'top',
            distance: 4,
            color: '#1b2130',
            fontWeight: 600,
            fontSize: 12,
            formatter: (p) => {
              const s = steps[p.dataIndex];
              return s?.conversionFromFirst !== null && s?.conversionFromFirst !== undefined ? formatPercent(s.conversionFromFirst, { digits: 1 }) : '';
            },
          },
        },
        {
          name: t('explore.funnel.dropped'),
          type: 'bar',
          stack: 'funnel',
          barMaxWidth: 72,
          cursor: 'pointer',
          data: steps.map((s) => s.dropOff ?? 0),
          itemStyle: { color: '#dbe4ff', borderRadius: [4, 4, 0, 0] },
        },
      ],
    }),
    [steps, names, t, formatNumber, formatPercent, formatDuration],
  );

  const onClick = ({ seriesIndex, dataIndex }: ChartClick) => {
    const s = steps[dataIndex];
    if (!s) return;
    if (seriesIndex === 1 && s.index > 1) onSelect(s.index, 'dropped');
    else if (seriesIndex === 0) onSelect(s.index, 'converted');
  };

  return <ExploreChart option={option} height={320} label={t('explore.funnel.chartLabel')} testId="funnel-chart" onClick={onClick} />;
}
