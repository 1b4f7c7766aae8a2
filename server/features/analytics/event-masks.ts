import { type EventMatcher, STAGE_ENTERED } from '../../../common/analytics/query.ts';
import type { MatchRule } from '../../../common/journeys/model.ts';
import { compileRule, type EventView } from '../../../common/journeys/rule-matcher.ts';
import type { EventStore } from '../../storage/events/event-store.ts';
import { type CustomerEvents, EVENT_TYPES } from './customer-events.ts';
import type { ScratchLease } from './scratch-buffers.ts';

/**
 * What a query adds to the columns, per event: which matchers an event matches (as bits), a field's
 * value. Matching is the journey rules' matcher (common/journeys/rule-matcher.ts), so a funnel step and
 * a touchpoint with the same rule match the same events. Names and types come from the columns; fields
 * a rule reads (`where`, `pagePath`, a stage's journey and key) are read from the store for the events
 * that can match by name and type only.
 */
export interface MaskContext {
  events: EventStore;
  workspaceId: string;
  columns: CustomerEvents;
  /** Where the query's large arrays come from; without it each is a new array. */
  buffers?: ScratchLease;
}

/** Per event: bit k set when matchers[k] matches it (at most 32 matchers). */
export function matcherMasks(ctx: MaskContext, matchers: readonly EventMatcher[]): Promise<Uint32Array> {
  return ruleMasks(
    ctx,
    matchers.map((m) => ({ rule: ruleOf(m), stage: m.stage, event: m.event })),
  );
}

/** A rule to match: a journey rule (nth ignored), or a stage entry with the rest of the rule. */
export interface RuleSpec {
  rule: MatchRule;
  stage?: { journeyId: string; stageKey: string };
  /** A stage matcher's own `event`, which must then name the stage entry. */
  event?: string;
}

/** Per event: bit k set when specs[k] matches it (at most 32). */
export async function ruleMasks(ctx: MaskContext, specs: readonly RuleSpec[]): Promise<Uint32Array> {
  if (specs.length > 32) throw new Error('at most 32 matchers per mask');
  const { columns } = ctx;
  const n = columns.ts.length;
  const simple: number[] = [];
  const complex: number[] = [];
  const utmSet = (r: MatchRule) => Object.values(r.utm ?? {}).some((v) => v !== undefined && v !== '');
  specs.forEach((m, k) => (m.rule.where.length === 0 && m.rule.pagePath === undefined && !utmSet(m.rule) && m.stage === undefined ? simple : complex).push(k));
  // The name-and-type pass below writes every entry; without it the field pass only sets bits.
  const masks = ctx.buffers ? ctx.buffers.uint32(n, simple.length === 0) : new Uint32Array(n);

  if (simple.length > 0) {
    // By name and type alone: one table lookup per event.
    const S = columns.strings.length + 1;
    const table = new Uint32Array(EVENT_TYPES.length * S);
    const rules = simple.map((k) => ({ bit: (1 << k) >>> 0, rule: compileRule((specs[k] as RuleSpec).rule) }));
    const used = namesUsed(columns);
    for (let t = 0; t < EVENT_TYPES.length; t++) {
      for (const code of used) {
        const view: EventView = { type: EVENT_TYPES[t] as string, label: code < 0 ? null : (columns.strings[code] ?? null), text: () => null };
        let bits = 0;
        for (const r of rules) if (r.rule.test(view)) bits |= r.bit;
        table[t * S + code + 1] = bits >>> 0;
      }
    }
    const { type, name } = columns;
    for (let i = 0; i < n; i++) masks[i] = table[(type[i] as number) * S + (name[i] as number) + 1] as number;
  }

  if (complex.length === 0) return masks;
  // The rest need field values: one read from the store for all of them, of the events any can match.
  const rules = complex.map((k) => {
    const m = specs[k] as RuleSpec;
    // A stage entry is matched by its journey and stage; the rest of the matcher applies to it as to
    // any event (the journeys' matcher refuses stage entries, so it sees a renamed one).
    const compiled = compileRule(m.stage ? { ...m.rule, events: [] } : m.rule);
    const paths = [...compiled.paths, ...(m.stage ? ['properties.journey_id', 'properties.stage_key'] : [])];
    const labels = m.stage ? [STAGE_ENTERED] : m.rule.events.length > 0 ? m.rule.events : null;
    return { spec: m, bit: (1 << k) >>> 0, compiled, paths, types: typesOf(m.rule), labels };
  });
  const paths = [...new Set(rules.flatMap((r) => r.paths))];
  const column = new Map(paths.map((p, i) => [p, i]));
  const types = [...new Set(rules.flatMap((r) => r.types))];
  const labels = rules.some((r) => r.labels === null) ? null : [...new Set(rules.flatMap((r) => r.labels ?? []))];
  const found = await fieldsOf(ctx, paths, { types, labels });
  for (let j = 0; j < found.positions.length; j++) {
    const at = found.positions[j] as number;
    if (at < 0) continue;
    const text = (path: string) => found.texts[column.get(path) ?? -1]?.[j] ?? null;
    const code = columns.name[at] as number;
    const label = code < 0 ? null : (columns.strings[code] ?? null);
    const type = EVENT_TYPES[columns.type[at] as number] as string;
    for (const r of rules) {
      const stage = r.spec.stage;
      if (stage) {
        if (label !== STAGE_ENTERED || text('properties.journey_id') !== stage.journeyId || text('properties.stage_key') !== stage.stageKey) continue;
        if (r.spec.event !== undefined && r.spec.event !== STAGE_ENTERED) continue;
      }
      if (r.compiled.test({ type, label: stage ? '(stage entry)' : label, text })) masks[at] = ((masks[at] as number) | r.bit) >>> 0;
    }
  }
  return masks;
}

