import type { JourneyAnalytics } from '../../../common/journeys/api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import type { CustomerSelection } from './journey-paths.ts';

type Groups = NonNullable<JourneyAnalytics['breakdown']>['groups'];

/**
 * One stage's numbers per breakdown group (channel, UTM source, persona…): reached, with conversion as a
 * bar. Each group opens its customers.
 */
export function BreakdownCell({
  stageKey,
  stageName,
  breakdown,
  groups,
  isFirst,
  onOpen,
}: {
  stageKey: string;
  stageName: string;
  breakdown: string;
  groups: Groups;
  isFirst: boolean;
  onOpen: (sel: CustomerSelection, title: string) => void;
}) {
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
          <button
            type="button"
            className="breakdown-number"
            onClick={() => onOpen({ metric: 'reached', stage: stageKey, group: { breakdown, value: r.value } }, `${t('panel.reached', { stage: stageName })} · ${r.value}`)}
            data-testid={`breakdown-${stageKey}-${r.value}`}
          >
            {formatNumber(r.stage?.reached ?? 0)}
          </button>
          <span className="breakdown-conversion" title={t('metric.conversion')}>
            {isFirst || r.stage?.conversionFromPrevious == null ? '' : formatPercent(r.stage.conversionFromPrevious)}
          </span>
        </li>
      ))}
    </ul>
  );
}
