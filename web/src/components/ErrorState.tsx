import { errorDetail, errorText } from '../api/error-text.ts';
import { useI18n } from '../i18n/i18n-context.tsx';
import { Icon } from './Icon.tsx';

/** A failed load, in words, with a retry. `inline` is the small banner used above data kept on screen. */
export function ErrorState({ error, onRetry, inline = false }: { error: unknown; onRetry?: () => void; inline?: boolean }) {
  const { t } = useI18n();
  return (
    <div className={inline ? 'error-banner' : 'error-state'} role="alert" title={errorDetail(error)}>
      <Icon name="alert" size={inline ? 16 : 24} />
      <div className="error-body">
        {!inline && <h2>{t('error.title')}</h2>}
        <p>{errorText(error, t)}</p>
      </div>
      {onRetry && (
        <button type="button" className="btn btn-secondary btn-small" onClick={onRetry}>
          {t('common.retry')}
        </button>
      )}
    </div>
  );
}
