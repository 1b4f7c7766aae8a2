import { useEffect, useRef } from 'react';
import { BarChart, type BarSeriesOption } from 'echarts/charts';
import { GridComponent, type GridComponentOption, TooltipComponent, type TooltipComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import type { Stats } from '../../../common/api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

// Only the parts used here are registered, which keeps echarts to a fraction of its full size.
echarts.use([BarChart, GridComponent, TooltipComponent, CanvasRenderer]);

type ChartOption = echarts.ComposeOption<BarSeriesOption | GridComponentOption | TooltipComponentOption>;

/** Events received per minute over the last hour, as bars. Loaded lazily: echarts is the largest dependency. */
export default function EventsPerMinuteChart({ perMinute }: { perMinute: Stats['eventsPerMinute'] }) {
  const { t, tn, formatTime, formatNumber, locale } = useI18n();
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    const resize = new ResizeObserver(() => instance.resize());
    resize.observe(el);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    const labels = perMinute.map((p) => formatTime(p.minute));
    const option: ChartOption = {
      animation: false,
      grid: { left: 8, right: 8, top: 12, bottom: 4, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (params) => {
          const first = Array.isArray(params) ? params[0] : params;
          const i = first?.dataIndex ?? 0;
          const point = perMinute[i];
          return point ? `${escapeHtml(labels[i] ?? '')}<br/><strong>${escapeHtml(tn('chart.tooltip', point.count))}</strong>` : '';
        },
      },
      xAxis: {
        type: 'category',
        data: labels,
        axisTick: { show: false },
        axisLine: { lineStyle: { color: '#d5d9e2' } },
        // Labels on the round ten minutes (12:40, 12:50…) read as a clock, unlike every tenth bar.
        axisLabel: { color: '#6b7385', fontSize: 11, interval: (index: number) => (perMinute[index]?.minute ?? 1) % 600_000 === 0 },
      },
      yAxis: {
        type: 'value',
        minInterval: 1,
        splitNumber: 3,
        splitLine: { lineStyle: { color: '#eef0f4' } },
        axisLabel: { color: '#6b7385', fontSize: 11, formatter: (v: number) => formatNumber(v) },
      },
      series: [{ type: 'bar', data: perMinute.map((p) => p.count), itemStyle: { color: '#3b5bdb', borderRadius: [3, 3, 0, 0] }, barMaxWidth: 14 }],
    };
    chart.current?.setOption(option);
  }, [perMinute, formatTime, formatNumber, tn, locale]);

  return <div ref={container} className="chart" role="img" aria-label={t('live.chartLabel')} data-testid="events-chart" />;
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
