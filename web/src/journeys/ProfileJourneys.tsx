import type { CSSProperties } from 'react';
import type { ProfileJourney, ProfileJourneys as ProfileJourneysBody } from '../../../common/journeys/api.ts';
import { ApiFailure } from '../api/api-client.ts';
import { ErrorState } from '../components/ErrorState.tsx';
import { Icon } from '../components/Icon.tsx';
import { LoadingState } from '../components/LoadingState.tsx';
import { useResource } from '../hooks/use-resource.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';
import { channelLook } from './journey-channels.ts';
import { profileJourneysPath } from './journey-paths.ts';
import { stageColor } from './stage-colors.ts';

/** The profile page's "Journeys" section: where this customer stands in each published journey. */
export function ProfileJourneys({ profileId }: { profileId: string }) {
  const { t } = useI18n();
  const journeys = useResource<ProfileJourneysBody>(profileJourneysPath(profileId));
  // An older server without journeys answers 404: the section then simply says there are none.
  const missingRoute = journeys.error instanceof ApiFailure && journeys.error.status === 404;

  return (
    <section className="card" data-testid="profile-journeys">
      <h2 className="card-title">{t('profileJourneys.title')}</h2>
      {journeys.data ? (
        journeys.data.journeys.length === 0 ? (
          <p className="muted small">{t('profileJourneys.none')}</p>
        ) : (
          journeys.data.journeys.map((j) => <ProfileJourneyStrip key={j.journeyId} journey={j} />)
        )
      ) : missingRoute ? (
        <p className="muted small">{t('profileJourneys.none')}</p>
      ) : journeys.error !== undefined ? (
        <ErrorState error={journeys.error} onRetry={journeys.reload} inline />
      ) : (
        <LoadingState rows={2} />
      )}
    </section>
  );
}

/** One journey as a compact stage strip: reached stages filled with their dates, skipped ones marked, the current one highlighted. */
function ProfileJourneyStrip({ journey }: { journey: ProfileJourney }) {
  const { t, tn, formatDateTime, formatRelative } = useI18n();
  const current = journey.stages.find((s) => s.key === journey.currentStage);
  const hit = journey.touchpoints.filter((tp) => tp.events > 0).sort((a, b) => (a.firstAt ?? Infinity) - (b.firstAt ?? Infinity));
  return (
    <div className="profile-journey" data-testid={`profile-journey-${journey.journeyId}`}>
      <div className="profile-journey-head">
        <Link to={`/journeys/${encodeURIComponent(journey.journeyId)}`} className="profile-journey-name">
          {journey.name}
        </Link>
        <span className="muted small">
          v{journey.version}
          {current ? ` · ${t('profileJourneys.now', { stage: current.name })}` : ` · ${t('profileJourneys.notStarted')}`}
        </span>
      </div>
      <ol className="stage-strip">
        {journey.stages.map((s, i) => {
          const reached = s.reachedAt !== null;
          const isCurrent = s.key === journey.currentStage;
          const state = isCurrent ? 'current' : s.skipped ? 'skipped' : reached ? 'reached' : 'ahead';
          const when = s.enteredAt ?? s.reachedAt;
          return (
            <li
              key={s.key}
              className={`strip-stage strip-${state}`}
              style={{ '--stage-color': stageColor(i) } as CSSProperties}
              data-testid={`profile-stage-${s.key}`}
              data-state={state}
              title={when !== null ? formatDateTime(when) : undefined}
            >
              <span className="strip-name">{s.name}</span>
              <span className="strip-when">
                {s.skipped ? t('profileJourneys.skipped') : when !== null ? formatRelative(when) : isCurrent ? t('profileJourneys.here') : '—'}
              </span>
            </li>
          );
        })}
      </ol>
      {hit.length > 0 && (
        <ul className="strip-touchpoints" aria-label={t('profileJourneys.touchpoints')}>
          {hit.map((tp) => {
            const look = channelLook(tp.channel);
            return (
              <li key={tp.id} style={{ '--channel-color': look.color } as CSSProperties} title={tp.firstAt !== null ? t('profileJourneys.firstAt', { when: formatDateTime(tp.firstAt) }) : undefined}>
                <Icon name={look.icon} size={12} />
                {tp.name}
                <span className="strip-count">{tn('profileJourneys.times', tp.events)}</span>
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
