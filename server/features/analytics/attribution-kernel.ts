import type { AttributionChannelResult, AttributionQuery, AttributionResult, ModelNumbers } from '../../../common/analytics/attribution.ts';
import { STAGE_ENTERED } from '../../../common/analytics/query.ts';
import { DIRECT } from '../../../common/analytics/sessions.ts';
import { type CustomerEvents, SCREEN, TRACK } from './customer-events.ts';
import { markovRemovalEffects } from './markov.ts';

/**
 * Multi-touch attribution (docs/analytics.md#attribution) as one pass over the customer-clustered
 * columns. Per customer, in (timestamp, seq) order: touches (visit starts, or touchpoint matches) go
 * into a buffer; a conversion takes the buffered touches within the lookback as its path, credits
 * them by the six rule-based models and adds the path's steps to the Markov transition counts, then
 * empties the buffer (the path restarts at every conversion); what is left in the period at the end
 * is the customer's path to null. Channels are small integers (a text is looked up once per distinct
 * code, never per event); the Markov chain is solved once at the end over the channels seen.
 */

/** What the service computes per query besides the columns. */
export interface AttributionInput {
  /** Per event: non-zero when the conversion matcher matches (all stored events: any conversion restarts the path). */
  conversionMask: Uint8Array;
  /** Per event: the number in `q.revenueProperty` (the trends number rule), NaN when absent or not a number. */
  revenue: Float64Array;
  /**
   * Journey channels only: per event, the index of the first touchpoint in map order whose rule
   * matches it (journey rule semantics: an `nth` rule only its n-th match over all the customer's
   * events), -1 for none; with the touchpoints' ids (the channels) and names in the same order.
   */
  touchpoint?: Int32Array;
  touchpointIds?: readonly string[];
  touchpointNames?: readonly string[];
}

/** The rule-based models, in the order of their accumulators. */
const RULE_MODELS = ['first_touch', 'last_touch', 'last_non_direct', 'linear', 'position_based', 'time_decay'] as const;
const FIRST = 0;
const LAST = 1;
const LAST_NON_DIRECT = 2;
const LINEAR = 3;
const POSITION = 4;
const DECAY = 5;
const MODELS = RULE_MODELS.length;

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Everything keyed by channel: the names, the credits, the Markov counts, and the per-conversion
 * scratch. Channels are numbered in order of first sight; arrays grow by doubling.
 */
class Accumulator {
  readonly names: string[] = [];
  private readonly index = new Map<string, number>();
  private cap = 16;
  /** credits[ch·MODELS + m], revenue likewise. */
  credits = new Float64Array(this.cap * MODELS);
  revenue = new Float64Array(this.cap * MODELS);
  /** On a conversion or null path: shown in the answer. */
  used = new Uint8Array(this.cap);
  /** Markov counts over states 0 (start) and ch + 1: transitions[from·(cap + 1) + to]. */
  transitions = new Float64Array((this.cap + 1) * (this.cap + 1));
  toConversion = new Float64Array(this.cap + 1);
  toNull = new Float64Array(this.cap + 1);
  /** Per conversion: linear, position-based and time-decay credit per channel, summed over its touches first. */
  private scratch = new Float64Array(this.cap * 3);
  private stamp = new Int32Array(this.cap).fill(-1);
  private touched = new Int32Array(this.cap);

  /** The customer's touches since their last conversion, in order (times and channels). */
  touchT = new Float64Array(64);
  touchCh = new Int32Array(64);
  nt = 0;

  conversions = 0;
  totalRevenue = 0;
  nullPaths = 0;
  /** -1 until the "(direct)" channel is first needed. */
  private direct = -1;

  constructor(
    private readonly lookbackMs: number,
    private readonly halfLifeMs: number,
  ) {}

  /** The channel numbered for a text (a new one on first sight). */
  channel(name: string): number {
    const known = this.index.get(name);
    if (known !== undefined) return known;
    const ch = this.names.length;
    if (ch === this.cap) this.grow();
    this.names.push(name);
    this.index.set(name, ch);
    return ch;
  }

  /** Row length of `transitions`. */
  get stride(): number {
    return this.cap + 1;
  }

  directChannel(): number {
    if (this.direct < 0) this.direct = this.channel(DIRECT);
    return this.direct;
  }

