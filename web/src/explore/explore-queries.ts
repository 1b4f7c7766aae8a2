import type { AnalyticsSchema, ReportKind } from '../../../common/analytics/api.ts';
import type { AttributionQueryInput, AttributionResult } from '../../../common/analytics/attribution.ts';
import type { FunnelQueryInput, FunnelResult } from '../../../common/analytics/funnel.ts';
import type { PathsQueryInput, PathsResult } from '../../../common/analytics/paths.ts';
import type { EventMatcherInput } from '../../../common/analytics/query.ts';
import type { RetentionQueryInput, RetentionResult } from '../../../common/analytics/retention.ts';
import type { SessionsQueryInput, SessionsResult } from '../../../common/analytics/sessions.ts';
import type { TrendsQueryInput, TrendsResult } from '../../../common/analytics/trends.ts';
import type { MessageKey } from '../i18n/i18n-context.tsx';
import { presetRange } from '../journeys/journey-format.ts';
import { browserTimeZone } from './explore-format.ts';

/**
 * The queries the builders edit: each kind's API query as the API takes it (defaults may be left
 * out), with the period always in epoch ms. A builder's draft is sent as it is; the server checks it.
 */
type Dated<Q> = Omit<Q, 'from' | 'to'> & { from: number; to: number };
export type FunnelDraft = Dated<FunnelQueryInput>;
export type PathsDraft = Dated<PathsQueryInput>;
export type RetentionDraft = Dated<RetentionQueryInput>;
export type TrendsDraft = Dated<TrendsQueryInput>;
export type SessionsDraft = Dated<SessionsQueryInput>;
export type AttributionDraft = Dated<AttributionQueryInput>;

export interface QueryOf {
  funnel: FunnelDraft;
  paths: PathsDraft;
  retention: RetentionDraft;
  trends: TrendsDraft;
  sessions: SessionsDraft;
  attribution: AttributionDraft;
}

export interface ResultOf {
  funnel: FunnelResult;
  paths: PathsResult;
  retention: RetentionResult;
  trends: TrendsResult;
  sessions: SessionsResult;
  attribution: AttributionResult;
}

const DAY_MS = 86_400_000;

/** The Segment e-commerce funnel, for workspaces that send it. */
const SHOP_FUNNEL = ['Product Viewed', 'Product Added', 'Checkout Started', 'Order Completed'];

function topEvents(schema: AnalyticsSchema, n: number): string[] {
  const seen = new Set(schema.events.map((e) => e.name));
  const shop = SHOP_FUNNEL.filter((name) => seen.has(name));
  if (shop.length >= n) return shop.slice(0, n);
  return schema.events.slice(0, n).map((e) => e.name);
}

function conversionEvent(schema: AnalyticsSchema): string {
  return schema.events.some((e) => e.name === 'Order Completed') ? 'Order Completed' : (schema.events[0]?.name ?? '');
}

/** A fresh query of each kind: the last 30 days (90 for retention), with events the workspace has seen. */
export function defaultQuery<K extends ReportKind>(kind: K, schema: AnalyticsSchema): QueryOf[K] {
  const timeZone = browserTimeZone();
  const month = presetRange(30);
  const period = { from: month.from, to: month.to };
  const queries: QueryOf = {
    funnel: {
      steps: (() => {
        const names = topEvents(schema, 4);
        while (names.length < 2) names.push('');
        return names.map((event) => ({ event }));
      })(),
      order: 'ordered',
      windowMs: 14 * DAY_MS,
      ...period,
      timeZone,
      timeToConvertBins: 12,
    },
    paths: { start: { type: 'page' }, depth: 4, eventTypes: 'pages', topPaths: 10, ...period },
    retention: { start: {}, mode: 'first-time', interval: 'week', periods: 8, from: presetRange(90).from, to: month.to, timeZone, cohortBy: 'start' },
    trends: { series: [{ matcher: { event: topEvents(schema, 1)[0] ?? '' }, metric: 'count' }], interval: 'day', compare: false, ...period, timeZone },
    sessions: { interval: 'day', limit: 20, ...period, timeZone },
    attribution: { conversion: { event: conversionEvent(schema) }, channel: 'source_medium', revenueProperty: 'properties.revenue', lookbackMs: 30 * DAY_MS, ...period },
  };
  return queries[kind];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function instant(v: unknown): number | null {
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string') {
    const ms = Date.parse(v);
    return Number.isNaN(ms) ? null : ms;
  }
  return null;
}

