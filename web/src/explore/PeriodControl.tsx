import { useState } from 'react';
import { DateRangeControl } from '../journeys/DateRangeControl.tsx';
import { type DateRange, presetRange } from '../journeys/journey-format.ts';

const PRESETS = [7, 30, 90] as const;

/**
 * The journey map's date range control over a query's from/to: a preset is shown as chosen when the
 * period is exactly that preset today (a saved period from another day reads as custom).
 */
export function PeriodControl({ from, to, onChange }: { from: number; to: number; onChange: (period: { from: number; to: number }) => void }) {
  const [custom, setCustom] = useState(false);
  const preset = custom ? undefined : PRESETS.find((days) => {
    const r = presetRange(days);
    return r.from === from && r.to === to;
  });
  const range: DateRange = { preset: preset ?? 'custom', from, to };
  return (
    <DateRangeControl
      range={range}
      onChange={(r) => {
        setCustom(r.preset === 'custom');
        onChange({ from: r.from, to: r.to });
      }}
    />
  );
}
