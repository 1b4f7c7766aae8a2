import { useMemo, useState } from 'react';
import type { RetentionCohort, RetentionResult } from '../../../common/analytics/retention.ts';
import { EmptyState } from '../components/EmptyState.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { AXIS_STYLE, ExploreChart, type ExploreChartOption, TOOLTIP_STYLE } from './ExploreChart.tsx';
import { bucketLabel, isBucketBoundary, seriesColor } from './explore-format.ts';
import type { RetentionDraft } from './explore-queries.ts';
import { RETENTION_INTERVALS } from './RetentionBuilder.tsx';

/** Cohort curves drawn besides the overall one; more would be a tangle. */
const MAX_CURVES = 8;

/** A cohort's rate at period k: returned over the entries observed there; null when none were. */
function rate(c: RetentionCohort, k: number): number | null {
  const value = c.values[k];
  const observed = c.observed[k] ?? 0;
  return value === null || value === undefined || observed === 0 ? null : value / observed;
}

/** The heat-map colour of a rate: the dashboard's blue, deeper as more customers come back. */
function heat(r: number): { background: string; color: string } {
  const alpha = 0.06 + 0.84 * Math.sqrt(r);
  return { background: `rgba(59, 91, 219, ${alpha.toFixed(3)})`, color: alpha > 0.5 ? '#fff' : '#1b2130' };
}

