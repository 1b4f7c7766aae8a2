import type { EventMatcher, EventMatcherInput } from '../../common/analytics/query.ts';
import { type CustomerEvents, EVENT_TYPES } from '../../server/features/analytics/customer-events.ts';
import { type AnalyticsCustomer, analyticsCustomers, eventMatches, fieldText, pagePathOf } from './analytics-reference/events.ts';
import { hostOfUrl } from './analytics-reference/sessions.ts';
import type { Call } from './journey-reference.ts';

/**
 * `CustomerEvents` built from the calls a test sends, with the reference's own customer resolution and
 * field rules: the input the engine's kernels get, made without the engine, so kernels can be compared
 * with the references before (and apart from) the event stores. Customers are in the reference's
 * order (by id) and `profileIds` holds the reference ids.
 */
export function columnsOf(calls: Call[]): { columns: CustomerEvents; customers: AnalyticsCustomer[] } {
  const customers = analyticsCustomers(calls);
  const strings: string[] = [];
  const codes = new Map<string, number>();
  const code = (v: string | null) => {
    if (v === null) return -1;
    let c = codes.get(v);
    if (c === undefined) {
      c = strings.push(v) - 1;
      codes.set(v, c);
    }
    return c;
  };
  const n = customers.reduce((sum, c) => sum + c.events.length, 0);
  const offsets = new Int32Array(customers.length + 1);
  const ts = new Float64Array(n);
  const seq = new Float64Array(n);
  const type = new Uint8Array(n);
  const name = new Int32Array(n);
  const path = new Int32Array(n);
  const utmSource = new Int32Array(n);
  const utmMedium = new Int32Array(n);
  const utmCampaign = new Int32Array(n);
  const referrerHost = new Int32Array(n);
  const pageHost = new Int32Array(n);
  const nonEmpty = (call: Call, ...paths: string[]) => {
    for (const p of paths) {
      const v = fieldText(call, p);
      if (v !== null && v !== '') return v;
    }
    return null;
  };
  let i = 0;
  customers.forEach((c, ci) => {
    offsets[ci] = i;
    for (const e of c.events) {
      const call = e.call;
      ts[i] = e.t;
      seq[i] = e.seq;
      type[i] = EVENT_TYPES.indexOf(call.type as (typeof EVENT_TYPES)[number]);
      name[i] = code(call.type === 'track' ? (call.event ?? null) : call.type === 'page' || call.type === 'screen' ? (call.name ?? null) : null);
      path[i] = code(pagePathOf(call));
      utmSource[i] = code(nonEmpty(call, 'context.campaign.source'));
      utmMedium[i] = code(nonEmpty(call, 'context.campaign.medium'));
      utmCampaign[i] = code(nonEmpty(call, 'context.campaign.name'));
      const referrer = nonEmpty(call, 'context.page.referrer', 'properties.referrer');
      referrerHost[i] = code(referrer === null ? null : hostOfUrl(referrer));
      const url = nonEmpty(call, 'context.page.url', 'properties.url');
      pageHost[i] = code(url === null ? null : hostOfUrl(url));
      i++;
    }
  });
  offsets[customers.length] = i;
  const columns: CustomerEvents = { profileIds: customers.map((c) => c.id), offsets, ts, seq, type, name, path, utmSource, utmMedium, utmCampaign, referrerHost, pageHost, strings };
  return { columns, customers };
}

/** Per event position: bit k set when matcher k matches the event (the reference's matching). */
export function masksOf(customers: AnalyticsCustomer[], matchers: (EventMatcher | EventMatcherInput)[]): Uint32Array {
  if (matchers.length > 32) throw new Error('at most 32 matchers per mask');
  const n = customers.reduce((sum, c) => sum + c.events.length, 0);
  const masks = new Uint32Array(n);
  let i = 0;
  for (const c of customers) {
    for (const e of c.events) {
      let m = 0;
      matchers.forEach((matcher, k) => {
        if (eventMatches(matcher, e.call)) m |= 1 << k;
      });
      masks[i++] = m >>> 0;
    }
  }
  return masks;
}
