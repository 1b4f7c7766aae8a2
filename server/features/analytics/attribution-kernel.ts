import type { AttributionChannelResult, AttributionQuery, AttributionResult, ModelNumbers } from '../../../common/analytics/attribution.ts';
import { STAGE_ENTERED } from '../../../common/analytics/query.ts';
import { DIRECT } from '../../../common/analytics/sessions.ts';
import { type CustomerEvents, SCREEN, TRACK } from './customer-events.ts';
import { compareText, grownInt32, TripleIndex } from './kernel-tools.ts';
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
  /**
   * Per event: non-zero when the conversion matcher matches (over all stored events: any conversion
   * restarts the path). A one-matcher `matcherMasks` answer can be passed as it is.
   */
  conversionMask: Uint8Array | Uint32Array;
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
  /** Per conversion: the time-decay weight of each touch (indexed like the touch buffer). */
  private weights = new Float64Array(64);
  private stamp = new Int32Array(this.cap).fill(-1);
  private touched = new Int32Array(this.cap);

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

  /** Adds the path touchCh[k … end) to the Markov counts, consecutive repeats collapsed, ending in conversion or null. */
  private path(touchCh: Int32Array, k: number, end: number, converted: boolean): void {
    const row = this.stride;
    let from = 0;
    for (let j = k; j < end; j++) {
      const ch = touchCh[j] as number;
      const to = ch + 1;
      this.used[ch] = 1;
      if (to === from) continue;
      this.transitions[from * row + to] = (this.transitions[from * row + to] as number) + 1;
      from = to;
    }
    const absorbing = converted ? this.toConversion : this.toNull;
    absorbing[from] = (absorbing[from] as number) + 1;
  }

  /** Adds credit w (and w × value of revenue) to a channel under a model. */
  private credit(ch: number, m: number, w: number, value: number): void {
    const at = ch * MODELS + m;
    this.credits[at] = (this.credits[at] as number) + w;
    this.revenue[at] = (this.revenue[at] as number) + w * value;
  }

  /**
   * A conversion in the period at time t, after the touches [0, nt) (those since the customer's
   * previous conversion): its path is those within the lookback. Credits follow the reference's
   * arithmetic (per conversion, a channel's credits are summed over its touches before being
   * added), so the rule-based numbers come out the same to the bit.
   */
  conversion(t: number, revenue: number, touchT: Float64Array, touchCh: Int32Array, nt: number): void {
    const value = Number.isNaN(revenue) ? 0 : revenue;
    const id = this.conversions++;
    this.totalRevenue += value;
    let k = 0;
    while (k < nt && (touchT[k] as number) < t - this.lookbackMs) k++;
    const n = nt - k;
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
    const last = nt - 1;
    this.credit(touchCh[k] as number, FIRST, 1, value);
    this.credit(touchCh[last] as number, LAST, 1, value);
    const direct = this.direct;
    let lastNonDirect = -1;
    for (let j = last; j >= k && lastNonDirect < 0; j--) if (touchCh[j] !== direct) lastNonDirect = touchCh[j] as number;
    this.credit(lastNonDirect < 0 ? this.directChannel() : lastNonDirect, LAST_NON_DIRECT, 1, value);

    // Time decay: 2^(−Δt / half-life) measured from the last touch (the common factor cancels in w / Σw).
    const lastT = touchT[last] as number;
    if (this.weights.length < nt) this.weights = new Float64Array(touchT.length);
    const weights = this.weights;
    let total = 0;
    for (let j = k; j <= last; j++) {
      weights[j] = 2 ** (-(lastT - (touchT[j] as number)) / this.halfLifeMs);
      total += weights[j] as number;
    }
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
      scratch[ch * 3 + 2] = (scratch[ch * 3 + 2] as number) + (weights[j] as number) / total;
    }
    for (let y = 0; y < nTouched; y++) {
      const ch = touched[y] as number;
      this.credit(ch, LINEAR, scratch[ch * 3] as number, value);
      this.credit(ch, POSITION, scratch[ch * 3 + 1] as number, value);
      this.credit(ch, DECAY, scratch[ch * 3 + 2] as number, value);
    }
    this.path(touchCh, k, nt, true);
  }

  /** The end of a customer: their touches [0, nt) in the period after their last conversion make one path to null. */
  nullPath(from: number, touchT: Float64Array, touchCh: Int32Array, nt: number): void {
    let k = 0;
    while (k < nt && (touchT[k] as number) < from) k++;
    if (k < nt) {
      this.nullPaths++;
      this.path(touchCh, k, nt, false);
    }
  }
}

