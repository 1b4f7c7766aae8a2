import type { RecomputeStatus } from '../../../common/journeys/api.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

/** The progress of the recompute a publish started: every stored event is re-read under the new version. */
export function RecomputeProgress({ status, compact = false }: { status: RecomputeStatus; compact?: boolean }) {
  const { t, formatNumber, formatPercent } = useI18n();
  const share = status.total > 0 ? Math.min(1, status.processed / status.total) : 0;
  if (status.state === 'failed') {
    return (
      <div className="recompute recompute-failed" role="alert" data-testid="recompute-progress" data-state="failed">
        {t('recompute.failed', { version: status.version })}
      </div>
    );
  }
  if (status.state !== 'running') return null;
  return (
    <div className={`recompute${compact ? ' recompute-compact' : ''}`} data-testid="recompute-progress" data-state="running">
      <div className="recompute-text">
        <span>{t('recompute.running', { version: status.version })}</span>
        {!compact && <span className="muted">{t('recompute.counts', { processed: formatNumber(status.processed), total: formatNumber(status.total) })}</span>}
        <strong>{formatPercent(share)}</strong>
      </div>
      <div className="progress" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={Math.round(share * 100)} aria-label={t('recompute.label')}>
        <span style={{ width: `${share * 100}%` }} />
      </div>
    </div>
  );
}
