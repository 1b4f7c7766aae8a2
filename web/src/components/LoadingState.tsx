import { useI18n } from '../i18n/i18n-context.tsx';

/** Placeholder rows while the first load runs; the shimmer says "working" without a jumping spinner. */
export function LoadingState({ rows = 4 }: { rows?: number }) {
  const { t } = useI18n();
  return (
    <div className="loading-state" role="status" aria-live="polite">
      <span className="visually-hidden">{t('common.loading')}</span>
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className="skeleton-row" style={{ width: `${92 - ((i * 17) % 30)}%` }} />
      ))}
    </div>
  );
}