/** Lower-cases ASCII letters and drops one leading "www.": how site hosts compare with referrer hosts. */
function normalHost(host: string): string {
  const h = host.replace(/[A-Z]/g, (ch) => ch.toLowerCase());
  return h.startsWith('www.') ? h.slice(4) : h;
}

/**
 * The channel a visit's first event names, by the query's visit channel. Texts are looked up once per
 * distinct code (or pair of codes) and cached; a class, so the loop's call stays monomorphic.
 */
class VisitChannels {
  private readonly strings: readonly string[];
  /** Channel per code of the channel's column (-1: not seen yet). */
  private readonly cache: Int32Array;
  /** source_medium: dense ids of the (source, medium) code pairs seen, and the channel of each. */
  private readonly pairs = new TripleIndex();
  private pairChannel = new Int32Array(16);
  private readonly column: Int32Array;
  private readonly site: Set<string>;

  constructor(
    private readonly ev: CustomerEvents,
    private readonly kind: AttributionQuery['channel'],
    siteHosts: string[],
    private readonly acc: Accumulator,
  ) {
    this.strings = ev.strings;
    this.cache = new Int32Array(ev.strings.length).fill(-1);
    this.column = kind === 'utm_medium' ? ev.utmMedium : kind === 'utm_campaign' ? ev.utmCampaign : kind === 'referrer' ? ev.referrerHost : ev.utmSource;
    this.site = new Set(siteHosts.map(normalHost));
  }

  /** The channel of a visit that starts at event i. */
  of(i: number): number {
    const code = this.column[i] as number;
    if (this.kind === 'source_medium') return this.sourceMedium(code, this.ev.utmMedium[i] as number);
    // Referrers are external only: not the host of the event's own page (the dictionary holds each
    // text once, so equal codes are equal hosts), not one of the site's hosts.
    if (code < 0 || (this.kind === 'referrer' && code === this.ev.pageHost[i])) return this.acc.directChannel();
    let ch = this.cache[code] as number;
    if (ch < 0) {
      const text = this.strings[code] as string;
      ch = this.kind === 'referrer' && this.site.has(text) ? this.acc.directChannel() : this.acc.channel(text);
      this.cache[code] = ch;
    }
    return ch;
  }

  /** "source / medium", a missing half "(none)"; a channel when either half is present. */
  private sourceMedium(s: number, m: number): number {
    if (s < 0 && m < 0) return this.acc.directChannel();
    const id = this.pairs.id(s, m, 0);
    // pairChannel holds channel + 1: 0 is a pair not named yet.
    const known = id < this.pairChannel.length ? (this.pairChannel[id] as number) : 0;
    if (known > 0) return known - 1;
    const ch = this.acc.channel(`${s < 0 ? '(none)' : this.strings[s]} / ${m < 0 ? '(none)' : this.strings[m]}`);
    this.pairChannel = grownInt32(this.pairChannel, id + 1);
    this.pairChannel[id] = ch + 1;
    return ch;
  }
}

/** Where touches come from: visits (by their first event), or the journey's touchpoints (channel per touchpoint). */
type TouchSource = { visits: VisitChannels } | { touchpoint: Int32Array; channelOf: (tp: number) => number };

/**
 * The pass: per customer, touches since their last conversion in a buffer; each conversion in the
 * period takes its path from it, and what is left in the period at the end is the path to null.
 */
