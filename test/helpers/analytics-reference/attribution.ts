import type { AttributionChannelResult, AttributionModel, AttributionQuery, AttributionResult, ModelNumbers } from '../../../common/analytics/attribution.ts';
import { DIRECT } from '../../../common/analytics/sessions.ts';
import type { JourneyDefinitionInput, MatchRuleInput } from '../../../common/journeys/model.ts';
import { ruleMatches } from '../journey-reference.ts';
import type { Call } from '../journey-reference.ts';
import { analyticsCustomers, eventMatches, inPeriod } from './events.ts';
import type { AnalyticsCustomer } from './events.ts';
import { campaignField, externalReferrer, sessionsOf } from './sessions.ts';
import { numberIn } from './trends.ts';

/**
 * Plain reference for multi-touch attribution (docs/analytics.md#attribution): touches per customer,
 * one path per conversion, the six rule-based models by their weights, and the first-order Markov
 * model solved exactly (Gaussian elimination), not simulated.
 */

/** A touch: where in the customer's events it lies (its index in (t, seq) order), when, and its channel. */
export interface Touch {
  pos: number;
  t: number;
  channel: string;
}

/** The channel a visit's first event names, by the query's visit channel; DIRECT when it names none. */
function visitChannel(call: Call, q: AttributionQuery): string {
  const kind = q.channel;
  let value: string | null = null;
  if (kind === 'utm_source') value = campaignField(call, 'source');
  else if (kind === 'utm_medium') value = campaignField(call, 'medium');
  else if (kind === 'utm_campaign') value = campaignField(call, 'name');
  else if (kind === 'referrer') value = externalReferrer(call, q.siteHosts);
  else if (kind === 'source_medium') {
    const source = campaignField(call, 'source');
    const medium = campaignField(call, 'medium');
    if (source !== null || medium !== null) value = `${source ?? '(none)'} / ${medium ?? '(none)'}`;
  }
  return value ?? DIRECT;
}

/** A customer's touches in [window.from, window.to), in order. */
export function touchesOf(c: AnalyticsCustomer, q: AttributionQuery, window: { from: number; to: number }, journey?: JourneyDefinitionInput): Touch[] {
  const touches: Touch[] = [];
  if (typeof q.channel === 'string') {
    // Visit channels: one touch per session, at its first event.
    for (const session of sessionsOf(c, window, q.inactivityMs)) {
      const first = session[0];
      if (first) touches.push({ pos: c.events.indexOf(first), t: first.t, channel: visitChannel(first.call, q) });
    }
    return touches;
  }
  if (!journey) throw new Error('reference: a journey channel needs the journey definition');
  // Journey channels: the events a touchpoint's rule matches (only the n-th match for nth rules),
  // each credited to the first matching touchpoint in map order.
  const touchpoints: { id: string; rule: MatchRuleInput }[] = [];
  for (const stage of journey.stages ?? []) for (const tp of stage.touchpoints ?? []) touchpoints.push({ id: tp.id, rule: tp.rule });
  const matchedEvents = touchpoints.map((tp) => {
    const positions: number[] = [];
    c.events.forEach((e, pos) => {
      if (ruleMatches(tp.rule, e.call)) positions.push(pos);
    });
    const nth = tp.rule.nth ?? 1;
    return nth === 1 ? positions : positions.slice(nth - 1, nth);
  });
  c.events.forEach((e, pos) => {
    if (!inPeriod(window, e.t)) return;
    const k = matchedEvents.findIndex((positions) => positions.includes(pos));
    if (k >= 0) touches.push({ pos, t: e.t, channel: (touchpoints[k] as { id: string }).id });
  });
  return touches;
}

