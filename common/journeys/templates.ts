import { DEFAULT_CHANNEL_KIND, JourneyDefinition, TEMPLATE_NAMES, type JourneyDefinitionInput, type Locale, type TemplateName } from './model.ts';
import { FIVE_PHASE } from './templates/five-phase.ts';
import { FOUR_PHASE } from './templates/four-phase.ts';
import { MESSAGES, type MessageId } from './templates/messages.ts';
import { PERSONAS, type PersonaId } from './templates/personas.ts';
import { SEVEN_PHASE } from './templates/seven-phase.ts';
import type { TemplateContent, Text } from './templates/text.ts';
import { TOUCHPOINTS, type TouchpointId } from './templates/touchpoints.ts';

/**
 * Ready-made journey maps in English, Swedish and Danish, pre-wired to the Segment e-commerce spec v2.
 * Ids, stage keys and rules are the same in every locale; only the human text differs. The rules and
 * the reasoning behind them: docs/journey-templates.md.
 */

const CONTENT: Record<TemplateName, TemplateContent<TouchpointId, PersonaId, MessageId>> = {
  'seven-phase': SEVEN_PHASE,
  'five-phase': FIVE_PHASE,
  'four-phase': FOUR_PHASE,
};

/** Segment e-commerce spec v2 events the templates use. */
export const SPEC_EVENTS = [
  'Products Searched',
  'Product List Viewed',
  'Product Clicked',
  'Product Viewed',
  'Product Added',
  'Product Added to Wishlist',
  'Product Shared',
  'Cart Viewed',
  'Cart Shared',
  'Coupon Applied',
  'Checkout Started',
  'Checkout Step Completed',
  'Payment Info Entered',
  'Order Completed',
  'Order Refunded',
  'Order Cancelled',
  'Product Reviewed',
] as const;

/** Events the templates use that the spec does not define: send them under these names (see the docs). */
export const NON_SPEC_EVENTS = [
  'Signed Up',
  'Newsletter Subscribed',
  'Store Visited',
  'Order Shipped',
  'Order Delivered',
  'Support Ticket Created',
  'Survey Responded',
] as const;

/** The stage keys of each template, in order. */
export const TEMPLATE_INFO: Record<TemplateName, { stageKeys: string[] }> = {
  'seven-phase': { stageKeys: SEVEN_PHASE.stages.map((s) => s.key) },
  'five-phase': { stageKeys: FIVE_PHASE.stages.map((s) => s.key) },
  'four-phase': { stageKeys: FOUR_PHASE.stages.map((s) => s.key) },
};

export interface JourneyTemplate {
  name: string;
  description: string;
  definition: JourneyDefinition;
}

/** A template's map in one language: a fresh, valid definition the caller may change freely. */
export function journeyTemplate(name: TemplateName, locale: Locale): JourneyTemplate {
  const c = CONTENT[name];
  const t = (text: Text) => text[locale];
  const list = (texts: Text[]) => texts.map(t);
  const definition: JourneyDefinitionInput = {
    stages: c.stages.map((s) => ({
      id: `st-${s.key}`,
      key: s.key,
      name: t(s.name),
      description: t(s.description),
      goals: list(s.goals),
      needs: list(s.needs),
      thoughts: list(s.thoughts),
      emotion: s.emotion,
      painPoints: list(s.painPoints),
      opportunities: list(s.opportunities),
      team: t(s.team),
      touchpoints: s.touchpoints.map((id) => {
        const tp = TOUCHPOINTS[id];
        return {
          id,
          name: t(tp.name),
          channel: tp.channel,
          kind: 'kind' in tp ? tp.kind : DEFAULT_CHANNEL_KIND[tp.channel],
          owner: t(tp.owner),
          description: t(tp.description),
          rule: tp.rule,
        };
      }),
    })),
    personas: c.personas.map((id) => {
      const p = PERSONAS[id];
      return { id, name: t(p.name), description: t(p.description), goals: list(p.goals), frustrations: list(p.frustrations), rule: p.rule };
    }),
    messages: c.messages.map(([id, stageKey]) => {
      const m = MESSAGES[id];
      return { id, stageId: `st-${stageKey}`, name: t(m.name), kind: m.kind, channel: m.channel, timing: t(m.timing), description: t(m.description) };
    }),
  };
  // Parsing fills the rule defaults and copies every object, so callers never share the library's rules.
  return { name: t(c.title), description: t(c.description), definition: JourneyDefinition.parse(definition) };
}

export interface TemplateSummary {
  name: TemplateName;
  title: string;
  description: string;
  stageNames: string[];
}

/** The templates for the dashboard's "create from template" picker, in one language. */
export function listTemplates(locale: Locale): TemplateSummary[] {
  return TEMPLATE_NAMES.map((name) => {
    const c = CONTENT[name];
    return { name, title: c.title[locale], description: c.description[locale], stageNames: c.stages.map((s) => s.name[locale]) };
  });
}