function scan(ev: CustomerEvents, input: AttributionInput, q: AttributionQuery, source: TouchSource, acc: Accumulator): void {
  const { offsets, ts, type, name } = ev;
  const { conversionMask, revenue } = input;
  const { from, to, inactivityMs } = q;
  const windowFrom = from - q.lookbackMs;
  const customers = offsets.length - 1;
  const visits = 'visits' in source ? source.visits : null;
  const touchpoint = 'touchpoint' in source ? source.touchpoint : new Int32Array(0);
  const channelOf = 'channelOf' in source ? source.channelOf : () => -1;
  // Stage entries are derived, not customer activity: they neither start nor continue a visit. One
  // comparison of (type, name) per event; -2 when the dictionary has no such name (no code is -2).
  const stageCode = ev.strings.indexOf(STAGE_ENTERED);
  const stageKey = TRACK * 2 ** 32 + (stageCode < 0 ? -2 : stageCode);
  // Touch buffers as long as the longest customer: no growth check per touch.
  let longest = 0;
  for (let c = 0; c < customers; c++) longest = Math.max(longest, (offsets[c + 1] as number) - (offsets[c] as number));
  const touchT = new Float64Array(longest);
  const touchCh = new Int32Array(longest);

  for (let c = 0; c < customers; c++) {
    const hi = offsets[c + 1] as number;
    let i = offsets[c] as number;
    // Before the window nothing is a touch, and a conversion there only empties an empty path.
    while (i < hi && (ts[i] as number) < windowFrom) i++;
    let nt = 0;
    let lastActivity = -Infinity;
    for (; i < hi; i++) {
      const t = ts[i] as number;
      // Past `to` nothing counts: the null path ends at the last conversion before it.
      if (t >= to) break;
      const converts = conversionMask[i] !== 0;
      if (visits !== null) {
        const ty = type[i] as number;
        if (ty <= SCREEN && ty * 2 ** 32 + (name[i] as number) !== stageKey) {
          const visitStarts = t - lastActivity > inactivityMs;
          lastActivity = t;
          // A visit started by the conversion is a touch of no path (not before it, not after it).
          if (visitStarts && !converts) {
            touchT[nt] = t;
            touchCh[nt++] = visits.of(i);
          }
        }
      } else if (!converts) {
        const tp = touchpoint[i] as number;
        if (tp >= 0) {
          touchT[nt] = t;
          touchCh[nt++] = channelOf(tp);
        }
      }
      if (converts) {
        if (t >= from) acc.conversion(t, revenue[i] as number, touchT, touchCh, nt);
        nt = 0;
      }
    }
    if (nt > 0) acc.nullPath(from, touchT, touchCh, nt);
  }
}

/** Computes the attribution answer; equal to the reference's on the same events (floats within 1e-9). */
export function attributionKernel(ev: CustomerEvents, input: AttributionInput, q: AttributionQuery): AttributionResult {
  const acc = new Accumulator(q.lookbackMs, q.halfLifeMs);
  const journey = typeof q.channel !== 'string';
  if (typeof q.channel === 'string') scan(ev, input, q, { visits: new VisitChannels(ev, q.channel, q.siteHosts, acc) }, acc);
  else {
    const { touchpoint, touchpointIds } = input;
    if (!touchpoint || !touchpointIds) throw new Error('a journey channel needs touchpoint and touchpointIds');
    const channels = new Int32Array(touchpointIds.length).fill(-1);
    const channelOf = (tp: number) => {
      let ch = channels[tp] as number;
      if (ch < 0) channels[tp] = ch = acc.channel(touchpointIds[tp] as string);
      return ch;
    };
    scan(ev, input, q, { touchpoint, channelOf }, acc);
  }

  // The channels on some path, in text order: the Markov states and the answer's rows.
  const shown: number[] = [];
  acc.names.forEach((_, ch) => {
    if (acc.used[ch] === 1) shown.push(ch);
  });
  shown.sort((a, b) => compareText(acc.names[a] as string, acc.names[b] as string));
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
  rows.sort((a, b) => b.conversions.last_touch - a.conversions.last_touch || compareText(a.channel, b.channel));
  return { channels: rows, totals: { conversions: acc.conversions, revenue: acc.totalRevenue, nullPaths: acc.nullPaths, conversionProbability: probability } };
}
