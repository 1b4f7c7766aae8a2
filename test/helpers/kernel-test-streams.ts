import { mulberry32 } from '../../server/features/demo/demo-generator.ts';
import type { Call } from './journey-reference.ts';

/**
 * Seeded random call streams for the kernels' property tests (paths-kernel.test.ts, …), shaped like
 * the reference tests' data but meaner: anonymous visitors who later identify or are aliased, duplicate
 * timestamps and messageIds, clock steps right at the inactivity edge, pages with paths in properties or
 * context (or none), names that are empty or collide with paths and with the kernels' own labels
 * ("(page)", "(end)", "(none)"), UTM and referrers (external, internal, www., ports, not URLs), stage
 * entries, identify/group calls, and numeric and non-numeric values. Test support only.
 */

/** mulberry32 (the demo's generator), so a failing case can be replayed from its seed. */
export const rng = mulberry32;

export const pick = <T>(random: () => number, xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

/** Streams start here or at the autumn change: the week of Europe/Stockholm's spring DST change (31 March 2024). */
export const STREAM_STARTS = [Date.parse('2024-03-28T00:00:00Z'), Date.parse('2024-10-24T00:00:00Z')];
/** Streams span at most this long. */
export const STREAM_SPAN_MS = 8 * DAY;

export const PATHS = ['/', '/products', '/products/1', '/products/2', '/cart', '/checkout', '(none)', '(end)', 'Order Completed'];
export const EVENTS = ['Product Viewed', 'Product Added', 'Order Completed', 'Signed Up', '/cart', '(page)', '(event)', '(start)', ''];
export const SCREENS = ['Home', 'Cart', '', '(screen)', '/'];
export const PAGE_NAMES = ['Shop', 'Home', '', '(page)'];
export const REVENUES: unknown[] = [10, '12.5', '-3', '007', '1e3', true, '', ' 12', null, 2.25, 0.1, -0, '12 kr', { a: 1 }, 1e15, 3];
export const PLANS: unknown[] = ['pro', 'free', '', null, 5, '(none)', '(other)'];
const CAMPAIGN_VALUES: unknown[] = ['google', 'news', '', '(none)', 'email', 7];
const REFERRERS = ['https://www.google.com/search?q=x', 'https://shop.se/cart', 'http://Shop.se:8080/', 'https://t.co/abc', 'https://user@www.news.ycombinator.com/item', 'not a url', '', 'android-app://com.google.android.gm/', 'https://www./'];
const URLS = ['https://shop.se/', 'https://www.shop.se/p', 'https://blog.shop.se/post', 'shop.se/no-scheme'];
/** Site hosts a sessions query may name (cases and www. on purpose). */
export const SITE_HOSTS = ['shop.se', 'WWW.Shop.se', 'blog.shop.se', 'news.ycombinator.com', 't.co', 'google.com'];

/** Clock steps between a person's consecutive calls: ties, the 30-minute inactivity edge and its neighbours, long gaps. */
const STEPS = [0, 0, 1, MIN, 5 * MIN, 29 * MIN, 30 * MIN, 30 * MIN, 30 * MIN + 1, 31 * MIN, 2 * HOUR, 9 * HOUR, DAY];

/** A random stream of about `size` calls from `people` people. */
export function randomCalls(seed: number, size: number, people: number): Call[] {
  const random = rng(seed);
  // On a whole hour, so that minute steps land on bucket starts (hours, local midnights) now and then.
  const start = pick(random, STREAM_STARTS) + Math.floor(random() * 48) * HOUR;
  const calls: Call[] = [];
  let message = 0;
  // Each person: a userId, and maybe an anonymous id used before identifying (merged by identify or
  // alias), or an anonymous visitor who never identifies.
  const persons = Array.from({ length: people }, (_, p) => ({
    userId: random() < 0.85 ? `u${p}` : undefined,
    anonymousId: random() < 0.5 ? `anon-${p}` : undefined,
    t: start + Math.floor(random() * 3 * 24 * 60) * MIN,
    identified: false,
  }));
  const maybe = <T>(p: number, value: T): T | undefined => (random() < p ? value : undefined);
  const compact = (o: Record<string, unknown>) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v;
    return out;
  };
  for (let n = 0; n < size; n++) {
    const person = pick(random, persons);
    if (person.userId === undefined && person.anonymousId === undefined) person.anonymousId = `anon-x${n}`;
    person.t += pick(random, STEPS);
    if (person.t > start + STREAM_SPAN_MS) person.t = start + Math.floor(random() * 8 * 24 * 60) * MIN;
    // Before identifying, a person with an anonymous id acts anonymously.
    const anonymousNow = person.anonymousId !== undefined && (!person.identified || person.userId === undefined) && random() < 0.7;
    const who: Partial<Call> = anonymousNow ? { anonymousId: person.anonymousId } : person.userId !== undefined ? { userId: person.userId } : { anonymousId: person.anonymousId };
    const stamp = { messageId: `m${seed}-${message++}`, timestamp: new Date(person.t).toISOString() };
    const campaign = random() < 0.3 ? compact({ source: maybe(0.8, pick(random, CAMPAIGN_VALUES)), medium: maybe(0.6, pick(random, CAMPAIGN_VALUES)), name: maybe(0.5, pick(random, CAMPAIGN_VALUES)) }) : undefined;
    const traits = random() < 0.1 ? { plan: pick(random, PLANS) } : undefined;
    const context = compact({ campaign, traits });
    const r = random();
    if (r < 0.4) {
      const properties = compact({
        path: maybe(0.6, pick(random, PATHS)),
        referrer: maybe(0.1, pick(random, REFERRERS)),
        url: maybe(0.2, pick(random, URLS)),
        plan: maybe(0.3, pick(random, PLANS)),
      });
      const page = compact({ path: maybe(0.4, pick(random, PATHS)), referrer: maybe(0.4, pick(random, REFERRERS)), url: maybe(0.6, pick(random, URLS)) });
      if (Object.keys(page).length > 0) context.page = page;
      calls.push({ type: 'page', ...who, ...stamp, ...compact({ name: maybe(0.6, pick(random, PAGE_NAMES)) }), properties, context });
    } else if (r < 0.5) {
      calls.push({ type: 'screen', ...who, ...stamp, ...compact({ name: maybe(0.8, pick(random, SCREENS)) }), properties: compact({ plan: maybe(0.3, pick(random, PLANS)) }), context });
    } else if (r < 0.85) {
      const properties = compact({ revenue: maybe(0.7, pick(random, REVENUES)), price: maybe(0.3, pick(random, REVENUES)), plan: maybe(0.4, pick(random, PLANS)) });
      calls.push({ type: 'track', ...who, ...stamp, ...compact({ event: maybe(0.97, pick(random, EVENTS)) }), properties, context });
    } else if (r < 0.9) {
      // A derived stage entry: only a stage matcher sees it; never a node, never activity.
      calls.push({ type: 'track', ...who, ...stamp, event: 'Journey Stage Entered', properties: { journey_id: 'j1', stage_key: pick(random, ['aware', 'buy']) }, context });
    } else if (r < 0.96) {
      // Identify: merges the anonymous id when both are known; carries traits.
      const ids = person.userId !== undefined ? compact({ userId: person.userId, anonymousId: maybe(0.7, person.anonymousId) }) : who;
      if (person.userId !== undefined && ids.anonymousId !== undefined) person.identified = true;
      // No context.traits here: an identify carries a trait in one place (as journey-reference assumes).
      calls.push({ type: 'identify', ...ids, ...stamp, traits: compact({ plan: maybe(0.8, pick(random, PLANS)) }), context: compact({ campaign }) });
    } else if (r < 0.98 && person.userId !== undefined && person.anonymousId !== undefined) {
      person.identified = true;
      calls.push({ type: 'alias', userId: person.userId, previousId: person.anonymousId, ...stamp });
    } else {
      calls.push({ type: 'group', ...who, ...stamp, groupId: 'g1', traits: {} });
    }
    // Now and then the same message twice (the store keeps the first).
    if (random() < 0.03) calls.push({ ...(calls[calls.length - 1] as Call) });
  }
  // Send in a shuffled order: seq (the position sent) then breaks timestamp ties at random.
  for (let i = calls.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [calls[i], calls[j]] = [calls[j] as Call, calls[i] as Call];
  }
  return calls;
}

/** A random period inside (or around) a stream: often the whole stream, often cutting through it. */
export function randomPeriod(random: () => number, calls: Call[]): { from: number; to: number } {
  const times = calls.map((c) => Date.parse(c.timestamp));
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  if (random() < 0.3) return { from: lo - Math.floor(random() * DAY), to: hi + 1 + Math.floor(random() * DAY) };
  // Sometimes exactly on an event's time, so `from` inclusive and `to` exclusive are exercised.
  const at = () => (random() < 0.4 ? pick(random, times) : lo + Math.floor(random() * (hi - lo + 1)));
  let from = at();
  let to = at();
  if (from > to) [from, to] = [to, from];
  if (from === to) to = from + 1;
  return { from, to };
}
