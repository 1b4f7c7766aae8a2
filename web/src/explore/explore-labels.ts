import type { Interval } from '../../../common/analytics/query.ts';
import type { MessageKey } from '../i18n/i18n-context.tsx';

/** The words for a time bucket interval, as the builders offer it. */
export const INTERVAL_LABELS: Record<Interval, MessageKey> = {
  hour: 'explore.interval.hour',
  day: 'explore.interval.day',
  week: 'explore.interval.week',
  month: 'explore.interval.month',
};
