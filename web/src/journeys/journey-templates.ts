import type { TemplateName } from '../../../common/journeys/model.ts';
import type { MessageKey } from '../i18n/i18n-context.tsx';

/**
 * What the template picker shows. The server writes the real stages (names, goals, touchpoints wired to
 * e-commerce events) in the chosen language when the journey is created; this is only their outline.
 */
export const TEMPLATES: { name: TemplateName; title: MessageKey; lead: MessageKey; stages: MessageKey[] }[] = [
  {
    name: 'seven-phase',
    title: 'template.sevenPhase',
    lead: 'template.sevenPhaseLead',
    stages: ['templateStage.awareness', 'templateStage.consideration', 'templateStage.decision', 'templateStage.purchase', 'templateStage.delivery', 'templateStage.postPurchase', 'templateStage.loyalty'],
  },
  {
    name: 'five-phase',
    title: 'template.fivePhase',
    lead: 'template.fivePhaseLead',
    stages: ['templateStage.awareness', 'templateStage.consideration', 'templateStage.purchase', 'templateStage.retention', 'templateStage.advocacy'],
  },
  {
    name: 'four-phase',
    title: 'template.fourPhase',
    lead: 'template.fourPhaseLead',
    stages: ['templateStage.awareness', 'templateStage.engagement', 'templateStage.conversion', 'templateStage.retention'],
  },
];
