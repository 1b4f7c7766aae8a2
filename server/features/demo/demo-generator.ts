/**
 * Seeded synthetic data for the `kundresa demo` command, tests and benchmarks: the customers of a
 * Nordic web shop (see nordic-shop.data.ts) over a window of days, as plain Segment calls.
 *
 * Public API (everything else is internal):
 * - `generateDemoCalls(opts)` — a lazy iterator over the full simulation: sessions with UTM campaigns,
 *   click ids and referrers, page views, the Segment e-commerce spec v2 funnel with realistic drop-off,
 *   sign-ins (identify with anonymousId + userId and traits), customers on two devices, repeat
 *   purchases, and backend events (shipping, delivery, reviews, support tickets, refunds).
 * - `generateTrackCalls(opts)` — a flat, fast stream of ~500-byte e-commerce track calls for
 *   ingestion benchmarks (no simulation state, constant memory).
 * - `DEMO_EVENT_NAMES`, `mulberry32`, `DemoCall`, `DemoOptions`.
 *
 * Determinism: every customer draws from its own PRNG seeded by (seed, customer index), and all ids
 * (messageId, anonymousId, userId, order ids) are built from (seed, customer, counter), so the same
 * seed, size and `end` give byte-identical calls whatever the order, and ids never collide between
 * seeds (two demo runs with different seeds add up instead of merging people). Timestamps are relative
 * to `end`; messageIds do not depend on it, so re-sending the same seed later is deduplicated.
 */
import {
  CARRIERS,
  CATEGORIES,
  COUPONS,
  type Currency,
  DEVICES,
  HOUR_WEIGHTS,
  type Market,
  MARKETS,
  PRODUCTS,
  type Product,
  REVIEW_TEXTS,
  SHOP_NAME,
  SHOP_URL,
  SUPPORT_TOPICS,
} from './nordic-shop.data.ts';

/** One Segment call as an SDK would send it (timestamp as ISO 8601 string). */
export interface DemoCall {
  type: 'identify' | 'track' | 'page';
  messageId: string;
  timestamp: string;
  userId?: string;
  anonymousId?: string;
  event?: string;
  name?: string;
  properties?: Record<string, unknown>;
  traits?: Record<string, unknown>;
  context: Record<string, unknown>;
}

export interface DemoOptions {
  /** People simulated, including visitors who never buy or sign in. Default 2000. */
  customers?: number;
  /** Length of the window in days. Default 90. */
  days?: number;
  /** Default 1. */
  seed?: number;
  /** End of the window, epoch ms. Default 2026-01-01T00:00Z so runs are reproducible. */
  end?: number;
  /**
   * Leave out calls at or after this time, without changing the others. The demo simulates up to the
   * next midnight and cuts at now: the data then depend on the date only, so a re-run the same day
   * sends the same messageIds (and the server stores nothing twice).
   */
  until?: number;
  /**
   * 'time' (default): all calls in timestamp order (memory grows with customers, not with calls);
   * 'customer': one customer's whole history at a time (constant memory), each in timestamp order.
   */
  order?: 'time' | 'customer';
}

/** Every track event name the demo produces. */
export const DEMO_EVENT_NAMES = [
  'Products Searched',
  'Product List Viewed',
  'Product Viewed',
  'Product Added',
  'Cart Viewed',
  'Checkout Started',
  'Order Completed',
  'Order Shipped',
  'Order Delivered',
  'Product Reviewed',
  'Support Ticket Created',
  'Support Ticket Resolved',
  'Order Refunded',
] as const;

/** Where the window ends unless `end` is given: fixed, so that tests and benchmarks reproduce exactly. */
export const DEFAULT_DEMO_END = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** mulberry32: a tiny, fast seedable PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A 32-bit hash of two integers (murmur3 finaliser); used to derive seeds and id digits. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x7f4a7c15, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

// Two hex digits per byte, looked up: ids are built for every call, so toString(16) is too slow.
const HEX2 = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const h2 = (n: number) => HEX2[n & 0xff] ?? '00';
const hex8 = (n: number) => h2(n >>> 24) + h2(n >>> 16) + h2(n >>> 8) + h2(n);
const hex6 = (n: number) => h2(n >>> 16) + h2(n >>> 8) + h2(n);
const hex4 = (n: number) => h2(n >>> 8) + h2(n);
const hex3 = (n: number) => hex4(n).slice(1);

/**
 * A UUID-shaped id that is unique by construction: the last group holds (b, c) and the first group
 * xors the seed `a` with a hash of them, so equal ids need equal (a, b, c, ns). The rest only looks random.
 */