/** Retention: the cohort × period table coloured by rate, and the curves. */
export function RetentionResultView({ result, query }: { result: RetentionResult; query: RetentionDraft }) {
  const { t, formatNumber, formatPercent, locale } = useI18n();
  const [counts, setCounts] = useState(false);
  const interval = query.interval ?? 'week';
  const periodLabel = RETENTION_INTERVALS.find((i) => i.value === interval)?.period ?? 'explore.retention.weekN';
  const periods = result.overall.map((o) => o.period);
  const byTrait = typeof query.cohortBy === 'object';
  const timeZone = query.timeZone ?? 'UTC';
  const cohortName = (c: RetentionCohort) => (c.start ? bucketLabel(c.start, interval, timeZone, locale) : c.cohort);
  const total = result.cohorts.reduce((sum, c) => sum + c.size, 0);
  // Cohorts by start: the cell of cohort i at period k lies in bucket i + k; the last bucket may still
  // be running (the period ends today), and its cells are marked so a low number does not alarm.
  const lastBucket = result.buckets.length - 1;
  const running = !byTrait && !isBucketBoundary(query.to, interval, timeZone);
  const isRunning = (row: number, k: number) => running && row + k === lastBucket;

  const option = useMemo<ExploreChartOption>(() => {
    const withSize = result.cohorts.map((c, row) => ({ c, row })).filter(({ c }) => c.size > 0).slice(-MAX_CURVES);
    const ks = result.overall.map((o) => o.period);
    // A cohort's curve stops before a period that is still running, instead of plunging to it.
    const cut = typeof query.cohortBy !== 'object' && !isBucketBoundary(query.to, interval, timeZone);
    return {
      animation: false,
      grid: { left: 8, right: 8, top: 36, bottom: 4, containLabel: true },
      legend: { top: 0, left: 0, type: 'scroll', itemWidth: 14, itemHeight: 8, textStyle: { color: '#5c6678', fontSize: 11 } },
      tooltip: { trigger: 'axis', ...TOOLTIP_STYLE, valueFormatter: (v) => (v === null || v === undefined ? '—' : formatPercent(Number(v), { digits: 1 })) },
      xAxis: { type: 'category', data: ks.map((k) => t(periodLabel, { n: k })), boundaryGap: false, ...AXIS_STYLE },
      yAxis: { type: 'value', min: 0, max: 1, interval: 0.25, ...AXIS_STYLE, axisLine: { show: false }, axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatPercent(v) } },
      series: [
        { name: t('explore.retention.allCohorts'), type: 'line', data: result.overall.map((o) => o.rate), lineStyle: { width: 3, color: '#3b5bdb' }, itemStyle: { color: '#3b5bdb' }, symbolSize: 6, z: 3 },
        ...withSize.map(({ c, row }, i) => ({
          name: c.start ? bucketLabel(c.start, interval, timeZone, locale) : c.cohort,
          type: 'line' as const,
          data: ks.map((k) => (cut && row + k === result.buckets.length - 1 ? null : rate(c, k))),
          lineStyle: { width: 1.5, opacity: 0.55, color: seriesColor(i + 1) },
          itemStyle: { color: seriesColor(i + 1) },
          symbol: 'none',
          connectNulls: false,
        })),
      ],
    };
  }, [result, periodLabel, interval, timeZone, query.to, query.cohortBy, locale, t, formatPercent]);

  if (total === 0) {
    return (
      <div className="card">
        <EmptyState title={t('explore.retention.noneTitle')} lead={t('explore.retention.noneLead')} icon="retention" />
      </div>
    );
  }

  const cell = (returned: number | null, observed: number, r: number | null, testId: string, inProgress = false) =>
    r === null || returned === null ? (
      <td key={testId} className="heat-cell is-empty" data-testid={testId} />
    ) : (
      <td
        key={testId}
        className={`heat-cell${inProgress ? ' is-running' : ''}`}
        style={heat(r)}
        title={[t('explore.retention.cellTitle', { returned: formatNumber(returned), observed: formatNumber(observed), share: formatPercent(r, { digits: 1 }) }), inProgress ? t('explore.retention.running') : ''].filter(Boolean).join(' · ')}
        data-testid={testId}
        data-returned={returned}
      >
        {counts ? formatNumber(returned) : formatPercent(r, { digits: r < 0.1 ? 1 : 0 })}
      </td>
    );

  return (
    <div className="explore-answer-body">
      <div className="card">
        <div className="card-head">
          <h2 className="card-title">{t('explore.retention.tableTitle')}</h2>
          <div className="segmented" role="radiogroup" aria-label={t('explore.retention.show')}>
            <button type="button" role="radio" aria-checked={!counts} className={counts ? '' : 'is-active'} onClick={() => setCounts(false)} data-testid="retention-show-rates">
              {t('explore.retention.rates')}
            </button>
            <button type="button" role="radio" aria-checked={counts} className={counts ? 'is-active' : ''} onClick={() => setCounts(true)} data-testid="retention-show-counts">
              {t('explore.retention.counts')}
            </button>
          </div>
        </div>
        <div className="table-wrap">
          <table className="table retention-table sticky-first" data-testid="retention-table">
            <thead>
              <tr>
                <th>{byTrait ? t('explore.retention.trait', { trait: typeof query.cohortBy === 'object' ? query.cohortBy.trait : '' }) : t('explore.retention.cohort')}</th>
                <th className="num">{t('explore.funnel.customers')}</th>
                {periods.map((k) => (
                  <th key={k} className="num">
                    {t(periodLabel, { n: k })}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr className="retention-overall">
                <td>{t('explore.retention.allCohorts')}</td>
                <td className="num" data-testid="retention-total">
                  {formatNumber(total)}
                </td>
                {result.overall.map((o) => cell(o.returned, o.observed, o.rate, `retention-overall-${o.period}`))}
              </tr>
              {result.cohorts.map((c, i) => (
                <tr key={c.cohort} data-testid={`retention-row-${i}`}>
                  <td className="cohort-name" title={c.start ?? c.cohort}>
                    {cohortName(c)}
                  </td>
                  <td className="num" data-testid={`retention-size-${i}`}>
                    {formatNumber(c.size)}
                  </td>
                  {periods.map((k) => cell(c.values[k] ?? null, c.observed[k] ?? 0, rate(c, k), `retention-cell-${i}-${k}`, isRunning(i, k)))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="field-hint">
          {t('explore.retention.footnote')}
          {running && ` ${t('explore.retention.runningNote')}`}
        </p>
      </div>
      <div className="card">
        <h2 className="card-title">{t('explore.retention.curvesTitle')}</h2>
        <ExploreChart option={option} height={280} label={t('explore.retention.curvesLabel')} testId="retention-curves" />
      </div>
    </div>
  );
}
