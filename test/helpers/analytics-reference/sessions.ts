import { NONE_GROUP, STAGE_ENTERED } from '../../../common/analytics/query.ts';
import { DIRECT } from '../../../common/analytics/sessions.ts';
import type { PageRow, SessionStats, SessionsQuery, SessionsResult, SessionTableRow } from '../../../common/analytics/sessions.ts';
import type { Call } from '../journey-reference.ts';
import { analyticsCustomers, bucketStarts, fieldText, inPeriod } from './events.ts';
import type { AnalyticsCustomer, RefEvent } from './events.ts';
import { bucketIndexer, iso } from './trends.ts';

/**
 * Plain reference for sessions (docs/analytics.md#sessions-and-engagement), and the visit rules the
 * attribution reference shares: which events are activity, where a session is cut, and what a
 * session's first event says about where it came from.
 */

// ---------------------------------------------------------------------------------------------------
// Shared visit rules.
// ---------------------------------------------------------------------------------------------------

/** A track, page or screen call, not a derived stage entry: what a customer did. */
export function isActivity(call: Call): boolean {
  if (call.type === 'track') return call.event !== STAGE_ENTERED;
  return call.type === 'page' || call.type === 'screen';
}

/** The customer's activity events in [from, to), cut into sessions where the gap exceeds inactivityMs. */
export function sessionsOf(c: AnalyticsCustomer, window: { from: number; to: number }, inactivityMs: number): RefEvent[][] {
  const sessions: RefEvent[][] = [];
  let current: RefEvent[] = [];
  for (const e of c.events) {
    if (!isActivity(e.call) || !inPeriod(window, e.t)) continue;
    const last = current[current.length - 1];
    if (last !== undefined && e.t - last.t > inactivityMs) {
      sessions.push(current);
      current = [];
    }
    current.push(e);
  }
  if (current.length > 0) sessions.push(current);
  return sessions;
}

/** ASCII lower case (host names are ASCII; the engines' lower() agree on it). */
function asciiLower(s: string): string {
  let out = '';
  for (const ch of s) out += ch >= 'A' && ch <= 'Z' ? String.fromCharCode(ch.charCodeAt(0) + 32) : ch;
  return out;
}

/** A host as compared: ASCII lower case, one leading "www." dropped. */
export function normalHost(host: string): string {
  const h = asciiLower(host);
  return h.startsWith('www.') ? h.slice(4) : h;
}

/**
 * The host of a URL written as `scheme://[user@]host[:port][/?#…]`, normalised; null for anything else
 * (no scheme, empty host).
 */
export function hostOfUrl(text: string): string | null {
  const sep = text.indexOf('://');
  if (sep <= 0) return null;
  const scheme = text.slice(0, sep);
  for (let i = 0; i < scheme.length; i++) {
    const ch = scheme[i] as string;
    const letter = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z');
    const other = (ch >= '0' && ch <= '9') || ch === '+' || ch === '.' || ch === '-';
    if (!(letter || (i > 0 && other))) return null;
  }
  let authority = text.slice(sep + 3);
  for (const stop of ['/', '?', '#']) {
    const i = authority.indexOf(stop);
    if (i >= 0) authority = authority.slice(0, i);
  }
  const at = authority.lastIndexOf('@');
  if (at >= 0) authority = authority.slice(at + 1);
  const colon = authority.lastIndexOf(':');
  if (colon >= 0 && [...authority.slice(colon + 1)].every((ch) => ch >= '0' && ch <= '9')) authority = authority.slice(0, colon);
  const host = normalHost(authority);
  return host === '' ? null : host;
}

/** A field's text, with "" read as absent. */
function textOf(call: Call, path: string): string | null {
  const v = fieldText(call, path);
  return v === '' ? null : v;
}

/**
 * The external referrer host of an event: `context.page.referrer`, else `properties.referrer`, as a
 * host; null when there is none, or when it is the host of the event's own page (`context.page.url`,
 * else `properties.url`) or one of the site's hosts.
 */
export function externalReferrer(call: Call, siteHosts: string[]): string | null {
  const referrer = textOf(call, 'context.page.referrer') ?? textOf(call, 'properties.referrer');
  const host = referrer === null ? null : hostOfUrl(referrer);
  if (host === null) return null;
  const pageUrl = textOf(call, 'context.page.url') ?? textOf(call, 'properties.url');
  const own = pageUrl === null ? null : hostOfUrl(pageUrl);
  if (host === own || siteHosts.map(normalHost).includes(host)) return null;
  return host;
}