function structuredUuid(a: number, b: number, c: number, ns: 8 | 9 | 10 | 11): string {
  const x = mix(b, c);
  const y = mix(c ^ 0x5bd1e995, b ^ a);
  return `${hex8(a ^ x)}-${hex4(y)}-4${hex3(y >>> 16)}-${ns.toString(16)}${hex3(x >>> 20)}-${hex6(b)}${hex6(c)}`;
}

const D2 = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const D3 = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * Date#toISOString costs about a microsecond, more than building the rest of a call; this formatter
 * caches the date part of the last day it saw and formats the time of day from lookup tables.
 */
function isoFormatter(): (t: number) => string {
  let day = Number.NaN;
  let prefix = '';
  return (time) => {
    const t = Math.floor(time);
    const d = Math.floor(t / DAY);
    if (d !== day) {
      day = d;
      prefix = new Date(d * DAY).toISOString().slice(0, 11);
    }
    let rest = t - d * DAY;
    const h = Math.floor(rest / HOUR);
    rest -= h * HOUR;
    const m = Math.floor(rest / 60_000);
    rest -= m * 60_000;
    const sec = Math.floor(rest / 1000);
    return `${prefix}${D2[h] ?? '00'}:${D2[m] ?? '00'}:${D2[sec] ?? '00'}.${D3[rest - sec * 1000] ?? '000'}Z`;
  };
}

class Rng {
  readonly next: () => number;
  constructor(seed: number) {
    this.next = mulberry32(seed);
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  /** Integer in [min, max]. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }
  between(min: number, max: number): number {
    return min + this.next() * (max - min);
  }
  pick<T>(items: readonly T[]): T {
    const v = items[Math.floor(this.next() * items.length)];
    if (v === undefined) throw new Error('pick from an empty list');
    return v;
  }
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [v, w] of items) {
      r -= w;
      if (r < 0) return v;
    }
    const last = items[items.length - 1];
    if (last === undefined) throw new Error('weighted pick from an empty list');
    return last[0];
  }
  /** Exponentially distributed with this mean. */
  exp(mean: number): number {
    return -Math.log(1 - this.next()) * mean;
  }
  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(Math.floor(this.next() * 10));
    return s;
  }
  token(n: number): string {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';
    let s = '';
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.next() * 64)] ?? 'x';
    return s;
  }
}

type Persona = 'browser' | 'one_time' | 'repeat' | 'loyal';
const PERSONAS: readonly (readonly [Persona, number])[] = [
  ['browser', 45],
  ['one_time', 33],
  ['repeat', 17],
  ['loyal', 5],
];
/** Mean days between sessions, and the funnel: P(add | viewed), P(checkout | added), P(order | checkout). */
const BEHAVIOUR: Readonly<Record<Persona, { gapDays: number; add: number; checkout: number; complete: number }>> = {
  browser: { gapDays: 25, add: 0.12, checkout: 0.25, complete: 0 },
  one_time: { gapDays: 15, add: 0.35, checkout: 0.6, complete: 0.75 },
  repeat: { gapDays: 8, add: 0.3, checkout: 0.6, complete: 0.7 },
  loyal: { gapDays: 4, add: 0.4, checkout: 0.7, complete: 0.8 },
};

type ChannelKind = 'google_cpc' | 'facebook' | 'instagram' | 'newsletter' | 'direct' | 'organic' | 'referral';
const ACQUISITION: readonly (readonly [ChannelKind, number])[] = [
  ['organic', 28],
  ['google_cpc', 22],
  ['direct', 16],
  ['facebook', 14],
  ['instagram', 12],
  ['referral', 8],
];
const RETURNING: readonly (readonly [ChannelKind, number])[] = [
  ['direct', 34],
  ['organic', 20],
  ['google_cpc', 14],
  ['facebook', 8],
  ['instagram', 8],
  ['referral', 4],
];
const REFERRERS = ['https://www.utsidan.example/forum/utrustning', 'https://friluftsliv.example/blogg/packlista', 'https://www.reddit.com/r/BuyItForLife/'];

interface Device {
  anonymousId: string;
  userAgent: string;
  kind: string;
  signedIn: boolean;
}