const usedNames = new WeakMap<CustomerEvents, Int32Array>();

/** The name codes (-1 included) that occur in the columns: the only ones a name table needs. Once per columns object. */
function namesUsed(columns: CustomerEvents): Int32Array {
  let used = usedNames.get(columns);
  if (!used) {
    const seen = new Uint8Array(columns.strings.length + 1);
    const { name } = columns;
    for (let i = 0; i < name.length; i++) seen[(name[i] as number) + 1] = 1;
    const codes: number[] = [];
    seen.forEach((v, k) => v === 1 && codes.push(k - 1));
    used = Int32Array.from(codes);
    usedNames.set(columns, used);
  }
  return used;
}

/** An EventMatcher as a journey rule (nth 1). */
function ruleOf(m: EventMatcher): MatchRule {
  return { type: m.type, events: m.event === undefined || m.stage ? [] : [m.event], where: m.where, pagePath: m.pagePath, nth: 1 };
}

function typesOf(rule: MatchRule): string[] {
  return rule.type === 'any' ? ['track', 'page', 'screen'] : [rule.type];
}

/**
 * Field values of the events of some types and labels, placed at their positions in the columns
 * (-1 for an event the columns do not hold: stored after they were last brought up to date).
 */
export async function fieldsOf(
  ctx: MaskContext,
  paths: string[],
  filter: { types: readonly string[] | null; labels: readonly string[] | null; present?: { path: string; types: readonly string[] | null }[] },
): Promise<{ positions: Int32Array; texts: (string | null)[][] }> {
  const found = await ctx.events.eventTexts({ workspaceId: ctx.workspaceId, paths, types: filter.types, labels: filter.labels, present: filter.present });
  const customers = customerIndex(ctx.columns);
  const { offsets, ts, seq } = ctx.columns;
  const positions = new Int32Array(found.seq.length);
  for (let j = 0; j < positions.length; j++) {
    const c = customers.get(found.profile[j] as string);
    positions[j] = c === undefined ? -1 : locate(ts, seq, offsets[c] as number, offsets[c + 1] as number, found.ts[j] as number, found.seq[j] as number);
  }
  return { positions, texts: found.texts };
}

const customerIndexes = new WeakMap<CustomerEvents, Map<string, number>>();

/** Profile id → customer index, made once per columns object. */
export function customerIndex(columns: CustomerEvents): Map<string, number> {
  let index = customerIndexes.get(columns);
  if (!index) {
    index = new Map();
    for (let c = 0; c < columns.profileIds.length; c++) if ((columns.offsets[c + 1] as number) > (columns.offsets[c] as number)) index.set(columns.profileIds[c] as string, c);
    customerIndexes.set(columns, index);
  }
  return index;
}

/** The position of the event (t, s) among [a, b), sorted by (ts, seq); -1 when absent. */
function locate(ts: Float64Array, seq: Float64Array, a: number, b: number, t: number, s: number): number {
  let lo = a;
  let hi = b;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const x = ts[mid] as number;
    if (x < t || (x === t && (seq[mid] as number) < s)) lo = mid + 1;
    else hi = mid;
  }
  return lo < b && ts[lo] === t && seq[lo] === s ? lo : -1;
}
