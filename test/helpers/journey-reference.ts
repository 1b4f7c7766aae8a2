import type { Condition, JourneyDefinitionInput, MatchRuleInput } from '../../common/journeys/model.ts';

/**
 * A deliberately plain reference implementation of journey state and analytics (docs/journeys.md),
 * for the property test: arrays of events, loops and sorts, nothing clever, and its own rule matcher
 * (it does not import common/journeys/rule-matcher.ts, so a mistake there does not hide here).
 *
 * It covers what the property test's generator sends: no shared devices (an anonymous id belongs to
 * one person), alias `previousId` always an anonymous id, and no identify call carrying the same trait
 * in both `traits` and `context.traits`.
 */

/** One Segment call as the test sends it (timestamps as ISO strings, every call with a messageId). */
export interface Call {
  type: 'track' | 'page' | 'screen' | 'identify' | 'group' | 'alias';
  messageId: string;
  timestamp: string;
  userId?: string;
  anonymousId?: string;
  previousId?: string;
  event?: string;
  name?: string;
  groupId?: string;
  properties?: Record<string, unknown>;
  context?: Record<string, unknown>;
  traits?: Record<string, unknown>;
}

/** A customer as the reference sees it: the calls of one resolved identity, and the ids it goes by. */
export interface RefCustomer {
  userIds: string[];
  anonymousIds: string[];
  /** Unique calls (duplicates of a messageId dropped), in timestamp order. */
  calls: Call[];
}

export interface RefStage {
  key: string;
  enteredAt: number | null;
  reachedAt: number | null;
  skipped: boolean;
}

export interface RefTouchpoint {
  id: string;
  /** Matching events (nth ignored). */
  events: number;
  /** The first matching time (the nth for nth rules). */
  firstAt: number | null;
}

export interface RefState {
  stages: RefStage[];
  currentStage: string | null;
  touchpoints: RefTouchpoint[];
  personas: string[];
}

export interface RefStageMetrics {
  key: string;
  reached: number;
  skipped: number;
  current: number;
  stuck: number;
  conversionFromPrevious: number | null;
  dropOff: number | null;
  medianMsFromPrevious: number | null;
  p90MsFromPrevious: number | null;
}

export interface RefTouchpointMetrics {
  id: string;
  events: number;
  customers: number;
  reachedNext: number | null;
}

export interface RefAnalytics {
  customers: number;
  stages: RefStageMetrics[];
  touchpoints: RefTouchpointMetrics[];
}

const DAY = 24 * 60 * 60 * 1000;

export function timeOf(call: Call): number {
  return Date.parse(call.timestamp);
}

// ---------------------------------------------------------------------------------------------------
// Identity: which calls belong to one customer.
// ---------------------------------------------------------------------------------------------------

/**
 * Groups the calls into customers. Duplicate messageIds count once. Two ids are the same customer when
 * one call carries both (userId and anonymousId), or an alias names them (previousId and userId).
 */
export function resolveCustomers(calls: Call[]): RefCustomer[] {
  const unique: Call[] = [];
  const seen = new Set<string>();
  for (const c of calls) {
    if (seen.has(c.messageId)) continue;
    seen.add(c.messageId);
    unique.push(c);
  }

  // Union-find over id keys: "u:<userId>" and "a:<anonymousId>".
  const parent = new Map<string, string>();
  const find = (x: string): string => {
    if (!parent.has(x)) parent.set(x, x);
    let root = x;
    while (parent.get(root) !== root) root = parent.get(root) ?? root;
    return root;
  };
  const union = (a: string, b: string) => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent.set(ra, rb);
  };
  const keysOf = (c: Call): string[] => {
    const keys: string[] = [];
    if (c.userId !== undefined) keys.push(`u:${c.userId}`);
    if (c.anonymousId !== undefined) keys.push(`a:${c.anonymousId}`);
    // In these streams an alias's previousId is always an anonymous id.
    if (c.type === 'alias' && c.previousId !== undefined) keys.push(`a:${c.previousId}`);
    return keys;
  };
  for (const c of unique) {
    const keys = keysOf(c);
    for (let i = 1; i < keys.length; i++) union(keys[0] as string, keys[i] as string);
  }

  const byRoot = new Map<string, RefCustomer>();
  for (const c of unique) {
    const keys = keysOf(c);
    const root = find(keys[0] as string);
    let customer = byRoot.get(root);
    if (!customer) {
      customer = { userIds: [], anonymousIds: [], calls: [] };
      byRoot.set(root, customer);
    }
    for (const k of keys) {
      const list = k.startsWith('u:') ? customer.userIds : customer.anonymousIds;
      const value = k.slice(2);
      if (!list.includes(value)) list.push(value);
    }
    customer.calls.push(c);
  }
  const customers = [...byRoot.values()];
  for (const c of customers) {
    c.calls.sort((a, b) => timeOf(a) - timeOf(b));
    c.userIds.sort();
    c.anonymousIds.sort();
  }
  return customers;
}

