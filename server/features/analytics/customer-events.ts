/**
 * The analytics engine's view of a workspace's events (docs/analytics.md, docs/ARCHITECTURE.md):
 * clustered by customer, each customer's events in (timestamp, seq) order, in typed columns with text
 * values as codes into one dictionary. Funnels, paths, retention, sessions and attribution are one pass
 * over this, customer by customer, instead of self-joins in SQL.
 *
 * Kernels (funnel-kernel.ts, …) only read it. What a query adds per event (which steps an event
 * matches, a property's value) comes as arrays of the same length, indexed by event position.
 */
export interface CustomerEvents {
  /** Per customer: the canonical (surviving) profile id. */
  readonly profileIds: readonly string[];
  /** customers + 1 entries: customer c's events are positions [offsets[c], offsets[c + 1]). */
  readonly offsets: Int32Array;
  /** Per event: timestamp (epoch ms). */
  readonly ts: Float64Array;
  /** Per event: its position in the store (ties of `ts` are ordered by it). */
  readonly seq: Float64Array;
  /** Per event: index into EVENT_TYPES. */
  readonly type: Uint8Array;
  /** Per event, codes into `strings` (-1: none). The track event name, or the page/screen name. */
  readonly name: Int32Array;
  /** Page path: `properties.path`, else `context.page.path` (the first that is a non-empty value). */
  readonly path: Int32Array;
  /** `context.campaign.source`, `.medium`, `.name`. */
  readonly utmSource: Int32Array;
  readonly utmMedium: Int32Array;
  readonly utmCampaign: Int32Array;
  /**
   * Normalised host (ASCII lower case, one leading `www.` dropped; docs/analytics.md, sessions) of the
   * first non-empty of `context.page.referrer`, `properties.referrer`; -1 when that is not a URL.
   */
  readonly referrerHost: Int32Array;
  /** Normalised host of the page itself: the first non-empty of `context.page.url`, `properties.url`. */
  readonly pageHost: Int32Array;
  /** The dictionary of every coded column. */
  readonly strings: readonly string[];
}

/** Call types as `CustomerEvents.type` codes (the event store's scan uses the same order). */
export const EVENT_TYPES = ['track', 'page', 'screen', 'identify', 'group', 'alias'] as const;
export const TRACK = 0;
export const PAGE = 1;
export const SCREEN = 2;
export const IDENTIFY = 3;

/** Number of customers. */
export function customerCount(ev: CustomerEvents): number {
  return ev.offsets.length - 1;
}
