import { useMemo, useState } from 'react';
import type { PageRow, SessionsResult, SessionTableRow } from '../../../common/analytics/sessions.ts';
import { StatTile } from '../components/StatTile.tsx';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { AXIS_STYLE, escapeHtml, ExploreChart, type ExploreChartOption, TOOLTIP_STYLE } from './ExploreChart.tsx';
import { bucketLabel, formatDecimal } from './explore-format.ts';
import type { SessionsDraft } from './explore-queries.ts';

type TrafficTable = 'utmSources' | 'utmMediums' | 'utmCampaigns' | 'referrers';
const TRAFFIC: { table: TrafficTable; label: MessageKey }[] = [
  { table: 'utmSources', label: 'explore.sessions.sources' },
  { table: 'utmMediums', label: 'explore.sessions.mediums' },
  { table: 'utmCampaigns', label: 'explore.sessions.campaigns' },
  { table: 'referrers', label: 'explore.sessions.referrers' },
];

/** Sessions: headline tiles, sessions over time, and the page and traffic tables. */
export function SessionsResultView({ result, query }: { result: SessionsResult; query: SessionsDraft }) {
  const { t, tn, formatNumber, formatPercent, formatDuration, locale } = useI18n();
  const [traffic, setTraffic] = useState<TrafficTable>('utmSources');
  const s = result.summary;
  const interval = query.interval ?? 'day';
  const timeZone = query.timeZone ?? 'UTC';
  const none = t('common.none');

  const option = useMemo<ExploreChartOption>(() => {
    const labels = result.overTime.map((b) => bucketLabel(b.start, interval, timeZone, locale));
    return {
      animation: false,
      grid: { left: 8, right: 8, top: 12, bottom: 4, containLabel: true },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        ...TOOLTIP_STYLE,
        formatter: (params) => {
          const first = Array.isArray(params) ? params[0] : params;
          const i = first?.dataIndex ?? 0;
          const b = result.overTime[i];
          if (!b) return '';
          return [
            `<strong>${escapeHtml(labels[i] ?? '')}</strong>`,
            escapeHtml(tn('explore.sessions.sessionsN', b.sessions)),
            escapeHtml(tn('customers.total', b.customers)),
            b.bounceRate === null ? '' : escapeHtml(t('explore.sessions.bounceTip', { share: formatPercent(b.bounceRate) })),
          ].join('<br/>');
        },
      },
      xAxis: { type: 'category', data: labels, ...AXIS_STYLE },
      yAxis: { type: 'value', minInterval: 1, splitNumber: 4, ...AXIS_STYLE, axisLine: { show: false }, axisLabel: { ...AXIS_STYLE.axisLabel, formatter: (v: number) => formatNumber(v) } },
      series: [{ type: 'bar', data: result.overTime.map((b) => b.sessions), itemStyle: { color: '#3b5bdb', borderRadius: [3, 3, 0, 0] }, barMaxWidth: 22 }],
    };
  }, [result, interval, timeZone, locale, t, tn, formatNumber, formatPercent]);

  return (
    <div className="explore-answer-body">
      <div className="stat-tiles stat-tiles-6">
        <StatTile label={t('explore.sessions.sessions')} value={formatNumber(s.sessions)} testId="sessions-count" />
        <StatTile label={t('explore.sessions.visitors')} value={formatNumber(s.customers)} testId="sessions-customers" />
        <StatTile label={t('explore.sessions.pageviews')} value={formatNumber(s.pageviews)} testId="sessions-pageviews" />
        <StatTile label={t('explore.sessions.bounceRate')} value={s.bounceRate === null ? none : formatPercent(s.bounceRate, { digits: 1 })} testId="sessions-bounce" />
        <StatTile label={t('explore.sessions.pagesPerSession')} value={s.pagesPerSession === null ? none : formatDecimal(s.pagesPerSession, locale, 1)} testId="sessions-pages" />
        <StatTile label={t('explore.sessions.timeOnSite')} value={s.meanLengthMs === null ? none : formatDuration(s.meanLengthMs)} testId="sessions-length" />
      </div>

      <div className="card">
        <h2 className="card-title">{t('explore.sessions.overTime')}</h2>
        <ExploreChart option={option} height={240} label={t('explore.sessions.chartLabel')} testId="sessions-chart" />
      </div>

      <div className="explore-grid">
        <div className="card">
          <h2 className="card-title">{t('explore.sessions.topPages')}</h2>
          <PageTable rows={result.topPages} />
        </div>
        <div className="card">
          <div className="card-head">
            <h2 className="card-title">{t('explore.sessions.traffic')}</h2>
            <div className="segmented" role="tablist" aria-label={t('explore.sessions.traffic')}>
              {TRAFFIC.map((o) => (
                <button key={o.table} type="button" role="tab" aria-selected={traffic === o.table} className={traffic === o.table ? 'is-active' : ''} onClick={() => setTraffic(o.table)} data-testid={`traffic-${o.table}`}>
                  {t(o.label)}
                </button>
              ))}
            </div>
          </div>
          <SessionTable rows={result[traffic]} keyLabel={t(TRAFFIC.find((o) => o.table === traffic)?.label ?? 'explore.sessions.sources')} testId="traffic-table" withLength />
        </div>
        <div className="card">
          <h2 className="card-title">{t('explore.sessions.entryPages')}</h2>
          <SessionTable rows={result.entryPages} keyLabel={t('explore.sessions.page')} testId="entry-pages" />
        </div>
        <div className="card">
          <h2 className="card-title">{t('explore.sessions.exitPages')}</h2>
          <SessionTable rows={result.exitPages} keyLabel={t('explore.sessions.page')} testId="exit-pages" />
        </div>
      </div>
    </div>
  );
}