// ---------------------------------------------------------------------------------------------------
// Matching.
// ---------------------------------------------------------------------------------------------------

type Rule = MatchRuleInput;
type Cond = Condition;

/** A field as text: strings as they are, numbers and booleans as JSON writes them; null when absent. */
function fieldAsText(call: Call, path: string): string | null {
  const parts = path.split('.');
  const rootName = parts[0];
  let value: unknown = rootName === 'properties' ? call.properties : rootName === 'context' ? call.context : rootName === 'traits' ? call.traits : undefined;
  for (const part of parts.slice(1)) {
    if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) return null;
    value = (value as Record<string, unknown>)[part];
  }
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return JSON.stringify(value);
}

function scalarAsText(v: unknown): string {
  return typeof v === 'string' ? v : JSON.stringify(v);
}

/** Whether a condition holds for a field value (as text, or null when absent). */
function conditionHolds(c: Cond, text: string | null): boolean {
  const v = c.value;
  if (c.op === 'exists') return text !== null;
  if (c.op === 'neq') return text !== scalarAsText(v);
  if (text === null) return false;
  if (c.op === 'eq') return text === scalarAsText(v);
  if (c.op === 'contains') return text.toLowerCase().includes(String(v).toLowerCase());
  if (c.op === 'startsWith') return text.toLowerCase().startsWith(String(v).toLowerCase());
  if (c.op === 'in') {
    const list = Array.isArray(v) ? v : [v];
    return list.some((x) => scalarAsText(x) === text);
  }
  if (c.op === 'gt' || c.op === 'lt') {
    if (text.trim() === '') return false;
    const n = Number(text);
    if (!Number.isFinite(n)) return false;
    return c.op === 'gt' ? n > Number(v) : n < Number(v);
  }
  if (c.op === 'regex') return new RegExp(String(v)).test(text.slice(0, 2000));
  throw new Error(`reference: unknown operator ${String(c.op)}`);
}

/** Glob match by recursion: `**` any characters, `*` any characters but `/`, `?` one character but `/`. */
function globMatches(glob: string, path: string): boolean {
  const go = (i: number, j: number): boolean => {
    if (i === glob.length) return j === path.length;
    if (glob.startsWith('**', i)) {
      for (let k = j; k <= path.length; k++) if (go(i + 2, k)) return true;
      return false;
    }
    const g = glob[i];
    if (g === '*') {
      for (let k = j; k <= path.length; k++) {
        if (go(i + 1, k)) return true;
        if (path[k] === '/') return false;
      }
      return false;
    }
    if (j >= path.length) return false;
    if (g === '?') return path[j] !== '/' && go(i + 1, j + 1);
    return path[j] === g && go(i + 1, j + 1);
  };
  return go(0, 0);
}

const UTM_PATHS: Record<string, string> = {
  source: 'context.campaign.source',
  medium: 'context.campaign.medium',
  campaign: 'context.campaign.name',
  term: 'context.campaign.term',
  content: 'context.campaign.content',
};

