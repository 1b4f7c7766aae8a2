import { useEffect, useRef, useState } from 'react';
import { BarChart, type BarSeriesOption, LineChart, type LineSeriesOption, SankeyChart, type SankeySeriesOption } from 'echarts/charts';
import { GridComponent, type GridComponentOption, LegendComponent, type LegendComponentOption, TooltipComponent, type TooltipComponentOption } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';

// Only the parts the explorer draws are registered; the explore pages are a lazily loaded chunk.
echarts.use([BarChart, LineChart, SankeyChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type ExploreChartOption = echarts.ComposeOption<BarSeriesOption | LineSeriesOption | SankeySeriesOption | GridComponentOption | LegendComponentOption | TooltipComponentOption>;

/** What was clicked in a chart: the series and data index, for charts whose marks open a list. */
export interface ChartClick {
  seriesIndex: number;
  dataIndex: number;
}

/** Axis, grid and tooltip styling shared by the explorer's charts, in the dashboard's colours. */
export const AXIS_STYLE = {
  axisLine: { lineStyle: { color: '#d5d9e2' } },
  axisTick: { show: false },
  axisLabel: { color: '#6b7385', fontSize: 11 },
  splitLine: { lineStyle: { color: '#eef0f4' } },
} as const;

export const TOOLTIP_STYLE = { borderColor: '#e3e6ec', textStyle: { color: '#1b2130', fontSize: 12 }, extraCssText: 'box-shadow: 0 4px 16px rgba(16,24,40,.12); border-radius: 8px;' } as const;

/**
 * An ECharts canvas that follows its container's size; `option` replaces the whole chart when it
 * changes. An option given as a function of the chart's width can fit its labels to it.
 */
export function ExploreChart({ option, height = 300, label, testId, onClick }: { option: ExploreChartOption | ((width: number) => ExploreChartOption); height?: number; label: string; testId?: string; onClick?: (click: ChartClick) => void }) {
  const container = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  const [width, setWidth] = useState(0);

  useEffect(() => {
    clickRef.current = onClick;
  }, [onClick]);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, { renderer: 'canvas' });
    chart.current = instance;
    instance.on('click', (params) => clickRef.current?.({ seriesIndex: params.seriesIndex ?? 0, dataIndex: params.dataIndex }));
    const resize = new ResizeObserver(() => {
      instance.resize();
      setWidth(Math.round(el.clientWidth));
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (width === 0) return;
    chart.current?.setOption(typeof option === 'function' ? option(width) : option, { notMerge: true });
  }, [option, width]);

  return <div ref={container} className="explore-chart" style={{ height }} role="img" aria-label={label} data-testid={testId} />;
}

/** Text for an ECharts HTML tooltip, escaped. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
