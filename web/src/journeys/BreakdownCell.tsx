import type { JourneyAnalytics } from '../../../common/journeys/api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

type Groups = NonNullable<JourneyAnalytics['breakdown']>['groups'];

/** One stage's numbers per breakdown group (channel, UTM source, persona…): reached, with conversion as a bar. */
export function BreakdownCell({ stageKey, groups, isFirst }: { stageKey: string; groups: Groups; isFirst: boolean }) {
  const { t, formatNumber, formatPercent } = useI18n();
  const rows = groups.map((g) => ({ value: g.value, stage: g.stages.find((s) => s.key === stageKey) }));
  const max = Math.max(1, ...rows.map((r) => r.stage?.reached ?? 0));
  return (
    <ul className="breakdown-list" data-testid={`breakdown-${stageKey}`}>
      {rows.map((r) => (
        <li key={r.value} className="breakdown-row">
          <span className="breakdown-value" title={r.value}>
            {r.value}
          </span>
          <span className="breakdown-bar" aria-hidden="true">
            <span style={{ width: `${((r.stage?.reached ?? 0) / max) * 100}%` }} />
          </span>
          <span className="breakdown-number">{formatNumber(r.stage?.reached ?? 0)}</span>
          <span className="breakdown-conversion" title={t('metric.conversion')}>
            {isFirst || r.stage?.conversionFromPrevious == null ? '' : formatPercent(r.stage.conversionFromPrevious)}
          </span>
        </li>
      ))}
    </ul>
  );
}
