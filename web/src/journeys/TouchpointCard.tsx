import type { CSSProperties } from 'react';
import type { TouchpointMetrics } from '../../../common/journeys/api.ts';
import type { Touchpoint } from '../../../common/journeys/model.ts';
import { Icon } from '../components/Icon.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { CHANNELS } from './journey-channels.ts';
import { ruleSummary } from './journey-format.ts';
import type { MapHandlers } from './map-handlers.ts';

/** A touchpoint on the map: its name, what it matches, and how many events and customers hit it. */
export function TouchpointCard({ touchpoint: tp, stageId, metrics, showNumbers, handlers }: { touchpoint: Touchpoint; stageId: string; metrics: TouchpointMetrics | undefined; showNumbers: boolean; handlers: MapHandlers }) {
  const { t, tn, formatNumber, formatPercent } = useI18n();
  const look = CHANNELS[tp.channel];
  const unused = showNumbers && metrics !== undefined && metrics.events === 0;
  const summary = ruleSummary(tp.rule, { anyActivity: t('rule.anyActivity'), nth: (n) => t('rule.nthShort', { n }), conditions: (n) => tn('rule.conditionCount', n) });

  return (
    <div className={`tp-card${unused ? ' is-unused' : ''}`} data-testid={`touchpoint-${tp.id}`} title={unused ? t('touchpoint.unused') : undefined} style={{ '--channel-color': look.color } as CSSProperties}>
      <button type="button" className="tp-main" onClick={() => handlers.editTouchpoint(stageId, tp)} title={t('touchpoint.edit')}>
        <span className="tp-name">
          {tp.kind === 'physical' && (
            <span className="tp-kind" title={t('touchpoint.physical')}>
              <Icon name="pin" size={12} label={t('touchpoint.physical')} />
            </span>
          )}
          {tp.name}
        </span>
        <span className="tp-rule">{summary}</span>
      </button>
      {showNumbers && metrics && (
        <div className="tp-stats">
          <span className="tp-stat" data-testid={`touchpoint-${tp.id}-events`} title={tn('touchpoint.events', metrics.events)}>
            <Icon name="pulse" size={12} />
            <strong>{formatNumber(metrics.events)}</strong>
          </span>
          <button
            type="button"
            className="tp-stat tp-stat-link"
            onClick={() => handlers.openCustomers({ metric: 'touchpoint', touchpoint: tp.id }, t('panel.touchpoint', { touchpoint: tp.name }))}
            title={tn('touchpoint.customers', metrics.customers)}
            data-testid={`touchpoint-${tp.id}-customers`}
          >
            <Icon name="users" size={12} />
            <strong>{formatNumber(metrics.customers)}</strong>
          </button>
          {metrics.reachedNext !== null && (
            <span className="tp-stat tp-next" title={t('touchpoint.reachedNextHint')} data-testid={`touchpoint-${tp.id}-next`}>
              → <strong>{formatPercent(metrics.reachedNext)}</strong>
            </span>
          )}
        </div>
      )}
    </div>
  );
}
