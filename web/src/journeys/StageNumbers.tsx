import type { StageMetrics } from '../../../common/journeys/api.ts';
import type { Stage } from '../../../common/journeys/model.ts';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';
import { Delta } from './Delta.tsx';
import { relativeChange } from './journey-format.ts';
import type { CustomerSelection } from './journey-paths.ts';
import { MetricButton } from './MetricButton.tsx';

const PANEL_TITLES: Record<Exclude<CustomerSelection['metric'], 'touchpoint'>, MessageKey> = {
  reached: 'panel.reached',
  current: 'panel.current',
  stuck: 'panel.stuck',
  converted: 'panel.converted',
  dropped: 'panel.dropped',
  skipped: 'panel.skipped',
};

/**
 * The live numbers of a stage: customers who reached it, who are in it now and who are stuck,
 * conversion from the previous stage with a bar, and the time it takes. Each number opens its customers.
 */
export function StageNumbers({ stage, metrics: m, previous, isFirst, onOpen }: { stage: Stage; metrics: StageMetrics; previous: StageMetrics | undefined | null; isFirst: boolean; onOpen: (sel: CustomerSelection, title: string) => void }) {
  const { t, formatNumber, formatPercent, formatDuration } = useI18n();
  const key = stage.key;
  const open = (metric: Exclude<CustomerSelection['metric'], 'touchpoint'>) => onOpen({ metric, stage: key }, t(PANEL_TITLES[metric], { stage: stage.name }));
  const compare = previous !== null;
  const conversion = m.conversionFromPrevious;

  return (
    <div className="stage-numbers">
      <MetricButton className="metric-hero" value={formatNumber(m.reached)} label={t('metric.reached')} onOpen={() => open('reached')} testId={`stage-${key}-reached`}>
        {compare && <Delta change={relativeChange(m.reached, previous?.reached)} kind="relative" sayNew />}
      </MetricButton>
      <div className="metric-row">
        <MetricButton value={formatNumber(m.current)} label={t('metric.current')} onOpen={() => open('current')} testId={`stage-${key}-current`} title={t('metric.currentHint')}>
          {compare && <Delta change={relativeChange(m.current, previous?.current)} kind="relative" />}
        </MetricButton>
        <MetricButton className={m.stuck > 0 ? 'metric-warning' : ''} value={formatNumber(m.stuck)} label={t('metric.stuck')} onOpen={() => open('stuck')} testId={`stage-${key}-stuck`} title={t('metric.stuckHint')}>
          {compare && <Delta change={relativeChange(m.stuck, previous?.stuck)} kind="relative" higherIsBetter={false} />}
        </MetricButton>
      </div>
      {isFirst || conversion === null ? (
        <div className="conversion conversion-entry">{isFirst ? t('metric.entryStage') : t('metric.noConversion')}</div>
      ) : (
        <MetricButton
          className="conversion"
          value={formatPercent(conversion)}
          label={t('metric.conversion')}
          onOpen={() => open('converted')}
          testId={`stage-${key}-conversion`}
          title={t('metric.conversionHint')}
        >
          <span className="conversion-bar" aria-hidden="true">
            <span style={{ width: `${Math.max(0, Math.min(1, conversion)) * 100}%` }} />
          </span>
          {compare && <Delta change={previous?.conversionFromPrevious == null ? null : conversion - previous.conversionFromPrevious} kind="points" />}
        </MetricButton>
      )}
      <div className="stage-facts">
        {!isFirst && m.dropOff !== null && m.dropOff > 0 && (
          <button type="button" className="fact fact-drop" onClick={() => open('dropped')} data-testid={`stage-${key}-dropped`}>
            {t('metric.droppedShare', { share: formatPercent(m.dropOff) })}
          </button>
        )}
        {m.medianMsFromPrevious !== null && (
          <span className="fact" title={m.p90MsFromPrevious !== null ? t('metric.p90', { duration: formatDuration(m.p90MsFromPrevious) }) : undefined} data-testid={`stage-${key}-median`}>
            {t('metric.median', { duration: formatDuration(m.medianMsFromPrevious) })}
          </span>
        )}
        {m.skipped > 0 && (
          <button type="button" className="fact" onClick={() => open('skipped')} data-testid={`stage-${key}-skipped`}>
            {t('metric.skippedCount', { count: formatNumber(m.skipped) })}
          </button>
        )}
      </div>
    </div>
  );
}
