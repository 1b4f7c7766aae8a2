import type { JourneyDefinition, Persona } from '../../../common/journeys/model.ts';
import { compileRule, compileValueTest, type CompiledRule } from '../../../common/journeys/rule-matcher.ts';

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
  /** Every event field path any rule reads. */
  paths: string[];
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
  const paths = new Set<string>();
  for (const t of touchpoints) for (const p of t.rule.paths) paths.add(p);
  for (const e of personaEvents) for (const p of e.rule.paths) paths.add(p);
  for (const k of traitKeys) {
    paths.add(`traits.${k}`);
    paths.add(`context.traits.${k}`);
  }
  for (const p of ACQUISITION_PATHS) paths.add(p);
  return { journeyId: j.journeyId, workspaceId: j.workspaceId, name: j.name, version: j.version, stages, touchpoints, personas, personaEvents, traitKeys, paths: [...paths] };
}

/** First-touch acquisition (the UTM breakdowns): the campaign of the customer's earliest event that has one. */
export const ACQUISITION_PATHS = ['context.campaign.source', 'context.campaign.medium', 'context.campaign.name'] as const;
