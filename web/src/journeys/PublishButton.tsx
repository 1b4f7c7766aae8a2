import { useState } from 'react';
import type { Journey } from '../../../common/journeys/api.ts';
import { ApiFailure } from '../api/api-client.ts';
import { errorDetail, errorText } from '../api/error-text.ts';
import { fieldProblems } from '../api/validation-errors.ts';
import { Icon } from '../components/Icon.tsx';
import { Modal } from '../components/Modal.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { ProblemList } from './ProblemList.tsx';
import type { JourneyActions } from './use-journey.ts';

/**
 * Publishes the draft as the next version (analytics switch to it after a recompute). Shows the
 * published version; a refused publish lists the server's reasons.
 */
export function PublishButton({ journey, actions }: { journey: Journey; actions: JourneyActions }) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const running = journey.recompute?.state === 'running';
  const upToDate = journey.publishedVersion !== null && !journey.hasUnpublishedChanges;

  const publish = async () => {
    setBusy(true);
    setError(undefined);
    try {
      await actions.publish();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="publish">
      {journey.publishedVersion !== null && (
        <span className="version-badge" data-testid="published-version" title={t('publish.versionHint')}>
          v{journey.publishedVersion}
        </span>
      )}
      <button
        type="button"
        className={`btn ${upToDate ? 'btn-done' : 'btn-primary'}`}
        onClick={() => void publish()}
        disabled={busy || running || upToDate}
        data-testid="publish-journey"
        title={upToDate ? t('publish.upToDate') : t('publish.hint', { version: (journey.publishedVersion ?? 0) + 1 })}
      >
        <Icon name={upToDate ? 'check' : 'sparkle'} size={16} />
        {busy ? t('publish.publishing') : upToDate ? t('publish.published') : journey.publishedVersion === null ? t('publish.first') : t('publish.button', { version: journey.publishedVersion + 1 })}
      </button>
      {error !== undefined && (
        <Modal title={t('publish.failedTitle')} onClose={() => setError(undefined)} size="sm" testId="publish-errors">
          <p title={errorDetail(error)}>{error instanceof ApiFailure && error.status === 400 ? t('publish.invalid') : errorText(error, t)}</p>
          <ProblemList problems={fieldProblems(error)} />
        </Modal>
      )}
    </span>
  );
}