  private grow(): void {
    const old = this.cap;
    const cap = old * 2;
    const widen = <T extends Float64Array | Int32Array | Uint8Array>(a: T, make: (n: number) => T, n: number): T => {
      const b = make(n);
      b.set(a);
      return b;
    };
    this.credits = widen(this.credits, (n) => new Float64Array(n), cap * MODELS);
    this.revenue = widen(this.revenue, (n) => new Float64Array(n), cap * MODELS);
    this.used = widen(this.used, (n) => new Uint8Array(n), cap);
    this.toConversion = widen(this.toConversion, (n) => new Float64Array(n), cap + 1);
    this.toNull = widen(this.toNull, (n) => new Float64Array(n), cap + 1);
    this.scratch = new Float64Array(cap * 3);
    this.stamp = widen(this.stamp, (n) => new Int32Array(n).fill(-1), cap);
    this.touched = new Int32Array(cap);
    // The square matrix changes its row length: copy row by row.
    const transitions = new Float64Array((cap + 1) * (cap + 1));
    for (let s = 0; s <= old; s++) transitions.set(this.transitions.subarray(s * (old + 1), (s + 1) * (old + 1)), s * (cap + 1));
    this.transitions = transitions;
    this.cap = cap;
  }

  /** Buffers a touch of the current customer. */
  touch(t: number, ch: number): void {
    if (this.nt === this.touchT.length) {
      const t2 = new Float64Array(this.nt * 2);
      t2.set(this.touchT);
      this.touchT = t2;
      const c2 = new Int32Array(this.nt * 2);
      c2.set(this.touchCh);
      this.touchCh = c2;
    }
    this.touchT[this.nt] = t;
    this.touchCh[this.nt] = ch;
    this.nt++;
  }

  /** Adds the path touches[k … nt) to the Markov counts, consecutive repeats collapsed, ending in conversion or null. */
  private path(k: number, converted: boolean): void {
    const row = this.stride;
    let from = 0;
    for (let j = k; j < this.nt; j++) {
      const ch = this.touchCh[j] as number;
      const to = ch + 1;
      this.used[ch] = 1;
      if (to === from) continue;
      this.transitions[from * row + to] = (this.transitions[from * row + to] as number) + 1;
      from = to;
    }
    const end = converted ? this.toConversion : this.toNull;
    end[from] = (end[from] as number) + 1;
  }

  /** Adds credit w (and w × value of revenue) to a channel under a model. */
  private credit(ch: number, m: number, w: number, value: number): void {
    const at = ch * MODELS + m;
    this.credits[at] = (this.credits[at] as number) + w;
    this.revenue[at] = (this.revenue[at] as number) + w * value;
  }

  /**
   * A conversion in the period at time t: its path is the buffered touches within the lookback.
   * Credits follow the reference's arithmetic (per conversion, a channel's credits are summed over
   * its touches before being added), so the rule-based numbers come out the same to the bit.
   */
  conversion(t: number, revenue: number): void {
    const value = Number.isNaN(revenue) ? 0 : revenue;
    const id = this.conversions++;
    this.totalRevenue += value;
    let k = 0;
    while (k < this.nt && (this.touchT[k] as number) < t - this.lookbackMs) k++;
    const n = this.nt - k;
    if (n === 0) {
      // No touch: one "(direct)" touch in every model, Markov included.
      const direct = this.directChannel();
      for (let m = 0; m < MODELS; m++) this.credit(direct, m, 1, value);
      this.used[direct] = 1;
      // The path start → (direct) → conversion (row 0 is the start state).
      this.transitions[direct + 1] = (this.transitions[direct + 1] as number) + 1;
      this.toConversion[direct + 1] = (this.toConversion[direct + 1] as number) + 1;
      return;
    }
    const { touchT, touchCh } = this;
    const last = this.nt - 1;
    this.credit(touchCh[k] as number, FIRST, 1, value);
    this.credit(touchCh[last] as number, LAST, 1, value);
    const direct = this.direct;
    let lastNonDirect = -1;
    for (let j = last; j >= k && lastNonDirect < 0; j--) if (touchCh[j] !== direct) lastNonDirect = touchCh[j] as number;
    this.credit(lastNonDirect < 0 ? this.directChannel() : lastNonDirect, LAST_NON_DIRECT, 1, value);

    // Time decay: 2^(−Δt / half-life) measured from the last touch (the common factor cancels in w / Σw).
    const lastT = touchT[last] as number;
    let total = 0;
    for (let j = k; j <= last; j++) total += 2 ** (-(lastT - (touchT[j] as number)) / this.halfLifeMs);
    const middle = n >= 3 ? 0.2 / (n - 2) : 0;
    const { scratch, stamp, touched } = this;
    let nTouched = 0;
    for (let j = k; j <= last; j++) {
      const ch = touchCh[j] as number;
      if (stamp[ch] !== id) {
        stamp[ch] = id;
        scratch[ch * 3] = 0;
        scratch[ch * 3 + 1] = 0;
        scratch[ch * 3 + 2] = 0;
        touched[nTouched++] = ch;
      }
      const position = n === 1 ? 1 : n === 2 ? 0.5 : j === k || j === last ? 0.4 : middle;
      scratch[ch * 3] = (scratch[ch * 3] as number) + 1 / n;
      scratch[ch * 3 + 1] = (scratch[ch * 3 + 1] as number) + position;
      scratch[ch * 3 + 2] = (scratch[ch * 3 + 2] as number) + 2 ** (-(lastT - (touchT[j] as number)) / this.halfLifeMs) / total;
    }
    for (let y = 0; y < nTouched; y++) {
      const ch = touched[y] as number;
      this.credit(ch, LINEAR, scratch[ch * 3] as number, value);
      this.credit(ch, POSITION, scratch[ch * 3 + 1] as number, value);
      this.credit(ch, DECAY, scratch[ch * 3 + 2] as number, value);
    }
    this.path(k, true);
  }

