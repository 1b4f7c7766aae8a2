import { fieldText, readPath } from '../../../common/journeys/rule-matcher.ts';
import type { StoredEvent } from '../../../common/segment.ts';
import { EVENT_TYPES } from './customer-events.ts';

/**
 * The column values of one event, computed in JS the way the event stores compute them in SQL
 * (sql-analytics.ts): for events that arrive after the engine's build. Hosts are normalised here for
 * both (the stores hand over URL authorities).
 */
export interface EventColumnTexts {
  type: number;
  name: string | null;
  path: string | null;
  utmSource: string | null;
  utmMedium: string | null;
  utmCampaign: string | null;
  /** Authorities (`user@host:port`), as the stores give them; `hostOfAuthority` normalises. */
  referrer: string | null;
  pageUrl: string | null;
}

const AUTHORITY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/([^/?#]*)/;

export function columnTextsOf(e: StoredEvent): EventColumnTexts {
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
  const authority = (url: string | null) => {
    if (url === null) return null;
    const m = AUTHORITY.exec(url);
    return m && m[1] !== '' ? (m[1] ?? null) : null;
  };
  const type = EVENT_TYPES.indexOf(e.type as (typeof EVENT_TYPES)[number]);
  return {
    type: type < 0 ? EVENT_TYPES.length : type,
    name: e.type === 'track' ? e.event : e.type === 'page' || e.type === 'screen' ? e.name : null,
    path: firstOf('properties.path', 'context.page.path'),
    utmSource: text('context.campaign.source'),
    utmMedium: text('context.campaign.medium'),
    utmCampaign: text('context.campaign.name'),
    referrer: authority(firstOf('context.page.referrer', 'properties.referrer')),
    pageUrl: authority(firstOf('context.page.url', 'properties.url')),
  };
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
