import { useI18n } from '../i18n/i18n-context.tsx';
import { type DateRange, dayInputValue, ONE_DAY_MS, parseDayInput, presetRange } from './journey-format.ts';

const PRESETS = [7, 30, 90] as const;

/** Last 7/30/90 days, or a custom pair of days (the end day included). */
export function DateRangeControl({ range, onChange }: { range: DateRange; onChange: (range: DateRange) => void }) {
  const { t } = useI18n();
  const setCustom = (from: number | null, toDay: number | null) => {
    if (from === null || toDay === null || toDay < from) return;
    onChange({ preset: 'custom', from, to: toDay + ONE_DAY_MS });
  };
  return (
    <div className="date-range" role="group" aria-label={t('range.label')}>
      <div className="segmented">
        {PRESETS.map((days) => (
          <button key={days} type="button" className={range.preset === days ? 'is-active' : ''} aria-pressed={range.preset === days} onClick={() => onChange(presetRange(days))} data-testid={`range-${days}`}>
            {t('range.days', { days })}
          </button>
        ))}
        <button type="button" className={range.preset === 'custom' ? 'is-active' : ''} aria-pressed={range.preset === 'custom'} onClick={() => onChange({ ...range, preset: 'custom' })} data-testid="range-custom">
          {t('range.custom')}
        </button>
      </div>
      {range.preset === 'custom' && (
        <span className="date-inputs">
          <input type="date" aria-label={t('range.from')} value={dayInputValue(range.from)} max={dayInputValue(range.to - ONE_DAY_MS)} onChange={(e) => setCustom(parseDayInput(e.target.value), range.to - ONE_DAY_MS)} data-testid="range-from" />
          <span aria-hidden="true">–</span>
          <input type="date" aria-label={t('range.to')} value={dayInputValue(range.to - ONE_DAY_MS)} min={dayInputValue(range.from)} onChange={(e) => setCustom(range.from, parseDayInput(e.target.value))} data-testid="range-to" />
        </span>
      )}
    </div>
  );
}