/** Whether the parts a builder indexes into have the shape it expects; the rest the server checks. */
const SHAPES: { [K in ReportKind]: (q: Record<string, unknown>) => boolean } = {
  funnel: (q) => Array.isArray(q.steps) && q.steps.length > 0 && q.steps.every(isObject) && (q.exclusions === undefined || (Array.isArray(q.exclusions) && q.exclusions.every((x) => isObject(x) && isObject(x.matcher)))),
  paths: (q) => isObject(q.start) || isObject(q.end),
  retention: (q) => isObject(q.start),
  trends: (q) => Array.isArray(q.series) && q.series.length > 0 && q.series.every((s) => isObject(s) && isObject(s.matcher)),
  sessions: () => true,
  attribution: (q) => isObject(q.conversion),
};

/**
 * A query from a link or a saved report as the builder can edit it, or null when it is not one of
 * this kind (the page then starts from the default). Dates given as ISO text become epoch ms.
 */
export function readQuery<K extends ReportKind>(kind: K, raw: unknown): QueryOf[K] | null {
  if (!isObject(raw) || !SHAPES[kind](raw)) return null;
  const from = instant(raw.from);
  const to = instant(raw.to);
  if (from === null || to === null) return null;
  return { ...raw, from, to } as unknown as QueryOf[K];
}

/** A matcher the user has not finished choosing: an event or page path still empty, or no stage picked. */
export function matcherIncomplete(m: EventMatcherInput): boolean {
  if (m.event !== undefined && m.event.trim() === '') return true;
  if (m.pagePath !== undefined && m.pagePath.trim() === '') return true;
  if (m.stage !== undefined && (!m.stage.journeyId || !m.stage.stageKey)) return true;
  return false;
}

/** A breakdown whose key is still being typed: empty, or a prefix such as `properties.`. */
function breakdownIncomplete(b: { key: string } | undefined): boolean {
  return b !== undefined && (b.key.trim() === '' || b.key.endsWith('.'));
}

/** Why a query cannot run yet (a message for the results area), or null when it can. */
export function incompleteReason<K extends ReportKind>(kind: K, query: QueryOf[K]): MessageKey | null {
  const q = query as QueryOf[ReportKind];
  if ('breakdown' in q && breakdownIncomplete(q.breakdown)) return 'explore.incomplete.breakdown';
  switch (kind) {
    case 'funnel': {
      const f = q as FunnelDraft;
      if (f.steps.some(matcherIncomplete)) return 'explore.incomplete.steps';
      if ((f.exclusions ?? []).some((x) => matcherIncomplete(x.matcher))) return 'explore.incomplete.exclusions';
      return null;
    }
    case 'paths': {
      const p = q as PathsDraft;
      const anchor = p.start ?? p.end;
      return anchor && matcherIncomplete(anchor) ? 'explore.incomplete.anchor' : null;
    }
    case 'retention': {
      const r = q as RetentionDraft;
      if (matcherIncomplete(r.start) || (r.return !== undefined && matcherIncomplete(r.return))) return 'explore.incomplete.retention';
      return typeof r.cohortBy === 'object' && r.cohortBy.trait.trim() === '' ? 'explore.incomplete.trait' : null;
    }
    case 'trends': {
      const tq = q as TrendsDraft;
      if (tq.series.some((s) => matcherIncomplete(s.matcher))) return 'explore.incomplete.series';
      if (tq.series.some((s) => (s.metric === 'sum' || s.metric === 'average') && !s.property)) return 'explore.incomplete.property';
      return null;
    }
    case 'attribution':
      return matcherIncomplete((q as AttributionDraft).conversion) ? 'explore.incomplete.conversion' : null;
    default:
      return null;
  }
}