/** The six rule-based models' credit per channel for one conversion's touches (each model's credits sum to 1). */
function ruleBasedCredits(touches: Touch[], halfLifeMs: number): Record<Exclude<AttributionModel, 'markov'>, Map<string, number>> {
  const credit = () => new Map<string, number>();
  const out = { first_touch: credit(), last_touch: credit(), last_non_direct: credit(), linear: credit(), position_based: credit(), time_decay: credit() };
  const add = (m: Map<string, number>, channel: string, w: number) => m.set(channel, (m.get(channel) ?? 0) + w);
  if (touches.length === 0) {
    for (const m of Object.values(out)) add(m, DIRECT, 1);
    return out;
  }
  const n = touches.length;
  add(out.first_touch, (touches[0] as Touch).channel, 1);
  add(out.last_touch, (touches[n - 1] as Touch).channel, 1);
  let lastNonDirect = DIRECT;
  for (const t of touches) if (t.channel !== DIRECT) lastNonDirect = t.channel;
  add(out.last_non_direct, lastNonDirect, 1);
  for (const t of touches) add(out.linear, t.channel, 1 / n);
  touches.forEach((t, i) => {
    let w: number;
    if (n === 1) w = 1;
    else if (n === 2) w = 0.5;
    else w = i === 0 || i === n - 1 ? 0.4 : 0.2 / (n - 2);
    add(out.position_based, t.channel, w);
  });
  // 2^(−Δt/h) relative to the last touch: the factor 2^(−(conversion − last)/h) cancels in w / Σw, and
  // the last weight is then 1, so Σw ≥ 1. Measured from the conversion, every weight underflows to 0
  // once Δt > 1074 half-lives (a one-minute half-life and touches a day old) and the credits are 0/0.
  const last = (touches[n - 1] as Touch).t;
  const weights = touches.map((t) => 2 ** (-(last - t.t) / halfLifeMs));
  let total = 0;
  for (const w of weights) total += w;
  touches.forEach((t, i) => add(out.time_decay, t.channel, (weights[i] as number) / total));
  return out;
}

/** A path for the Markov model: channels with consecutive repeats collapsed, ending in conversion or not. */
interface Path {
  channels: string[];
  converted: boolean;
}

function collapse(channels: string[]): string[] {
  const out: string[] = [];
  for (const c of channels) if (out[out.length - 1] !== c) out.push(c);
  return out;
}

/** Solves A·x = b by Gaussian elimination with partial pivoting (A is small and non-singular). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((row, i) => [...row, b[i] as number]);
  for (let col = 0; col < n; col++) {
    let pivot = col;
    for (let r = col + 1; r < n; r++) if (Math.abs((M[r] as number[])[col] as number) > Math.abs((M[pivot] as number[])[col] as number)) pivot = r;
    [M[col], M[pivot]] = [M[pivot] as number[], M[col] as number[]];
    const p = M[col] as number[];
    for (let r = 0; r < n; r++) {
      if (r === col) continue;
      const row = M[r] as number[];
      const f = (row[col] as number) / (p[col] as number);
      if (f === 0) continue;
      for (let k = col; k <= n; k++) row[k] = (row[k] as number) - f * (p[k] as number);
    }
  }
  return M.map((row, i) => (row[n] as number) / (row[i] as number));
}

/**
 * P(reaching conversion from start) in the first-order chain estimated from the paths: states start,
 * each channel, and the absorbing conversion and null; a removed channel absorbs into null.
 */