interface Person {
  idx: number;
  rng: Rng;
  market: Market;
  persona: Persona;
  userId: string;
  traits: Record<string, unknown>;
  /** Buyers always sign in (at checkout at the latest); some browsers create an account too. */
  willRegister: boolean;
  registered: boolean;
  subscribed: boolean;
  devices: Device[];
  acquisition: ChannelKind;
  sessions: number;
  orders: number;
  tickets: number;
  carts: number;
  calls: number;
}

interface Timed {
  t: number;
  /** Insertion order: ties in time keep the order they were generated in. */
  n: number;
  call?: DemoCall;
  /** A session of this person starts at `t`. */
  session?: number;
}

/** A binary min-heap on (t, n). */
class Agenda {
  private items: Timed[] = [];
  private counter = 0;

  get size(): number {
    return this.items.length;
  }

  push(t: number, item: { call?: DemoCall; session?: number }): void {
    const node: Timed = { t, n: this.counter++, ...item };
    const a = this.items;
    a.push(node);
    let i = a.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = a[parent];
      if (!p || !before(node, p)) break;
      a[i] = p;
      i = parent;
    }
    a[i] = node;
  }

  pop(): Timed | undefined {
    const a = this.items;
    const top = a[0];
    const last = a.pop();
    if (top === undefined || last === undefined || a.length === 0) return top;
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= a.length) break;
      const left = a[l];
      const right = a[l + 1];
      let child = l;
      let c = left;
      if (right && left && before(right, left)) {
        child = l + 1;
        c = right;
      }
      if (!c || !before(c, last)) break;
      a[i] = c;
      i = child;
    }
    a[i] = last;
    return top;
  }
}

const before = (x: Timed, y: Timed) => x.t < y.t || (x.t === y.t && x.n < y.n);

// Lookup tables built once: the generator runs per call, and benchmarks draw millions of calls.
const PRODUCT_PICK = PRODUCTS.map((x) => [x, x.weight] as const);
const CATEGORY_PICK = new Map(CATEGORIES.map((c) => [c.slug, PRODUCTS.filter((x) => x.slug === c.slug).map((x) => [x, x.weight] as const)]));
const HOUR_PICK = HOUR_WEIGHTS.map((w, h) => [h, w] as const);
const MARKET_PICK = MARKETS.map((m) => [m, m.weight] as const);
const DEVICE_PICK = DEVICES.map((d) => [d, d.weight] as const);
const PRODUCT_PATH = new Map(PRODUCTS.map((x) => [x, `/p/${x.id.replace('prod_', '')}-${slugify(x.name)}`]));

/**
 * The full demo simulation as a lazy iterator of Segment calls (see the module comment).
 * Roughly 25–35 calls per customer on average; 2000 customers × 90 days ≈ 60k calls.
 */
export function* generateDemoCalls(opts: DemoOptions = {}): Generator<DemoCall> {
  const sim = new Simulation({
    seed: (opts.seed ?? 1) >>> 0,
    days: opts.days ?? 90,
    end: opts.end ?? DEFAULT_DEMO_END,
    until: opts.until ?? Number.POSITIVE_INFINITY,
  });
  const customers = opts.customers ?? 2000;
  if (opts.order === 'customer') {
    for (let idx = 0; idx < customers; idx++) {
      const agenda = new Agenda();
      sim.schedulePerson(agenda, idx);
      yield* sim.run(agenda);
    }
    return;
  }
  const agenda = new Agenda();
  for (let idx = 0; idx < customers; idx++) sim.schedulePerson(agenda, idx);
  yield* sim.run(agenda);
}

class Simulation {
  private readonly start: number;
  private readonly end: number;
  private readonly seed: number;
  private readonly until: number;
  private readonly people = new Map<number, Person>();
  private readonly iso = isoFormatter();

  constructor(cfg: { seed: number; days: number; end: number; until: number }) {
    this.seed = cfg.seed;
    this.end = cfg.end;
    this.until = cfg.until;
    this.start = cfg.end - cfg.days * DAY;
  }

  /** Puts a person's first session on the agenda; the person itself is built only when it arrives. */
  schedulePerson(agenda: Agenda, idx: number): void {
    const r = new Rng(mix(this.seed, idx ^ 0x2545f491));
    const arrival = this.sessionTime(r, this.start + r.next() * (this.end - this.start - HOUR));
    if (arrival < this.end) agenda.push(arrival, { session: idx });
  }

