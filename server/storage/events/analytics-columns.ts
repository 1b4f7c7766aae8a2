import { fieldText, readPath } from '../../../common/journeys/rule-matcher.ts';
import type { StoredEvent } from '../../../common/segment.ts';
import { SCAN_TYPES } from './event-store.ts';

/**
 * The analytics columns of one event (docs/analytics.md): what the event stores write next to its JSON
 * (`ANALYTICS_COLUMNS` in sql-analytics.ts; the backfill computes the same in SQL) and what the engine
 * codes. Field values as text, "" read as absent.
 */
export interface AnalyticsColumns {
  /** The first non-empty of properties.path, context.page.path. */
  pagePath: string | null;
  /** context.campaign.source, .medium, .name. */
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  /** The normalised host of the first non-empty of context.page.referrer, properties.referrer. */
  referrerHost: string | null;
  /** The normalised host of the first non-empty of context.page.url, properties.url. */
  pageHost: string | null;
}

const AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/;

export function analyticsColumnsOf(e: StoredEvent): AnalyticsColumns {
  const root = e as unknown as Record<string, unknown>;
  const text = (path: string) => {
    const v = fieldText(readPath(root, path));
    return v === '' ? null : v;
  };
  const firstOf = (...paths: string[]) => {
    for (const p of paths) {
      const v = text(p);
      if (v !== null) return v;
    }
    return null;
  };
  const host = (url: string | null) => {
    const m = url === null ? null : AUTHORITY.exec(url);
    return m && m[1] ? hostOfAuthority(m[1]) : null;
  };
  return {
    pagePath: firstOf('properties.path', 'context.page.path'),
    utmSource: text('context.campaign.source'),
    utmMedium: text('context.campaign.medium'),
    utmCampaign: text('context.campaign.name'),
    referrerHost: host(firstOf('context.page.referrer', 'properties.referrer')),
    pageHost: host(firstOf('context.page.url', 'properties.url')),
  };
}

/** An event's type code and name (track event name, page/screen name), as the engine codes them. */
export function typeAndNameOf(e: StoredEvent): { type: number; name: string | null } {
  const type = SCAN_TYPES.indexOf(e.type as (typeof SCAN_TYPES)[number]);
  return { type: type < 0 ? SCAN_TYPES.length : type, name: e.type === 'track' ? e.event : e.type === 'page' || e.type === 'screen' ? e.name : null };
}

/**
 * A URL authority as a compared host (docs/analytics.md, sessions): the user part and a numeric port
 * dropped, ASCII lower case, one leading `www.` dropped; null when nothing is left.
 */
export function hostOfAuthority(authority: string): string | null {
  let a = authority;
  const at = a.lastIndexOf('@');
  if (at >= 0) a = a.slice(at + 1);
  const colon = a.lastIndexOf(':');
  if (colon >= 0 && /^[0-9]*$/.test(a.slice(colon + 1))) a = a.slice(0, colon);
  // ASCII only: what both engines' lower() agree on for host names.
  a = a.replace(/[A-Z]+/g, (s) => s.toLowerCase());
  if (a.startsWith('www.')) a = a.slice(4);
  return a === '' ? null : a;
}
