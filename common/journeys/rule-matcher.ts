import type { Condition, MatchRule } from './model.ts';

/** The event the journey engine emits when a customer reaches a stage; rules never match it. */
export const STAGE_ENTERED_EVENT = 'Journey Stage Entered';

/**
 * What a rule may look at in an event. The live pipeline builds it from a stored event, a recompute from
 * columns the event store extracted; both give field values as text (see `fieldText`), so one matcher
 * decides everywhere.
 */
export interface EventView {
  type: string;
  /** The track event name, or the page/screen name; null for other calls. */
  label: string | null;
  /** A field by dotted path (`properties.revenue`) as text, or null when absent. */
  text(path: string): string | null;
}

/** A field value as text: strings as they are, numbers and booleans as JSON writes them, objects as JSON. */
export function fieldText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

/** Reads a dotted path out of an object tree. */
export function readPath(root: Record<string, unknown>, path: string): unknown {
  let cur: unknown = root;
  for (const part of path.split('.')) {
    if (cur === null || typeof cur !== 'object' || Array.isArray(cur)) return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}

/** Page path: Segment's page call puts it in properties.path; browsers also send context.page.path. */
export const PAGE_PATH_FIELDS = ['properties.path', 'context.page.path'];
const UTM_FIELDS = { source: 'context.campaign.source', medium: 'context.campaign.medium', campaign: 'context.campaign.name', term: 'context.campaign.term', content: 'context.campaign.content' } as const;

/** A rule ready to test events; `nth` is applied by the caller, which knows the customer's history. */
export interface CompiledRule {
  test(e: EventView): boolean;
  nth: number;
  /** Every field path the rule reads (for column extraction in a recompute). */
  paths: string[];
  /** Event names the rule names (empty: any). */
  labels: string[];
}

/** Compiles a match rule into a predicate. Semantics are documented in docs/journeys.md. */
export function compileRule(rule: MatchRule): CompiledRule {
  const checks: ((e: EventView) => boolean)[] = [];
  const paths = new Set<string>();
  if (rule.type === 'any') checks.push((e) => e.type === 'track' || e.type === 'page' || e.type === 'screen');
  else {
    const type = rule.type;
    checks.push((e) => e.type === type);
  }
  if (rule.events.length === 1) {
    const name = rule.events[0];
    checks.push((e) => e.label === name);
  } else if (rule.events.length > 0) {
    const names = new Set(rule.events);
    checks.push((e) => e.label !== null && names.has(e.label));
  }
  for (const c of rule.where) {
    paths.add(c.path);
    checks.push(compileCondition(c));
  }
  if (rule.pagePath) {
    const re = globToRegExp(rule.pagePath);
    for (const p of PAGE_PATH_FIELDS) paths.add(p);
    checks.push((e) => {
      const path = e.text('properties.path') ?? e.text('context.page.path');
      return path !== null && re.test(path);
    });
  }
  for (const [key, field] of Object.entries(UTM_FIELDS) as [keyof typeof UTM_FIELDS, string][]) {
    const want = rule.utm?.[key];
    if (want === undefined || want === '') continue;
    const lower = want.toLowerCase();
    paths.add(field);
    checks.push((e) => e.text(field)?.toLowerCase() === lower);
  }
  return {
    test: allOf(checks),
    nth: rule.nth,
    paths: [...paths],
    labels: [...rule.events],
  };
}

/** All checks hold (and the event is not a derived stage entry); the common short rules without a loop. */
function allOf(checks: ((e: EventView) => boolean)[]): (e: EventView) => boolean {
  const [a, b, c] = checks;
  if (checks.length === 1 && a) return (e) => e.label !== STAGE_ENTERED_EVENT && a(e);
  if (checks.length === 2 && a && b) return (e) => e.label !== STAGE_ENTERED_EVENT && a(e) && b(e);
  if (checks.length === 3 && a && b && c) return (e) => e.label !== STAGE_ENTERED_EVENT && a(e) && b(e) && c(e);
  return (e) => {
    if (e.label === STAGE_ENTERED_EVENT) return false;
    for (const check of checks) if (!check(e)) return false;
    return true;
  };
}

/** The longest text a regex condition looks at: bounded work per event. */
const REGEX_INPUT_LIMIT = 2000;

/** One property condition as a predicate over the event's field text. */
export function compileCondition(c: Condition): (e: EventView) => boolean {
  const test = compileValueTest(c);
  return (e) => test(e.text(c.path));
}

/** A condition's test of one field value (as text; null when absent). */
export function compileValueTest(c: Condition): (text: string | null) => boolean {
  const v = c.value;
  switch (c.op) {
    case 'exists':
      return (t) => t !== null;
    case 'eq': {
      const want = fieldText(v);
      return (t) => t !== null && t === want;
    }
    case 'neq': {
      // A missing field is "not equal": "plan is not premium" includes customers without a plan.
      const want = fieldText(v);
      return (t) => t !== want;
    }
    case 'contains': {
      const want = String(v).toLowerCase();
      return (t) => t !== null && t.toLowerCase().includes(want);
    }
    case 'startsWith': {
      const want = String(v).toLowerCase();
      return (t) => t !== null && t.toLowerCase().startsWith(want);
    }
    case 'regex': {
      const re = new RegExp(String(v));
      return (t) => t !== null && re.test(t.slice(0, REGEX_INPUT_LIMIT));
    }
    case 'in': {
      const set = new Set((Array.isArray(v) ? v : [v]).map((x) => fieldText(x)));
      return (t) => t !== null && set.has(t);
    }
    case 'gt':
    case 'lt': {
      const bound = Number(v);
      const gt = c.op === 'gt';
      return (t) => {
        if (t === null || t.trim() === '') return false;
        const n = Number(t);
        return Number.isFinite(n) && (gt ? n > bound : n < bound);
      };
    }
  }
}

/** `*` matches within one path segment, `**` across segments, `?` one character; the whole path must match. */
export function globToRegExp(glob: string): RegExp {
  let out = '';
  for (let i = 0; i < glob.length; i++) {
    const ch = glob[i] ?? '';
    if (ch === '*') {
      if (glob[i + 1] === '*') {
        out += '.*';
        i++;
      } else out += '[^/]*';
    } else if (ch === '?') out += '[^/]';
    else out += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${out}$`);
}

/** An EventView over a stored event (the live pipeline). */
export function viewOfEvent(e: { type: string; event: string | null; name: string | null; properties: Record<string, unknown>; context: Record<string, unknown>; traits: Record<string, unknown> }): EventView {
  const roots: Record<string, Record<string, unknown>> = { properties: e.properties, context: e.context, traits: e.traits };
  return {
    type: e.type,
    label: e.type === 'track' ? e.event : e.type === 'page' || e.type === 'screen' ? e.name : null,
    text(path) {
      const dot = path.indexOf('.');
      const root = roots[path.slice(0, dot)];
      return root ? fieldText(readPath(root, path.slice(dot + 1))) : null;
    },
  };
}