  *run(agenda: Agenda): Generator<DemoCall> {
    for (let item = agenda.pop(); item; item = agenda.pop()) {
      if (item.call) {
        if (item.t < this.until) yield item.call;
        continue;
      }
      if (item.session === undefined) continue;
      const person = this.person(item.session);
      this.session(agenda, person, item.t);
      const gap = person.rng.exp(BEHAVIOUR[person.persona].gapDays * DAY);
      const next = this.sessionTime(person.rng, item.t + Math.max(gap, 2 * HOUR));
      if (next < this.end && person.sessions < 200) agenda.push(next, { session: person.idx });
      else this.people.delete(person.idx);
    }
  }

  /** A start time on the day of `around`, at an hour Nordic shoppers shop (local time ≈ UTC+1). */
  private sessionTime(r: Rng, around: number): number {
    const day = Math.floor(around / DAY) * DAY;
    const hour = r.weighted(HOUR_PICK);
    let t = day + (hour - 1) * HOUR + Math.floor(r.next() * HOUR);
    if (t < around) t += DAY;
    return t;
  }

  private person(idx: number): Person {
    const existing = this.people.get(idx);
    if (existing) return existing;
    const rng = new Rng(mix(this.seed ^ 0x68e31da4, idx));
    const market = rng.weighted(MARKET_PICK);
    const persona = rng.weighted(PERSONAS);
    const first = rng.pick(market.firstNames);
    const last = rng.pick(market.lastNames);
    const city = rng.weighted(market.cities);
    const userId = `u${this.seed}-${String(idx + 1).padStart(6, '0')}`;
    const email = `${asciiName(first)}.${asciiName(last)}${rng.chance(0.5) ? rng.int(1, 99) : ''}@${rng.pick(market.emailDomains)}`;
    const willRegister = persona !== 'browser' || rng.chance(0.15);
    const primary = rng.weighted(DEVICE_PICK);
    const devices: Device[] = [{ anonymousId: structuredUuid(this.seed, idx, 0, 8), userAgent: primary.userAgent, kind: primary.kind, signedIn: false }];
    if (willRegister && rng.chance(0.25)) {
      const other = DEVICES.filter((d) => d.kind !== primary.kind);
      const second = rng.weighted(other.map((d) => [d, d.weight] as const));
      devices.push({ anonymousId: structuredUuid(this.seed, idx, 1, 8), userAgent: second.userAgent, kind: second.kind, signedIn: false });
    }
    const p: Person = {
      idx,
      rng,
      market,
      persona,
      userId,
      traits: { email, first_name: first, last_name: last, city, country: market.country, locale: market.locale },
      willRegister,
      registered: false,
      subscribed: false,
      devices,
      acquisition: rng.weighted(ACQUISITION),
      sessions: 0,
      orders: 0,
      tickets: 0,
      carts: 0,
      calls: 0,
    };
    this.people.set(idx, p);
    return p;
  }

  private messageId(p: Person): string {
    return structuredUuid(this.seed, p.idx, ++p.calls, 9);
  }

