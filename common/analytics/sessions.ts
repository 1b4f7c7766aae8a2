import { z } from 'zod';
import { bucketCountAtMost, MAX_BUCKETS } from './buckets.ts';
import { Instant, Interval, TimeZone } from './query.ts';

/**
 * The sessions query (POST /api/analytics/sessions) and its answer: visits cut by inactivity, their
 * length, pages, bounces, entry and exit pages, top pages, and traffic by UTM and referrer.
 * Semantics: docs/analytics.md#sessions-and-engagement.
 */

const MINUTE = 60_000;
export const DEFAULT_INACTIVITY_MS = 30 * MINUTE;
export const MAX_SESSION_TABLE_ROWS = 200;

export const SessionInactivityMs = z
  .number()
  .int()
  .min(MINUTE)
  .max(24 * 60 * MINUTE)
  .default(DEFAULT_INACTIVITY_MS)
  .describe('a gap of more than this between two consecutive events of a customer starts a new session');

/** Hosts of the site itself: a referrer on one of them is internal navigation, not traffic. */
export const SiteHosts = z
  .array(z.string().min(1).max(253).regex(/^[A-Za-z0-9.-]+$/, 'a host name such as shop.example.com'))
  .max(50)
  .default([])
  .describe('hosts of the site itself (compared after lower-casing and dropping "www."); referrers on them, or on the host of the event\'s own page URL, are internal and count as no referrer');

export const SessionsQuery = z
  .object({
    from: Instant.describe('period start (inclusive): sessions are built from the events in [from, to)'),
    to: Instant.describe('period end (exclusive)'),
    interval: Interval.default('day').describe('buckets of the sessions-over-time series, by the session\'s first event'),
    timeZone: TimeZone.describe('IANA zone the buckets are cut in'),
    inactivityMs: SessionInactivityMs,
    siteHosts: SiteHosts,
    limit: z.number().int().min(1).max(MAX_SESSION_TABLE_ROWS).default(20).describe('rows kept per table (pages, entry and exit pages, traffic)'),
  })
  .strict()
  .superRefine((q, ctx) => {
    if (!(q.from < q.to)) ctx.addIssue({ code: 'custom', path: ['to'], message: 'from must be before to' });
    else if (bucketCountAtMost(q.interval, q.from, q.to) > MAX_BUCKETS) {
      ctx.addIssue({ code: 'custom', path: ['interval'], message: `more than ${MAX_BUCKETS} ${q.interval} buckets in the period: choose a longer interval` });
    }
  });
export type SessionsQuery = z.infer<typeof SessionsQuery>;
export type SessionsQueryInput = z.input<typeof SessionsQuery>;

/** The value of a traffic table without a referrer or campaign field. */
export const DIRECT = '(direct)';

// ---------------------------------------------------------------------------------------------------
// The answer.
// ---------------------------------------------------------------------------------------------------

const Count = z.number().int().nonnegative();

export const SessionStats = z
  .object({
    sessions: Count,
    customers: Count.describe('distinct customers with one of these sessions'),
    pageviews: Count.describe('page events in these sessions'),
    bounces: Count.describe('sessions of exactly one page event and no other event'),
    bounceRate: z.number().min(0).max(1).nullable().describe('bounces / sessions; null without sessions'),
    pagesPerSession: z.number().nonnegative().nullable().describe('pageviews / sessions; null without sessions'),
    meanLengthMs: z.number().nonnegative().nullable().describe('sum of session lengths (last − first event; 0 for one event) / sessions; null without sessions. Over all sessions this is the time on site'),
  })
  .strict();
export type SessionStats = z.infer<typeof SessionStats>;

export const SessionTableRow = SessionStats.extend({ key: z.string().describe('the page path, UTM value or referrer host of the row') }).strict();
export type SessionTableRow = z.infer<typeof SessionTableRow>;

export const PageRow = z
  .object({
    path: z.string().describe('properties.path, else context.page.path; "(none)" for page events with neither'),
    views: Count,
    customers: Count,
  })
  .strict();
export type PageRow = z.infer<typeof PageRow>;

export const SessionsBucket = SessionStats.extend({ start: z.iso.datetime() }).strict();
export type SessionsBucket = z.infer<typeof SessionsBucket>;

const Table = (what: string) => z.array(SessionTableRow).describe(`${what}; sorted by sessions (descending), then key; at most \`limit\` rows`);

export const SessionsResult = z
  .object({
    summary: SessionStats.describe('every session of the period'),
    overTime: z.array(SessionsBucket).describe('per bucket, sessions by their first event; the first bucket may start before `from`'),
    topPages: z.array(PageRow).describe('page events in the period by path; sorted by views (descending), then path; at most `limit` rows'),
    entryPages: Table('sessions by the path of their first page event (sessions without one are left out)'),
    exitPages: Table('sessions by the path of their last page event (sessions without one are left out)'),
    utmSources: Table('sessions by context.campaign.source of their first event, "(none)" when absent'),
    utmMediums: Table('sessions by context.campaign.medium of their first event, "(none)" when absent'),
    utmCampaigns: Table('sessions by context.campaign.name of their first event, "(none)" when absent'),
    referrers: Table('sessions by the external referrer host of their first event (lower-cased, "www." dropped), "(direct)" when there is none'),
  })
  .strict();
export type SessionsResult = z.infer<typeof SessionsResult>;
