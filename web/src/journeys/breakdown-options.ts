import type { I18n, MessageKey } from '../i18n/i18n-context.tsx';

/** The fixed breakdowns of the analytics API; `trait:<name>` is typed in by the user. */
export const BREAKDOWN_OPTIONS: { value: string; label: MessageKey }[] = [
  { value: 'channel', label: 'breakdown.channel' },
  { value: 'utm_source', label: 'breakdown.utmSource' },
  { value: 'utm_medium', label: 'breakdown.utmMedium' },
  { value: 'utm_campaign', label: 'breakdown.utmCampaign' },
  { value: 'persona', label: 'breakdown.persona' },
  { value: 'cohort', label: 'breakdown.cohort' },
];

/** The words for a breakdown value (`utm_source` → "UTM source", `trait:plan` → "Trait: plan"). */
export function breakdownTitle(by: string, t: I18n['t']): string {
  if (by.startsWith('trait:')) return t('breakdown.trait', { name: by.slice('trait:'.length) });
  const option = BREAKDOWN_OPTIONS.find((o) => o.value === by);
  return option ? t(option.label) : by;
}