  /** One visit: landing page, browsing, and as far down the purchase funnel as this visit goes. */
  private session(agenda: Agenda, p: Person, startAt: number): void {
    const r = p.rng;
    const m = p.market;
    p.sessions++;
    const device = p.devices.length > 1 && r.chance(0.4) ? (p.devices[1] ?? p.devices[0]) : p.devices[0];
    if (!device) return;
    let t = startAt;
    const step = () => {
      t += Math.round(r.between(8, 90) * 1000);
      return t;
    };
    const channel: ChannelKind = p.sessions === 1 ? p.acquisition : p.subscribed && r.chance(0.3) ? 'newsletter' : r.weighted(RETURNING);
    const traffic = this.traffic(p, channel);
    const base = { library: { name: 'analytics.js', version: 'npm:next-1.76.0' }, userAgent: device.userAgent, locale: m.locale, timezone: m.timezone };
    const emit = (call: Omit<DemoCall, 'messageId' | 'timestamp' | 'context' | 'userId' | 'anonymousId'>, page: Record<string, unknown>, extra: Record<string, unknown> = {}) => {
      const c: DemoCall = { messageId: this.messageId(p), timestamp: this.iso(t), anonymousId: device.anonymousId, ...call, context: { ...base, page, ...extra } };
      if (device.signedIn) c.userId = p.userId;
      agenda.push(t, { call: c });
    };
    const pageCtx = (path: string, title: string, search = '', referrer = '') => ({ path, url: `${SHOP_URL}${path}${search}`, title: `${title} – ${SHOP_NAME}`, referrer, search });
    const signIn = () => {
      device.signedIn = true;
      p.registered = true;
      if (!p.subscribed && r.chance(0.45)) p.subscribed = true;
      const c: DemoCall = {
        type: 'identify',
        messageId: this.messageId(p),
        timestamp: this.iso(step()),
        anonymousId: device.anonymousId,
        userId: p.userId,
        traits: { ...p.traits, newsletter: p.subscribed },
        context: { ...base },
      };
      agenda.push(t, { call: c });
    };

    // Landing page: campaign parameters, click id and referrer belong to this first page view only.
    const landing = this.landingPage(p, channel);
    const landingCtx = pageCtx(landing.path, landing.title, traffic.search, traffic.referrer);
    emit({ type: 'page', name: landing.name, properties: { ...landingCtx, category: landing.category } }, landingCtx, traffic.campaign ? { campaign: traffic.campaign } : {});

    if (p.registered && !device.signedIn && r.chance(0.35)) signIn();

    const viewed: Product[] = [];
    let focusCategory = landing.product?.slug ?? null;
    if (landing.product) viewed.push(landing.product);
    if (r.chance(0.3)) {
      const query = r.pick(m.searchTerms);
      step();
      const search = `?q=${encodeURIComponent(query)}`;
      const ctx = pageCtx(`${m.sitePath}/search`, `Search: ${query}`, search);
      emit({ type: 'page', name: 'Search', properties: { ...ctx, query } }, ctx);
      step();
      emit({ type: 'track', event: 'Products Searched', properties: { query } }, ctx);
    }
    if (r.chance(0.6)) {
      const cat = focusCategory ? (CATEGORIES.find((c) => c.slug === focusCategory) ?? r.pick(CATEGORIES)) : r.pick(CATEGORIES);
      focusCategory = cat.slug;
      const inCat = PRODUCTS.filter((x) => x.slug === cat.slug);
      step();
      const ctx = pageCtx(`${m.sitePath}/c/${cat.slug}`, cat.name);
      emit({ type: 'page', name: 'Category', properties: { ...ctx, category: cat.name } }, ctx);
      step();
      emit(
        {
          type: 'track',
          event: 'Product List Viewed',
          properties: { list_id: `${cat.slug}-grid`, category: cat.name, products: inCat.slice(0, 4).map((x, i) => ({ product_id: x.id, sku: x.sku, name: x.name, price: x.price[m.currency], position: i + 1 })) },
        },
        ctx,
      );
    }
    // Most visits look at a product; a few bounce from the landing page.
    const views = r.chance(0.8) ? 1 + Math.min(5, Math.floor(r.exp(1.2))) : 0;
    for (let i = 0; i < views; i++) {
      const pool = focusCategory && r.chance(0.6) ? (CATEGORY_PICK.get(focusCategory) ?? PRODUCT_PICK) : PRODUCT_PICK;
      viewed.push(r.weighted(pool));
    }
    for (const product of viewed) {
      if (product !== landing.product) {
        step();
        const ctx = pageCtx(productPath(m, product), product.name);
        emit({ type: 'page', name: 'Product', properties: { ...ctx, category: product.category } }, ctx);
      }
      step();
      emit({ type: 'track', event: 'Product Viewed', properties: productProps(product, m.currency, { url: `${SHOP_URL}${productPath(m, product)}` }) }, pageCtx(productPath(m, product), product.name));
    }
    if (viewed.length === 0) return;

    const b = BEHAVIOUR[p.persona];
    const oneTimeDone = p.persona === 'one_time' && p.orders > 0;
    if (!r.chance(oneTimeDone ? 0.06 : b.add)) return;
    const cartId = `cart_${this.seed}_${p.idx}_${++p.carts}`;
    const cart: { product: Product; quantity: number }[] = [];
    const adds = 1 + (r.chance(0.3) ? 1 : 0) + (r.chance(0.1) ? 1 : 0);
    for (let i = 0; i < adds; i++) {
      const product = i === 0 ? (viewed[viewed.length - 1] ?? r.pick(PRODUCTS)) : r.pick(viewed);
      if (cart.some((c) => c.product === product)) continue;
      const quantity = r.chance(0.85) ? 1 : 2;
      cart.push({ product, quantity });
      step();
      emit({ type: 'track', event: 'Product Added', properties: productProps(product, m.currency, { cart_id: cartId, quantity }) }, pageCtx(productPath(m, product), product.name));
    }
    const cartProducts = cart.map((c, i) => productProps(c.product, m.currency, { quantity: c.quantity, position: i + 1 }));
    if (r.chance(0.85)) {
      step();
      const ctx = pageCtx(`${m.sitePath}/cart`, 'Cart');
      emit({ type: 'page', name: 'Cart', properties: ctx }, ctx);
      step();
      emit({ type: 'track', event: 'Cart Viewed', properties: { cart_id: cartId, products: cartProducts } }, ctx);
    }
    if (!r.chance(b.checkout)) return;
    // Buyers sign in (or register) before paying; browsers who have no account abandon here.
    if (!device.signedIn) {
      if (!p.willRegister) return;
      signIn();
    }
    const orderNo = p.orders + 1;
    const orderId = `NS-${this.seed}-${p.idx * 100 + Math.min(orderNo, 99)}`;
    const subtotal = cart.reduce((s, c) => s + c.product.price[m.currency] * c.quantity, 0);
    const coupon = r.chance(p.subscribed ? 0.25 : 0.08) ? r.pick(COUPONS) : undefined;
    const discount = coupon ? Math.round(subtotal * (coupon === 'FRIFRAKT' ? 0 : 0.1)) : 0;
    const shipping = subtotal - discount >= m.freeShippingFrom || coupon === 'FRIFRAKT' ? 0 : m.shippingFee;
    const total = subtotal - discount + shipping;
    const tax = round2(total * 0.2); // 25 % VAT in SE, DK and NO: the VAT share of a gross price is 20 %.
    // Segment's revenue excludes shipping and tax; total is what the customer paid.
    const order = { order_id: orderId, affiliation: `${SHOP_NAME} Webshop`, total, revenue: round2((subtotal - discount) * 0.8), shipping, tax, discount, coupon, currency: m.currency, products: cartProducts };
    step();
    const checkoutCtx = pageCtx(`${m.sitePath}/checkout`, 'Checkout');
    emit({ type: 'page', name: 'Checkout', properties: checkoutCtx }, checkoutCtx);
    step();
    emit({ type: 'track', event: 'Checkout Started', properties: { ...order, value: total } }, checkoutCtx);
    if (!r.chance(oneTimeDone ? 0.1 : b.complete)) return;
    p.orders = orderNo;
    t += Math.round(r.between(60, 300) * 1000);
    const doneCtx = pageCtx(`${m.sitePath}/checkout/thank-you`, 'Thank you for your order');
    emit({ type: 'page', name: 'Order Confirmation', properties: doneCtx }, doneCtx);
    step();
    emit({ type: 'track', event: 'Order Completed', properties: { checkout_id: cartId, ...order } }, doneCtx);
    this.afterOrder(agenda, p, { at: t, orderId, order, cart });
  }