  /** The end of a customer: their touches in the period after their last conversion make one path to null. */
  endCustomer(from: number): void {
    let k = 0;
    while (k < this.nt && (this.touchT[k] as number) < from) k++;
    if (k < this.nt) {
      this.nullPaths++;
      this.path(k, false);
    }
    this.nt = 0;
  }
}

/** Lower-cases ASCII letters and drops one leading "www.": how site hosts compare with referrer hosts. */
function normalHost(host: string): string {
  const h = host.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
  return h.startsWith('www.') ? h.slice(4) : h;
}

/**
 * The channel a visit's first event names, by the query's visit channel, as a function of the event's
 * position. Texts are looked up once per distinct code (or code pair) and cached.
 */
function visitChannels(ev: CustomerEvents, q: AttributionQuery, acc: Accumulator): (i: number) => number {
  const { strings } = ev;
  const cache = new Int32Array(strings.length).fill(-1);
  const byCode = (column: Int32Array) => (i: number) => {
    const code = column[i] as number;
    if (code < 0) return acc.directChannel();
    let ch = cache[code] as number;
    if (ch < 0) cache[code] = ch = acc.channel(strings[code] as string);
    return ch;
  };
  switch (q.channel) {
    case 'utm_source':
      return byCode(ev.utmSource);
    case 'utm_medium':
      return byCode(ev.utmMedium);
    case 'utm_campaign':
      return byCode(ev.utmCampaign);
    case 'referrer': {
      // External only: not the host of the event's own page, not one of the site's hosts. The
      // dictionary holds each text once, so equal codes are equal hosts.
      const site = new Set(q.siteHosts.map(normalHost));
      const { referrerHost, pageHost } = ev;
      return (i) => {
        const code = referrerHost[i] as number;
        if (code < 0 || code === pageHost[i]) return acc.directChannel();
        let ch = cache[code] as number;
        if (ch < 0) {
          const host = strings[code] as string;
          cache[code] = ch = site.has(host) ? acc.directChannel() : acc.channel(host);
        }
        return ch;
      };
    }
    default: {
      // source_medium: "source / medium", a missing half "(none)"; keyed by the pair of codes.
      const pairs = new Map<number, number>();
      const width = strings.length + 1;
      const { utmSource, utmMedium } = ev;
      return (i) => {
        const s = utmSource[i] as number;
        const m = utmMedium[i] as number;
        if (s < 0 && m < 0) return acc.directChannel();
        const key = (s + 1) * width + (m + 1);
        let ch = pairs.get(key);
        if (ch === undefined) {
          ch = acc.channel(`${s < 0 ? '(none)' : strings[s]} / ${m < 0 ? '(none)' : strings[m]}`);
          pairs.set(key, ch);
        }
        return ch;
      };
    }
  }
}

