import { useState } from 'react';
import type { Persona } from '../../../common/journeys/model.ts';
import { Icon } from '../components/Icon.tsx';
import { useI18n } from '../i18n/i18n-context.tsx';
import { BREAKDOWN_OPTIONS } from './breakdown-options.ts';
import { DateRangeControl } from './DateRangeControl.tsx';
import type { DateRange } from './journey-format.ts';

/** What the map's numbers are filtered and split by. */
export interface MapView {
  range: DateRange;
  persona: string | null;
  compare: boolean;
  breakdown: string | null;
}

/** The bar above the map: period, persona, breakdown, compare with the previous period. */
export function MapToolbar({ view, onChange, personas, disabled, loading }: { view: MapView; onChange: (view: MapView) => void; personas: Persona[]; disabled: boolean; loading: boolean }) {
  const { t } = useI18n();
  const isTrait = view.breakdown?.startsWith('trait:') ?? false;
  const [traitName, setTraitName] = useState(isTrait ? (view.breakdown ?? '').slice('trait:'.length) : '');
  const [traitMode, setTraitMode] = useState(isTrait);

  const selectBreakdown = (value: string) => {
    if (value === 'trait') {
      setTraitMode(true);
      if (traitName.trim()) onChange({ ...view, breakdown: `trait:${traitName.trim()}` });
      return;
    }
    setTraitMode(false);
    onChange({ ...view, breakdown: value || null });
  };

  return (
    <div className={`map-toolbar${disabled ? ' is-disabled' : ''}`} data-testid="map-toolbar">
      <DateRangeControl range={view.range} onChange={(range) => onChange({ ...view, range })} />
      <label className="filter">
        <Icon name="user" size={15} />
        <span className="visually-hidden">{t('toolbar.persona')}</span>
        <select value={view.persona ?? ''} onChange={(e) => onChange({ ...view, persona: e.target.value || null })} aria-label={t('toolbar.persona')} data-testid="persona-filter">
          <option value="">{t('toolbar.allCustomers')}</option>
          {personas.map((p) => (
            <option key={p.id} value={p.id}>
              {p.name}
            </option>
          ))}
        </select>
      </label>
      <label className="filter">
        <Icon name="layers" size={15} />
        <span className="visually-hidden">{t('toolbar.breakdown')}</span>
        <select value={traitMode ? 'trait' : (view.breakdown ?? '')} onChange={(e) => selectBreakdown(e.target.value)} aria-label={t('toolbar.breakdown')} data-testid="breakdown-select">
          <option value="">{t('toolbar.noBreakdown')}</option>
          {BREAKDOWN_OPTIONS.map((o) => (
            <option key={o.value} value={o.value}>
              {t('toolbar.breakdownBy', { by: t(o.label) })}
            </option>
          ))}
          <option value="trait">{t('toolbar.breakdownTrait')}</option>
        </select>
      </label>
      {traitMode && (
        <form
          className="trait-breakdown"
          onSubmit={(e) => {
            e.preventDefault();
            const name = traitName.trim();
            if (name) onChange({ ...view, breakdown: `trait:${name}` });
          }}
        >
          <input type="text" value={traitName} onChange={(e) => setTraitName(e.target.value)} placeholder={t('toolbar.traitPlaceholder')} aria-label={t('toolbar.traitName')} maxLength={100} data-testid="breakdown-trait" />
          <button type="submit" className="btn btn-secondary btn-small">
            {t('toolbar.apply')}
          </button>
        </form>
      )}
      <label className="toggle" data-testid="compare-toggle">
        <input type="checkbox" checked={view.compare} onChange={(e) => onChange({ ...view, compare: e.target.checked })} />
        <span className="toggle-track" aria-hidden="true" />
        {t('toolbar.compare')}
      </label>
      <span className="toolbar-spacer" />
      {loading && (
        <span className="muted small" aria-live="polite">
          {t('common.loading')}
        </span>
      )}
    </div>
  );
}