  /** What happens after an order, reported by the shop backend and the support desk (userId only). */
  private afterOrder(agenda: Agenda, p: Person, o: { at: number; orderId: string; order: { total: number; currency: Currency; products: unknown[] }; cart: { product: Product; quantity: number }[] }): void {
    const r = p.rng;
    const backend = { library: { name: 'analytics-node', version: '3.1.0' }, app: { name: `${SHOP_NAME} shop backend` } };
    const desk = { library: { name: 'analytics-node', version: '3.1.0' }, app: { name: `${SHOP_NAME} support desk` } };
    const emit = (at: number, event: string, properties: Record<string, unknown>, context: Record<string, unknown>) => {
      if (at >= this.end) return; // still in transit when the window closes
      agenda.push(at, { call: { type: 'track', messageId: this.messageId(p), timestamp: this.iso(at), userId: p.userId, event, properties, context } });
    };
    const carrier = r.weighted(CARRIERS);
    const shippedAt = o.at + Math.round(r.between(4, 40) * HOUR);
    const method = r.weighted([
      ['pickup_point', 45],
      ['home_delivery', 30],
      ['parcel_locker', 25],
    ] as const);
    emit(shippedAt, 'Order Shipped', { order_id: o.orderId, carrier, tracking_number: `${carrier.slice(0, 2).toUpperCase()}${r.digits(12)}`, shipping_method: method }, backend);
    const late = r.chance(0.1);
    const deliveredAt = shippedAt + Math.round((late ? r.between(5, 9) : r.between(1, 4)) * DAY);
    emit(deliveredAt, 'Order Delivered', { order_id: o.orderId, carrier, shipping_method: method, delivery_days: Math.round((deliveredAt - o.at) / DAY), late }, backend);

    if (r.chance(late ? 0.12 : 0.25)) {
      const item = r.pick(o.cart).product;
      const rating = late ? r.weighted([[1, 3], [2, 3], [3, 3], [4, 2], [5, 1]] as const) : r.weighted([[1, 1], [2, 1], [3, 3], [4, 8], [5, 12]] as const);
      emit(deliveredAt + Math.round(r.between(3, 14) * DAY), 'Product Reviewed', { order_id: o.orderId, product_id: item.id, name: item.name, review_id: `rev_${this.seed}_${p.idx}_${p.orders}`, rating, review_body: r.pick(REVIEW_TEXTS[rating] ?? ['']) }, backend);
    }

    if (r.chance(late ? 0.4 : 0.06)) {
      const ticketId = `T-${this.seed}-${p.idx * 100 + ++p.tickets}`;
      const topic = late ? 'delivery' : r.weighted(SUPPORT_TOPICS);
      const channel = r.weighted([
        ['email', 50],
        ['chat', 35],
        ['phone', 15],
      ] as const);
      const openedAt = late ? shippedAt + Math.round(r.between(3, 5) * DAY) : deliveredAt + Math.round(r.between(0.2, 6) * DAY);
      emit(openedAt, 'Support Ticket Created', { ticket_id: ticketId, channel, topic, order_id: o.orderId, priority: topic === 'damaged_item' ? 'high' : 'normal' }, desk);
      const hours = channel === 'phone' ? r.between(0.1, 2) : channel === 'chat' ? r.between(0.2, 8) : r.between(2, 60);
      const resolvedAt = openedAt + Math.round(hours * HOUR);
      emit(resolvedAt, 'Support Ticket Resolved', { ticket_id: ticketId, channel, topic, order_id: o.orderId, resolution_hours: round2(hours), csat: r.weighted([[1, 1], [2, 1], [3, 2], [4, 4], [5, 6]] as const) }, desk);
      if ((topic === 'return' || topic === 'damaged_item') && r.chance(0.6)) {
        emit(resolvedAt + Math.round(r.between(1, 5) * DAY), 'Order Refunded', { order_id: o.orderId, total: o.order.total, currency: o.order.currency, products: o.order.products, reason: topic }, backend);
      }
    } else if (r.chance(0.015)) {
      emit(deliveredAt + Math.round(r.between(5, 20) * DAY), 'Order Refunded', { order_id: o.orderId, total: o.order.total, currency: o.order.currency, products: o.order.products, reason: 'return' }, backend);
    }
  }

