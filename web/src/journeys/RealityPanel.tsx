import { type CSSProperties, useState } from 'react';
import type { MapVsReality } from '../../../common/journeys/api.ts';
import type { Stage } from '../../../common/journeys/model.ts';
import { ApiFailure } from '../api/api-client.ts';
import { ErrorState } from '../components/ErrorState.tsx';
import { Icon } from '../components/Icon.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { SidePanel } from '../components/SidePanel.tsx';
import { useResource } from '../hooks/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { channelLook } from './journey-channels.ts';
import { type MapFilters, realityPath } from './journey-paths.ts';

/**
 * Map vs reality: touchpoints nobody hit in the period, and what customers really did between two
 * stages that no touchpoint describes — candidates for new touchpoints.
 */
export function RealityPanel({ journeyId, filters, stages, onClose }: { journeyId: string; filters: MapFilters; stages: Stage[]; onClose: () => void }) {
  const { t, tn, formatNumber, formatPercent } = useI18n();
  const [fromStage, setFromStage] = useState(stages[0]?.key ?? '');
  const [toStage, setToStage] = useState(stages[1]?.key ?? stages[0]?.key ?? '');
  const reality = useResource<MapVsReality>(realityPath(journeyId, { ...filters, fromStage: fromStage || null, toStage: toStage || null }), { keepData: true });
  const stageName = (key: string) => stages.find((s) => s.key === key)?.name ?? key;
  const notPublished = reality.error instanceof ApiFailure && reality.error.code === 'not_published';
  const data = reality.data;
  const maxShare = Math.max(0.0001, ...(data?.sequences ?? []).map((s) => s.share));

  return (
    <SidePanel title={t('reality.title')} subtitle={t('reality.lead')} onClose={onClose} testId="reality-panel">
      {notPublished ? (
        <p className="muted">{t('map.notPublishedLead')}</p>
      ) : !data ? (
        reality.error !== undefined ? (
          <ErrorState error={reality.error} onRetry={reality.reload} />
        ) : (
          <LoadingState rows={6} />
        )
      ) : (
        <div className="reality" data-testid="reality-content">
          <section>
            <h3 className="panel-heading">{t('reality.unusedTitle')}</h3>
            {data.unusedTouchpoints.length === 0 ? (
              <p className="muted small">{t('reality.allUsed')}</p>
            ) : (
              <ul className="unused-list" data-testid="unused-touchpoints">
                {data.unusedTouchpoints.map((tp) => {
                  const look = channelLook(tp.channel);
                  return (
                    <li key={tp.id} style={{ '--channel-color': look.color } as CSSProperties}>
                      <Icon name={look.icon} size={14} />
                      <span className="unused-name">{tp.name}</span>
                      <span className="stage-chip">{stageName(tp.stageKey)}</span>
                    </li>
                  );
                })}
              </ul>
            )}
          </section>
          <section>
            <h3 className="panel-heading">{t('reality.sequencesTitle')}</h3>
            <div className="form-row">
              <label className="field">
                <span className="field-label">{t('reality.fromStage')}</span>
                <select value={fromStage} onChange={(e) => setFromStage(e.target.value)} data-testid="reality-from">
                  {stages.map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
              <label className="field">
                <span className="field-label">{t('reality.toStage')}</span>
                <select value={toStage} onChange={(e) => setToStage(e.target.value)} data-testid="reality-to">
                  {stages.map((s) => (
                    <option key={s.key} value={s.key}>
                      {s.name}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            <p className="muted small">{tn('reality.sampled', data.sampledCustomers)}</p>
            {data.sequences.length === 0 ? (
              <p className="muted small">{t('reality.noSequences')}</p>
            ) : (
              <ol className="sequence-list" data-testid="reality-sequences">
                {data.sequences.map((seq, i) => (
                  <li key={i} className="sequence">
                    <div className="sequence-steps">
                      {seq.steps.map((step, j) => (
                        <span key={j} className="sequence-step">
                          {j > 0 && <span className="sequence-arrow">→</span>}
                          <span className="chip">{step}</span>
                        </span>
                      ))}
                    </div>
                    <div className="sequence-stats">
                      <span className="sequence-bar" aria-hidden="true">
                        <span style={{ width: `${(seq.share / maxShare) * 100}%` }} />
                      </span>
                      <span>
                        {tn('reality.customers', seq.customers)} · {formatPercent(seq.share)}
                      </span>
                    </div>
                  </li>
                ))}
              </ol>
            )}
            {data.sequences.length > 0 && <p className="muted small">{t('reality.hint', { count: formatNumber(data.sequences.length) })}</p>}
          </section>
        </div>
      )}
    </SidePanel>
  );
}
