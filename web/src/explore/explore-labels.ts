import type { AnalyticsSchema } from '../../../common/analytics/api.ts';
import type { EventMatcherInput, Interval } from '../../../common/analytics/query.ts';
import type { I18n, MessageKey } from '../i18n/i18n-context.tsx';

/** The words for a time bucket interval, as the builders offer it. */
export const INTERVAL_LABELS: Record<Interval, MessageKey> = {
  hour: 'explore.interval.hour',
  day: 'explore.interval.day',
  week: 'explore.interval.week',
  month: 'explore.interval.month',
};

const OP_SIGNS: Partial<Record<string, string>> = { eq: '=', neq: '≠', gt: '>', lt: '<' };
const OP_WORDS: Record<string, MessageKey> = { contains: 'op.contains', startsWith: 'op.startsWith', regex: 'op.regex', in: 'op.in', exists: 'op.exists' };

/**
 * A matcher in the reader's language: the event name, "Page /checkout/**", the journey stage by its
 * name, "Any page view", with its conditions after it ("category = shoes"). The API names matchers too,
 * but in English; the dashboard has the query, so it names them itself.
 */
export function matcherLabel(m: EventMatcherInput, t: I18n['t'], schema: AnalyticsSchema | undefined): string {
  let what: string;
  if (m.stage) {
    const journey = schema?.journeys.find((j) => j.id === m.stage?.journeyId);
    const stage = journey?.stages.find((s) => s.key === m.stage?.stageKey);
    what = t('explore.label.stage', { stage: stage?.name ?? m.stage.stageKey });
  } else if (m.event !== undefined) what = m.event;
  else if (m.pagePath !== undefined) what = t('explore.label.page', { path: m.pagePath });
  else if (m.type === 'page') what = t('explore.matcher.anyPage');
  else what = t('explore.matcher.any');
  const conditions = (m.where ?? []).map((c) => {
    const field = c.path.replace(/^properties\./, '');
    const value = Array.isArray(c.value) ? c.value.join(', ') : String(c.value ?? '');
    const sign = OP_SIGNS[c.op];
    if (sign) return `${field} ${sign} ${value}`;
    return c.op === 'exists' ? `${field} ${t('op.exists')}` : `${field} ${t(OP_WORDS[c.op] ?? 'op.eq')} ${value}`;
  });
  return [what, ...conditions].join(' · ');
}