/** Whether a rule matches a call (nth aside). */
export function ruleMatches(rule: Rule, call: Call): boolean {
  if (call.type === 'track' && call.event === 'Journey Stage Entered') return false;
  const type = rule.type ?? 'any';
  if (type === 'any') {
    if (call.type !== 'track' && call.type !== 'page' && call.type !== 'screen') return false;
  } else if (call.type !== type) return false;
  const events = rule.events ?? [];
  if (events.length > 0) {
    const label = call.type === 'track' ? call.event : call.type === 'page' || call.type === 'screen' ? call.name : undefined;
    if (label === undefined || !events.includes(label)) return false;
  }
  for (const c of rule.where ?? []) {
    if (!conditionHolds(c, fieldAsText(call, c.path))) return false;
  }
  if (rule.pagePath !== undefined && rule.pagePath !== '') {
    const path = fieldAsText(call, 'properties.path') ?? fieldAsText(call, 'context.page.path');
    if (path === null || !globMatches(rule.pagePath, path)) return false;
  }
  for (const [key, want] of Object.entries(rule.utm ?? {})) {
    if (want === undefined || want === '') continue;
    const have = fieldAsText(call, UTM_PATHS[key] ?? '');
    if (have === null || have.toLowerCase() !== want.toLowerCase()) return false;
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------
// A customer's state.
// ---------------------------------------------------------------------------------------------------

/** The matching times of a rule in a customer's calls, ascending. */
function matchTimes(rule: Rule, customer: RefCustomer): number[] {
  const times: number[] = [];
  for (const call of customer.calls) if (ruleMatches(rule, call)) times.push(timeOf(call));
  times.sort((a, b) => a - b);
  return times;
}

/** The customer's latest value of a trait: identify `traits` and any call's `context.traits`; ties: the larger value. */
function latestTrait(customer: RefCustomer, key: string): string | null {
  let bestTime = -Infinity;
  let best: string | null = null;
  for (const call of customer.calls) {
    let value: string | null = null;
    if (call.type === 'identify') value = fieldAsText(call, `traits.${key}`);
    if (value === null) value = fieldAsText(call, `context.traits.${key}`);
    if (value === null) continue;
    const t = timeOf(call);
    if (best === null || t > bestTime || (t === bestTime && value > best)) {
      bestTime = t;
      best = value;
    }
  }
  return best;
}

function personasOf(def: JourneyDefinitionInput, customer: RefCustomer): string[] {
  const out: string[] = [];
  for (const persona of def.personas ?? []) {
    const results: boolean[] = [];
    for (const c of persona.rule.traits ?? []) {
      const key = c.path.split('.').slice(1).join('.');
      results.push(conditionHolds(c, latestTrait(customer, key)));
    }
    for (const ev of persona.rule.events ?? []) results.push(matchTimes(ev.rule, customer).length >= (ev.minCount ?? 1));
    const match = persona.rule.match ?? 'all';
    if (match === 'all' ? results.every((r) => r) : results.some((r) => r)) out.push(persona.id);
  }
  return out;
}

/** A customer's journey state: touchpoint times, entered/reached per stage, skipped, current stage, personas. */
export function customerState(def: JourneyDefinitionInput, customer: RefCustomer): RefState {
  const stages = def.stages ?? [];
  const touchpoints: RefTouchpoint[] = [];
  const entered: (number | null)[] = [];
  for (const stage of stages) {
    let stageEntered: number | null = null;
    for (const tp of stage.touchpoints ?? []) {
      const times = matchTimes(tp.rule, customer);
      const nth = tp.rule.nth ?? 1;
      const at = times.length >= nth ? (times[nth - 1] as number) : null;
      // An nth rule matches one event of the customer: the nth.
      touchpoints.push({ id: tp.id, events: nth > 1 ? (at === null ? 0 : 1) : times.length, firstAt: at });
      if (at !== null && (stageEntered === null || at < stageEntered)) stageEntered = at;
    }
    entered.push(stageEntered);
  }
  const result: RefStage[] = [];
  let currentStage: string | null = null;
  for (let s = 0; s < stages.length; s++) {
    let reached: number | null = null;
    for (let j = s; j < stages.length; j++) {
      const e = entered[j] ?? null;
      if (e !== null && (reached === null || e < reached)) reached = e;
    }
    const e = entered[s] ?? null;
    const skipped = reached !== null && (e === null || e > reached);
    result.push({ key: (stages[s] as { key: string }).key, enteredAt: e, reachedAt: reached, skipped });
    if (reached !== null) currentStage = (stages[s] as { key: string }).key;
  }
  return { stages: result, currentStage, touchpoints, personas: personasOf(def, customer) };
}

// ---------------------------------------------------------------------------------------------------
// Analytics over [from, to).
// ---------------------------------------------------------------------------------------------------

/** Nearest rank: the smallest value with at least q of the values at or below it. */
function nearestRank(values: number[], q: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  let rank = Math.ceil(q * sorted.length);
  if (rank < 1) rank = 1;
  if (rank > sorted.length) rank = sorted.length;
  return sorted[rank - 1] as number;
}

export function referenceAnalytics(def: JourneyDefinitionInput, customers: RefCustomer[], q: { from: number; to: number; stuckDays: number; persona?: string }): RefAnalytics {
  const stages = def.stages ?? [];
  const S = stages.length;
  const inPeriod = (t: number | null) => t !== null && t >= q.from && t < q.to;
  const before = (t: number | null) => t !== null && t < q.to;

  const chosen = customers.filter((c) => q.persona === undefined || personasOf(def, c).includes(q.persona));
  const states = chosen.map((c) => customerState(def, c));

  let customerCount = 0;
  for (const st of states) if (st.stages.some((s) => inPeriod(s.reachedAt))) customerCount++;

  const stageMetrics: RefStageMetrics[] = [];
  for (let s = 0; s < S; s++) {
    let reached = 0;
    let skipped = 0;
    let current = 0;
    let stuck = 0;
    let den = 0;
    let num = 0;
    const deltas: number[] = [];
    for (const st of states) {
      const here = st.stages[s] as RefStage;
      if (inPeriod(here.reachedAt)) {
        reached++;
        if (here.skipped) skipped++;
        if (s > 0) deltas.push((here.reachedAt as number) - ((st.stages[s - 1] as RefStage).reachedAt as number));
      }
      // The furthest stage reached before `to`.
      let furthest = -1;
      for (let k = 0; k < S; k++) if (before((st.stages[k] as RefStage).reachedAt)) furthest = k;
      if (furthest === s) {
        current++;
        if (s < S - 1 && q.to - (here.reachedAt as number) > q.stuckDays * DAY) stuck++;
      }
      if (s > 0 && inPeriod((st.stages[s - 1] as RefStage).reachedAt)) {
        den++;
        if (before(here.reachedAt)) num++;
      }
    }
    const conversion = s === 0 || den === 0 ? null : num / den;
    stageMetrics.push({
      key: (stages[s] as { key: string }).key,
      reached,
      skipped,
      current,
      stuck,
      conversionFromPrevious: conversion,
      dropOff: conversion === null ? null : 1 - conversion,
      medianMsFromPrevious: s === 0 ? null : nearestRank(deltas, 0.5),
      p90MsFromPrevious: s === 0 ? null : nearestRank(deltas, 0.9),
    });
  }

  const touchpointMetrics: RefTouchpointMetrics[] = [];
  for (let s = 0; s < S; s++) {
    for (const tp of (stages[s] as { touchpoints?: { id: string; rule: Rule }[] }).touchpoints ?? []) {
      const nth = tp.rule.nth ?? 1;
      let events = 0;
      let tpCustomers = 0;
      let wentOn = 0;
      chosen.forEach((customer, i) => {
        const times = matchTimes(tp.rule, customer);
        let hits: number[];
        if (nth === 1) hits = times.filter((t) => inPeriod(t));
        else hits = times.length >= nth && inPeriod(times[nth - 1] as number) ? [times[nth - 1] as number] : [];
        if (hits.length === 0) return;
        events += hits.length;
        tpCustomers++;
        const first = Math.min(...hits);
        const next = (states[i] as RefState).stages[s + 1];
        if (next && next.reachedAt !== null && next.reachedAt >= first && next.reachedAt < q.to) wentOn++;
      });
      touchpointMetrics.push({ id: tp.id, events, customers: tpCustomers, reachedNext: s + 1 < S && tpCustomers > 0 ? wentOn / tpCustomers : null });
    }
  }
  return { customers: customerCount, stages: stageMetrics, touchpoints: touchpointMetrics };
}
