import { useId } from 'react';
import type { AnalyticsSchema } from '../../../common/analytics/api.ts';
import type { Breakdown } from '../../../common/analytics/query.ts';
import { useI18n } from '../i18n/i18n-context.tsx';

type BreakdownInput = Omit<Breakdown, 'limit'> & { limit?: number };

/**
 * Split by nothing, an event property (`properties.plan`, `context.campaign.source`) or a customer
 * trait, with the keys seen so far offered.
 */
export function BreakdownPicker({ value, onChange, schema, testId }: { value: BreakdownInput | undefined; onChange: (b: BreakdownInput | undefined) => void; schema: AnalyticsSchema; testId: string }) {
  const { t } = useI18n();
  const listId = useId();
  const keys = value?.kind === 'trait' ? schema.traits.map((x) => x.key) : schema.properties.map((x) => x.key);

  return (
    <div className="breakdown-picker" data-testid={testId}>
      <select
        value={value?.kind ?? ''}
        onChange={(e) => {
          const kind = e.target.value;
          if (kind === 'event') onChange({ kind, key: value?.kind === 'event' ? value.key : 'properties.' });
          else if (kind === 'trait') onChange({ kind, key: value?.kind === 'trait' ? value.key : '' });
          else onChange(undefined);
        }}
        aria-label={t('toolbar.breakdown')}
        data-testid={`${testId}-kind`}
      >
        <option value="">{t('toolbar.noBreakdown')}</option>
        <option value="event">{t('explore.breakdown.event')}</option>
        <option value="trait">{t('explore.breakdown.trait')}</option>
      </select>
      {value && (
        <>
          <input type="text" className="mono" list={listId} value={value.key} onChange={(e) => onChange({ ...value, key: e.target.value })} placeholder={value.kind === 'trait' ? 'plan' : 'properties.plan'} aria-label={t('explore.breakdown.key')} spellCheck={false} maxLength={200} data-testid={`${testId}-key`} />
          <datalist id={listId}>
            {keys.map((k) => (
              <option key={k} value={k} />
            ))}
          </datalist>
        </>
      )}
    </div>
  );
}