  private traffic(p: Person, channel: ChannelKind): { campaign?: Record<string, string>; search: string; referrer: string } {
    const r = p.rng;
    const cc = p.market.country.toLowerCase();
    const query = (params: Record<string, string>) => `?${new URLSearchParams(params).toString()}`;
    switch (channel) {
      case 'google_cpc': {
        const term = r.pick(p.market.searchTerms);
        const campaign = { source: 'google', medium: 'cpc', name: r.pick([`brand_search_${cc}`, `generic_outdoor_${cc}`, `shopping_${cc}`, `home_goods_${cc}`]), term };
        const gclid = `Cj0KCQiA${r.token(40)}`;
        return { campaign, search: query({ utm_source: campaign.source, utm_medium: campaign.medium, utm_campaign: campaign.name, utm_term: term, gclid }), referrer: `https://${p.market.googleHost}/` };
      }
      case 'facebook': {
        const campaign = { source: 'facebook', medium: 'paid_social', name: r.pick(['winter_layers', 'autumn_sale', 'retargeting_cart', 'new_arrivals']), content: r.pick(['carousel', 'video_15s', 'single_image']) };
        const fbclid = `IwAR${r.token(56)}`;
        return { campaign, search: query({ utm_source: campaign.source, utm_medium: campaign.medium, utm_campaign: campaign.name, utm_content: campaign.content, fbclid }), referrer: 'https://l.facebook.com/' };
      }
      case 'instagram': {
        const paid = r.chance(0.6);
        const campaign = { source: 'instagram', medium: paid ? 'paid_social' : 'social', name: paid ? r.pick(['winter_layers', 'new_arrivals']) : 'bio_link' };
        const extra: Record<string, string> = paid ? { fbclid: `PAZX${r.token(52)}` } : {};
        return { campaign, search: query({ utm_source: campaign.source, utm_medium: campaign.medium, utm_campaign: campaign.name, ...extra }), referrer: 'https://l.instagram.com/' };
      }
      case 'newsletter': {
        const campaign = { source: 'newsletter', medium: 'email', name: r.pick(['weekly_picks', 'welcome_series', 'winter_sale', 'back_in_stock']) };
        return { campaign, search: query({ utm_source: campaign.source, utm_medium: campaign.medium, utm_campaign: campaign.name }), referrer: '' };
      }
      case 'organic':
        return { search: '', referrer: r.weighted([[`https://${p.market.googleHost}/`, 85], ['https://www.bing.com/', 9], ['https://duckduckgo.com/', 6]] as const) };
      case 'referral':
        return { search: '', referrer: r.pick(REFERRERS) };
      case 'direct':
        return { search: '', referrer: '' };
    }
  }

