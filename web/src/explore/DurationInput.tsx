import { useState } from 'react';
import { type MessageKey, useI18n } from '../i18n/i18n-context.tsx';

const UNITS = [
  { ms: 60_000, label: 'explore.unit.minutes' },
  { ms: 3_600_000, label: 'explore.unit.hours' },
  { ms: 86_400_000, label: 'explore.unit.days' },
] as const satisfies readonly { ms: number; label: MessageKey }[];

/** The largest unit the value is a whole number of (days for 14 days, hours for 36 hours). */
function unitFor(ms: number | undefined): number {
  if (ms === undefined) return UNITS[2].ms;
  return [...UNITS].reverse().find((u) => ms % u.ms === 0)?.ms ?? UNITS[0].ms;
}

/**
 * A length of time as a number and a unit (minutes, hours, days), in ms. With `optional`, an empty
 * number means no value (undefined). Values are clamped to [minMs, maxMs].
 */
export function DurationInput({ value, onChange, optional = false, minMs = 0, maxMs = 366 * 86_400_000, label, testId }: { value: number | undefined; onChange: (ms: number | undefined) => void; optional?: boolean; minMs?: number; maxMs?: number; label: string; testId: string }) {
  const { t } = useI18n();
  const [unit, setUnit] = useState(() => unitFor(value));
  const [text, setText] = useState(() => (value === undefined ? '' : String(value / unitFor(value))));

  const emit = (raw: string, u: number) => {
    const n = Number(raw.replace(',', '.'));
    if (raw.trim() === '') {
      if (optional) onChange(undefined);
      return;
    }
    if (!Number.isFinite(n) || n < 0) return;
    onChange(Math.min(maxMs, Math.max(minMs, Math.round(n * u))));
  };

  return (
    <span className="duration-input" role="group" aria-label={label} data-testid={testId}>
      <input
        type="number"
        min={0}
        step="any"
        value={text}
        placeholder={optional ? '—' : undefined}
        onChange={(e) => {
          setText(e.target.value);
          emit(e.target.value, unit);
        }}
        aria-label={label}
        data-testid={`${testId}-value`}
      />
      <select
        value={unit}
        onChange={(e) => {
          const u = Number(e.target.value);
          setUnit(u);
          emit(text, u);
        }}
        aria-label={t('explore.unit.label')}
        data-testid={`${testId}-unit`}
      >
        {UNITS.map((u) => (
          <option key={u.ms} value={u.ms}>
            {t(u.label)}
          </option>
        ))}
      </select>
    </span>
  );
}
