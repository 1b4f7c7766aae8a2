import { NONE_GROUP, OTHER_GROUP, STAGE_ENTERED } from '../../../common/analytics/query.ts';
import type { Breakdown, EventMatcher, EventMatcherInput, Interval } from '../../../common/analytics/query.ts';
import { resolveCustomers, ruleMatches, timeOf } from '../journey-reference.ts';
import type { Call, RefCustomer } from '../journey-reference.ts';

/**
 * What every analytics reference (docs/analytics.md) shares: customers with their events in one order,
 * event matching, field and trait lookup, breakdown groups, time buckets and the quantile. Plain loops
 * on purpose: the server's engine is property-tested against this, so it must be obviously right, not fast.
 */

/** One event of a customer: the call, its time, and its position in the stream as sent (the store's seq). */
export interface RefEvent {
  call: Call;
  t: number;
  seq: number;
}

/** A customer for the analytics references: a stable id, the resolved identity and its events in (t, seq) order. */
export interface AnalyticsCustomer {
  /** The smallest userId, else the smallest anonymousId: how tests name a customer in exported lists. */
  id: string;
  customer: RefCustomer;
  events: RefEvent[];
}

/** Orders events by timestamp, then by seq: the one order every query uses, ties included. */
export function compareEvents(a: RefEvent, b: RefEvent): number {
  return a.t - b.t || a.seq - b.seq;
}

/**
 * Resolves the calls into customers (journey-reference's identity rules) with their events in (t, seq)
 * order, customers sorted by id. seq is the position of a messageId's first appearance in `calls`, which
 * is the store's order when the test sends the calls in that order.
 */
export function analyticsCustomers(calls: Call[]): AnalyticsCustomer[] {
  const seqOf = new Map<string, number>();
  calls.forEach((c, i) => {
    if (!seqOf.has(c.messageId)) seqOf.set(c.messageId, i);
  });
  const out: AnalyticsCustomer[] = [];
  for (const customer of resolveCustomers(calls)) {
    const events = customer.calls.map((call) => ({ call, t: timeOf(call), seq: seqOf.get(call.messageId) ?? 0 }));
    events.sort(compareEvents);
    out.push({ id: customer.userIds[0] ?? customer.anonymousIds[0] ?? '', customer, events });
  }
  out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return out;
}

/** Whether t lies in the period: from ≤ t < to. */
export function inPeriod(period: { from: number; to: number }, t: number): boolean {
  return t >= period.from && t < period.to;
}

/**
 * Whether an EventMatcher matches a call. Without `stage` it is a journey rule (type, one event name,
 * where, pagePath), which never matches a stage entry. With `stage` only that stage's `Journey Stage
 * Entered` events match, and the other parts (type, where, pagePath, event) must hold for them too.
 */
export function eventMatches(m: EventMatcher | EventMatcherInput, call: Call): boolean {
  const rule = { type: m.type ?? 'any', events: m.event === undefined ? [] : [m.event], where: m.where ?? [], pagePath: m.pagePath };
  if (m.stage === undefined) return ruleMatches(rule, call);
  if (call.type !== 'track' || call.event !== STAGE_ENTERED) return false;
  if (call.properties?.journey_id !== m.stage.journeyId || call.properties?.stage_key !== m.stage.stageKey) return false;
  if (m.event !== undefined && m.event !== STAGE_ENTERED) return false;
  // ruleMatches refuses every stage entry, so the remaining parts are checked on a renamed copy.
  return ruleMatches({ ...rule, events: [] }, { ...call, event: '(stage entry)' });
}

