import { mulberry32 } from '../../server/features/demo/demo-generator.ts';
import type { Call } from './journey-reference.ts';
import type { TestServer } from './server.ts';

/**
 * Random Segment call streams for property tests (journeys, analytics): people landing, browsing,
 * ordering, reviewing; anonymous visitors merged into customers by identify or alias (some links held
 * back to the end); identify traits that change; group calls; out-of-order arrival with duplicates.
 */

const H = 3_600_000;
const D = 24 * H;
/** The streams' time origin: activity starts up to two days before and runs about three weeks. */
export const T0 = Date.parse('2026-03-02T00:00:00Z');

/** The demo's seeded PRNG (mulberry32), so a failing seed replays exactly. */
export const prng = mulberry32;

export type Kind = 'known' | 'anonymous' | 'identify' | 'alias' | 'both';

export interface Stream {
  /** Every distinct call (the ground truth). */
  calls: Call[];
  /** What is sent first, in arrival order, duplicates included. */
  main: Call[];
  /** Sent while version 3 is recomputed (held-back identity links at its end). */
  tail: Call[];
  /** The person behind each messageId. */
  personOf: Map<string, number>;
  persons: { n: number; kind: Kind; userId: string; anonymousId: string; lateLink: boolean }[];
}

export function generate(seed: number): Stream {
  const rnd = prng(seed);
  const chance = (p: number) => rnd() < p;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  let messageCounter = 0;
  const calls: Call[] = [];
  const personOf = new Map<string, number>();
  const persons: Stream['persons'] = [];
  const lateCalls: Call[] = [];

  const nPersons = int(40, 75);
  for (let n = 0; n < nPersons; n++) {
    const kind = pick<Kind>(['known', 'known', 'anonymous', 'identify', 'identify', 'identify', 'alias', 'alias', 'both']);
    const userId = `u${seed}-${n}`;
    const anonymousId = `a${seed}-${n}`;
    const lateLink = (kind === 'identify' || kind === 'alias') && chance(0.35);
    persons.push({ n, kind, userId, anonymousId, lateLink });

    // The person's activity, in time order (a gap of 0 now and then: ties).
    let t = T0 - 2 * D + Math.floor(rnd() * 18 * D);
    const activity: { at: number; call: Omit<Call, 'messageId' | 'timestamp'> }[] = [];
    const advance = () => {
      const r = rnd();
      if (r < 0.06) return;
      t += r < 0.6 ? int(1, 30) * 60_000 + int(0, 59_999) : r < 0.9 ? int(1, 12) * H + int(0, H) : int(1, 4) * D + int(0, D);
    };
    const add = (call: Omit<Call, 'messageId' | 'timestamp'>) => {
      advance();
      activity.push({ at: t, call });
    };
    const campaign = () => ({ source: pick(['Newsletter', 'newsletter', 'google', 'facebook']), medium: pick(['email', 'Email', 'cpc']), name: pick(['Winter-Sale', 'winter-sale', 'spring']) });
    const page = () => {
      const path = pick(['/', '/campaign/winter/landing', '/campaign', '/products/shoes', '/products/bags/boot-1', '/blog/boots-guide']);
      const where = rnd();
      // Mostly properties.path; some only context.page.path; some both, differing (properties wins).
      const properties: Record<string, unknown> = where < 0.7 ? { path } : where < 0.9 ? {} : { path, title: 'x' };
      const context: Record<string, unknown> = where < 0.7 ? {} : where < 0.9 ? { page: { path } } : { page: { path: '/campaign/other' } };
      if (chance(0.35)) context.campaign = campaign();
      // Where the page is and where the visitor came from: hosts in several spellings, and some text that is no URL.
      if (chance(0.4)) context.page = { ...(context.page as object | undefined), url: `${pick(['https://www.Shop.example', 'https://shop.example:8443', 'http://m.shop.example'])}${path}` };
      if (chance(0.3)) context.page = { ...(context.page as object | undefined), referrer: pick(['https://www.google.com/search?q=boots', 'http://user@Facebook.com:80/x', 'android-app://com.google.android.gm', 'not a url', '', 'https://shop.example/']) };
      else if (chance(0.1)) properties.referrer = pick(['https://duckduckgo.com/', 'https://www.Shop.example/cart']);
      add({ type: 'page', name: pick(['Home', 'Landing', 'Product', 'Blog']), properties, context });
    };
    const noise = () => {
      const r = rnd();
      if (r < 0.5) page();
      else if (r < 0.8) add({ type: 'track', event: 'Cart Viewed', properties: { items: int(0, 3) } });
      else add({ type: 'screen', name: 'Home', properties: {}, context: chance(0.5) ? { campaign: campaign() } : {} });
    };

    const depth = pick([0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 4, 4]);
    page();
    for (let k = int(0, 2); k > 0; k--) noise();
    if (depth >= 1 && chance(0.8)) {
      for (let k = int(1, 3); k > 0; k--) {
        const r = rnd();
        if (r < 0.45) add({ type: 'track', event: 'Product Viewed', properties: { category: pick(['shoes', 'bags', 'hats']), product_id: `p${int(1, 20)}`, price: int(10, 300) } });
        else if (r < 0.7) add({ type: 'track', event: 'Product List Viewed', properties: { category: pick(['shoes', 'bags', 'hats']) } });
        else add({ type: 'track', event: 'Products Searched', properties: { query: pick(['red boots', 'BOOTS', 'hat', 'Winter Boots', 'scarf']) } });
        if (chance(0.3)) noise();
      }
    }
    const reviewEarly = depth >= 4 && chance(0.2);
    const review = () =>
      chance(0.5)
        ? add({ type: 'track', event: 'Product Reviewed', properties: { rating: int(1, 5), product_id: `p${int(1, 20)}` } })
        : add({ type: 'track', event: 'Product Shared', properties: chance(0.7) ? { channel: pick(['email', 'facebook', 'sms']) } : {} });
    const skipPurchase = depth >= 4 && chance(0.15);
    if (depth >= 2 && !skipPurchase) {
      const orders = depth >= 3 ? int(2, 3) : 1;
      for (let o = 0; o < orders; o++) {
        if (o === 1 && reviewEarly) review();
        const properties: Record<string, unknown> = { order_id: `o${seed}-${n}-${o}`, revenue: chance(0.5) ? pick([25, 80, 499, 500, 501, 1200, 1999.5]) : int(10, 1500), quantity: int(1, 4) };
        if (chance(0.25)) properties.coupon = pick(['WELCOME', 'SPRING10']);
        const context: Record<string, unknown> = {};
        if (chance(0.3)) context.campaign = campaign();
        if (chance(0.2)) context.traits = { plan: 'pro' };
        add({ type: 'track', event: 'Order Completed', properties, context });
        if (chance(0.3)) noise();
      }
    }
    if (depth >= 4) review();
    if (activity.length < 2) noise();

    // Who each call says it is.
    const split = int(1, activity.length - 1);
    const linkAt = activity[split]?.at ?? t;
    const afterWithBoth = !lateLink && chance(0.5);
    const ids = (i: number): Partial<Call> => {
      if (kind === 'known') return { userId };
      if (kind === 'anonymous') return { anonymousId };
      if (kind === 'both') return { userId, anonymousId };
      if (i < split) return { anonymousId };
      return afterWithBoth ? { userId, anonymousId } : { userId };
    };
    const personCalls: Call[] = activity.map((a, i) => ({ ...a.call, ...ids(i), messageId: '', timestamp: new Date(a.at).toISOString() }));
    const plan = () => ({ email: `${userId}@example.se`, plan: pick(['free', 'pro']) });
    const at = (ms: number) => new Date(ms).toISOString();
    if (kind === 'identify') {
      const link: Call = { type: 'identify', userId, anonymousId, traits: plan(), messageId: '', timestamp: at(linkAt - int(0, 60_000)) };
      personCalls.push(link);
      if (lateLink) lateCalls.push(link);
    }
    if (kind === 'alias') {
      const link: Call = { type: 'alias', previousId: anonymousId, userId, messageId: '', timestamp: at(linkAt - int(0, 60_000)) };
      personCalls.push(link);
      if (lateLink) lateCalls.push(link);
    }
    if (kind !== 'anonymous' && chance(0.6)) {
      // An identify of the known customer: plan changes over time; sometimes two at the same moment (the larger value wins).
      const when = (activity[int(0, activity.length - 1)]?.at ?? t) + int(-H, H);
      const who = kind === 'both' ? { userId, anonymousId } : { userId };
      personCalls.push({ type: 'identify', ...who, traits: plan(), messageId: '', timestamp: at(when) });
      if (chance(0.2)) personCalls.push({ type: 'identify', ...who, traits: { plan: pick(['free', 'pro']) }, messageId: '', timestamp: at(when) });
    }
    if ((kind === 'known' || kind === 'both') && chance(0.3)) {
      // A group call: its traits describe the account, not the customer (docs: trait conditions read identify traits and context.traits).
      const when = (activity[int(0, activity.length - 1)]?.at ?? t) + int(-H, H);
      personCalls.push({ type: 'group', ...(kind === 'both' ? { userId, anonymousId } : { userId }), groupId: 'acme', traits: { name: 'Acme', plan: pick(['free', 'pro']) }, messageId: '', timestamp: at(when) });
    }
    for (const c of personCalls) {
      c.messageId = `m${seed}-${messageCounter++}`;
      personOf.set(c.messageId, n);
      calls.push(c);
    }
  }

  // Arrival: shuffled; some calls twice (now and then in the same batch); held-back links last.
  const late = new Set(lateCalls.map((c) => c.messageId));
  const order = calls.filter((c) => !late.has(c.messageId));
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [order[i], order[j]] = [order[j] as Call, order[i] as Call];
  }
  const withDuplicates: Call[] = [];
  const again: Call[] = [];
  for (const c of order) {
    withDuplicates.push(c);
    if (chance(0.03)) withDuplicates.push(structuredClone(c));
    else if (chance(0.06)) again.push(structuredClone(c));
  }
  for (const c of again) withDuplicates.splice(Math.floor(rnd() * (withDuplicates.length + 1)), 0, c);
  const cut = Math.floor(withDuplicates.length * 0.85);
  const lateShuffled = [...lateCalls].sort(() => rnd() - 0.5);
  return { calls, main: withDuplicates.slice(0, cut), tail: [...withDuplicates.slice(cut), ...lateShuffled], personOf, persons };
}

/** Sends calls in random batches (1–40), now and then waiting for the pipeline. */
export async function send(t: TestServer, calls: Call[], rnd: () => number, settleChance: number): Promise<void> {
  for (let i = 0; i < calls.length; ) {
    const size = 1 + Math.floor(rnd() * 40);
    const batch = calls.slice(i, i + size);
    i += size;
    const res = await t.ingest('batch', { batch });
    const body = (await res.json()) as { rejected?: unknown[] };
    if (res.status !== 200 || body.rejected) throw new Error(`batch refused: ${res.status} ${JSON.stringify(body)}`);
    if (rnd() < settleChance) await t.settle();
  }
}
