import type { ReactNode } from 'react';
import type { Journey } from '../../../common/journeys/api.ts';
import { Icon } from '../components/Icon.tsx';
import { InlineText } from '../components/InlineText.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Link } from '../router/router.tsx';
import { JourneyStatus } from './JourneyStatus.tsx';
import type { JourneyActions } from './use-journey.ts';

/** The map page's title block: back link, name and description (click to edit), status, and the actions. */
export function JourneyHeader({ journey, actions, saving, children }: { journey: Journey; actions: JourneyActions; saving: boolean; children: ReactNode }) {
  const { t } = useI18n();
  return (
    <header className="journey-header">
      <div className="journey-header-top">
        <Link to="/journeys" className="back-link">
          <Icon name="back" size={16} />
          {t('journeys.back')}
        </Link>
        <div className="journey-actions">{children}</div>
      </div>
      <div className="journey-title-block">
        <div className="journey-title-row">
          <InlineText value={journey.name} label={t('journeys.nameLabel')} className="journey-name" testId="journey-name" onSave={(name) => actions.rename({ name })} />
          <JourneyStatus journey={journey} />
          <span className={`save-state${saving ? ' is-saving' : ''}`} aria-live="polite">
            {saving ? t('common.saving') : t('map.allSaved')}
          </span>
        </div>
        <InlineText
          value={journey.description || t('journeys.addDescription')}
          label={t('journeys.descriptionLabel')}
          className={`journey-description${journey.description ? '' : ' is-placeholder'}`}
          testId="journey-description"
          multiline
          maxLength={2000}
          onSave={(description) => actions.rename({ description: description === t('journeys.addDescription') ? '' : description })}
        />
      </div>
    </header>
  );
}
