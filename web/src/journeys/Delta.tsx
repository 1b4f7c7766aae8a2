import { useI18n } from '../i18n/i18n-context.tsx';

/**
 * The change against the previous period: a relative change for counts, percentage points for
 * shares. Green when the change is good news (fewer stuck customers is good).
 */
export function Delta({ change, kind, higherIsBetter = true, sayNew = false }: { change: number | null; kind: 'relative' | 'points'; higherIsBetter?: boolean; sayNew?: boolean }) {
  const { t, formatPercent, formatNumber } = useI18n();
  // No baseline (nothing in the previous period): only the headline number says so, to keep the map calm.
  if (change === null || !Number.isFinite(change)) return sayNew ? <span className="delta delta-none">{t('compare.noBaseline')}</span> : null;
  const rounded = kind === 'points' ? Math.round(change * 100) : Math.round(change * 100) / 100;
  if (rounded === 0) return <span className="delta delta-flat">±0</span>;
  const up = change > 0;
  const good = up === higherIsBetter;
  const text = kind === 'points' ? t('compare.points', { value: formatNumber(Math.abs(rounded)) }) : formatPercent(Math.abs(change));
  return (
    <span className={`delta ${good ? 'delta-good' : 'delta-bad'}`} title={t('compare.vsPrevious')}>
      {up ? '▲' : '▼'} {text}
    </span>
  );
}