export function conversionProbability(paths: Path[], channels: string[], removed: string | null): number {
  const states = ['(start)', ...channels];
  const index = new Map<string, number>();
  channels.forEach((c, i) => index.set(c, i + 1));
  const n = states.length;
  const counts = states.map(() => new Array<number>(n).fill(0));
  const toConversion = new Array<number>(n).fill(0);
  const outgoing = new Array<number>(n).fill(0);
  for (const p of paths) {
    let from = 0;
    for (const c of p.channels) {
      const to = index.get(c) as number;
      (counts[from] as number[])[to] = ((counts[from] as number[])[to] as number) + 1;
      outgoing[from] = (outgoing[from] as number) + 1;
      from = to;
    }
    if (p.converted) toConversion[from] = (toConversion[from] as number) + 1;
    outgoing[from] = (outgoing[from] as number) + 1;
  }
  // x[s] = P(s → conversion) + Σ P(s → t)·x[t], i.e. (I − Q)·x = r; a removed channel has x = 0.
  const A: number[][] = [];
  const b: number[] = [];
  for (let s = 0; s < n; s++) {
    const row = new Array<number>(n).fill(0);
    row[s] = 1;
    const out = outgoing[s] as number;
    if (states[s] === removed || out === 0) {
      A.push(row);
      b.push(0);
      continue;
    }
    for (let t = 0; t < n; t++) row[t] = (row[t] as number) - ((counts[s] as number[])[t] as number) / out;
    A.push(row);
    b.push((toConversion[s] as number) / out);
  }
  return solve(A, b)[0] as number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function referenceAttribution(calls: Call[], q: AttributionQuery, journey?: JourneyDefinitionInput): AttributionResult {
  const period = { from: q.from, to: q.to };
  const window = { from: q.from - q.lookbackMs, to: q.to };
  const zero = (): ModelNumbers => ({ first_touch: 0, last_touch: 0, last_non_direct: 0, linear: 0, position_based: 0, time_decay: 0, markov: 0 });
  const conversions = new Map<string, ModelNumbers>();
  const revenue = new Map<string, ModelNumbers>();
  const see = (channel: string) => {
    if (!conversions.has(channel)) {
      conversions.set(channel, zero());
      revenue.set(channel, zero());
    }
  };
  const paths: Path[] = [];
  let totalConversions = 0;
  let totalRevenue = 0;
  let nullPaths = 0;

  for (const c of analyticsCustomers(calls)) {
    const touches = touchesOf(c, q, window, journey);
    const conversionPositions: number[] = [];
    c.events.forEach((e, pos) => {
      if (eventMatches(q.conversion, e.call)) conversionPositions.push(pos);
    });
    for (const pos of conversionPositions) {
      const conv = c.events[pos] as AnalyticsCustomer['events'][number];
      if (!inPeriod(period, conv.t)) continue;
      // The path restarts after the previous conversion (at any time).
      let previous = -1;
      for (const p of conversionPositions) if (p < pos) previous = p;
      const mine = touches.filter((t) => t.pos > previous && t.pos < pos && t.t >= conv.t - q.lookbackMs);
      const value = numberIn(conv.call, q.revenueProperty) ?? 0;
      totalConversions++;
      totalRevenue += value;
      const credits = ruleBasedCredits(mine, q.halfLifeMs);
      for (const [model, perChannel] of Object.entries(credits) as [AttributionModel, Map<string, number>][]) {
        for (const [channel, w] of perChannel) {
          see(channel);
          (conversions.get(channel) as ModelNumbers)[model] += w;
          (revenue.get(channel) as ModelNumbers)[model] += w * value;
        }
      }
      paths.push({ channels: collapse(mine.length === 0 ? [DIRECT] : mine.map((t) => t.channel)), converted: true });
    }
    // A customer's touches in the period after their last conversion before `to` make one path to null.
    let last = -1;
    for (const p of conversionPositions) if ((c.events[p] as { t: number }).t < q.to) last = p;
    const open = touches.filter((t) => t.pos > last && inPeriod(period, t.t));
    if (open.length > 0) {
      nullPaths++;
      for (const t of open) see(t.channel);
      paths.push({ channels: collapse(open.map((t) => t.channel)), converted: false });
    }
  }

  // Markov: removal effects, shared out in proportion.
  const channels = [...conversions.keys()].sort(byText);
  const base = paths.length === 0 ? null : conversionProbability(paths, channels, null);
  const removal = new Map<string, number>();
  let removalSum = 0;
  for (const ch of channels) {
    const effect = base === null || base === 0 ? 0 : Math.max(0, 1 - conversionProbability(paths, channels, ch) / base);
    removal.set(ch, effect);
    removalSum += effect;
  }
  for (const ch of channels) {
    const share = removalSum === 0 ? 0 : (removal.get(ch) as number) / removalSum;
    (conversions.get(ch) as ModelNumbers).markov = totalConversions * share;
    (revenue.get(ch) as ModelNumbers).markov = totalRevenue * share;
  }

  const names = new Map<string, string>();
  for (const stage of journey?.stages ?? []) for (const tp of stage.touchpoints ?? []) names.set(tp.id, tp.name);
  const rows: AttributionChannelResult[] = channels.map((channel) => ({
    channel,
    name: typeof q.channel === 'string' ? channel : (names.get(channel) ?? channel),
    conversions: conversions.get(channel) as ModelNumbers,
    revenue: revenue.get(channel) as ModelNumbers,
    removalEffect: removal.get(channel) as number,
  }));
  rows.sort((a, b) => b.conversions.last_touch - a.conversions.last_touch || byText(a.channel, b.channel));
  return { channels: rows, totals: { conversions: totalConversions, revenue: totalRevenue, nullPaths, conversionProbability: base } };
}

