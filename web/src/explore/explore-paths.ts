import type { ReportKind } from '../../../common/analytics/api.ts';

/** Admin API paths and dashboard addresses of the explorer, so components never assemble URLs by hand. */

const enc = encodeURIComponent;

export const schemaPath = '/api/analytics/schema';
export const reportsPath = '/api/reports';
export const reportPath = (id: string) => `${reportsPath}/${enc(id)}`;

/** The query endpoint of a kind; `csv` asks for the result's main table as CSV. */
export function analyticsPath(kind: ReportKind, opts: { csv?: boolean } = {}): string {
  return `/api/analytics/${kind}${opts.csv ? '?format=csv' : ''}`;
}

/** The customers behind a funnel step: a page of them (after `cursor`), or all as CSV. */
export function funnelCustomersPath(opts: { cursor?: string | null; csv?: boolean } = {}): string {
  const params = new URLSearchParams();
  if (opts.cursor) params.set('cursor', opts.cursor);
  if (opts.csv) params.set('format', 'csv');
  const qs = params.toString();
  return `/api/analytics/funnel/customers${qs ? `?${qs}` : ''}`;
}

export const explorePath = '/explore';

/**
 * The dashboard address of a report: `/explore/{kind}`, with `report` (a saved report to open) and
 * `q` (the query as JSON, so a link carries exactly what is on screen).
 */
export function exploreKindPath(kind: ReportKind, opts: { report?: string | null; query?: unknown } = {}): string {
  const params = new URLSearchParams();
  if (opts.report) params.set('report', opts.report);
  if (opts.query !== undefined) params.set('q', JSON.stringify(opts.query));
  const qs = params.toString();
  return `${explorePath}/${kind}${qs ? `?${qs}` : ''}`;
}

/** The report id and query a dashboard address carries (`?report=…&q=…`); a query that is not JSON is ignored. */
export function readExploreSearch(search: string): { report: string | null; query: unknown } {
  const params = new URLSearchParams(search);
  const raw = params.get('q');
  let query: unknown;
  if (raw !== null) {
    try {
      query = JSON.parse(raw);
    } catch {
      query = undefined;
    }
  }
  return { report: params.get('report'), query };
}
