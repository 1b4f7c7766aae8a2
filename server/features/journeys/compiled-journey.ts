import type { JourneyDefinition, MatchRule, Persona } from '../../../common/journeys/model.ts';
import { compileRule, compileValueTest, type CompiledRule, PAGE_PATH_FIELDS } from '../../../common/journeys/rule-matcher.ts';
import type { ScanPathScope } from '../../storage/events/event-store.ts';

/** A touchpoint flattened out of its stage, with its rule compiled. */
export interface CompiledTouchpoint {
  index: number;
  id: string;
  name: string;
  channel: string;
  stageIndex: number;
  rule: CompiledRule;
}

/** A persona's event condition, compiled; `slot` is its counter column in the journey state. */
export interface CompiledPersonaEvent {
  slot: number;
  rule: CompiledRule;
  minCount: number;
}

export interface CompiledPersona {
  index: number;
  id: string;
  name: string;
  match: 'all' | 'any';
  traits: { traitSlot: number; test: (text: string | null) => boolean }[];
  events: CompiledPersonaEvent[];
}

/** One published journey version, compiled for the engine: flat arrays indexed by position. */
export interface CompiledJourney {
  journeyId: string;
  workspaceId: string;
  name: string;
  version: number;
  stages: { index: number; id: string; key: string; name: string; touchpoints: number[] }[];
  touchpoints: CompiledTouchpoint[];
  personas: CompiledPersona[];
  personaEvents: CompiledPersonaEvent[];
  /** Trait keys persona rules read; the state keeps each customer's latest value of each. */
  traitKeys: string[];
  /** Per trait key: the paths it is read from (identify calls' traits, any call's context.traits). */
  traitPaths: { traits: string; context: string }[];
  /** Every event field path any rule reads. */
  paths: string[];
  /** Per path of `paths`: the events whose value of it can matter (null: all), so a scan extracts it only for those. */
  pathScopes: (ScanPathScope[] | null)[];
  /** Per path of `paths`: whether every reader treats an empty value as absent (UTM tests, first touch), so a scan may too. */
  emptyAsAbsent: boolean[];
  /** The rules an event with this label can match: those naming it, and the label-free ones. */
  rulesByLabel: Map<string, RuleSet>;
  /** The rules an event with any other label (or none) can match: the label-free ones. */
  labelFreeRules: RuleSet;
}

/** Touchpoint and persona-event indexes, ascending. */
export interface RuleSet {
  touchpoints: Int32Array;
  personaEvents: Int32Array;
}

