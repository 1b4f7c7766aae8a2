import type { Context } from 'hono';
import { z } from 'zod';
import { AnalyticsCustomers, AnalyticsSchema, CreateReportBody, type ReportKind, SavedReport, SavedReportList, UpdateReportBody } from '../../../common/analytics/api.ts';
import { AttributionQuery, AttributionResult } from '../../../common/analytics/attribution.ts';
import { FunnelCustomersQuery, FunnelQuery, FunnelResult } from '../../../common/analytics/funnel.ts';
import { PathsQuery, PathsResult } from '../../../common/analytics/paths.ts';
import { RetentionQuery, RetentionResult } from '../../../common/analytics/retention.ts';
import { SessionsQuery, SessionsResult } from '../../../common/analytics/sessions.ts';
import { TrendsQuery, TrendsResult } from '../../../common/analytics/trends.ts';
import { AppError, parseOr400 } from '../../errors.ts';
import { type ApiRoute, route } from '../../http/routes.ts';
import { csvOf, resultTable } from './analytics-csv.ts';
import type { AnalyticsService } from './analytics.service.ts';
import type { ReportsRepository } from './reports.repository.ts';

const TAG = 'analytics';
const Format = z.object({ format: z.enum(['json', 'csv']).default('json').describe('csv: the main table of the result as a CSV file') });
const CustomersPage = z.object({
  format: z.enum(['json', 'csv']).default('json'),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().regex(/^\d+$/).optional().describe('nextCursor of the previous page'),
});

/** The query and result schemas of each kind, for the routes and for validating saved reports. */
const KINDS = {
  funnel: { query: FunnelQuery, result: FunnelResult, summary: 'A funnel: conversion through 2–30 steps, with breakdown, trend and time to convert' },
  paths: { query: PathsQuery, result: PathsResult, summary: 'Paths forward from or back to an event or page, as Sankey data and top paths' },
  retention: { query: RetentionQuery, result: RetentionResult, summary: 'Retention cohorts (first-time or recurring; daily, weekly or monthly; or by trait)' },
  trends: { query: TrendsQuery, result: TrendsResult, summary: 'Event counts, unique customers, sums or averages over time, with breakdown and the previous period' },
  sessions: { query: SessionsQuery, result: SessionsResult, summary: 'Sessions and engagement: length, pages, bounce, entry and exit pages, UTM and referrers' },
  attribution: { query: AttributionQuery, result: AttributionResult, summary: 'Multi-touch attribution of conversions and revenue by seven models side by side' },
} as const;

