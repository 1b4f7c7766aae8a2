import { useEffect, useState } from 'react';
import { useI18n } from '../i18n/i18n-context.tsx';

/** After this long a query shows how long it has been running, so a slow answer does not look stuck. */
const SHOW_ELAPSED_MS = 1_000;

/** "Running…", with the seconds so far once a query takes a while, and an indeterminate bar. */
export function RunningIndicator({ startedAt }: { startedAt: number | null }) {
  const { t } = useI18n();
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (startedAt === null) return;
    const timer = setInterval(() => setNow(Date.now()), 500);
    return () => clearInterval(timer);
  }, [startedAt]);

  const elapsed = startedAt === null ? 0 : now - startedAt;
  return (
    <span className="running" role="status" aria-live="polite" data-testid="query-running">
      <span className="running-bar" aria-hidden="true" />
      {elapsed >= SHOW_ELAPSED_MS ? t('explore.runningFor', { seconds: Math.floor(elapsed / 1000) }) : t('explore.running')}
    </span>
  );
}
