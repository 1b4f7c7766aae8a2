import type { JourneySummary } from '../../../common/journeys/api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** Draft or published (with the version), and whether the draft has changes not yet published. */
export function JourneyStatus({ journey }: { journey: Pick<JourneySummary, 'status' | 'publishedVersion' | 'hasUnpublishedChanges'> }) {
  const { t } = useI18n();
  const published = journey.publishedVersion !== null;
  return (
    <span className="journey-status" data-testid="journey-status">
      <span className={`status-pill ${published ? 'status-published' : 'status-draft'}`}>
        {published ? t('journeys.statusPublished', { version: journey.publishedVersion ?? 0 }) : t('journeys.statusDraft')}
      </span>
      {published && journey.hasUnpublishedChanges && <span className="status-pill status-changes">{t('journeys.unpublishedChanges')}</span>}
    </span>
  );
}