/** Compiles a frozen definition. */
export function compileJourney(j: { journeyId: string; workspaceId: string; name: string; version: number; definition: JourneyDefinition }): CompiledJourney {
  const touchpoints: CompiledTouchpoint[] = [];
  const stages = j.definition.stages.map((s, stageIndex) => {
    const tps: number[] = [];
    for (const t of s.touchpoints) {
      tps.push(touchpoints.length);
      touchpoints.push({ index: touchpoints.length, id: t.id, name: t.name, channel: t.channel, stageIndex, rule: compileRule(t.rule) });
    }
    return { index: stageIndex, id: s.id, key: s.key, name: s.name, touchpoints: tps };
  });
  const traitKeys: string[] = [];
  const personaEvents: CompiledPersonaEvent[] = [];
  const personas = j.definition.personas.map((p: Persona, index): CompiledPersona => ({
    index,
    id: p.id,
    name: p.name,
    match: p.rule.match,
    traits: p.rule.traits.map((c) => {
      // Trait conditions name the trait by its path under traits.
      const key = c.path.replace(/^(traits|properties|context)\./, '');
      let slot = traitKeys.indexOf(key);
      if (slot < 0) slot = traitKeys.push(key) - 1;
      return { traitSlot: slot, test: compileValueTest(c) };
    }),
    events: p.rule.events.map((ev) => {
      const compiled = { slot: personaEvents.length, rule: compileRule(ev.rule), minCount: ev.minCount };
      personaEvents.push(compiled);
      return compiled;
    }),
  }));
  const tpRules = j.definition.stages.flatMap((s) => s.touchpoints.map((t) => t.rule));
  const pevRules = j.definition.personas.flatMap((p) => p.rule.events.map((e) => e.rule));
  // Who reads each path, and of which events (JourneyState.apply).
  const scopes = new Map<string, ScanPathScope[]>();
  const reads = (path: string, scope: ScanPathScope) => {
    const list = scopes.get(path) ?? [];
    list.push(scope);
    scopes.set(path, list);
  };
  const ruleScope = (r: MatchRule): ScanPathScope => ({ types: r.type === 'any' ? ['track', 'page', 'screen'] : [r.type], labels: r.events.length > 0 ? r.events : null });
  touchpoints.forEach((t, i) => t.rule.paths.forEach((p) => reads(p, ruleScope(tpRules[i] as MatchRule))));
  personaEvents.forEach((e, i) => e.rule.paths.forEach((p) => reads(p, ruleScope(pevRules[i] as MatchRule))));
  for (const k of traitKeys) {
    reads(`traits.${k}`, { types: ['identify'], labels: null });
    reads(`context.traits.${k}`, { types: null, labels: null });
  }
  for (const p of ACQUISITION_PATHS) reads(p, { types: null, labels: null });
  const paths = [...scopes.keys()];
  // Conditions, page globs and traits see an empty value as a value; UTM tests and the first touch do not.
  const exact = new Set<string>(traitKeys.flatMap((k) => [`traits.${k}`, `context.traits.${k}`]));
  for (const r of [...tpRules, ...pevRules]) {
    for (const c of r.where) exact.add(c.path);
    if (r.pagePath) for (const p of PAGE_PATH_FIELDS) exact.add(p);
  }
  const emptyAsAbsent = paths.map((p) => !exact.has(p));
  const pathScopes = paths.map((p) => {
    const list = scopes.get(p) ?? [];
    return list.some((s) => s.types === null && s.labels === null) ? null : list;
  });

  // Rule dispatch: an event is tested against the rules naming its label and the label-free ones.
  const labelFree = { touchpoints: [] as number[], personaEvents: [] as number[] };
  const byLabel = new Map<string, { touchpoints: number[]; personaEvents: number[] }>();
  const index = (rules: CompiledRule[], kind: 'touchpoints' | 'personaEvents') =>
    rules.forEach((rule, i) => {
      if (rule.labels.length === 0) return void labelFree[kind].push(i);
      for (const label of new Set(rule.labels)) {
        let set = byLabel.get(label);
        if (!set) byLabel.set(label, (set = { touchpoints: [], personaEvents: [] }));
        set[kind].push(i);
      }
    });
  index(
    touchpoints.map((t) => t.rule),
    'touchpoints',
  );
  index(
    personaEvents.map((e) => e.rule),
    'personaEvents',
  );
  const ruleSet = (named: { touchpoints: number[]; personaEvents: number[] }): RuleSet => ({
    touchpoints: Int32Array.from(new Set([...named.touchpoints, ...labelFree.touchpoints])).sort(),
    personaEvents: Int32Array.from(new Set([...named.personaEvents, ...labelFree.personaEvents])).sort(),
  });
  const rulesByLabel = new Map([...byLabel].map(([label, named]) => [label, ruleSet(named)]));
  const labelFreeRules = ruleSet({ touchpoints: [], personaEvents: [] });
  return { journeyId: j.journeyId, workspaceId: j.workspaceId, name: j.name, version: j.version, stages, touchpoints, personas, personaEvents, traitKeys, traitPaths: traitKeys.map((k) => ({ traits: `traits.${k}`, context: `context.traits.${k}` })), paths, pathScopes, emptyAsAbsent, rulesByLabel, labelFreeRules };
}

/** First-touch acquisition (the UTM breakdowns): the campaign of the customer's earliest event that has one (empty values are none). */
export const ACQUISITION_PATHS = ['context.campaign.source', 'context.campaign.medium', 'context.campaign.name'] as const;
