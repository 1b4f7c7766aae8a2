import { ApiFailure } from '../api/api-client.ts';
import { errorDetail, errorText } from '../api/error-text.ts';
import { fieldProblems } from '../api/validation-errors.ts';
import { Icon } from '../components/Icon.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * A query the API refused or could not answer. Unlike the dashboard's generic error, this shows the
 * API's own message: for a query it says what to change ("more than 2000 day buckets: choose a longer
 * interval"), which is what an analyst needs. Field problems are listed by their place in the query.
 */
export function ExploreError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useI18n();
  const problems = fieldProblems(error);
  const refused = error instanceof ApiFailure && error.status >= 400 && error.status < 500;
  const message = error instanceof ApiFailure && error.status !== 0 ? error.message : null;

  return (
    <div className="explore-error" role="alert" title={errorDetail(error)} data-testid="explore-error">
      <Icon name="alert" size={20} />
      <div className="error-body">
        <strong>{refused ? t('explore.error.refused') : errorText(error, t)}</strong>
        {problems.length > 0 ? (
          <ul className="explore-error-list">
            {problems.map((p, i) => (
              <li key={i}>
                {p.path && <code>{p.path}</code>} {p.message}
              </li>
            ))}
          </ul>
        ) : (
          message && <p className="explore-error-message">{message}</p>
        )}
      </div>
      {onRetry && !refused && (
        <button type="button" className="btn btn-secondary btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
