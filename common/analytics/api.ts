import { z } from 'zod';

/**
 * The explorer's API around the queries (/api/analytics/*, /api/reports/*), shared by server and
 * dashboard. The queries themselves are in funnel.ts, paths.ts, retention.ts, trends.ts, sessions.ts
 * and attribution.ts: `POST /api/analytics/{kind}` takes that kind's query as JSON and answers its
 * result; `?format=csv` answers the result's main table as CSV instead.
 * `POST /api/analytics/funnel/customers` takes a FunnelCustomersQuery and lists the converted or
 * dropped customers of a step (JSON pages, or `?format=csv` with all of them).
 */

export const REPORT_KINDS = ['funnel', 'paths', 'retention', 'trends', 'sessions', 'attribution'] as const;
export const ReportKind = z.enum(REPORT_KINDS);
export type ReportKind = z.infer<typeof ReportKind>;

/** What the query builder offers: the event names, page paths and property keys actually seen. */
export const AnalyticsSchema = z.object({
  events: z.array(z.object({ name: z.string(), count: z.number() })).describe('track event names, most frequent first'),
  pages: z.array(z.object({ path: z.string(), count: z.number() })).describe('page paths, most viewed first'),
  properties: z.array(z.object({ key: z.string(), count: z.number() })).describe('dotted keys (properties.revenue, context.campaign.source) with the events that carry them'),
  traits: z.array(z.object({ key: z.string(), count: z.number() })).describe('trait names, with the customers that have them'),
  journeys: z.array(z.object({ id: z.string(), name: z.string(), stages: z.array(z.object({ key: z.string(), name: z.string() })) })).describe('published journeys, for stage-entry steps and journey attribution'),
});
export type AnalyticsSchema = z.infer<typeof AnalyticsSchema>;

/** Customers behind a number: a page of them, newest-first by the time that put them there. */
export const AnalyticsCustomers = z.object({
  total: z.number(),
  customers: z.array(z.object({ profileId: z.string(), userId: z.string().nullable(), time: z.number().describe('when the customer did the step (or the last step they did, for dropped)') })),
  nextCursor: z.string().nullable(),
});
export type AnalyticsCustomers = z.infer<typeof AnalyticsCustomers>;

/** A saved report: a named query anyone with the dashboard can open by its link (/explore/{kind}?report={id}). */
export const SavedReport = z.object({
  id: z.string(),
  name: z.string(),
  kind: ReportKind,
  query: z.record(z.string(), z.unknown()).describe("the kind's query, as sent to POST /api/analytics/{kind}"),
  createdAt: z.number(),
  updatedAt: z.number(),
});
export type SavedReport = z.infer<typeof SavedReport>;

export const SavedReportList = z.object({ reports: z.array(SavedReport) });
export type SavedReportList = z.infer<typeof SavedReportList>;

export const CreateReportBody = z
  .object({
    name: z.string().trim().min(1).max(200),
    kind: ReportKind,
    query: z.record(z.string(), z.unknown()),
  })
  .strict();
export type CreateReportBody = z.infer<typeof CreateReportBody>;

export const UpdateReportBody = z
  .object({
    name: z.string().trim().min(1).max(200).optional(),
    query: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();
export type UpdateReportBody = z.infer<typeof UpdateReportBody>;
