import type { z } from 'zod';
import type { Channel, Locale, MatchRuleInput, Message, PersonaRule, TouchpointKind } from '../model.ts';

/**
 * The building blocks of the journey templates. Human text is kept as `{ en, sv, da }` side by side so
 * a translator sees the three versions together; ids, keys and rules are written once and shared by
 * every locale.
 */

/** One piece of human text in every language the dashboard speaks. */
export type Text = Readonly<Record<Locale, string>>;

/** The designed emotion of a stage, −2 … +2. */
export type Emotion = -2 | -1 | 0 | 1 | 2;

/** Teams that own stages and touchpoints. */
export const TEAMS = {
  marketing: { en: 'Marketing', sv: 'Marknad', da: 'Marketing' },
  ecommerce: { en: 'E-commerce', sv: 'E-handel', da: 'E-handel' },
  customerService: { en: 'Customer Service', sv: 'Kundservice', da: 'Kundeservice' },
  logistics: { en: 'Logistics', sv: 'Logistik', da: 'Logistik' },
  crm: { en: 'CRM', sv: 'CRM', da: 'CRM' },
  stores: { en: 'Stores', sv: 'Butiker', da: 'Butikker' },
} as const satisfies Record<string, Text>;

export interface TouchpointContent {
  name: Text;
  description: Text;
  channel: Channel;
  /** Only where it differs from the channel's usual kind. */
  kind?: TouchpointKind;
  owner: Text;
  rule: MatchRuleInput;
}

export interface PersonaContent {
  name: Text;
  description: Text;
  goals: Text[];
  frustrations: Text[];
  rule: PersonaRuleInput;
}
export type PersonaRuleInput = z.input<typeof PersonaRule>;

export interface MessageContent {
  name: Text;
  kind: Message['kind'];
  channel: Channel;
  timing: Text;
  description: Text;
}

export interface StageContent<TouchpointId extends string = string> {
  key: string;
  name: Text;
  description: Text;
  goals: Text[];
  needs: Text[];
  thoughts: Text[];
  emotion: Emotion;
  painPoints: Text[];
  opportunities: Text[];
  team: Text;
  touchpoints: TouchpointId[];
}

export interface TemplateContent<TouchpointId extends string = string, PersonaId extends string = string, MessageId extends string = string> {
  title: Text;
  description: Text;
  stages: StageContent<TouchpointId>[];
  personas: PersonaId[];
  /** Message id → the key of the stage it belongs to in this template. */
  messages: [MessageId, string][];
}
