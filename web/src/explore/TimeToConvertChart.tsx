import { useMemo, useState } from 'react';
import type { FunnelStepResult } from '../../../common/analytics/funnel.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { AXIS_STYLE, escapeHtml, ExploreChart, type ExploreChartOption, TOOLTIP_STYLE } from './ExploreChart.tsx';

/** How long customers took from the previous step, as a histogram, for one step at a time (the last by default). */
export function TimeToConvertChart({ steps, names }: { steps: FunnelStepResult[]; names: string[] }) {
  const { t, tn, formatDuration } = useI18n();
  const withBins = useMemo(() => steps.filter((s) => s.timeToConvert?.length).map((s) => s.index), [steps]);
  const [chosen, setChosen] = useState<number | null>(null);
  const index = chosen !== null && withBins.includes(chosen) ? chosen : (withBins[withBins.length - 1] ?? null);

  const option = useMemo<ExploreChartOption>(() => {
    const bins = steps.find((s) => s.index === index)?.timeToConvert ?? [];
    return {
      animation: false,
      grid: { left: 8, right: 8, top: 12, bottom: 4, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        ...TOOLTIP_STYLE,
        formatter: (params) => {
          const first = Array.isArray(params) ? params[0] : params;
          const bin = bins[first?.dataIndex ?? 0];
          return bin ? `${escapeHtml(`${formatDuration(bin.fromMs)} – ${formatDuration(bin.toMs)}`)}<br/><strong>${escapeHtml(tn('customers.total', bin.count))}</strong>` : '';
        },
      },
      // The axis names each bin by where it starts; the tooltip gives the whole range.
      xAxis: { type: 'category', data: bins.map((b) => formatDuration(b.fromMs)), ...AXIS_STYLE },
      yAxis: { type: 'value', minInterval: 1, splitNumber: 3, ...AXIS_STYLE, axisLine: { show: false } },
      series: [{ type: 'bar', data: bins.map((b) => b.count), itemStyle: { color: '#0ca678', borderRadius: [3, 3, 0, 0] }, barMaxWidth: 28 }],
    };
  }, [steps, index, tn, formatDuration]);

  if (index === null) return null;
  return (
    <div className="card">
      <div className="card-head">
        <h2 className="card-title">{t('explore.funnel.timeToConvert')}</h2>
        <select value={index} onChange={(e) => setChosen(Number(e.target.value))} aria-label={t('explore.funnel.step')} data-testid="time-to-convert-step">
          {withBins.map((i) => (
            <option key={i} value={i}>
              {t('explore.funnel.toStepName', { n: i, name: names[i - 1] ?? '' })}
            </option>
          ))}
        </select>
      </div>
      <ExploreChart option={option} height={200} label={t('explore.funnel.timeToConvert')} testId="time-to-convert-chart" />
    </div>
  );
}
