import { describe, expect, it } from 'vitest';
import { SessionsQuery } from '../common/analytics/sessions.ts';
import type { SessionsQueryInput, SessionsResult } from '../common/analytics/sessions.ts';
import type { Call } from './helpers/journey-reference.ts';
import { hostOfUrl, referenceSessions } from './helpers/analytics-reference/sessions.ts';

/** Hand-checked fixtures for the sessions reference (docs/analytics.md#sessions-and-engagement). */

let n = 0;
const call = (type: Call['type'], user: string, timestamp: string, rest: Partial<Call> = {}): Call => ({ type, messageId: `m${++n}`, userId: user, timestamp, ...rest });
const page = (user: string, timestamp: string, properties: Record<string, unknown>, context: Record<string, unknown> = {}) => call('page', user, timestamp, { properties, context });
const run = (calls: Call[], q: Partial<SessionsQueryInput> = {}): SessionsResult => referenceSessions(calls, SessionsQuery.parse({ from: '2024-01-01T00:00:00Z', to: '2024-01-03T00:00:00Z', interval: 'day', ...q }));

const MIN = 60_000;
const CALLS: Call[] = [
  // a, session 1 (10:00–10:45): 3 pages and a track event; from Google with a campaign.
  page('a', '2024-01-01T10:00:00Z', { path: '/' }, { campaign: { source: 'google', medium: 'cpc', name: 'spring' }, page: { referrer: 'https://www.Google.com/search?q=mugg', url: 'https://shop.example.com/' } }),
  page('a', '2024-01-01T10:10:00Z', {}, { page: { path: '/products', referrer: 'https://shop.example.com/' } }), // path from context.page.path
  call('track', 'a', '2024-01-01T10:40:00Z', { event: 'Product Added' }), // exactly 30 min after the last event: same session
  page('a', '2024-01-01T10:45:00Z', { path: '/cart' }),
  // A derived stage entry between the two sessions: not activity, so it does not bridge the gap.
  call('track', 'a', '2024-01-01T11:00:00Z', { event: 'Journey Stage Entered', properties: { journey_id: 'j', stage_key: 'purchase' } }),
  // a, session 2: 30 min and 1 ms after 10:45; one page from the shop itself (internal referrer): a bounce, (direct).
  page('a', '2024-01-01T11:15:00.001Z', { path: '/' }, { page: { referrer: 'https://shop.example.com/cart', url: 'https://shop.example.com/' } }),
  // b, session 3: an app session across midnight (no page: no entry page, not a bounce); it belongs to 1 January.
  call('screen', 'b', '2024-01-01T23:50:00Z', { name: 'Home' }),
  call('track', 'b', '2024-01-02T00:10:00Z', { event: 'Opened' }),
  // b, session 4: one page, referrer and URL in properties: a bounce from news.ycombinator.com.
  page('b', '2024-01-02T09:00:00Z', { path: '/blog/post', referrer: 'http://news.ycombinator.com/item?id=1', url: 'https://blog.example.com/post' }),
  // c: a page before the period does not reach into it; session 5 starts at 00:05.
  page('c', '2023-12-31T23:50:00Z', { path: '/' }),
  page('c', '2024-01-01T00:05:00Z', { path: '/' }, { campaign: { source: 'facebook' }, page: { referrer: 'https://m.facebook.com/' } }),
  page('c', '2024-01-01T00:06:00Z', {}), // a page without a path: "(none)"
  page('c', '2024-01-03T00:00:00Z', { path: '/' }), // = to: outside
  call('identify', 'd', '2024-01-01T12:00:00Z', { traits: { plan: 'pro' } }), // not activity: no session
];

// Sessions: S1 a 45 min, 3 pages; S2 a 0, bounce; S3 b 20 min, 0 pages; S4 b 0, bounce; S5 c 1 min, 2 pages.
const stats = (sessions: number, customers: number, pageviews: number, bounces: number, lengthSum: number) => ({
  sessions,
  customers,
  pageviews,
  bounces,
  bounceRate: bounces / sessions,
  pagesPerSession: pageviews / sessions,
  meanLengthMs: lengthSum / sessions,
});