/** A dotted field (`properties.plan`, `context.campaign.source`, `traits.plan`) as text; null when absent or null. */
export function fieldText(call: Call, path: string): string | null {
  const [rootName, ...rest] = path.split('.');
  let value: unknown = rootName === 'properties' ? call.properties : rootName === 'context' ? call.context : rootName === 'traits' ? call.traits : undefined;
  for (const part of rest) {
    if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[part];
  }
  if (value === null || value === undefined) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/**
 * The customer's latest value of a trait, as journey personas read it: identify `traits` and any call's
 * `context.traits`; the latest call wins, ties by the larger value.
 */
export function traitOf(c: AnalyticsCustomer, key: string): string | null {
  let bestTime = -Infinity;
  let best: string | null = null;
  for (const e of c.events) {
    let value = e.call.type === 'identify' ? fieldText(e.call, `traits.${key}`) : null;
    if (value === null) value = fieldText(e.call, `context.traits.${key}`);
    if (value === null) continue;
    if (best === null || e.t > bestTime || (e.t === bestTime && value > best)) {
      bestTime = e.t;
      best = value;
    }
  }
  return best;
}

/** A customer's breakdown value: the event's property or the customer's trait; absent, null or "" is "(none)". */
export function breakdownValue(b: Pick<Breakdown, 'kind' | 'key'>, c: AnalyticsCustomer, e: RefEvent): string {
  const value = b.kind === 'event' ? fieldText(e.call, b.key) : traitOf(c, b.key);
  return value === null || value === '' ? NONE_GROUP : value;
}

/**
 * The groups a breakdown keeps: ranked by customers (descending, ties by value in code-unit order), the
 * first `limit`; "(none)" ranks like any value. Map a value through `groupOf` to get its shown group.
 */
export function topGroups(customersPerValue: Map<string, number>, limit: number): string[] {
  const ranked = [...customersPerValue.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  return ranked.slice(0, limit).map(([value]) => value);
}

/** The group a value is shown in: itself when kept, else "(other)". */
export function groupOf(value: string, kept: string[]): string {
  return kept.includes(value) ? value : OTHER_GROUP;
}

/** The q-quantile, nearest rank (lower): the value at rank ceil(q·n), as server/quantiles.ts' `selectRanks`. */
export function quantile(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length, Math.max(1, Math.ceil(q * sorted.length)));
  return sorted[rank - 1] as number;
}

// ---------------------------------------------------------------------------------------------------
// Time buckets in a time zone, by walking clock hours: slow and plainly right across DST changes.
// ---------------------------------------------------------------------------------------------------

interface LocalTime {
  date: string;
  weekday: string;
  day: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function localTime(t: number, timeZone: string): LocalTime {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', minute: '2-digit', second: '2-digit' });
    formatters.set(timeZone, f);
  }
  const parts: Record<string, string> = {};
  for (const p of f.formatToParts(new Date(t))) parts[p.type] = p.value;
  return { date: `${parts.year}-${parts.month}-${parts.day}`, weekday: parts.weekday ?? '', day: Number(parts.day), minute: Number(parts.minute), second: Number(parts.second) };
}

/** The start of the local clock hour holding t (zones with half-hour offsets included). */
function hourStart(t: number, timeZone: string): number {
  const local = localTime(t, timeZone);
  const ms = ((t % 1000) + 1000) % 1000;
  return t - local.minute * 60_000 - local.second * 1000 - ms;
}

const dayStarts = new Map<string, number>();

/** The first instant of t's local date: the earliest clock hour with the same date (a day is 23 to 25 of them). */
function dayStart(t: number, timeZone: string): number {
  let start = hourStart(t, timeZone);
  const key = `${timeZone}|${start}`;
  const known = dayStarts.get(key);
  if (known !== undefined) return known;
  const date = localTime(t, timeZone).date;
  for (;;) {
    const previous = hourStart(start - 1, timeZone);
    if (localTime(previous, timeZone).date !== date) break;
    start = previous;
  }
  dayStarts.set(key, start);
  return start;
}

/** The start of the bucket holding t: clock hour, local day, ISO week (Monday) or calendar month, in the time zone. */
export function bucketStart(t: number, interval: Interval, timeZone: string): number {
  if (interval === 'hour') return hourStart(t, timeZone);
  let start = dayStart(t, timeZone);
  if (interval === 'day') return start;
  const isFirst = interval === 'week' ? (s: number) => localTime(s, timeZone).weekday === 'Mon' : (s: number) => localTime(s, timeZone).day === 1;
  while (!isFirst(start)) start = dayStart(start - 1, timeZone);
  return start;
}

/** A bucket length that always lands in the next bucket: longer than the longest bucket, shorter than two shortest. */
const STEP_PAST_BUCKET_MS: Record<Interval, number> = { hour: 3_600_000, day: 25 * 3_600_000, week: 169 * 3_600_000, month: 32 * 24 * 3_600_000 };

/** Every bucket start from the bucket holding `from` to the one holding `to` − 1, ascending. */
export function bucketStarts(period: { from: number; to: number }, interval: Interval, timeZone: string): number[] {
  const out: number[] = [];
  for (let b = bucketStart(period.from, interval, timeZone); b < period.to; b = bucketStart(b + STEP_PAST_BUCKET_MS[interval], interval, timeZone)) out.push(b);
  return out;
}

/** A page's path: `properties.path`, else `context.page.path`; null when neither is a non-empty value. */
export function pagePathOf(call: Call): string | null {
  for (const path of ['properties.path', 'context.page.path']) {
    const value = fieldText(call, path);
    if (value !== null && value !== '') return value;
  }
  return null;
}