/** Page views by path, with the customers who saw each page. */
function PageTable({ rows }: { rows: PageRow[] }) {
  const { t, formatNumber } = useI18n();
  if (rows.length === 0) return <p className="muted">{t('explore.sessions.noRows')}</p>;
  const max = Math.max(1, ...rows.map((r) => r.views));
  return (
    <div className="table-wrap">
      <table className="table explore-table compact" data-testid="top-pages">
        <thead>
          <tr>
            <th>{t('explore.sessions.page')}</th>
            <th className="num">{t('explore.sessions.views')}</th>
            <th className="num">{t('explore.sessions.visitors')}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.path}>
              <td className="bar-cell mono" title={r.path}>
                <span className="bar-fill" style={{ width: `${(r.views / max) * 100}%` }} />
                <span className="bar-text">{r.path}</span>
              </td>
              <td className="num">{formatNumber(r.views)}</td>
              <td className="num">{formatNumber(r.customers)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Sessions by page, UTM value or referrer, with their bounce rate and, with `withLength`, their mean length. */
function SessionTable({ rows, keyLabel, testId, withLength = false }: { rows: SessionTableRow[]; keyLabel: string; testId: string; withLength?: boolean }) {
  const { t, formatNumber, formatPercent, formatDuration } = useI18n();
  if (rows.length === 0) return <p className="muted">{t('explore.sessions.noRows')}</p>;
  const max = Math.max(1, ...rows.map((r) => r.sessions));
  const none = t('common.none');
  return (
    <div className="table-wrap">
      <table className="table explore-table compact" data-testid={testId}>
        <thead>
          <tr>
            <th>{keyLabel}</th>
            <th className="num">{t('explore.sessions.sessions')}</th>
            <th className="num">{t('explore.sessions.bounceRate')}</th>
            {withLength && <th className="num">{t('explore.sessions.avgLength')}</th>}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key}>
              <td className="bar-cell" title={r.key}>
                <span className="bar-fill" style={{ width: `${(r.sessions / max) * 100}%` }} />
                <span className="bar-text">{r.key}</span>
              </td>
              <td className="num">{formatNumber(r.sessions)}</td>
              <td className="num">{r.bounceRate === null ? none : formatPercent(r.bounceRate)}</td>
              {withLength && <td className="num">{r.meanLengthMs === null ? none : formatDuration(r.meanLengthMs)}</td>}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