/** Computes the attribution answer; equal to the reference's on the same events (floats within 1e-9). */
export function attributionKernel(ev: CustomerEvents, input: AttributionInput, q: AttributionQuery): AttributionResult {
  const { offsets, ts, type, name } = ev;
  const { conversionMask, revenue } = input;
  const { from, to, inactivityMs } = q;
  const windowFrom = from - q.lookbackMs;
  const acc = new Accumulator(q.lookbackMs, q.halfLifeMs);
  const customers = offsets.length - 1;

  const journey = typeof q.channel !== 'string';
  let visitChannel: (i: number) => number = () => -1;
  let touchpointChannel = new Int32Array(0);
  const touchpoint = input.touchpoint ?? new Int32Array(0);
  if (journey) {
    if (!input.touchpoint || !input.touchpointIds) throw new Error('a journey channel needs touchpoint and touchpointIds');
    touchpointChannel = new Int32Array(input.touchpointIds.length).fill(-1);
  } else visitChannel = visitChannels(ev, q, acc);
  const touchpointIds = input.touchpointIds ?? [];
  // Stage entries are derived, not customer activity: they neither start nor continue a visit.
  const stageEntered = ev.strings.indexOf(STAGE_ENTERED);

  for (let c = 0; c < customers; c++) {
    const hi = offsets[c + 1] as number;
    let i = offsets[c] as number;
    // Before the window nothing is a touch, and a conversion there only empties an empty path.
    while (i < hi && (ts[i] as number) < windowFrom) i++;
    let lastActivity = -Infinity;
    for (; i < hi; i++) {
      const t = ts[i] as number;
      // Past `to` nothing counts: the null path ends at the last conversion before it.
      if (t >= to) break;
      const converts = conversionMask[i] !== 0;
      if (!journey) {
        const ty = type[i] as number;
        if (ty <= SCREEN && !(ty === TRACK && name[i] === stageEntered)) {
          const visitStarts = t - lastActivity > inactivityMs;
          lastActivity = t;
          // A visit started by the conversion is a touch of no path (not before it, not after it).
          if (visitStarts && !converts) acc.touch(t, visitChannel(i));
        }
      } else if (!converts) {
        const tp = touchpoint[i] as number;
        if (tp >= 0) {
          let ch = touchpointChannel[tp] as number;
          if (ch < 0) touchpointChannel[tp] = ch = acc.channel(touchpointIds[tp] as string);
          acc.touch(t, ch);
        }
      }
      if (converts) {
        if (t >= from) acc.conversion(t, revenue[i] as number);
        acc.nt = 0;
      }
    }
    acc.endCustomer(from);
  }

  // The channels on some path, in text order: the Markov states and the answer's rows.
  const shown: number[] = [];
  acc.names.forEach((_, ch) => {
    if (acc.used[ch] === 1) shown.push(ch);
  });
  shown.sort((a, b) => byText(acc.names[a] as string, acc.names[b] as string));
  const n = shown.length;
  const paths = acc.conversions + acc.nullPaths;
  let probability: number | null = null;
  let effects: Float64Array = new Float64Array(n);
  if (paths > 0) {
    const S = n + 1;
    const row = acc.stride;
    const stateOf = [0, ...shown.map((ch) => ch + 1)];
    const transitions = new Float64Array(S * S);
    const toConversion = new Float64Array(S);
    const toNull = new Float64Array(S);
    stateOf.forEach((a, s) => {
      toConversion[s] = acc.toConversion[a] as number;
      toNull[s] = acc.toNull[a] as number;
      stateOf.forEach((b, t) => (transitions[s * S + t] = acc.transitions[a * row + b] as number));
    });
    const markov = markovRemovalEffects({ n, transitions, toConversion, toNull });
    probability = markov.probability;
    effects = markov.removalEffects;
  }
  let effectSum = 0;
  for (let j = 0; j < n; j++) effectSum += effects[j] as number;

  const names = new Map<string, string>();
  if (journey) (input.touchpointIds ?? []).forEach((id, k) => names.set(id, input.touchpointNames?.[k] ?? id));
  const rows: AttributionChannelResult[] = shown.map((ch, j) => {
    const channel = acc.names[ch] as string;
    const share = effectSum === 0 ? 0 : (effects[j] as number) / effectSum;
    const conversions = {} as ModelNumbers;
    const money = {} as ModelNumbers;
    RULE_MODELS.forEach((m, k) => {
      conversions[m] = acc.credits[ch * MODELS + k] as number;
      money[m] = acc.revenue[ch * MODELS + k] as number;
    });
    conversions.markov = acc.conversions * share;
    money.markov = acc.totalRevenue * share;
    return { channel, name: journey ? (names.get(channel) ?? channel) : channel, conversions, revenue: money, removalEffect: effects[j] as number };
  });
  rows.sort((a, b) => b.conversions.last_touch - a.conversions.last_touch || byText(a.channel, b.channel));
  return { channels: rows, totals: { conversions: acc.conversions, revenue: acc.totalRevenue, nullPaths: acc.nullPaths, conversionProbability: probability } };
}