/** A UTM field of `context.campaign` (`source`, `medium`, `name`); null when absent or "". */
export function campaignField(call: Call, field: 'source' | 'medium' | 'name'): string | null {
  return textOf(call, `context.campaign.${field}`);
}

/** A page event's path: `properties.path`, else `context.page.path`; "(none)" when neither. */
export function pagePath(call: Call): string {
  return textOf(call, 'properties.path') ?? textOf(call, 'context.page.path') ?? NONE_GROUP;
}

// ---------------------------------------------------------------------------------------------------
// Sessions.
// ---------------------------------------------------------------------------------------------------

interface Session {
  customer: string;
  events: RefEvent[];
  pages: RefEvent[];
  lengthMs: number;
  bounce: boolean;
}

function statsOf(sessions: Session[]): SessionStats {
  const count = sessions.length;
  const customers = new Set(sessions.map((s) => s.customer)).size;
  let pageviews = 0;
  let bounces = 0;
  let length = 0;
  for (const s of sessions) {
    pageviews += s.pages.length;
    if (s.bounce) bounces++;
    length += s.lengthMs;
  }
  return {
    sessions: count,
    customers,
    pageviews,
    bounces,
    bounceRate: count === 0 ? null : bounces / count,
    pagesPerSession: count === 0 ? null : pageviews / count,
    meanLengthMs: count === 0 ? null : length / count,
  };
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Sessions grouped by a key (sessions whose key is null are left out), as table rows. */
function table(sessions: Session[], keyOf: (s: Session) => string | null, limit: number): SessionTableRow[] {
  const groups = new Map<string, Session[]>();
  for (const s of sessions) {
    const key = keyOf(s);
    if (key === null) continue;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)?.push(s);
  }
  const rows = [...groups.entries()].map(([key, list]) => ({ key, ...statsOf(list) }));
  rows.sort((a, b) => b.sessions - a.sessions || byText(a.key, b.key));
  return rows.slice(0, limit);
}

export function referenceSessions(calls: Call[], q: SessionsQuery): SessionsResult {
  const period = { from: q.from, to: q.to };
  const sessions: Session[] = [];
  for (const c of analyticsCustomers(calls)) {
    for (const events of sessionsOf(c, period, q.inactivityMs)) {
      const pages = events.filter((e) => e.call.type === 'page');
      const first = events[0] as RefEvent;
      const last = events[events.length - 1] as RefEvent;
      sessions.push({ customer: c.id, events, pages, lengthMs: last.t - first.t, bounce: pages.length === 1 && events.length === 1 });
    }
  }

  const starts = bucketStarts(period, q.interval, q.timeZone);
  const bucketOf = bucketIndexer(starts, q.interval, q.timeZone);
  const overTime = starts.map((start, b) => ({ start: iso(start), ...statsOf(sessions.filter((s) => bucketOf((s.events[0] as RefEvent).t) === b)) }));

  const views = new Map<string, { views: number; customers: Set<string> }>();
  for (const s of sessions) {
    for (const p of s.pages) {
      const path = pagePath(p.call);
      if (!views.has(path)) views.set(path, { views: 0, customers: new Set() });
      const row = views.get(path);
      if (row) {
        row.views++;
        row.customers.add(s.customer);
      }
    }
  }
  const topPages: PageRow[] = [...views.entries()].map(([path, v]) => ({ path, views: v.views, customers: v.customers.size }));
  topPages.sort((a, b) => b.views - a.views || byText(a.path, b.path));

  const firstCall = (s: Session) => (s.events[0] as RefEvent).call;
  const utm = (field: 'source' | 'medium' | 'name') => (s: Session) => campaignField(firstCall(s), field) ?? NONE_GROUP;
  return {
    summary: statsOf(sessions),
    overTime,
    topPages: topPages.slice(0, q.limit),
    entryPages: table(sessions, (s) => (s.pages.length === 0 ? null : pagePath((s.pages[0] as RefEvent).call)), q.limit),
    exitPages: table(sessions, (s) => (s.pages.length === 0 ? null : pagePath((s.pages[s.pages.length - 1] as RefEvent).call)), q.limit),
    utmSources: table(sessions, utm('source'), q.limit),
    utmMediums: table(sessions, utm('medium'), q.limit),
    utmCampaigns: table(sessions, utm('name'), q.limit),
    referrers: table(sessions, (s) => externalReferrer(firstCall(s), q.siteHosts) ?? DIRECT, q.limit),
  };
}