function csvResponse(c: Context, kind: string, body: string) {
  return c.body(body, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${kind}.csv"` });
}

/** The explorer's API: the six query kinds, the customers behind a funnel step, the query builder's schema, saved reports. */
export function analyticsRoutes(deps: { analytics: AnalyticsService; reports: ReportsRepository; now?: () => number }): ApiRoute[] {
  const { analytics, reports } = deps;
  const now = () => deps.now?.() ?? Date.now();
  const run = (kind: ReportKind, workspaceId: string, q: unknown): Promise<unknown> => {
    switch (kind) {
      case 'funnel':
        return analytics.funnel(workspaceId, q as FunnelQuery);
      case 'paths':
        return analytics.paths(workspaceId, q as PathsQuery);
      case 'retention':
        return analytics.retention(workspaceId, q as RetentionQuery);
      case 'trends':
        return analytics.trends(workspaceId, q as TrendsQuery);
      case 'sessions':
        return analytics.sessions(workspaceId, q as SessionsQuery);
      case 'attribution':
        return analytics.attribution(workspaceId, q as AttributionQuery);
    }
  };
  const queryRoutes = (Object.keys(KINDS) as ReportKind[]).map((kind) =>
    route<z.output<typeof Format>, unknown>({
      method: 'post',
      path: `/api/analytics/${kind}`,
      tag: TAG,
      summary: KINDS[kind].summary,
      query: Format,
      body: KINDS[kind].query as z.ZodType<unknown>,
      response: KINDS[kind].result,
      produces: ['application/json', 'text/csv'],
      handler: async ({ workspaceId, body, query, c }) => {
        const result = await run(kind, workspaceId, body);
        return query.format === 'csv' ? csvResponse(c, kind, csvOf(resultTable(kind, result))) : result;
      },
    }),
  );
  const id = (params: Record<string, string>) => params.id ?? '';
  const found = async (workspaceId: string, reportId: string) => {
    const r = await reports.find(workspaceId, reportId);
    if (!r) throw new AppError(404, 'report_not_found', 'No saved report has this id.');
    return r;
  };
  const validQuery = (kind: ReportKind, query: unknown) => {
    parseOr400(KINDS[kind].query as z.ZodType<unknown>, query, { where: 'query', code: 'invalid_field' });
  };
  return [
    ...queryRoutes,
    route<z.output<typeof CustomersPage>, FunnelCustomersQuery>({
      method: 'post',
      path: '/api/analytics/funnel/customers',
      tag: TAG,
      summary: "The customers who converted at a funnel step, or dropped before it: JSON pages or a CSV file of all of them",
      query: CustomersPage,
      body: FunnelCustomersQuery as z.ZodType<FunnelCustomersQuery>,
      response: AnalyticsCustomers,
      produces: ['application/json', 'text/csv'],
      handler: async ({ workspaceId, body, query, c }) => {
        const csv = query.format === 'csv';
        const page = csv ? { limit: 10_000_000, offset: 0 } : { limit: query.limit, offset: Number(query.cursor ?? 0) };
        const result = await analytics.funnelCustomers(workspaceId, body, page);
        if (!csv) return result;
        const rows = [['profile_id', 'user_id', 'time'], ...result.customers.map((r) => [r.profileId, r.userId, new Date(r.time).toISOString()])];
        return csvResponse(c, `funnel-step-${body.step}-${body.kind}`, csvOf(rows));
      },
    }),
    route({
      method: 'get',
      path: '/api/analytics/schema',
      tag: TAG,
      summary: 'What the query builder offers: event names, page paths, property keys and traits seen, published journeys',
      response: AnalyticsSchema,
      handler: ({ workspaceId }) => analytics.schema(workspaceId),
    }),
    route({ method: 'get', path: '/api/reports', tag: TAG, summary: 'Saved reports, most recently changed first', response: SavedReportList, handler: async ({ workspaceId }) => ({ reports: await reports.list(workspaceId) }) }),
    route<undefined, CreateReportBody>({
      method: 'post',
      path: '/api/reports',
      tag: TAG,
      summary: 'Save a named report (its query is checked against the kind)',
      body: CreateReportBody,
      response: SavedReport,
      handler: ({ workspaceId, body }) => {
        validQuery(body.kind, body.query);
        return reports.create(workspaceId, body, now());
      },
    }),
    route({ method: 'get', path: '/api/reports/{id}', tag: TAG, summary: 'A saved report', response: SavedReport, handler: ({ workspaceId, params }) => found(workspaceId, id(params)) }),
    route<undefined, UpdateReportBody>({
      method: 'patch',
      path: '/api/reports/{id}',
      tag: TAG,
      summary: 'Rename a saved report or replace its query',
      body: UpdateReportBody,
      response: SavedReport,
      handler: async ({ workspaceId, params, body }) => {
        const r = await found(workspaceId, id(params));
        if (body.query !== undefined) validQuery(r.kind, body.query);
        await reports.update(workspaceId, r.id, body, now());
        return found(workspaceId, r.id);
      },
    }),
    route({
      method: 'delete',
      path: '/api/reports/{id}',
      tag: TAG,
      summary: 'Delete a saved report',
      response: z.object({ ok: z.boolean() }),
      handler: async ({ workspaceId, params }) => {
        if (!(await reports.delete(workspaceId, id(params)))) throw new AppError(404, 'report_not_found', 'No saved report has this id.');
        return { ok: true };
      },
    }),
  ];
}
