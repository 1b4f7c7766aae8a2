import type { JourneySummary } from '../../../common/journeys/api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';
import { JourneyStatus } from './JourneyStatus.tsx';
import { RecomputeProgress } from './RecomputeProgress.tsx';
import { stageColor } from './stage-colors.ts';

/** One journey in the list: a miniature of its stage band, its status and when it last changed. */
export function JourneyCard({ journey }: { journey: JourneySummary }) {
  const { t, tn, formatRelative } = useI18n();
  return (
    <Link to={`/journeys/${encodeURIComponent(journey.id)}`} className="journey-card" data-testid={`journey-card-${journey.id}`}>
      <div className="journey-card-band" aria-hidden="true">
        {Array.from({ length: Math.max(journey.stageCount, 1) }, (_, i) => (
          <span key={i} style={{ background: journey.stageCount ? stageColor(i) : 'var(--border)' }} />
        ))}
      </div>
      <div className="journey-card-body">
        <h2 className="journey-card-name">{journey.name}</h2>
        {journey.description && <p className="journey-card-description">{journey.description}</p>}
        <div className="journey-card-meta">
          <JourneyStatus journey={journey} />
          <span>{tn('journeys.stageCount', journey.stageCount)}</span>
          {journey.owner && <span>{t('journeys.owner', { owner: journey.owner })}</span>}
        </div>
        {journey.recompute?.state === 'running' && <RecomputeProgress status={journey.recompute} compact />}
        <div className="journey-card-updated">{t('journeys.updated', { when: formatRelative(journey.updatedAt) })}</div>
      </div>
    </Link>
  );
}