describe('sessions reference', () => {
  it('cuts sessions after more than 30 min without activity and measures them', () => {
    const r = run(CALLS);
    // 5 sessions, 7 page views, bounces S2 and S4, lengths 45 + 0 + 20 + 0 + 1 min.
    expect(r.summary).toEqual(stats(5, 3, 7, 2, 66 * MIN));
    expect(r.summary.meanLengthMs).toBe(792_000);
    expect(r.overTime).toEqual([
      { start: '2024-01-01T00:00:00.000Z', ...stats(4, 3, 6, 1, 66 * MIN) }, // S1, S2, S3 (by its first event), S5
      { start: '2024-01-02T00:00:00.000Z', ...stats(1, 1, 1, 1, 0) }, // S4
    ]);
  });

  it('top pages, entry and exit pages', () => {
    const r = run(CALLS);
    // "/" in S1, S2, S5; ties by path in code-unit order: "(" < "/".
    expect(r.topPages).toEqual([
      { path: '/', views: 3, customers: 2 },
      { path: '(none)', views: 1, customers: 1 },
      { path: '/blog/post', views: 1, customers: 1 },
      { path: '/cart', views: 1, customers: 1 },
      { path: '/products', views: 1, customers: 1 },
    ]);
    // Entry: "/" for S1, S2, S5; "/blog/post" for S4; S3 has no page and no entry page.
    expect(r.entryPages).toEqual([
      { key: '/', ...stats(3, 2, 6, 1, 46 * MIN) },
      { key: '/blog/post', ...stats(1, 1, 1, 1, 0) },
    ]);
    // Exit: S1 "/cart", S2 "/", S4 "/blog/post", S5 the path-less page.
    expect(r.exitPages.map((row) => [row.key, row.sessions])).toEqual([
      ['(none)', 1],
      ['/', 1],
      ['/blog/post', 1],
      ['/cart', 1],
    ]);
  });

  it('traffic by the UTM fields and external referrer of the first event', () => {
    const r = run(CALLS);
    // (none): S2, S3, S4 (a and b; pages 1 + 0 + 1; bounces S2, S4; lengths 0 + 20 + 0 min)
    expect(r.utmSources).toEqual([
      { key: '(none)', ...stats(3, 2, 2, 2, 20 * MIN) },
      { key: 'facebook', ...stats(1, 1, 2, 0, MIN) },
      { key: 'google', ...stats(1, 1, 3, 0, 45 * MIN) },
    ]);
    expect(r.utmMediums.map((row) => [row.key, row.sessions])).toEqual([
      ['(none)', 4],
      ['cpc', 1],
    ]);
    expect(r.utmCampaigns.map((row) => [row.key, row.sessions])).toEqual([
      ['(none)', 4],
      ['spring', 1],
    ]);
    // S1 www.Google.com → google.com; S2's referrer is its own page's host → (direct); S3 none → (direct).
    expect(r.referrers).toEqual([
      { key: '(direct)', ...stats(2, 2, 1, 1, 20 * MIN) },
      { key: 'google.com', ...stats(1, 1, 3, 0, 45 * MIN) },
      { key: 'm.facebook.com', ...stats(1, 1, 2, 0, MIN) },
      { key: 'news.ycombinator.com', ...stats(1, 1, 1, 1, 0) },
    ]);
    // A site host (any case, "www." or not) is internal too.
    const withSite = run(CALLS, { siteHosts: ['WWW.news.ycombinator.com'] });
    expect(withSite.referrers.map((row) => [row.key, row.sessions])).toEqual([
      ['(direct)', 3],
      ['google.com', 1],
      ['m.facebook.com', 1],
    ]);
  });

  it('inactivityMs and limit', () => {
    // With 60 min, S1 and S2 are one session of 75 min and 4 pages (no longer a bounce).
    const r = run(CALLS, { inactivityMs: 60 * MIN, limit: 1 });
    expect(r.summary).toEqual(stats(4, 3, 7, 1, 75 * MIN + 1 + 20 * MIN + MIN));
    expect(r.topPages).toEqual([{ path: '/', views: 3, customers: 2 }]);
    expect(r.referrers.map((row) => row.key)).toEqual(['(direct)']);
  });

  it('reads hosts from URLs', () => {
    expect(hostOfUrl('https://user:pw@WWW.Example.com:8080/x?y#z')).toBe('example.com');
    expect(hostOfUrl('android-app://com.google.android.gm/')).toBe('com.google.android.gm');
    expect(hostOfUrl('http://www.')).toBeNull();
    expect(hostOfUrl('example.com/path')).toBeNull();
    expect(hostOfUrl('https://')).toBeNull();
    expect(hostOfUrl('1https://a.se')).toBeNull();
  });
});