  private landingPage(p: Person, channel: ChannelKind): { path: string; name: string; title: string; category?: string; product?: Product } {
    const r = p.rng;
    const m = p.market;
    const roll = r.next();
    if (channel === 'direct' || (channel === 'newsletter' && roll < 0.3) || roll < 0.2) return { path: `${m.sitePath}/`, name: 'Home', title: 'Outdoor clothing and Nordic home goods' };
    if (roll < 0.55) {
      const cat = r.pick(CATEGORIES);
      return { path: `${m.sitePath}/c/${cat.slug}`, name: 'Category', title: cat.name, category: cat.name };
    }
    const product = r.weighted(PRODUCT_PICK);
    return { path: productPath(m, product), name: 'Product', title: product.name, category: product.category, product };
  }
}

function productPath(m: Market, product: Product): string {
  return m.sitePath + (PRODUCT_PATH.get(product) ?? `/p/${product.id}`);
}

function productProps(product: Product, currency: Currency, extra: Record<string, unknown>): Record<string, unknown> {
  return { product_id: product.id, sku: product.sku, category: product.category, name: product.name, brand: product.brand, price: product.price[currency], currency, ...extra };
}

const round2 = (n: number) => Math.round(n * 100) / 100;

function slugify(s: string): string {
  return asciiName(s)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Lower-case ASCII for e-mail addresses and URLs: å/ä → a, ö/ø → o, æ → ae. */
function asciiName(s: string): string {
  return s
    .toLowerCase()
    .replace(/æ/g, 'ae')
    .replace(/[øö]/g, 'o')
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '');
}

/**
 * A flat stream of realistic e-commerce track calls (Product Viewed, Product Added, Cart Viewed,
 * Checkout Started, Order Completed in a 100:20:12:6:3 mix), about 550 bytes each as JSON, for ingestion
 * benchmarks: no simulation state, constant memory, about half a million calls per second per core.
 * `users` distinct users (each with one anonymousId); timestamps start at `start` and advance by `stepMs`.
 */
export function* generateTrackCalls(opts: { seed?: number; count: number; users?: number; start?: number; stepMs?: number }): Generator<DemoCall> {
  const seed = (opts.seed ?? 1) >>> 0;
  const users = Math.max(1, opts.users ?? 10_000);
  const stepMs = opts.stepMs ?? 10;
  const r = new Rng(mix(seed, 0x7a3c1b));
  const mix5: readonly (readonly [string, number])[] = [
    ['Product Viewed', 100],
    ['Product Added', 20],
    ['Cart Viewed', 12],
    ['Checkout Started', 6],
    ['Order Completed', 3],
  ];
  let t = opts.start ?? DEFAULT_DEMO_END - DAY;
  const iso = isoFormatter();
  for (let i = 0; i < opts.count; i++) {
    const u = Math.floor(r.next() * users);
    const m = MARKETS[u % MARKETS.length] ?? r.pick(MARKETS);
    const product = r.pick(PRODUCTS);
    const event = r.weighted(mix5);
    const props: Record<string, unknown> =
      event === 'Product Viewed' || event === 'Product Added'
        ? productProps(product, m.currency, event === 'Product Added' ? { quantity: 1 } : {})
        : { order_id: `B-${seed}-${i}`, total: product.price[m.currency], currency: m.currency, products: [{ product_id: product.id, price: product.price[m.currency], quantity: 1 }] };
    const path = productPath(m, product);
    yield {
      type: 'track',
      messageId: structuredUuid(seed, Math.floor(i / 0x1000000), i % 0x1000000, 11),
      timestamp: iso(t),
      userId: `u${seed}-${String(u + 1).padStart(6, '0')}`,
      anonymousId: structuredUuid(seed, u, 0, 10),
      event,
      properties: props,
      context: { library: { name: 'analytics.js', version: 'npm:next-1.76.0' }, locale: m.locale, page: { path, referrer: `https://${m.googleHost}/` } },
    };
    t += stepMs;
  }
}
