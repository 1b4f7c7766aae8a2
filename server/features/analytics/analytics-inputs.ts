import { type Breakdown, type EventMatcher, NONE_GROUP } from '../../../common/analytics/query.ts';
import { numericValue } from '../../../common/analytics/trends.ts';
import { type CustomerEvents, IDENTIFY } from './customer-events.ts';
import { fieldsOf, type MaskContext } from './event-masks.ts';

/**
 * Per-query inputs of the kernels that come from event fields or traits rather than the columns:
 * breakdown values per event or per customer, numbers per event. Values are read from the store for
 * the events that can matter (by type and name) and placed by position.
 */

/** Dense codes for values, in order of first sight: `names[code(v)] === v`. */
function valueCodes(): { names: string[]; code: (v: string) => number } {
  const names: string[] = [];
  const codes = new Map<string, number>();
  return {
    names,
    code: (v) => {
      let code = codes.get(v);
      if (code === undefined) {
        code = names.push(v) - 1;
        codes.set(v, code);
      }
      return code;
    },
  };
}

/** The types and names an event must have to be matched by any of these matchers (null: any). */
function candidates(matchers: readonly EventMatcher[]): { types: string[] | null; labels: string[] | null } {
  const types = new Set<string>();
  const labels = new Set<string>();
  let anyLabel = false;
  for (const m of matchers) {
    if (m.type === 'any') ['track', 'page', 'screen'].forEach((t) => types.add(t));
    else types.add(m.type);
    if (m.stage) labels.add('Journey Stage Entered');
    else if (m.event === undefined) anyLabel = true;
    else labels.add(m.event);
  }
  return { types: [...types], labels: anyLabel ? null : [...labels] };
}

/** Per event, the code of a field's text among `names` (-1: absent, null or ""), for events some matcher can match. */
export async function eventGroups(ctx: MaskContext, path: string, matchers: readonly EventMatcher[]): Promise<{ eventGroup: Int32Array; groupNames: string[] }> {
  const found = await fieldsOf(ctx, [path], candidates(matchers));
  const eventGroup = new Int32Array(ctx.columns.ts.length).fill(-1);
  const values = valueCodes();
  const texts = found.texts[0] ?? [];
  for (let j = 0; j < found.positions.length; j++) {
    const at = found.positions[j] as number;
    const v = texts[j] ?? null;
    if (at < 0 || v === null || v === '') continue;
    eventGroup[at] = values.code(v);
  }
  return { eventGroup, groupNames: values.names };
}

/**
 * Per customer, the code of their latest value of a trait (docs/analytics.md: identify `traits` and any
 * call's `context.traits`; the latest call wins, ties by the larger value); -1 when none.
 */
export async function traitGroups(ctx: MaskContext, trait: string): Promise<{ customerGroup: Int32Array; groupNames: string[] }> {
  const own = `traits.${trait}`;
  const context = `context.traits.${trait}`;
  const found = await fieldsOf(ctx, [own, context], {
    types: null,
    labels: null,
    present: [
      { path: own, types: ['identify'] },
      { path: context, types: null },
    ],
  });
  const { columns } = ctx;
  const C = columns.profileIds.length;
  const bestTime = new Float64Array(C).fill(-Infinity);
  const best: (string | null)[] = new Array<string | null>(C).fill(null);
  const customerOf = customerOfPosition(columns);
  for (let j = 0; j < found.positions.length; j++) {
    const at = found.positions[j] as number;
    if (at < 0) continue;
    const identify = columns.type[at] === IDENTIFY;
    const value = (identify ? found.texts[0]?.[j] : null) ?? found.texts[1]?.[j] ?? null;
    if (value === null) continue;
    const c = customerOf(at);
    const t = columns.ts[at] as number;
    const current = best[c] ?? null;
    if (current === null || t > (bestTime[c] as number) || (t === bestTime[c] && value > current)) {
      bestTime[c] = t;
      best[c] = value;
    }
  }
  const customerGroup = new Int32Array(C).fill(-1);
  const values = valueCodes();
  best.forEach((v, c) => {
    if (v !== null && v !== '') customerGroup[c] = values.code(v);
  });
  return { customerGroup, groupNames: values.names };
}

/**
 * The breakdown inputs of a funnel or trend: by event (values of the events the matchers match) or by
 * trait. `noneAsValue`: no value is the value "(none)" (every event or customer gets a group), as the
 * trends kernel wants; otherwise -1.
 */
export async function breakdownInputs(
  ctx: MaskContext,
  breakdown: Breakdown | undefined,
  matchers: readonly EventMatcher[],
  opts: { noneAsValue?: boolean } = {},
): Promise<{ eventGroup?: Int32Array; customerGroup?: Int32Array; groupNames?: string[] }> {
  if (!breakdown) return {};
  const r = breakdown.kind === 'event' ? await eventGroups(ctx, breakdown.key, matchers) : await traitGroups(ctx, breakdown.key);
  if (!opts.noneAsValue) return r;
  const codes = 'eventGroup' in r ? r.eventGroup : r.customerGroup;
  let none = r.groupNames.indexOf(NONE_GROUP);
  if (none < 0) none = r.groupNames.push(NONE_GROUP) - 1;
  for (let i = 0; i < codes.length; i++) if ((codes[i] as number) < 0) codes[i] = none;
  return r;
}

/** Per event, a numeric property as `numericValue` reads it (NaN: none), for events the matcher can match. */
export async function eventNumbers(ctx: MaskContext, path: string, matchers: readonly EventMatcher[]): Promise<Float64Array> {
  const found = await fieldsOf(ctx, [path], candidates(matchers));
  const values = new Float64Array(ctx.columns.ts.length).fill(NaN);
  const texts = found.texts[0] ?? [];
  for (let j = 0; j < found.positions.length; j++) {
    const at = found.positions[j] as number;
    if (at < 0) continue;
    const v = numericValue(texts[j] ?? null);
    if (v !== null) values[at] = v;
  }
  return values;
}

/** The customer an event position belongs to (binary search over the offsets). */
export function customerOfPosition(columns: CustomerEvents): (at: number) => number {
  const { offsets } = columns;
  return (at) => {
    let lo = 0;
    let hi = offsets.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if ((offsets[mid] as number) <= at) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
}
