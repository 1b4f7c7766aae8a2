import type { ReportKind } from '../../../common/analytics/api.ts';
import { ATTRIBUTION_MODELS, type AttributionResult } from '../../../common/analytics/attribution.ts';
import type { FunnelResult } from '../../../common/analytics/funnel.ts';
import type { PathsResult } from '../../../common/analytics/paths.ts';
import type { RetentionResult } from '../../../common/analytics/retention.ts';
import type { SessionsResult } from '../../../common/analytics/sessions.ts';
import type { TrendsResult } from '../../../common/analytics/trends.ts';

type Cell = string | number | null | undefined;

/** A CSV cell; text a spreadsheet would run as a formula is prefixed with a quote (CSV injection). */
export function csvCell(v: Cell): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : '';
  const safe = /^[=+\-@\t\r]/.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export function csvOf(rows: Cell[][]): string {
  return `${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The main table of a result as CSV rows (a header first): what "Export CSV" gives for each kind. */
export function resultTable(kind: ReportKind, result: unknown): Cell[][] {
  switch (kind) {
    case 'funnel': {
      const r = result as FunnelResult;
      const head = ['group', 'step', 'name', 'optional', 'customers', 'conversion_from_previous', 'conversion_from_first', 'drop_off', 'median_ms_from_previous', 'p90_ms_from_previous'];
      const rows = (group: string, steps: FunnelResult['steps']) =>
        steps.map((s) => [group, s.index, s.name, s.optional ? 'yes' : 'no', s.count, s.conversionFromPrevious, s.conversionFromFirst, s.dropOff, s.medianMsFromPrevious, s.p90MsFromPrevious]);
      return [head, ...rows('(all)', r.steps), ...(r.breakdown ?? []).flatMap((g) => rows(g.value, g.steps))];
    }
    case 'paths': {
      const r = result as PathsResult;
      return [['path', 'customers'], ...r.topPaths.map((p) => [p.labels.join(' → '), p.count])];
    }
    case 'retention': {
      const r = result as RetentionResult;
      const periods = r.overall.map((o) => o.period);
      return [['cohort', 'size', ...periods.map((p) => `period_${p}`)], ...r.cohorts.map((c) => [c.cohort, c.size, ...c.values])];
    }
    case 'trends': {
      const r = result as TrendsResult;
      const out: Cell[][] = [['period', 'bucket', 'series', 'group', 'value']];
      for (const [label, p] of [['current', r.current] as const, ['previous', r.previous] as const]) {
        if (!p) continue;
        for (const s of p.series) for (const g of s.groups) g.values.forEach((v, b) => out.push([label, p.buckets[b], s.name, g.group ?? '', v]));
      }
      return out;
    }
    case 'sessions': {
      const r = result as SessionsResult;
      const out: Cell[][] = [['table', 'key', 'sessions', 'customers', 'pageviews', 'bounces', 'bounce_rate', 'pages_per_session', 'mean_length_ms']];
      const tables = { entry_pages: r.entryPages, exit_pages: r.exitPages, utm_sources: r.utmSources, utm_mediums: r.utmMediums, utm_campaigns: r.utmCampaigns, referrers: r.referrers };
      for (const [name, rows] of Object.entries(tables)) for (const x of rows) out.push([name, x.key, x.sessions, x.customers, x.pageviews, x.bounces, x.bounceRate, x.pagesPerSession, x.meanLengthMs]);
      return out;
    }
    case 'attribution': {
      const r = result as AttributionResult;
      return [
        ['channel', 'name', ...ATTRIBUTION_MODELS.map((m) => `conversions_${m}`), ...ATTRIBUTION_MODELS.map((m) => `revenue_${m}`)],
        ...r.channels.map((c) => [c.channel, c.name, ...ATTRIBUTION_MODELS.map((m) => c.conversions[m]), ...ATTRIBUTION_MODELS.map((m) => c.revenue[m])]),
      ];
    }
  }
}
